import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AggregatedLlm, Backend, DisaggregatedLlm, DisaggregatedLlmProps, DynamoValidationError, DynamoVersion, NixlBackend } from '../lib';
import { flagsIn } from '../lib/backends/flags';
import { KvTransfer } from '../lib/core/kv-transfer';
import { caseProps, validProps } from './support/arbitraries';
import { newChart, synthValid } from './support/synth';

describe('property: random valid props', () => {
  test('always synthesize schema-valid manifests without throwing', () => {
    fc.assert(fc.property(validProps, (p) => {
      // GIVEN
      const chart = newChart();
      const c = caseProps(p);
      // WHEN
      if (c.pattern === 'disaggregated') new DisaggregatedLlm(chart, 'llm', c.props);
      else new AggregatedLlm(chart, 'llm', c.props);
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
  fc.oneof(fc.double({ min: 1.0001, max: 100, noNaN: true }), fc.double({ min: -100, max: 0, noNaN: true }), fc.constant(Number.NaN))
    .map((n) => ({ patch: { decode: { gpuMemoryUtilization: n } }, prop: 'decode.gpuMemoryUtilization' })),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 1025 })).map((n) => ({ patch: { prefill: { kvBlockSize: n } }, prop: 'prefill.kvBlockSize' })),
  fc.oneof(fc.integer({ max: 1023 }), fc.integer({ min: 65536 })).map((n) => ({ patch: { disaggregationBootstrapPort: n }, prop: 'disaggregationBootstrapPort' })),
  fc.constantFrom<unknown>([], 'enable_attention_dp: true', null).map((v) => ({ patch: { decode: { engineConfig: v } }, prop: 'decode.engineConfig' })),
  fc.constantFrom<unknown>('nixl', 'mooncake', {}, 42).map((v) => ({ patch: { kvTransfer: v }, prop: 'kvTransfer' })),
);

/** Flags a backend generates for a disaggregated prefill pool (TP 1, one GPU), read from its own launch line. */
function generatedFlags(b: Backend): string[] {
  const layout = { gpusPerNode: 1, nodes: 1, tensorParallelSize: 1, pipelineParallelSize: 1, dataParallelSize: 1 };
  const launch = b.definition.launch({
    pool: 'prefill', role: 'prefill', model: 'm', layout, trustRemoteCode: false, kvEvents: false, kvTransfer: KvTransfer.nixl(NixlBackend.UCX),
    deploymentName: 'llm', componentName: b.definition.componentNames.prefill, tuning: {}, dynamoVersion: DynamoVersion.LATEST, engineConfigPath: '/e.yaml',
  });
  return flagsIn(launch.args).filter((f) => f !== '--model' && f !== '--model-path');
}

describe('property: random invalid props', () => {
  test('always fail with a DynamoValidationError naming the prop', () => {
    fc.assert(fc.property(invalidCase, fc.constantFrom(...Backend.all()), (c, b) => {
      const { prop } = c;
      const patch = 'generatedFlag' in c ? { prefill: { extraArgs: [generatedFlags(b)[c.generatedFlag], 'x'] } } : c.patch;
      // Some mutations are what only an untyped caller can pass, hence the cast.
      const props = { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B', backend: b, ...patch } as DisaggregatedLlmProps;
      const create = () => new DisaggregatedLlm(newChart(), 'llm', props);
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
