import { describe, expect, test } from 'vitest';
import { AggregatedLlm, GpuType } from '../../lib';
import { inputPropertyError, mockedEngine, out, registrations } from '../support/pulumi';
import { newChart } from '../support/synth';

const mocked = mockedEngine();

describe('sizing in the Pulumi components', () => {
  test('the endpoint card states the same capacity as the cdk8s construct', async () => {
    // GIVEN the same props in both engines: Llama-3.3-70B with TP 4 on 4 × H100 80GB
    const props = { model: 'meta-llama/Llama-3.3-70B-Instruct', workers: { gpuType: GpuType.H100_80GB, gpus: 4 } };
    // WHEN
    const c = new mocked.engine.AggregatedLlm('sized', props);
    await registrations(mocked.recorded, c);
    const card = await out(c.endpointCard);
    // THEN
    expect(card.pools.workers.capacity).toStrictEqual(new AggregatedLlm(newChart(), 'sized', props).endpointCard.pools.workers.capacity);
    expect(card.pools.workers.capacity?.kvCacheTokensPerWorker).toBe(507840);
  });

  test('weights that do not fit are an InputPropertyError naming the pool\'s prop, and register nothing', () => {
    // GIVEN / WHEN one H100 for a 70B model in BF16
    const before = mocked.recorded.length;
    const e = inputPropertyError(() => new mocked.engine.AggregatedLlm('unsized', {
      model: 'meta-llama/Llama-3.3-70B-Instruct', workers: { gpuType: GpuType.H100_80GB, gpus: 1 },
    }));
    // THEN
    expect(e.propertyPath).toBe('workers.gpus');
    expect(e.reason).toContain('use tensor parallel size 2 or more (workers.gpus: 2)');
    expect(mocked.recorded.length).toBe(before);
  });
});
