import { describe, expect, test } from 'vitest';
import { Duration, Size } from 'cdk8s';
import { AggregatedLlm, HfToken, ModelCache, ModelDownloadJob, SecretRef } from '../lib';
import { envOf, newChart, only, synthValid, validationError } from './support/synth';

describe('ModelDownloadJob', () => {
  test('on its own, downloads a pinned revision into an existing claim', () => {
    // GIVEN
    const chart = newChart();
    // WHEN
    const job = new ModelDownloadJob(chart, 'dl', {
      model: 'Qwen/Qwen3-0.6B',
      revision: '0123456789abcdef0123456789abcdef01234567',
      claimName: 'model-cache',
      hfToken: HfToken.fromSecret('hf', 'token'),
      imagePullSecrets: [SecretRef.fromSecretName('mirror')],
      image: 'mirror.example.com/python:3.12-slim',
      labels: { team: 'ml' },
    });
    // THEN
    const obj = only(synthValid(chart), 'Job');
    expect(obj.metadata.name).toBe(job.jobName);
    expect(job.jobName).toMatch(/^model-cache-model-download-[0-9a-f]{8}$/);
    expect(obj.metadata.labels).toStrictEqual({ 'team': 'ml', 'app.kubernetes.io/component': 'model-download' });
    const pod = obj.spec.template.spec;
    expect(pod.securityContext).toStrictEqual({ runAsUser: 1000, runAsGroup: 0, fsGroup: 0 });
    expect(pod.imagePullSecrets).toStrictEqual([{ name: 'mirror' }]);
    const c = pod.containers[0];
    expect(c.image).toBe('mirror.example.com/python:3.12-slim');
    expect(c.command).toStrictEqual(['sh', '-c']);
    expect(c.args[0]).toContain('/tmp/hf/bin/hf download "$MODEL_NAME" --revision "$MODEL_REVISION"');
    expect(envOf(c)).toStrictEqual({
      MODEL_NAME: 'Qwen/Qwen3-0.6B',
      MODEL_REVISION: '0123456789abcdef0123456789abcdef01234567',
      HF_HOME: '/model-store',
      HF_XET_HIGH_PERFORMANCE: '1',
      HF_HUB_VERSION: '2.4.0',
      HOME: '/tmp',
      HF_TOKEN: { secretKeyRef: { name: 'hf', key: 'token' } },
    });
  });

  test('keeps the Job name within 63 characters for long prefixes', () => {
    const chart = newChart();
    const job = new ModelDownloadJob(chart, 'dl', { model: 'm/x', claimName: 'c', namePrefix: 'a'.repeat(60) });
    expect(job.jobName.length).toBeLessThanOrEqual(63);
    synthValid(chart);
  });
});

describe('the download Job through the pattern: resources and deadline are the model cache\'s to change', () => {
  const props = { model: 'Qwen/Qwen3-0.6B' };
  const jobOf = (cache: ModelCache) => {
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', { ...props, modelCache: cache });
    return only(synthValid(chart), 'Job');
  };

  test('by default, the recipes\' 2 CPU / 64Gi and a 24-hour deadline', () => {
    const job = jobOf(ModelCache.newVolume({ storageClass: 'rwx', size: Size.gibibytes(10) }));
    expect(job.spec.template.spec.containers[0].resources).toStrictEqual({ requests: { cpu: '2', memory: '64Gi' }, limits: { memory: '64Gi' } });
    expect(job.spec.activeDeadlineSeconds).toBe(86400);
  });

  test('downloadResources replaces each resource it sets; downloadTimeout sets the deadline', () => {
    // GIVEN / WHEN a small model's download on a small node, with a longer deadline
    const job = jobOf(ModelCache.newVolume({
      storageClass: 'rwx', size: Size.gibibytes(10),
      downloadResources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(8) } },
      downloadTimeout: Duration.hours(6),
    }));
    // THEN memory is the user's, CPU keeps its default
    expect(job.spec.template.spec.containers[0].resources).toStrictEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi' } });
    expect(job.spec.activeDeadlineSeconds).toBe(21600);
  });

  test.each([
    ['download options on a cache that runs no Job', () => ModelCache.fromExistingClaim('cache', { downloadTimeout: Duration.hours(1) }),
      'modelCache.downloadTimeout', 'modelCache.downloadTimeout applies to the download Job, which this cache does not run (got "downloadTimeout"); set downloadJob: true, or remove it'],
    ['a memory request above its limit', () => ModelCache.newVolume({
      storageClass: 'rwx', size: Size.gibibytes(1), downloadResources: { memory: { request: Size.gibibytes(16), limit: Size.gibibytes(8) } },
    }), 'modelCache.downloadResources.memory', 'modelCache.downloadResources.memory'],
    ['a deadline that is not whole seconds', () => ModelCache.newVolume({ storageClass: 'rwx', size: Size.gibibytes(1), downloadTimeout: Duration.millis(1500) }),
      'modelCache.downloadTimeout', 'modelCache.downloadTimeout must be whole seconds, at least 1 (got "1.5s"); use e.g. Duration.hours(4)'],
  ])('%s is an error', (_label, make, prop, message) => {
    const e = validationError(make);
    expect(e.prop).toBe(prop);
    expect(e.message.startsWith(message)).toBe(true);
  });
});
