import { describe, expect, test } from 'vitest';
import { AggregatedLlm, Backend, DisaggregatedLlm, DynamoVersion, WorkerPoolOptions } from '../lib';
import { newChart, validationError } from './support/synth';

/**
 * The pattern's checks of the typed engine tuning, before any backend sees it: types and ranges,
 * the engine config as plain JSON, and the bootstrap port. Each case is what a typed or an untyped
 * caller could pass; every one must fail with a DynamoValidationError naming the prop.
 */

function workers(backend: Backend, options: Record<string, unknown>): AggregatedLlm {
  return new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-0.6B', backend, workers: options as WorkerPoolOptions });
}

function circular(): Record<string, unknown> {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}

describe('engine tuning: types and ranges', () => {
  test.each([
    ['gpuMemoryUtilization', 0, 'workers.gpuMemoryUtilization must be a fraction greater than 0 and at most 1 (got 0); use e.g. 0.85 (85% of the GPU memory)'],
    ['gpuMemoryUtilization', 1.01, 'workers.gpuMemoryUtilization must be a fraction greater than 0 and at most 1 (got 1.01)'],
    ['gpuMemoryUtilization', Number.NaN, 'workers.gpuMemoryUtilization must be a fraction greater than 0 and at most 1 (got NaN)'],
    ['gpuMemoryUtilization', '0.9', 'workers.gpuMemoryUtilization must be a fraction greater than 0 and at most 1 (got "0.9")'],
    ['kvBlockSize', 0, 'workers.kvBlockSize must be an integer between 1 and 1024 (got 0); set the tokens per KV block, e.g. 16'],
    ['kvBlockSize', 4096, 'workers.kvBlockSize must be an integer between 1 and 1024 (got 4096)'],
    ['kvCacheDtype', 'fp8', "workers.kvCacheDtype must be a KvCacheDtype (got \"fp8\"); use KvCacheDtype.FP8, or KvCacheDtype.of('<engine spelling>')"],
  ])('%s: %j', (prop, value, message) => {
    const e = validationError(() => workers(Backend.vllm(), { [prop]: value }));
    expect([e.prop, e.message.startsWith(message)]).toStrictEqual([`workers.${prop}`, true]);
  });

  test.each([
    ['maxNumTokens', 0, 'workers.maxNumTokens must be an integer >= 1 (got 0); set the token budget of one engine step, e.g. 8192'],
    ['maxNumTokens', 1.5, 'workers.maxNumTokens must be an integer >= 1 (got 1.5)'],
    ['enableChunkedPrefill', 'yes', 'workers.enableChunkedPrefill must be true or false (got "yes"); set workers.enableChunkedPrefill: true or workers.enableChunkedPrefill: false'],
    ['enableBlockReuse', 1, 'workers.enableBlockReuse must be true or false (got 1)'],
    ['cudaGraphMaxBatchSize', -1, 'workers.cudaGraphMaxBatchSize must be an integer >= 1 (got -1)'],
    ['cudaGraphBatchSizes', [], 'workers.cudaGraphBatchSizes must be a non-empty list of increasing positive integers (got "[]"); use e.g. [1, 2, 4, 8, 16]'],
    ['cudaGraphBatchSizes', [4, 2], 'workers.cudaGraphBatchSizes must be a non-empty list of increasing positive integers (got "[4,2]")'],
    ['cudaGraphBatchSizes', '1,2', 'workers.cudaGraphBatchSizes must be a non-empty list of increasing positive integers (got "1,2")'],
  ])('TensorRT-LLM %s: %j', (prop, value, message) => {
    const e = validationError(() => workers(Backend.trtllm(), { [prop]: value }));
    expect([e.prop, e.message.startsWith(message)]).toStrictEqual([`workers.${prop}`, true]);
  });

  test('the CUDA graph batch sizes and their maximum are one choice', () => {
    const e = validationError(() => workers(Backend.trtllm(), { cudaGraphBatchSizes: [1, 2], cudaGraphMaxBatchSize: 2 }));
    expect(e.message).toBe('workers.cudaGraphBatchSizes must not be set with cudaGraphMaxBatchSize (got "[1,2]"); set either the exact batch sizes or the largest one, not both');
  });
});

