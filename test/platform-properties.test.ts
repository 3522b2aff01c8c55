import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  BundledChart, Cloud, DynamoPlatform, DynamoPlatformProps, DynamoValidationError, DynamoVersion, KubePrometheusStackOptions, PlatformDelivery, SecretRef,
} from '../lib';
import { EKS_OPTIONS } from './support/eks-options';
import { Manifest, synthAppValid } from './support/synth';

// Random platforms: any subset of add-ons, on any cloud, with either delivery, at any listed release.
// Each either synthesizes strict-valid GitOps objects in dependency order, byte-identical on a second
// run, or fails with a DynamoValidationError that names a prop (never a TypeError).

const CLOUDS = [
  () => Cloud.generic(), () => Cloud.eks(EKS_OPTIONS), () => Cloud.eksAutoMode(), () => Cloud.gke(), () => Cloud.aks(), undefined,
] as const;

const platformProps = fc.record({
  cloud: fc.integer({ min: 0, max: CLOUDS.length - 1 }),
  argo: fc.boolean(),
  version: fc.constantFrom(...DynamoVersion.KNOWN_RELEASES),
  grove: fc.constantFrom(BundledChart.INSTALL, BundledChart.EXTERNAL, BundledChart.OFF),
  kai: fc.constantFrom(BundledChart.INSTALL, BundledChart.EXTERNAL, BundledChart.OFF),
  gpuOperator: fc.option(fc.record({ driver: fc.option(fc.boolean(), { nil: undefined }), gdrcopy: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: [] }), { nil: undefined }),
  networkOperator: fc.option(fc.constant({}), { nil: undefined }),
  efaDevicePlugin: fc.option(fc.constant({}), { nil: undefined }),
  kubePrometheusStack: fc.option(fc.record<KubePrometheusStackOptions>({ grafana: fc.boolean() }, { requiredKeys: [] }), { nil: undefined }),
  keda: fc.option(fc.constant({}), { nil: undefined }),
  prometheusAdapter: fc.option(fc.constant({}), { nil: undefined }),
  leaderWorkerSet: fc.option(fc.constant({}), { nil: undefined }),
  tolerate: fc.boolean(),
});

type Case = typeof platformProps extends fc.Arbitrary<infer T> ? T : never;

/** The cloud ids of CLOUDS (undefined: no cloud given, i.e. generic). */
const CLOUD_IDS = ['generic', 'eks', 'eks-auto-mode', 'gke', 'aks', 'generic'];

/**
 * Most of the time, only the add-ons the cloud allows (and KEDA or the adapter, not both): the
 * others are refused by design and covered by the error tests; a quarter of the cases keep them.
 */
function compatible(c: Case): Case {
  const cloud = CLOUD_IDS[c.cloud];
  return {
    ...c,
    efaDevicePlugin: cloud === 'eks' ? c.efaDevicePlugin : undefined,
    networkOperator: ['generic', 'aks'].includes(cloud) ? c.networkOperator : undefined,
    gpuOperator: cloud === 'eks-auto-mode' ? undefined : c.gpuOperator,
    prometheusAdapter: c.keda ? undefined : c.prometheusAdapter,
    // Grafana (on unless grafana: false) needs its admin Secret.
    kubePrometheusStack: c.kubePrometheusStack && c.kubePrometheusStack.grafana !== false
      ? { ...c.kubePrometheusStack, grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') } : c.kubePrometheusStack,
  };
}

function propsOf(c: Case): DynamoPlatformProps {
  return {
    cloud: CLOUDS[c.cloud]?.(),
    delivery: c.argo ? PlatformDelivery.argoCd() : PlatformDelivery.flux(),
    version: DynamoVersion.of(c.version),
    grove: c.grove,
    kaiScheduler: c.kai,
    gpuOperator: c.gpuOperator,
    networkOperator: c.networkOperator,
    efaDevicePlugin: c.efaDevicePlugin,
    kubePrometheusStack: c.kubePrometheusStack,
    keda: c.keda,
    prometheusAdapter: c.prometheusAdapter,
    prometheusEndpoint: c.prometheusAdapter && !c.kubePrometheusStack ? 'http://prometheus-operated.monitoring.svc:9090' : undefined,
    leaderWorkerSet: c.leaderWorkerSet,
    tolerations: c.tolerate ? [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }] : undefined,
  };
}

/** Synthesizes the platform in a fresh app: the manifests of every chart, or the validation error. */
function synth(c: Case): { objs?: Manifest[]; yaml?: string; platform?: DynamoPlatform; error?: DynamoValidationError } {
  const app = Testing.app();
  try {
    const platform = new DynamoPlatform(new Chart(app, 'platform'), 'platform', propsOf(c));
    const objs = synthAppValid(app);
    return { objs, platform, yaml: JSON.stringify(app.charts.map((ch) => Testing.synth(ch))) };
  } catch (e) {
    if (DynamoValidationError.isDynamoValidationError(e)) return { error: e };
    throw e;
  }
}

describe('property: random platforms', () => {
  test('synthesize strict-valid objects in dependency order, deterministically, or fail with a named error', () => {
    let valid = 0;
    fc.assert(fc.property(platformProps, fc.integer({ min: 0, max: 3 }), (raw, keep) => {
      const c = keep === 0 ? raw : compatible(raw);
      // GIVEN / WHEN
      const first = synth(c);
      // THEN
      if (first.error) {
        expect(first.error.prop).toMatch(/^[a-zA-Z]/);
        return;
      }
      valid++;
      const order = first.platform!.releases.map((r) => r.id);
      for (const r of first.platform!.releases) for (const d of r.dependsOn) expect(order.indexOf(d)).toBeLessThan(order.indexOf(r.id));
      const kinds = new Set(first.objs!.map((o) => o.kind));
      expect(kinds.has(c.argo ? 'Application' : 'HelmRelease')).toBe(true);
      expect(synth(c).yaml).toBe(first.yaml);
    }), { numRuns: 60, seed: 20261130 });
    // Most random platforms are valid: the property is not vacuous.
    expect(valid).toBeGreaterThan(20);
  });
});
