import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, Cloud, DisaggregatedLlm, DisaggregatedLlmProps, KvCacheDtype, KvTransfer, NixlBackend, RdmaFabric,
} from '../lib';
import { newChart, validationError } from './support/synth';

const IB = Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/shared_ib' } });
const EFA = Cloud.generic({ rdma: { fabric: RdmaFabric.EFA, devicesPerPod: 4 } });

function disagg(props: Partial<DisaggregatedLlmProps>): DisaggregatedLlm {
  return new DisaggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-8B', cloud: IB, ...props });
}

describe('KvTransfer: the values', () => {
  test('each factory returns one instance, NIXL per plugin', () => {
    expect(KvTransfer.nixl()).toBe(KvTransfer.nixl());
    expect(KvTransfer.nixl(NixlBackend.UCX)).toBe(KvTransfer.nixl(NixlBackend.UCX));
    expect(KvTransfer.nixl(NixlBackend.UCX)).not.toBe(KvTransfer.nixl());
    expect(KvTransfer.mooncake()).toBe(KvTransfer.mooncake());
  });

  test('names for messages and cards', () => {
    expect([KvTransfer.nixl(), KvTransfer.nixl(NixlBackend.LIBFABRIC), KvTransfer.mooncake(), KvTransfer.ucxTransceiver()].map((t) => [t.kind, t.displayName, t.factory]))
      .toStrictEqual([
        ['nixl', 'NIXL', 'KvTransfer.nixl()'],
        ['nixl', 'NIXL (LIBFABRIC)', 'KvTransfer.nixl(NixlBackend.LIBFABRIC)'],
        ['mooncake', 'Mooncake', 'KvTransfer.mooncake()'],
        ['ucx', 'UCX transceiver', 'KvTransfer.ucxTransceiver()'],
      ]);
  });

  test('an untyped caller passing a plugin name instead of a NixlBackend', () => {
    expect(() => KvTransfer.nixl('LIBFABRIC' as never)).toThrow(
      'kvTransfer must be given a NixlBackend as its NIXL plugin (got "LIBFABRIC"); use KvTransfer.nixl(), KvTransfer.nixl(NixlBackend.UCX) or KvTransfer.nixl(NixlBackend.LIBFABRIC)');
  });
});

describe('KvCacheDtype', () => {
  test('of() returns the constant for a built-in name and passes other spellings through', () => {
    expect(KvCacheDtype.of('fp8')).toBe(KvCacheDtype.FP8);
    expect([KvCacheDtype.of('fp8_inc').name, KvCacheDtype.of('fp8_inc').isBuiltIn, KvCacheDtype.FP8_E5M2.isBuiltIn]).toStrictEqual(['fp8_inc', false, true]);
  });

  test.each([
    ['auto', "kvCacheDtype must not be 'auto', which is the engine's default (got \"auto\"); remove kvCacheDtype to keep the model dtype"],
    ['FP8', "kvCacheDtype must be a KV cache type in lowercase letters, digits and underscores (got \"FP8\"); use KvCacheDtype.FP8, or KvCacheDtype.of('<engine spelling>')"],
    [42, "kvCacheDtype must be a KV cache type in lowercase letters, digits and underscores (got 42); use KvCacheDtype.FP8, or KvCacheDtype.of('<engine spelling>')"],
  ])('of(%j) is rejected', (name, message) => {
    expect(() => KvCacheDtype.of(name as string)).toThrow(message);
  });
});

