import { describe, expect, test } from 'vitest';
import { AggregatedLlm, DisaggregatedLlm, DynamoVersion, Planner } from '../lib';
import { checkKnownRelease } from '../lib/patterns/graph/release-check';
import { component, main, Manifest, newChart, only, synthValid, validationError } from './support/synth';

const MODEL = 'Qwen/Qwen3-0.6B';
const UNLISTED = DynamoVersion.of('1.3.7');
const LISTED = DynamoVersion.KNOWN_RELEASES.join(', ');
const planner = (image?: string) => Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8, ...(image ? { image } : {}) });
const dgdOf = (objs: Manifest[]) => only(objs, 'DynamoGraphDeployment');

describe('a Dynamo release the library does not list', () => {
  test('with the images left to the library, is an error naming the release, the listed ones and the image props', () => {
    // GIVEN / WHEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, dynamoVersion: UNLISTED }));
    // THEN
    expect(e.prop).toBe('dynamoVersion');
    expect(e.message).toBe(`dynamoVersion must be a known Dynamo release (${LISTED}) when the library picks the images (got "1.3.7"); `
      + 'use DynamoVersion.LATEST (1.6.2) or a listed release; for a release this library does not list, name the images: image (or frontend.image and workers.image)');
    expect(e.constructPath).toBe('test/llm');
  });

  test('names only the component images still missing', () => {
    // GIVEN the frontend's and the decode pool's images named, the prefill pool's not
    const e = validationError(() => new DisaggregatedLlm(newChart(), 'llm', {
      model: MODEL, dynamoVersion: UNLISTED, allowTcpKvTransfer: true,
      frontend: { image: 'my-registry/dynamo-frontend:1.3.7' },
      decode: { image: 'my-registry/vllm:1.3.7' },
    }));
    // THEN
    expect(e.message).toMatch(/; use DynamoVersion\.LATEST \(1\.6\.2\) or a listed release; for a release this library does not list, name the images: image \(or prefill\.image\)$/);
  });

  test('passes with the pattern image, which every component runs', () => {
    // GIVEN / WHEN
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: MODEL, dynamoVersion: UNLISTED, image: 'my-registry/vllm:1.3.7-custom' });
    // THEN
    const dgd = dgdOf(synthValid(chart));
    expect([main(dgd, 'Frontend').image, main(dgd, 'VllmDecodeWorker').image]).toStrictEqual(['my-registry/vllm:1.3.7-custom', 'my-registry/vllm:1.3.7-custom']);
  });

  test('passes with each component image named', () => {
    const chart = newChart();
    new DisaggregatedLlm(chart, 'llm', {
      model: MODEL, dynamoVersion: UNLISTED, allowTcpKvTransfer: true,
      frontend: { image: 'my-registry/dynamo-frontend:1.3.7' },
      prefill: { image: 'my-registry/vllm:1.3.7' },
      decode: { image: 'my-registry/vllm:1.3.7' },
    });
    expect(dgdOf(synthValid(chart)).spec.components.map((c: Manifest) => c.podTemplate.spec.containers[0].image)).toStrictEqual([
      'my-registry/dynamo-frontend:1.3.7', 'my-registry/vllm:1.3.7', 'my-registry/vllm:1.3.7',
    ]);
  });

  test('with a planner that names no image, also asks for the planner image (the pattern image does not cover it)', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', {
      model: MODEL, dynamoVersion: UNLISTED, image: 'my-registry/vllm:1.3.7', planner: planner(),
    }));
    expect(e.message).toMatch(/; for a release this library does not list, name the images: planner\.image$/);
  });

  test('with a planner, lists the component and planner images together', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, dynamoVersion: UNLISTED, planner: planner() }));
    expect(e.message).toMatch(/name the images: image \(or frontend\.image and workers\.image\), planner\.image$/);
  });

  test('passes with the planner\'s own image', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', {
      model: MODEL, dynamoVersion: UNLISTED, image: 'my-registry/vllm:1.3.7', planner: planner('my-registry/dynamo-planner:1.3.7'),
    });
    expect(component(dgdOf(synthValid(chart)), 'Planner').podTemplate.spec.containers[0].image).toBe('my-registry/dynamo-planner:1.3.7');
  });

  test('before the dedicated planner image (1.0.x), the pattern image covers the planner too', () => {
    // GIVEN an unlisted 1.0 patch, where the planner runs the runtime image
    const v = DynamoVersion.of('1.0.9');
    // WHEN / THEN
    expect(() => checkKnownRelease({ model: MODEL, dynamoVersion: v, image: 'my-registry/vllm:1.0.9', planner: planner() }, [{ prop: 'workers', options: {} }])).not.toThrow();
    expect(validationError(() => checkKnownRelease({ model: MODEL, dynamoVersion: v, planner: planner() }, [{ prop: 'workers', options: {} }])).message)
      .toMatch(/name the images: image \(or frontend\.image and workers\.image and planner\.image\)$/);
  });
});

describe('a listed release', () => {
  test.each(DynamoVersion.KNOWN_RELEASES)('%s lets the library pick every image', (version) => {
    expect(() => checkKnownRelease({ model: MODEL, dynamoVersion: DynamoVersion.of(version), planner: planner() }, [{ prop: 'workers', options: {} }])).not.toThrow();
  });

  test('the default (LATEST, 1.6.2) picks the 1.6.2 images', () => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { model: MODEL, planner: planner() });
    const dgd = dgdOf(synthValid(chart));
    expect([main(dgd, 'Frontend').image, main(dgd, 'VllmDecodeWorker').image, main(dgd, 'Planner').image]).toStrictEqual([
      'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.6.2', 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.6.2', 'nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.6.2',
    ]);
  });
});
