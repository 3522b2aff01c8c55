import { describe, expect, test } from 'vitest';
import { HfToken, ModelDownloadJob, SecretRef } from '../lib';
import { envOf, newChart, only, synthValid } from './support/synth';

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
