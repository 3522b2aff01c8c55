import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { DgdHorizontalPodAutoscaler } from '../lib/autoscaling/dgd-horizontal-pod-autoscaler';
import { ScalingMetric } from '../lib/autoscaling/scaling-metric';
import { AksRdmaResource } from '../lib/cloud/aks/aks-profile';
import { RdmaFabric } from '../lib/cloud/rdma-fabric';
import { ComponentType } from '../lib/core/component-type';
import { DynamoVersion } from '../lib/core/dynamo-version';
import { RouterMode } from '../lib/core/router-mode';
import { SecretRef } from '../lib/core/secret-ref';
import { ObservedDeployment } from '../lib/observability/observed-deployment';
import { AddonContext, chartVersionAtLeast } from '../lib/platform/addons/chart-options';
import { efaDevicePluginRelease } from '../lib/platform/addons/efa-device-plugin';
import { extraChartRelease, HelmChartOptions } from '../lib/platform/addons/extra-chart';
import { gpuOperatorRelease } from '../lib/platform/addons/gpu-operator';
import { kedaRelease } from '../lib/platform/addons/keda';
import { kubePrometheusStackPrometheusUrl, kubePrometheusStackRelease, prometheusUrlOf } from '../lib/platform/addons/kube-prometheus-stack';
import { leaderWorkerSetRelease } from '../lib/platform/addons/leader-worker-set';
import { networkOperatorRelease } from '../lib/platform/addons/network-operator';
import { externalRulesOf, externalRulesServe, prometheusAdapterRelease } from '../lib/platform/addons/prometheus-adapter';
import { volcanoRelease } from '../lib/platform/addons/volcano';
import { CHART_CATALOG } from '../lib/platform/chart-catalog';
import { checkHelmValues, mergeValues } from '../lib/platform/merge-values';
import { PlatformRelease } from '../lib/platform/platform-release';
import { SHARED_DIR, validateManifest } from './support/schema';
import { validationError } from './support/synth';

type Json = Record<string, any>;

