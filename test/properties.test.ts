import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, DisaggregatedLlm, DynamoValidationError, DynamoVersion, HfToken, ModelCache, NixlBackend, RouterMode,
  WorkerPoolOptions,
} from '../lib';
import { newChart, synthValid } from './support/synth';

const backend = fc.constantFrom(Backend.vllm(), Backend.sglang(), Backend.trtllm());
const version = fc.constantFrom(...DynamoVersion.KNOWN_RELEASES.map((v) => DynamoVersion.of(v)));
const routerMode = fc.constantFrom(RouterMode.KV, RouterMode.ROUND_ROBIN, RouterMode.RANDOM, RouterMode.LEAST_LOADED);
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/);
const model = fc.constantFrom('Qwen/Qwen3-0.6B', 'meta-llama/Llama-3.3-70B-Instruct', 'deepseek-ai/DeepSeek-R1', 'nvidia/Llama-3.1-Nemotron-70B-Instruct-HF');

/** A valid pool: the parallel sizes are derived from a layout that always fits. */
const pool = (b: Backend) => fc.record({
  replicas: fc.integer({ min: 0, max: 8 }),
  nodes: fc.integer({ min: 1, max: 4 }),
  gpus: fc.constantFrom(2, 4, 8),
  pp: fc.constantFrom(1, 2),
  explicitTp: fc.boolean(),
  maxModelLen: fc.option(fc.integer({ min: 1, max: 131072 }), { nil: undefined }),
  maxNumSeqs: fc.option(fc.integer({ min: 1, max: 1024 }), { nil: undefined }),
}).map((p): WorkerPoolOptions => {
  // SGLang spans nodes in disaggregated mode only through TP: keep PP 1 there (the support matrix).
  const pp = b === Backend.sglang() && p.nodes > 1 ? 1 : p.pp;
  return {
    replicas: p.replicas, nodes: p.nodes, gpus: p.gpus,
    pipelineParallelSize: pp,
    // gpus is even, so nodes × gpus is always a multiple of pp.
    ...(p.explicitTp ? { tensorParallelSize: (p.nodes * p.gpus) / pp } : {}),
    maxModelLen: p.maxModelLen, maxNumSeqs: p.maxNumSeqs,
  };
});

const validProps = backend.chain((b) => fc.record({
  backend: fc.constant(b),
  dynamoVersion: version,
  name,
  model,
  disaggregated: fc.boolean(),
  prefill: pool(b),
  decode: pool(b),
  frontendReplicas: fc.integer({ min: 1, max: 4 }),
  routerMode,
  nixl: fc.constantFrom(NixlBackend.UCX, NixlBackend.LIBFABRIC),
  hfToken: fc.boolean(),
  cache: fc.constantFrom('none', 'new', 'existing'),
  trustRemoteCode: fc.boolean(),
}));

describe('property: random valid props', () => {
  test('always synthesize schema-valid manifests without throwing', () => {
    fc.assert(fc.property(validProps, (p) => {
      // GIVEN
      const chart = newChart();
      const common = {
        name: p.name,
        model: p.model,
        backend: p.backend,
        dynamoVersion: p.dynamoVersion,
        frontend: { replicas: p.frontendReplicas, routerMode: p.routerMode },
        hfToken: p.hfToken ? HfToken.fromSecret('hf-token-secret') : undefined,
        trustRemoteCode: p.trustRemoteCode,
        // TensorRT-LLM multi-node disaggregation needs a shared cache: the support matrix says so.
        modelCache: p.cache === 'new' || (p.backend === Backend.trtllm() && p.disaggregated)
          ? ModelCache.newVolume({ storageClass: 'rwx', size: Size.gibibytes(100) })
          : p.cache === 'existing' ? ModelCache.fromExistingClaim('model-cache') : undefined,
      };
      // WHEN
      if (p.disaggregated) new DisaggregatedLlm(chart, 'llm', { ...common, prefill: p.prefill, decode: p.decode, nixlBackend: p.nixl });
      else new AggregatedLlm(chart, 'llm', { ...common, workers: p.decode });
      // THEN
      const objs = synthValid(chart);
      expect(objs.filter((o) => o.kind === 'DynamoGraphDeployment')).toHaveLength(1);
    }), { numRuns: 150, seed: 20261121 });
  });
});

/** One mutation that makes otherwise valid props invalid, and the prop the error must name. */
const invalidCase = fc.oneof(
  fc.integer({ max: -1 }).map((n) => ({ patch: { decode: { replicas: n } }, prop: 'decode.replicas' })),
  fc.integer({ max: 0 }).map((n) => ({ patch: { frontend: { replicas: n } }, prop: 'frontend.replicas' })),
  fc.integer({ max: 0 }).map((n) => ({ patch: { prefill: { gpus: n } }, prop: 'prefill.gpus' })),
  fc.double({ min: 0.1, max: 7.9, noInteger: true }).map((n) => ({ patch: { decode: { gpus: n } }, prop: 'decode.gpus' })),
  fc.integer({ min: 1, max: 7 }).map((n) => ({ patch: { decode: { gpus: 8, tensorParallelSize: n } }, prop: 'decode.tensorParallelSize' })),
  fc.integer({ max: 0 }).map((n) => ({ patch: { prefill: { nodes: n } }, prop: 'prefill.nodes' })),
  fc.integer({ max: 0 }).map((n) => ({ patch: { decode: { maxNumSeqs: n } }, prop: 'decode.maxNumSeqs' })),
  fc.stringMatching(/^[A-Z_ ][A-Za-z_ ]{0,10}$/).map((n) => ({ patch: { name: n }, prop: 'name' })),
  fc.stringMatching(/^[a-z]+ [a-z]+$/).map((m) => ({ patch: { model: m }, prop: 'model' })),
  fc.constantFrom(0, 1, 2).map((i) => ({ patch: {}, generatedFlag: i, prop: 'prefill.extraArgs' })),
);

/** Flags each backend generates for a disaggregated prefill pool. */
const GENERATED_FLAGS: Record<string, string[]> = {
  vllm: ['--tensor-parallel-size', '--disaggregation-mode', '--kv-transfer-config'],
  sglang: ['--tp', '--disaggregation-mode', '--disaggregation-bootstrap-port'],
  trtllm: ['--tensor-parallel-size', '--disaggregation-mode', '--extra-engine-args'],
};

describe('property: random invalid props', () => {
  test('always fail with a DynamoValidationError naming the prop', () => {
    fc.assert(fc.property(invalidCase, fc.constantFrom(Backend.vllm(), Backend.sglang(), Backend.trtllm()), (c, b) => {
      const { prop } = c;
      const patch = 'generatedFlag' in c ? { prefill: { extraArgs: [GENERATED_FLAGS[b.framework][c.generatedFlag], 'x'] } } : c.patch;
      const create = () => new DisaggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-8B', backend: b, ...patch });
      let error: unknown;
      try {
        create();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DynamoValidationError);
      expect((error as DynamoValidationError).prop).toBe(prop);
      expect((error as DynamoValidationError).message.startsWith(prop)).toBe(true);
    }), { numRuns: 200, seed: 20261121 });
  });
});