describe('KvTransfer: resolution against the backend and the fabric', () => {
  test('the default is NIXL with the fabric\'s plugin', () => {
    expect(disagg({}).kvTransfer).toBe(KvTransfer.nixl(NixlBackend.UCX));
    expect(disagg({ cloud: EFA }).kvTransfer).toBe(KvTransfer.nixl(NixlBackend.LIBFABRIC));
    expect(disagg({ cloud: EFA }).nixlBackend).toBe(NixlBackend.LIBFABRIC);
  });

  test('Mooncake on SGLang over InfiniBand; the deprecated nixlBackend is then undefined', () => {
    const llm = disagg({ backend: Backend.sglang(), kvTransfer: KvTransfer.mooncake() });
    expect([llm.kvTransfer, llm.nixlBackend, llm.endpointCard.kvTransferBackend]).toStrictEqual([KvTransfer.mooncake(), undefined, 'Mooncake']);
  });

  test('UCX on TensorRT-LLM over InfiniBand', () => {
    expect(disagg({ backend: Backend.trtllm(), kvTransfer: KvTransfer.ucxTransceiver() }).kvTransfer).toBe(KvTransfer.ucxTransceiver());
  });

  test('a transfer engine the backend does not have', () => {
    expect(() => disagg({ kvTransfer: KvTransfer.mooncake() })).toThrow(
      'kvTransfer must be one of KvTransfer.nixl() for vLLM (got "KvTransfer.mooncake()"); use one of those, or another backend (KvTransfer.mooncake() is not a vLLM transfer engine)');
    expect(validationError(() => disagg({ backend: Backend.sglang(), kvTransfer: KvTransfer.ucxTransceiver() })).message)
      .toMatch(/^kvTransfer must be one of KvTransfer\.nixl\(\), KvTransfer\.mooncake\(\) for SGLang/);
  });

  test('an aggregated deployment moves no KV cache, so nothing is checked or rendered for it', () => {
    const llm = new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-8B', backend: Backend.sglang() });
    expect(llm.endpointCard.kvTransferBackend).toBeUndefined();
  });

  test('Mooncake over EFA: no RDMA transport and no TCP fallback, even with allowTcpKvTransfer; the fix offers NIXL', () => {
    const message = 'cloud must give the prefill pool InfiniBand or RoCE for Mooncake, which has no TCP fallback (got "Cloud.generic()"); use kvTransfer: KvTransfer.nixl(), which runs on AWS EFA';
    expect(() => disagg({ cloud: EFA, backend: Backend.sglang(), kvTransfer: KvTransfer.mooncake() })).toThrow(message);
    expect(() => disagg({ cloud: EFA, backend: Backend.sglang(), kvTransfer: KvTransfer.mooncake(), allowTcpKvTransfer: true })).toThrow(message);
  });

  test('the UCX transceiver over EFA runs over TCP, which must be accepted', () => {
    expect(() => disagg({ cloud: EFA, backend: Backend.trtllm(), kvTransfer: KvTransfer.ucxTransceiver() })).toThrow(
      'cloud must give the prefill pool an RDMA transport UCX transceiver can use for KV transfer; UCX transceiver has no RDMA transport on AWS EFA, so UCX transceiver falls back to TCP');
    expect(disagg({ cloud: EFA, backend: Backend.trtllm(), kvTransfer: KvTransfer.ucxTransceiver(), allowTcpKvTransfer: true }).kvTransfer).toBe(KvTransfer.ucxTransceiver());
  });

  test('an explicit NIXL plugin other than the fabric\'s names kvTransfer', () => {
    expect(() => disagg({ cloud: EFA, kvTransfer: KvTransfer.nixl(NixlBackend.UCX) })).toThrow(
      'kvTransfer must use the LIBFABRIC NIXL plugin, which the pools\' RDMA fabric needs (got "KvTransfer.nixl(NixlBackend.UCX)"); use KvTransfer.nixl() (the cloud profile selects LIBFABRIC); the other plugin would run KV transfer at TCP speed');
  });

  test('kvTransfer and the deprecated nixlBackend together', () => {
    expect(() => disagg({ kvTransfer: KvTransfer.nixl(), nixlBackend: NixlBackend.UCX })).toThrow(
      'nixlBackend must not be set with kvTransfer (got "UCX"); remove nixlBackend (deprecated) and use kvTransfer: KvTransfer.nixl(NixlBackend.UCX)');
  });

  test.each([
    ['a string', { kvTransfer: 'mooncake' }, 'kvTransfer must be a KvTransfer (got "mooncake"); use KvTransfer.nixl(), KvTransfer.mooncake() or KvTransfer.ucxTransceiver()'],
    ['a plugin name as nixlBackend', { nixlBackend: 'UCX' }, 'nixlBackend must be a NixlBackend (got "UCX"); use kvTransfer: KvTransfer.nixl(NixlBackend.UCX) or KvTransfer.nixl(NixlBackend.LIBFABRIC)'],
  ])('an untyped caller passing %s', (_, props, message) => {
    expect(() => disagg(props as never)).toThrow(message);
  });
});