const KPS_URL = 'http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090';
const SPOT: k8s.Toleration = { key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' };
const GPU_TAINT = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
/** The Secret of Grafana's admin credentials, which kube-prometheus-stack needs while Grafana is on. */
const GRAFANA_ADMIN = SecretRef.fromSecretName('grafana-admin');

/** An add-on context: a cloud, the add-ons that are on, optionally tolerations and a Prometheus. */
function ctx(cloudId: string, enabled: string[] = [], extra: Partial<AddonContext> = {}): AddonContext {
  return { cloudId, version: DynamoVersion.LATEST, platformNamespace: 'dynamo-system', tolerations: [], enabled: new Set(enabled), ...extra };
}

/** The DynamoValidationError `f` throws. */
const error = validationError;

/** A release's values, as plain JSON. */
function values(r: PlatformRelease): Json {
  return r.values as Json;
}

describe('Helm values merge', () => {
  test('objects merge recursively, arrays and scalars replace, null deletes; inputs are untouched', () => {
    // GIVEN typed values and an escape hatch touching each case
    const base = { a: { b: 1, c: [1, 2], d: { e: 'x' } }, f: 'keep', g: true };
    const override = { a: { c: [3], d: { h: 2 }, b: null }, g: null, i: { j: null, k: 1 } };
    // WHEN merged
    const merged = mergeValues(base, override);
    // THEN Helm's rules apply, base keys first, and nulls that delete nothing are dropped
    expect(merged).toStrictEqual({ a: { c: [3], d: { e: 'x', h: 2 } }, f: 'keep', i: { k: 1 } });
    expect(Object.keys(merged)).toStrictEqual(['a', 'f', 'i']);
    expect(base).toStrictEqual({ a: { b: 1, c: [1, 2], d: { e: 'x' } }, f: 'keep', g: true });
  });

  test('a scalar replaces an object and an object replaces a scalar', () => {
    // GIVEN / WHEN / THEN
    expect(mergeValues({ a: { b: 1 }, c: 1 }, { a: 'off', c: { d: 1 } })).toStrictEqual({ a: 'off', c: { d: 1 } });
  });

  test.each([
    ['a function', { a: { b: () => 1 } }, 'v.a.b must be a JSON value', '(got "a function")'],
    ['a class instance', { retention: Duration.days(1) }, 'v.retention must be a JSON value', '(got "a Duration")'],
    ['an undefined leaf', { a: [1, undefined] }, 'v.a[1] must have a JSON value', '(got undefined)'],
    ['NaN', { a: Number.NaN }, 'v.a must be a finite number', '(got NaN)'],
    ['an array root', [1], 'v must be a plain object of Helm values', '(got [1])'],
  ])('values holding %s are refused with the path', (_what, v, message, got) => {
    // GIVEN values that have no JSON form / WHEN checked / THEN the error names the path and the value
    const e = error(() => checkHelmValues('v', v));
    expect(e.message).toContain(message);
    expect(e.message).toContain(got);
  });
});

describe('chart catalog', () => {
  test('every row has an https or oci repository and an exact version', () => {
    // GIVEN the catalog / THEN each row is usable as a chart source
    for (const row of Object.values(CHART_CATALOG)) {
      expect(row.repository).toMatch(/^(https|oci):\/\//);
      expect(row.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(row.source).not.toBe('');
    }
    expect(CHART_CATALOG['dynamo-platform'].version).toBe(DynamoVersion.LATEST.version);
    expect(Object.values(CHART_CATALOG).map((r) => [r.id, r.chart, r.version, r.namespace, r.releaseName])).toStrictEqual([
      ['dynamo-platform', 'dynamo-platform', DynamoVersion.LATEST.version, 'dynamo-system', 'dynamo-platform'],
      ['gpu-operator', 'gpu-operator', 'v26.7.0', 'gpu-operator', 'gpu-operator'],
      ['network-operator', 'network-operator', '26.4.1', 'nvidia-network-operator', 'network-operator'],
      ['aws-efa-k8s-device-plugin', 'aws-efa-k8s-device-plugin', 'v0.5.30', 'kube-system', 'aws-efa-k8s-device-plugin'],
      ['kube-prometheus-stack', 'kube-prometheus-stack', '88.5.3', 'monitoring', 'prometheus'],
      ['keda', 'keda', '2.20.2', 'keda', 'keda'],
      ['prometheus-adapter', 'prometheus-adapter', '5.3.0', 'monitoring', 'prometheus-adapter'],
      ['lws', 'lws', '0.10.0', 'lws-system', 'lws'],
      ['volcano', 'volcano', '1.15.0', 'volcano-system', 'volcano'],
    ]);
  });

  test('chart versions compare as SemVer, a pre-release below its release', () => {
    expect([chartVersionAtLeast('0.9.0', 0, 9, 0), chartVersionAtLeast('v0.10.0', 0, 9, 0), chartVersionAtLeast('0.8.0', 0, 9, 0),
      chartVersionAtLeast('0.9.0-rc.1', 0, 9, 0)]).toStrictEqual([true, true, false, false]);
  });
});

describe('chart options shared by every add-on', () => {
  test('version, namespace, releaseName and values override the catalog; values merge over the typed values', () => {
    // GIVEN a GPU Operator with every chart option
    const r = gpuOperatorRelease({
      version: 'v26.3.3', namespace: 'nvidia-gpu', releaseName: 'gpu',
      values: { driver: { version: '580.95.05' }, nfd: null, toolkit: { enabled: false } },
    }, ctx('aks', ['network-operator']));
    // THEN the source, placement and merged values follow them
    expect([r.id, r.releaseName, r.namespace, r.source]).toStrictEqual(['gpu-operator', 'gpu', 'nvidia-gpu',
      { repository: 'https://helm.ngc.nvidia.com/nvidia', chart: 'gpu-operator', version: 'v26.3.3' }]);
    expect(values(r)).toStrictEqual({
      driver: { enabled: true, rdma: { enabled: true, useHostMofed: true }, version: '580.95.05' },
      toolkit: { enabled: false },
    });
  });

  test.each([
    [{ version: 'latest' }, 'gpuOperator.version must be an exact chart version', 'latest'],
    [{ version: '^26.0.0' }, 'gpuOperator.version must be an exact chart version', '^26.0.0'],
    [{ namespace: 'GPU_Operator' }, 'gpuOperator.namespace must be a DNS label', 'GPU_Operator'],
    [{ releaseName: 'a'.repeat(54) }, 'gpuOperator.releaseName must be a Helm release name', 'a'.repeat(54)],
    [{ releaseName: 'GPU' }, 'gpuOperator.releaseName must be a Helm release name', 'GPU'],
  ])('%j is refused', (options, message, got) => {
    // GIVEN a wrong chart option / WHEN the release is made / THEN the error names the prop and the value
    const e = error(() => gpuOperatorRelease(options, ctx('generic')));
    expect(e.message).toContain(message);
    expect(e.message).toContain(`(got ${JSON.stringify(got)})`);
  });

  test('values with a function are refused with their path', () => {
    const e = error(() => gpuOperatorRelease({ values: { driver: { enabled: () => true } } }, ctx('generic')));
    expect(e.prop).toBe('gpuOperator.values.driver.enabled');
  });

  test.each([
    [{ verison: 'v26.7.0' }, 'gpuOperator.verison is not a prop of GpuOperatorOptions', 'did you mean gpuOperator.version?'],
    [{ driver: 'true' }, 'gpuOperator.driver must be true or false', 'pass a boolean'],
    [{ values: 'driver.enabled=false' }, 'gpuOperator.values must be a Helm values object', 'plain object'],
    [{ driver: null }, 'gpuOperator.driver must be a boolean', 'leave the prop out instead of null'],
  ])('an untyped caller\'s %j is a named error', (options, message, fix) => {
    // GIVEN options of the wrong shape (JavaScript) / WHEN the release is made / THEN a named error, no TypeError
    const e = error(() => gpuOperatorRelease(options as never, ctx('generic')));
    expect(e.message).toContain(message);
    expect(e.message).toContain(fix);
  });

  test('options that are not an object are a named error', () => {
    expect(error(() => kedaRelease('on' as never, ctx('generic'))).message).toContain('keda must be a KedaOptions object');
  });
});

/** The ClusterPolicy CRD's `spec` schema (GPU Operator), closed like the API server's pruning. */
function clusterPolicySpec(): Json {
  const schema = JSON.parse(fs.readFileSync(path.join(SHARED_DIR, 'crds', 'catalog', 'nvidia.com', 'clusterpolicy_v1.json'), 'utf8')) as Json;
  const close = (s: unknown): void => {
    if (typeof s !== 'object' || s === null) return;
    const o = s as Json;
    if (o.properties && o.additionalProperties === undefined && !o['x-kubernetes-preserve-unknown-fields']) o.additionalProperties = false;
    for (const v of Object.values(o)) close(v);
  };
  close(schema);
  return schema.properties.spec.properties;
}

describe('GPU Operator', () => {
  test('on a generic cluster it installs the driver and advertises nvidia.com/gpu', () => {
    // GIVEN the add-on on a generic cluster / WHEN its release is made
    const r = gpuOperatorRelease({}, ctx('generic'));
    // THEN the chart, namespace and values are the catalog's and the driver is on
    expect([r.id, r.displayName, r.releaseName, r.namespace, r.source.version]).toStrictEqual(['gpu-operator', 'NVIDIA GPU Operator', 'gpu-operator', 'gpu-operator', 'v26.7.0']);
    expect(values(r)).toStrictEqual({ driver: { enabled: true } });
    expect([r.dependsOn, r.manifests, r.deviceResources]).toStrictEqual([[], [], ['nvidia.com/gpu']]);
  });

  test.each(['eks', 'gke', 'aks'])('on %s, whose nodes come with the driver, the provider\'s driver is kept', (cloudId) => {
    expect(values(gpuOperatorRelease({}, ctx(cloudId, [], { cloudProvidesGpuDriver: true })))).toStrictEqual({ driver: { enabled: false } });
  });

  test.each<[string, boolean | undefined]>([['aks', false], ['generic', undefined], ['my-cloud', undefined]])(
    'on %s with cloudProvidesGpuDriver %s the operator installs the driver', (cloudId, provides) => {
      expect(values(gpuOperatorRelease({}, ctx(cloudId, [], { cloudProvidesGpuDriver: provides })))).toStrictEqual({ driver: { enabled: true } });
    });

  test('on a cloud whose nodes come with the driver, driver: true is refused', () => {
    // GIVEN AKS with its managed driver / WHEN the operator's driver is asked for
    const e = error(() => gpuOperatorRelease({ driver: true }, ctx('aks', [], { cloudProvidesGpuDriver: true })));
    // THEN the error names driver and both ways out
    expect(e.prop).toBe('gpuOperator.driver');
    expect(e.message).toBe('gpuOperator.driver must be false on the platform\'s cloud (aks), whose GPU nodes come with the NVIDIA driver: two drivers on a node fail to load (got true); '
      + 'remove gpuOperator.driver (false is the default here), or create the nodes without the AKS driver: Cloud.aks({ gpuDriver: AksGpuDriver.NONE }) on the platform and its graphs');
  });

  test('on a cloud whose nodes come with the driver, GPUDirect RDMA (on with the Network Operator) is refused', () => {
    // GIVEN EKS (which installs the driver) with the Network Operator / WHEN the GPU Operator defaults to RDMA
    const e = error(() => gpuOperatorRelease({}, ctx('eks', ['network-operator'], { cloudProvidesGpuDriver: true })));
    // THEN the error names rdma, which turned the driver on
    expect(e.prop).toBe('gpuOperator.rdma');
    expect(e.message).toBe('gpuOperator.rdma must be false on the platform\'s cloud (eks), whose GPU nodes come with the NVIDIA driver: GPUDirect RDMA (on by default with networkOperator) needs the operator\'s driver, and two drivers on a node fail to load (got true); '
      + 'set gpuOperator: { driver: false, rdma: false } and load nvidia_peermem yourself');
    // AND driver: false (which turns RDMA off) is accepted
    expect(values(gpuOperatorRelease({ driver: false }, ctx('eks', ['network-operator'], { cloudProvidesGpuDriver: true })))).toStrictEqual({ nfd: { enabled: false }, driver: { enabled: false } });
  });

  test('with the Network Operator: GPUDirect RDMA, the operator\'s driver, one NFD, installed after it', () => {
    // GIVEN AKS nodes without the AKS driver, with the Network Operator and kube-prometheus-stack on
    const r = gpuOperatorRelease({}, ctx('aks', ['network-operator', 'kube-prometheus-stack'], { cloudProvidesGpuDriver: false }));
    // THEN Dynamo's AKS InfiniBand values, the DCGM ServiceMonitor, and the order
    expect(values(r)).toStrictEqual({
      nfd: { enabled: false },
      driver: { enabled: true, rdma: { enabled: true, useHostMofed: true } },
      dcgmExporter: { serviceMonitor: { enabled: true } },
    });
    expect(r.dependsOn).toStrictEqual(['network-operator', 'kube-prometheus-stack']);
  });

  test('on a generic cluster with the Network Operator, host MOFED is off unless asked', () => {
    const r = gpuOperatorRelease({ gdrcopy: true }, ctx('generic', ['network-operator']));
    expect(values(r)).toStrictEqual({ nfd: { enabled: false }, driver: { enabled: true, rdma: { enabled: true, useHostMofed: false } }, gdrcopy: { enabled: true } });
  });

  test('driver: false with the Network Operator leaves RDMA off', () => {
    expect(values(gpuOperatorRelease({ driver: false }, ctx('aks', ['network-operator'])))).toStrictEqual({ nfd: { enabled: false }, driver: { enabled: false } });
  });

  test('platform tolerations are added to the chart\'s own, for the operator, the operands and NFD', () => {
    // GIVEN spot tolerations on the platform
    const v = values(gpuOperatorRelease({}, ctx('generic', [], { tolerations: [SPOT] })));
    // THEN each list restates the chart default and adds the platform's
    expect(v.operator.tolerations).toStrictEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', value: '', effect: 'NoSchedule' }, SPOT]);
    expect(v.daemonsets.tolerations).toStrictEqual([GPU_TAINT, SPOT]);
    expect(v['node-feature-discovery'].worker.tolerations).toHaveLength(3);
  });

  test('the emitted driver, gdrcopy, dcgmExporter and daemonsets sections are valid ClusterPolicy spec sections', () => {
    // GIVEN the richest typed values
    const v = values(gpuOperatorRelease({ gdrcopy: true }, ctx('aks', ['network-operator', 'kube-prometheus-stack'], { tolerations: [SPOT] })));
    const spec = clusterPolicySpec();
    const ajv = new Ajv({ strict: false, allErrors: true });
    // WHEN each section that mirrors ClusterPolicy.spec is validated against its schema
    const sections = ['driver', 'gdrcopy', 'dcgmExporter', 'daemonsets'];
    // THEN all are present and valid (the chart copies them into the ClusterPolicy)
    for (const k of sections) {
      expect(v[k], k).toBeDefined();
      const validate = ajv.compile(spec[k]);
      expect(validate(v[k]) ? [] : validate.errors, k).toStrictEqual([]);
    }
  });

  test('a typo in a section is caught by the same ClusterPolicy check', () => {
    // GIVEN a misspelt rdma key / THEN the subschema rejects it (the check above can fail)
    const validate = new Ajv({ strict: false }).compile(clusterPolicySpec().driver);
    expect(validate({ enabled: true, rdma: { enabled: true, useHostMOFED: true } })).toBe(false);
  });

  test('refused on EKS Auto Mode, which ships the driver and device plugin', () => {
    const e = error(() => gpuOperatorRelease({}, ctx('eks-auto-mode')));
    expect(e.prop).toBe('gpuOperator');
    expect(e.message).toContain('gpuOperator must not be set on EKS Auto Mode (got "eks-auto-mode"); remove gpuOperator');
  });

  test('rdma without the operator\'s driver is refused', () => {
    const e = error(() => gpuOperatorRelease({ rdma: true, driver: false }, ctx('aks')));
    expect(e.message).toContain('gpuOperator.rdma needs the operator\'s driver');
    expect(e.message).toContain('set gpuOperator.driver: true');
  });

  test('useHostMofed without rdma is refused', () => {
    expect(error(() => gpuOperatorRelease({ useHostMofed: true }, ctx('generic'))).message)
      .toContain('gpuOperator.useHostMofed only applies with GPUDirect RDMA (gpuOperator.rdma) (got true); set gpuOperator.rdma: true');
  });
});

describe('Network Operator', () => {
  test('on AKS: the InfiniBand NicClusterPolicy with the DOCA driver and the shared device plugin', () => {
    // GIVEN the add-on with defaults on AKS / WHEN its release is made
    const r = networkOperatorRelease({}, ctx('aks'));
    // THEN the chart keeps NFD, and one strict-valid NicClusterPolicy goes with it
    expect([r.namespace, r.source.version, values(r)]).toStrictEqual(['nvidia-network-operator', '26.4.1', { nfd: { enabled: true } }]);
    expect(r.manifests).toHaveLength(1);
    const policy = r.manifests[0] as Json;
    expect(validateManifest(policy)).toStrictEqual([]);
    expect([policy.apiVersion, policy.kind, policy.metadata]).toStrictEqual(['mellanox.com/v1alpha1', 'NicClusterPolicy', { name: 'nic-cluster-policy' }]);
    expect(policy.spec.ofedDriver).toMatchObject({ image: 'doca-driver', repository: 'nvcr.io/nvidia/mellanox', version: 'doca3.4.1-26.04-1.1.0.0-1' });
    expect(policy.spec.rdmaSharedDevicePlugin).toMatchObject({ image: 'k8s-rdma-shared-dev-plugin', version: 'network-operator-v26.4.1' });
    expect(JSON.parse(policy.spec.rdmaSharedDevicePlugin.config)).toStrictEqual({
      configList: [{ resourceName: 'shared_ib', rdmaHcaMax: 63, selectors: { vendors: ['15b3'], linkTypes: ['infiniband'] } }],
    });
    expect(policy.spec.sriovDevicePlugin).toBeUndefined();
    expect(policy.spec.tolerations).toStrictEqual([GPU_TAINT]);
    // AND the device resource is the AKS profile's default RDMA resource
    expect(r.deviceResources).toStrictEqual([AksRdmaResource.SHARED_IB.resourceName]);
  });

  test('the SR-IOV plugin alone gives rdma/ib, the AKS profile\'s AksRdmaResource.IB', () => {
    const r = networkOperatorRelease({ sriovDevicePlugin: {} }, ctx('aks'));
    const policy = r.manifests[0] as Json;
    expect(validateManifest(policy)).toStrictEqual([]);
    expect(r.deviceResources).toStrictEqual([AksRdmaResource.IB.resourceName]);
    expect(JSON.parse(policy.spec.sriovDevicePlugin.config)).toStrictEqual({
      resourceList: [{ resourcePrefix: 'rdma', resourceName: 'ib', selectors: { vendors: ['15b3'], linkTypes: ['infiniband'], isRdma: true } }],
    });
    expect(policy.spec.rdmaSharedDevicePlugin).toBeUndefined();
  });

  test('RoCE with both plugins, no driver container, a pinned chart and spot tolerations', () => {
    // GIVEN RoCE on a generic cluster with both plugins and an older chart
    const r = networkOperatorRelease({
      fabric: RdmaFabric.ROCE, ofedDriver: false, version: '26.1.0',
      rdmaSharedDevicePlugin: { resourceName: 'roce_shared', rdmaHcaMax: 16 }, sriovDevicePlugin: { resourceName: 'roce' },
    }, ctx('generic', [], { tolerations: [SPOT] }));
    const policy = r.manifests[0] as Json;
    // THEN the policy is valid, selects Ethernet links, follows the chart's plugin tags and tolerates spot nodes
    expect(validateManifest(policy)).toStrictEqual([]);
    expect(policy.spec.ofedDriver).toBeUndefined();
    expect(JSON.parse(policy.spec.rdmaSharedDevicePlugin.config).configList[0].selectors.linkTypes).toStrictEqual(['ether']);
    expect(policy.spec.sriovDevicePlugin.version).toBe('network-operator-v26.1.0');
    expect(policy.spec.tolerations).toStrictEqual([GPU_TAINT, SPOT]);
    expect(r.deviceResources).toStrictEqual(['rdma/roce_shared', 'rdma/roce']);
    expect(values(r).operator.tolerations).toHaveLength(3);
  });

  test.each([
    ['eks', 'efaDevicePlugin'],
    ['eks-auto-mode', 'remove networkOperator'],
    ['gke', 'Cloud.gke()'],
  ])('refused on %s', (cloudId, fix) => {
    const e = error(() => networkOperatorRelease({}, ctx(cloudId)));
    expect(e.message).toContain(`networkOperator must not be set on ${cloudId}`);
    expect(e.message).toContain(fix);
  });

  test.each([
    [{ fabric: RdmaFabric.EFA }, 'networkOperator.fabric must be RdmaFabric.INFINIBAND or RdmaFabric.ROCE'],
    [{ rdmaSharedDevicePlugin: { vendors: ['15B3'] } }, 'networkOperator.rdmaSharedDevicePlugin.vendors[0] must be a PCI vendor id'],
    [{ rdmaSharedDevicePlugin: { vendors: [] } }, 'networkOperator.rdmaSharedDevicePlugin.vendors must list at least one PCI vendor id'],
    [{ rdmaSharedDevicePlugin: { linkTypes: ['ib'] } }, 'networkOperator.rdmaSharedDevicePlugin.linkTypes[0] must be "infiniband" or "ether"'],
    [{ rdmaSharedDevicePlugin: { resourceName: 'rdma/shared' } }, 'networkOperator.rdmaSharedDevicePlugin.resourceName must be a resource name'],
    [{ rdmaSharedDevicePlugin: { rdmaHcaMax: 0 } }, 'networkOperator.rdmaSharedDevicePlugin.rdmaHcaMax must be an integer >= 1'],
    [{ sriovDevicePlugin: { resourcePrefix: 'RDMA' } }, 'networkOperator.sriovDevicePlugin.resourcePrefix must be a DNS subdomain'],
    [{ rdmaSharedDevicePlugin: { resourceName: 'ib' }, sriovDevicePlugin: {} }, 'networkOperator.sriovDevicePlugin.resourceName must differ'],
    [{ ofedDriver: false, ofedDriverVersion: 'doca3.4.1' }, 'networkOperator.ofedDriverVersion only applies with the driver container'],
    [{ ofedDriverVersion: 'doca 3' }, 'networkOperator.ofedDriverVersion must be an image tag'],
    [{ fabric: 'infiniband' }, 'networkOperator.fabric must be an RdmaFabric'],
    [{ rdmaSharedDevicePlugin: { resource: 'x' } }, 'networkOperator.rdmaSharedDevicePlugin.resource is not a prop of RdmaSharedDevicePluginOptions'],
  ])('%j is refused', (options, message) => {
    expect(error(() => networkOperatorRelease(options as never, ctx('aks'))).message).toContain(message);
  });
});

describe('EFA device plugin', () => {
  test('on EKS with Karpenter it tolerates the GPU and EFA taints and advertises vpc.amazonaws.com/efa', () => {
    const r = efaDevicePluginRelease({}, ctx('eks', [], { tolerations: [SPOT] }));
    expect([r.releaseName, r.namespace, r.source]).toStrictEqual(['aws-efa-k8s-device-plugin', 'kube-system',
      { repository: 'https://aws.github.io/eks-charts', chart: 'aws-efa-k8s-device-plugin', version: 'v0.5.30' }]);
    expect(values(r)).toStrictEqual({ tolerations: [GPU_TAINT, { key: 'aws.amazon.com/efa', operator: 'Exists', effect: 'NoSchedule' }, SPOT] });
    expect(r.deviceResources).toStrictEqual(['vpc.amazonaws.com/efa']);
  });

  test.each(['generic', 'my-ec2-cloud'])('also serves self-managed EC2 nodes: %s', (cloudId) => {
    expect(efaDevicePluginRelease({}, ctx(cloudId)).deviceResources).toStrictEqual(['vpc.amazonaws.com/efa']);
  });

  test.each([
    ['eks-auto-mode', 'efaDevicePlugin must not be set on EKS Auto Mode (got "eks-auto-mode"); remove efaDevicePlugin: Auto Mode nodes run their own EFA device plugin (EKS docs auto-accelerated)'],
    ['aks', 'efaDevicePlugin only applies on EC2 instances (Cloud.eks(), or Cloud.generic() or a custom cloud for self-managed EC2 nodes) (got "aks"); '
      + 'remove efaDevicePlugin: EFA exists only on EC2; use networkOperator for the InfiniBand NICs of ND-series VMs'],
    ['gke', 'efaDevicePlugin only applies on EC2 instances (Cloud.eks(), or Cloud.generic() or a custom cloud for self-managed EC2 nodes) (got "gke"); '
      + 'remove efaDevicePlugin: EFA exists only on EC2; GKE advertises the RDMA networks of A3 Ultra and A4 nodes itself'],
  ])('refused on %s', (cloudId, message) => {
    const e = error(() => efaDevicePluginRelease({}, ctx(cloudId)));
    expect([e.prop, e.message]).toStrictEqual(['efaDevicePlugin', message]);
  });
});

describe('kube-prometheus-stack', () => {
  test('picks up monitors and rules in every namespace and loads the library\'s dashboard ConfigMaps', () => {
    // GIVEN defaults and Grafana's admin Secret / WHEN the release is made
    const r = kubePrometheusStackRelease({ grafanaAdminSecret: GRAFANA_ADMIN }, ctx('generic'));
    // THEN release prometheus in monitoring, selectors opened, Grafana's admin read from the Secret, the Grafana sidecar set for DashboardDelivery.configMap()
    expect([r.releaseName, r.namespace, r.source.version]).toStrictEqual(['prometheus', 'monitoring', '88.5.3']);
    expect(values(r)).toStrictEqual({
      prometheus: {
        prometheusSpec: {
          podMonitorSelectorNilUsesHelmValues: false, podMonitorNamespaceSelector: {},
          serviceMonitorSelectorNilUsesHelmValues: false, serviceMonitorNamespaceSelector: {},
          ruleSelectorNilUsesHelmValues: false, ruleNamespaceSelector: {},
          probeSelectorNilUsesHelmValues: false, probeNamespaceSelector: {},
        },
      },
      grafana: {
        enabled: true,
        admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' },
        sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL', folderAnnotation: 'grafana_folder', provider: { foldersFromFilesStructure: true } } },
      },
    });
    expect(prometheusUrlOf(r)).toBe(KPS_URL);
  });

  test('without Grafana, with a retention and spot tolerations', () => {
    const v = values(kubePrometheusStackRelease({ grafana: false, retention: Duration.days(15) }, ctx('generic', [], { tolerations: [SPOT] })));
    expect(v.grafana).toStrictEqual({ enabled: false });
    expect([v.prometheus.prometheusSpec.retention, v.prometheus.prometheusSpec.tolerations]).toStrictEqual(['360h', [SPOT]]);
    expect([v.prometheusOperator, v.alertmanager, v['kube-state-metrics']]).toStrictEqual([{ tolerations: [SPOT] }, { alertmanagerSpec: { tolerations: [SPOT] } }, { tolerations: [SPOT] }]);
  });

  test('Grafana on without its admin Secret is refused, naming the Secret to create in the add-on\'s namespace', () => {
    // GIVEN Grafana on (the default) and no grafanaAdminSecret, in the usual namespace and in another
    // WHEN the release is made / THEN the error names the prop, why, and the Secret to create where the chart reads it
    const message = (ns: string) => 'kubePrometheusStack.grafanaAdminSecret must name the Secret that holds Grafana\'s admin credentials while Grafana is on: '
      + 'without one the chart picks the admin password, the public default "prom-operator" before chart 79.0.0, and from 79.0.0 a random one that Argo CD, '
      + 'which renders charts without Helm\'s lookup, makes anew each time it renders the chart (got undefined); '
      + `create a Secret with keys admin-user and admin-password in ${ns} (kubectl create secret generic grafana-admin -n ${ns} --from-literal=admin-user=admin `
      + '--from-file=admin-password=<a file holding the password>) and pass grafanaAdminSecret: SecretRef.fromSecretName("grafana-admin"), or set grafana: false';
    for (const [options, ns] of [[{}, 'monitoring'], [{ grafana: true, namespace: 'o11y' }, 'o11y']] as const) {
      const e = error(() => kubePrometheusStackRelease(options, ctx('generic')));
      expect([e.prop, e.message]).toStrictEqual(['kubePrometheusStack.grafanaAdminSecret', message(ns)]);
    }
  });

  test('the chart\'s own existingSecret in values is the Secret too', () => {
    // GIVEN no grafanaAdminSecret, but values naming a Secret the chart's way / WHEN
    const v = values(kubePrometheusStackRelease({ values: { grafana: { admin: { existingSecret: 'ops-grafana' } } } }, ctx('generic')));
    // THEN Grafana reads its admin from that Secret, with the chart's default keys
    expect(v.grafana.admin).toStrictEqual({ existingSecret: 'ops-grafana' });
  });

  test('a grafanaAdminSecret without Grafana is refused', () => {
    const e = error(() => kubePrometheusStackRelease({ grafana: false, grafanaAdminSecret: GRAFANA_ADMIN }, ctx('generic')));
    expect([e.prop, e.message]).toStrictEqual(['kubePrometheusStack.grafanaAdminSecret',
      'kubePrometheusStack.grafanaAdminSecret is only read by Grafana, which grafana: false leaves out (got "grafana-admin"); leave grafanaAdminSecret out, or turn Grafana on']);
  });

  test('a grafanaAdminSecret given as a string is a named error', () => {
    const e = error(() => kubePrometheusStackRelease({ grafanaAdminSecret: 'grafana-admin' } as never, ctx('generic')));
    expect([e.prop, e.message]).toStrictEqual(['kubePrometheusStack.grafanaAdminSecret',
      'kubePrometheusStack.grafanaAdminSecret must be a Secret reference (an object with the Secret\'s name) (got "grafana-admin"); use SecretRef.fromSecretName("grafana-admin"), not the string']);
  });

  test('a retention under an hour is refused', () => {
    expect(error(() => kubePrometheusStackRelease({ retention: Duration.minutes(30) }, ctx('generic'))).message)
      .toContain('kubePrometheusStack.retention must be whole seconds, at least 3600 (got "1800s")');
  });

  test('a retention given as a string is a named error', () => {
    expect(error(() => kubePrometheusStackRelease({ retention: '10d' } as never, ctx('generic'))).message)
      .toContain('kubePrometheusStack.retention must be a Duration');
  });

  test.each([
    ['prometheus', 'monitoring', undefined, KPS_URL],
    ['kube-prometheus-stack', 'obs', undefined, 'http://kube-prometheus-stack-prometheus.obs.svc.cluster.local:9090'],
    ['my-kube-prometheus-stack-release', 'm', undefined, 'http://my-kube-prometheus-stack-r-prometheus.m.svc.cluster.local:9090'],
    ['monitoring-platform', 'm', undefined, 'http://monitoring-platform-kube-p-prometheus.m.svc.cluster.local:9090'],
    // 26 characters end in '-': one dash is trimmed
    ['abcdefghijklmnopqrstuvwxy', 'm', undefined, 'http://abcdefghijklmnopqrstuvwxy-prometheus.m.svc.cluster.local:9090'],
    ['prom', 'm', { fullnameOverride: 'kps', namespaceOverride: 'mon', prometheus: { service: { port: 9091 } } }, 'http://kps-prometheus.mon.svc.cluster.local:9091'],
    ['prom', 'm', { nameOverride: 'prom' }, 'http://prom-prometheus.m.svc.cluster.local:9090'],
  ])('release %s in %s (values %j) serves Prometheus at %s', (release, ns, v, url) => {
    expect(kubePrometheusStackPrometheusUrl(release, ns, v)).toBe(url);
  });

  test('the URL follows the release\'s name, namespace and merged values', () => {
    const r = kubePrometheusStackRelease({ releaseName: 'obs', namespace: 'o11y', grafana: false, values: { prometheus: { service: { port: 9095 } } } }, ctx('generic'));
    expect(prometheusUrlOf(r)).toBe('http://obs-kube-prometheus-stack-prometheus.o11y.svc.cluster.local:9095');
  });
});

describe('KEDA', () => {
  test('defaults install the chart as Dynamo\'s guide does', () => {
    const r = kedaRelease({}, ctx('generic', [], { tolerations: [SPOT] }));
    expect([r.releaseName, r.namespace, r.source]).toStrictEqual(['keda', 'keda', { repository: 'https://kedacore.github.io/charts', chart: 'keda', version: '2.20.2' }]);
    expect(values(r)).toStrictEqual({ tolerations: [SPOT] });
  });

  test('with prometheus-adapter on, KEDA\'s metrics server must be off', () => {
    // GIVEN both autoscaling add-ons / WHEN KEDA's release is made / THEN the conflict is named with both ways out
    const e = error(() => kedaRelease({}, ctx('generic', ['prometheus-adapter'])));
    expect(e.prop).toBe('keda.metricsServer');
    expect(e.message).toContain('both serve external.metrics.k8s.io');
    expect(e.message).toContain('remove prometheusAdapter and use DgdScaledObject');
    expect(e.message).toContain('remove keda and use DgdHorizontalPodAutoscaler');
    // AND metricsServer: false is accepted
    expect(values(kedaRelease({ metricsServer: false }, ctx('generic', ['prometheus-adapter'])))).toStrictEqual({ metricsServer: { enabled: false } });
  });
});

const OBSERVED: ObservedDeployment = {
  name: 'qwen', namespace: 'llm', dynamoNamespace: 'llm-qwen', servedModelName: 'Qwen/Qwen3-32B', routerMode: RouterMode.KV, nixlTelemetry: false,
  components: [
    { name: 'Frontend', type: ComponentType.FRONTEND },
    { name: 'VllmDecodeWorker', type: ComponentType.DECODE },
  ],
};

/** The External metrics of an HPA on OBSERVED's decode pool, and their queries. */
function hpaMetrics(metrics: ScalingMetric[]): { external: Json[]; queries: Readonly<Record<string, string>> } {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'llm' });
  const hpa = new DgdHorizontalPodAutoscaler(chart, 'hpa', { deployment: OBSERVED, component: 'VllmDecodeWorker', maxReplicas: 4, metrics });
  const [obj] = Testing.synth(chart) as Json[];
  expect(validateManifest(obj)).toStrictEqual([]);
  return { external: obj.spec.metrics.map((m: Json) => m.external), queries: hpa.externalMetricQueries };
}

describe('prometheus-adapter', () => {
  test('defaults: kube-prometheus-stack\'s Prometheus and one external rule per deployment-wide metric', () => {
    // GIVEN the adapter with kube-prometheus-stack on
    const r = prometheusAdapterRelease({}, ctx('generic', ['kube-prometheus-stack'], { prometheusEndpoint: KPS_URL }));
    // THEN the Prometheus address is split as the chart wants, and three rules
    expect(values(r).prometheus).toStrictEqual({ url: 'http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local', port: 9090, path: '' });
    expect(r.dependsOn).toStrictEqual(['kube-prometheus-stack']);
    const rules = externalRulesOf(r) as Json[];
    expect(rules.map((x) => x.name.as)).toStrictEqual(['dynamo_ttft_p95_seconds', 'dynamo_itl_p95_seconds', 'dynamo_queued_requests']);
    expect(rules[0]).toStrictEqual({
      seriesQuery: 'dynamo_frontend_time_to_first_token_seconds_bucket{namespace!="",dynamo_namespace!=""}',
      resources: { overrides: { namespace: { resource: 'namespace' } } },
      name: { as: 'dynamo_ttft_p95_seconds' },
      metricsQuery: 'histogram_quantile(0.95, sum by (le) (rate(dynamo_frontend_time_to_first_token_seconds_bucket{<<.LabelMatchers>>}[5m])))',
    });
    expect(rules[2].metricsQuery).toBe('sum(dynamo_frontend_stage_requests{<<.LabelMatchers>>,stage=~"preprocess|route|dispatch"})');
  });

  test('the rules serve exactly the External metrics a DgdHorizontalPodAutoscaler asks for', () => {
    // GIVEN the adapter's default rules and an HPA on the same three metrics (other targets)
    const rules = externalRulesOf(prometheusAdapterRelease({ prometheusUrl: 'https://prom.example:8443/prom/' }, ctx('aks')));
    const { external, queries } = hpaMetrics([
      ScalingMetric.timeToFirstToken({ targetMs: 800 }), ScalingMetric.interTokenLatency({ targetMs: 30 }), ScalingMetric.queueDepth({ targetPerReplica: 5 }),
    ]);
    // THEN for each metric: a rule of that name whose query, with the HPA's selector as LabelMatchers, is the HPA's query
    for (const m of external) {
      expect(m.metric.selector).toStrictEqual({ matchLabels: { dynamo_namespace: 'llm-qwen' } });
      const rule = (rules as Json[]).find((x) => x.name.as === m.metric.name);
      expect(rule, m.metric.name).toBeDefined();
      expect(rule!.metricsQuery.replace('<<.LabelMatchers>>', 'dynamo_namespace="llm-qwen"')).toBe(queries[m.metric.name]);
      expect(externalRulesServe(rules, m.metric.name, queries[m.metric.name])).toBe(true);
    }
  });

  test('an HPA on another percentile or window, or on KV-cache usage, is not served', () => {
    const rules = externalRulesOf(prometheusAdapterRelease({ prometheusUrl: 'http://prom:9090' }, ctx('generic')));
    const { queries } = hpaMetrics([
      ScalingMetric.timeToFirstToken({ targetMs: 500, percentile: 0.9 }), ScalingMetric.interTokenLatency({ targetMs: 30, window: Duration.minutes(10) }),
      ScalingMetric.kvCacheUsage({ target: 0.8 }),
    ]);
    expect(Object.entries(queries).map(([n, q]) => [n, externalRulesServe(rules, n, q)])).toStrictEqual([
      ['dynamo_ttft_p90_seconds', false], ['dynamo_itl_p95_seconds', false], ['dynamo_kv_cache_usage', false],
    ]);
  });

  test('a rule the user wrote with <<.Series>> is understood', () => {
    const rule = { seriesQuery: 'dynamo_frontend_stage_requests{namespace!=""}', name: { as: 'q' }, metricsQuery: 'sum(<<.Series>>{<<.LabelMatchers>>,stage=~"preprocess|route|dispatch"})' };
    expect(externalRulesServe([rule, 'junk', null], 'q', 'sum(dynamo_frontend_stage_requests{dynamo_namespace="llm-qwen",stage=~"preprocess|route|dispatch"})')).toBe(true);
  });

  test('p90 metrics get their own rules; custom metrics and spot tolerations', () => {
    const r = prometheusAdapterRelease({ prometheusUrl: 'http://prom:9090', metrics: [ScalingMetric.timeToFirstToken({ targetMs: 1, percentile: 0.9 })] },
      ctx('generic', [], { tolerations: [SPOT] }));
    expect([(externalRulesOf(r) as Json[]).map((x) => x.name.as), values(r).tolerations, r.dependsOn]).toStrictEqual([['dynamo_ttft_p90_seconds'], [SPOT], []]);
  });

  test('without a Prometheus the adapter cannot be configured', () => {
    const e = error(() => prometheusAdapterRelease({}, ctx('generic')));
    expect(e.prop).toBe('prometheusAdapter.prometheusUrl');
    expect(e.message).toContain('turn on kubePrometheusStack');
  });

  test.each([
    [{ prometheusUrl: 'prometheus:9090' }, 'prometheusAdapter.prometheusUrl must be an http or https URL'],
    [{ prometheusUrl: 'http://u:p@prom:9090' }, 'without credentials, query or fragment'],
    [{ prometheusUrl: 'http://p:9090', metrics: [] }, 'prometheusAdapter.metrics must hold at least one scaling metric'],
    [{ prometheusUrl: 'http://p:9090', metrics: [ScalingMetric.kvCacheUsage({ target: 0.8 })] }, 'prometheusAdapter.metrics[0] must be a metric one adapter rule serves for every deployment (got "KV-cache usage")'],
    [{ prometheusUrl: 'http://p:9090', metrics: [ScalingMetric.promql({ name: 'b', query: 'sum(b)', target: 1 })] }, 'prometheusAdapter.metrics[0] must be a metric one adapter rule serves'],
    [{ prometheusUrl: 'http://p:9090', metrics: [ScalingMetric.queueDepth({ targetPerReplica: 1 }), ScalingMetric.interTokenLatency({ targetMs: 1 }),
      ScalingMetric.interTokenLatency({ targetMs: 1, window: Duration.minutes(2) })] }, 'prometheusAdapter.metrics[2] must not reuse the external metric name dynamo_itl_p95_seconds'],
    [{ metrics: ['ttft'] }, 'prometheusAdapter.metrics[0] must be a ScalingMetric'],
  ])('%j is refused', (options, message) => {
    expect(error(() => prometheusAdapterRelease(options as never, ctx('generic'))).message).toContain(message);
  });

  test('an unusable platform endpoint is blamed on prometheusEndpoint', () => {
    expect(error(() => prometheusAdapterRelease({}, ctx('generic', [], { prometheusEndpoint: 'prom' }))).prop).toBe('prometheusEndpoint');
  });
});

describe('LeaderWorkerSet', () => {
  test('the OCI chart in lws-system; DisaggregatedSet on demand', () => {
    const r = leaderWorkerSetRelease({ disaggregatedSet: true }, ctx('generic', [], { tolerations: [SPOT] }));
    expect([r.releaseName, r.namespace, r.source]).toStrictEqual(['lws', 'lws-system', { repository: 'oci://registry.k8s.io/lws/charts', chart: 'lws', version: '0.10.0' }]);
    expect(values(r)).toStrictEqual({ enableDisaggregatedSet: true, tolerations: [SPOT] });
    expect(values(leaderWorkerSetRelease({}, ctx('generic')))).toStrictEqual({});
  });

  test('DisaggregatedSet on LWS 0.8.0 is refused', () => {
    expect(error(() => leaderWorkerSetRelease({ version: '0.8.0', disaggregatedSet: true }, ctx('generic'))).message)
      .toContain('leaderWorkerSet.disaggregatedSet needs LeaderWorkerSet 0.9.0 or newer, the first to serve DisaggregatedSet (got "0.8.0")');
  });

  test('with Volcano on, LWS gang-schedules through it and is installed after it', () => {
    // GIVEN the volcano add-on on / WHEN LWS's release is made
    const r = leaderWorkerSetRelease({}, ctx('generic', ['volcano']));
    // THEN Dynamo's "LWS + Volcano" value, and the order
    expect(values(r)).toStrictEqual({ gangSchedulingManagement: { schedulerProvider: 'volcano' } });
    expect(r.dependsOn).toStrictEqual(['volcano']);
  });

  test('with Volcano on, an LWS chart older than 0.7.0 is refused', () => {
    const e = error(() => leaderWorkerSetRelease({ version: '0.6.3' }, ctx('generic', ['volcano'])));
    expect([e.prop, e.message]).toStrictEqual(['leaderWorkerSet.version',
      'leaderWorkerSet.version must be 0.7.0 or newer with Volcano: Dynamo needs LeaderWorkerSet 0.7.0 or newer, the first whose chart takes gangSchedulingManagement (got "0.6.3"); set leaderWorkerSet.version to "0.10.0" (or leave it out)']);
    // AND 0.7.0 is accepted
    expect(leaderWorkerSetRelease({ version: '0.7.0' }, ctx('generic', ['volcano'])).source.version).toBe('0.7.0');
  });
});

describe('Volcano', () => {
  test('the chart of Dynamo\'s install guide in volcano-system; spot tolerations for every component', () => {
    // GIVEN / WHEN
    const r = volcanoRelease({}, ctx('generic', [], { tolerations: [SPOT] }));
    // THEN
    expect([r.id, r.releaseName, r.namespace, r.source]).toStrictEqual(['volcano', 'volcano', 'volcano-system',
      { repository: 'https://volcano-sh.github.io/helm-charts', chart: 'volcano', version: '1.15.0' }]);
    expect(values(r)).toStrictEqual({ custom: { default_tolerations: [SPOT] } });
    expect([r.dependsOn, r.deviceResources, values(volcanoRelease({}, ctx('generic')))]).toStrictEqual([[], [], {}]);
  });

  test('a misspelt option is a named error', () => {
    expect(error(() => volcanoRelease({ schedulerName: 'volcano' } as never, ctx('generic'))).message)
      .toContain('volcano.schedulerName is not a prop of VolcanoOptions');
  });
});

describe('extra charts', () => {
  const CERT_MANAGER: HelmChartOptions = { id: 'cert-manager', repository: 'https://charts.jetstack.io/', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager' };

  test('an extra chart is passed through, its values cleaned of nulls', () => {
    const r = extraChartRelease({ ...CERT_MANAGER, values: { crds: { enabled: true }, x: null }, dependsOn: ['kube-prometheus-stack', 'kube-prometheus-stack'] }, 'charts[0]');
    expect(r).toStrictEqual({
      id: 'cert-manager', displayName: 'cert-manager', releaseName: 'cert-manager', namespace: 'cert-manager',
      source: { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.19.1' },
      values: { crds: { enabled: true } }, dependsOn: ['kube-prometheus-stack'], manifests: [], deviceResources: [],
    });
  });

  test('a device plugin\'s chart lists the resources it advertises, sorted and without repeats', () => {
    // GIVEN an SR-IOV device plugin chart / WHEN its release is made
    const r = extraChartRelease({ ...CERT_MANAGER, id: 'sriov-dp', chart: 'sriov-network-device-plugin', deviceResources: ['rdma/ib', 'nvidia.com/hostdev', 'rdma/ib'] }, 'charts[0]');
    // THEN
    expect(r.deviceResources).toStrictEqual(['nvidia.com/hostdev', 'rdma/ib']);
  });

  test.each([
    [{ repository: 'http://charts.jetstack.io' }, 'charts[1].repository must be an https:// Helm repository or an oci:// registry path'],
    [{ repository: './charts' }, 'charts[1].repository must be an https://'],
    [{ id: 'Cert Manager' }, 'charts[1].id must be a lowercase slug'],
    [{ chart: 'Cert/Manager' }, 'charts[1].chart must be a chart name'],
    [{ version: '>=1.0.0' }, 'charts[1].version must be an exact chart version'],
    [{ namespace: 'cert_manager' }, 'charts[1].namespace must be a DNS label'],
    [{ dependsOn: ['cert-manager'] }, 'charts[1].dependsOn[0] must not name the chart itself'],
    [{ id: undefined }, 'charts[1].id is required'],
    [{ valuse: {} }, 'charts[1].valuse is not a prop of HelmChartOptions'],
    [{ values: { a: undefined } }, 'charts[1].values.a must have a JSON value'],
    [{ deviceResources: ['efa'] }, 'charts[1].deviceResources[0] must be an extended resource name such as vpc.amazonaws.com/efa or rdma/shared_ib (got "efa")'],
    [{ deviceResources: 'rdma/ib' }, 'charts[1].deviceResources must be'],
  ])('%j is refused', (change, message) => {
    expect(error(() => extraChartRelease({ ...CERT_MANAGER, ...change } as never, 'charts[1]')).message).toContain(message);
  });
});