describe('engine tuning: engineConfig must be plain JSON', () => {
  test.each([
    ['an array', [], 'workers.engineConfig', 'must be a plain object of engine config keys (got "an array")'],
    ['null', null, 'workers.engineConfig', 'must be a plain object of engine config keys (got null)'],
    ['a class instance', new Date(0), 'workers.engineConfig', 'must be a plain object of engine config keys (got "object")'],
    ['a Date value', { when: new Date(0) }, 'workers.engineConfig.when', 'must be JSON: a string, finite number, boolean, null, array or plain object (got "object")'],
    ['a function', { f: () => 1 }, 'workers.engineConfig.f', 'must be JSON: a string, finite number, boolean, null, array or plain object (got "function")'],
    ['undefined', { u: undefined }, 'workers.engineConfig.u', 'must be JSON: a string, finite number, boolean, null, array or plain object (got "undefined")'],
    ['NaN in an array', { sizes: [1, Number.NaN] }, 'workers.engineConfig.sizes[1]', 'must be a finite number (got "NaN")'],
    ['an empty key', { kv_cache_config: { '': 1 } }, 'workers.engineConfig.kv_cache_config', 'must not have an empty key (got "")'],
    ['a circular reference', circular(), 'workers.engineConfig.self', 'must not contain itself (got "a circular reference")'],
  ])('%s', (_, engineConfig, prop, requirement) => {
    const e = validationError(() => workers(Backend.trtllm(), { engineConfig }));
    expect([e.prop, e.message.startsWith(`${prop} ${requirement}`)]).toStrictEqual([prop, true]);
  });

  test('the same object twice is not a cycle, and an object without a prototype is plain', () => {
    const shared = { max_tokens: 1024 };
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { enable_attention_dp: true });
    expect(() => workers(Backend.trtllm(), { engineConfig: { a: shared, b: shared } })).not.toThrow();
    expect(() => workers(Backend.trtllm(), { engineConfig: bare })).not.toThrow();
  });
});

describe('the SGLang bootstrap port', () => {
  const disagg = (port: unknown) => new DisaggregatedLlm(newChart(), 'llm', {
    model: 'Qwen/Qwen3-0.6B', backend: Backend.sglang(), allowTcpKvTransfer: true, disaggregationBootstrapPort: port as number,
  });

  test.each([
    [1023, 'disaggregationBootstrapPort must be an integer between 1024 and 65535 (got 1023); use a free port such as 12345'],
    [65536, 'disaggregationBootstrapPort must be an integer between 1024 and 65535 (got 65536); use a free port such as 12345'],
    ['12345', 'disaggregationBootstrapPort must be an integer between 1024 and 65535 (got "12345"); use a free port such as 12345'],
    [9090, "disaggregationBootstrapPort must not be 9090, which is Dynamo's system port (health and metrics) (got 9090); use another port, e.g. 12345"],
    [5557, "disaggregationBootstrapPort must not be 5557, which is SGLang's KV-event publisher (got 5557); use another port, e.g. 12345"],
    [29500, 'disaggregationBootstrapPort must not be 29500, which is the multi-node rendezvous port the operator gives --dist-init-addr (got 29500); use another port, e.g. 12345'],
  ])('%j is rejected', (port, message) => {
    expect(() => disagg(port)).toThrow(message);
  });

  test('a free port in range is taken', () => {
    expect(() => disagg(30001)).not.toThrow();
  });
});

describe('dynamoVersion from an untyped caller', () => {
  test('a version string instead of a DynamoVersion names the factory, with or without images', () => {
    const message = "dynamoVersion must be a DynamoVersion (got \"1.6.2\"); use DynamoVersion.of('1.6.2') or DynamoVersion.LATEST";
    expect(DynamoVersion.LATEST.version).toBe('1.6.2');
    expect(() => new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-0.6B', dynamoVersion: '1.6.2' as never })).toThrow(message);
    expect(() => new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-0.6B', image: 'r/vllm:1.6.2', dynamoVersion: '1.6.2' as never })).toThrow(message);
  });
});
