import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, test } from 'vitest';
import { DynamoPlatform as DynamoPlatformConstruct, DynamoVersion, Planner, SecretRef } from '../../lib';
import type * as PlatformModule from '../../lib/pulumi/dynamo-platform';
import type * as Engine from '../../lib/pulumi';
import type { DynamoPlatformArgs } from '../../lib/pulumi/dynamo-platform';
import { inputPropertyError, installMocks, out, plain, Registration, registrations, urnKey } from '../support/pulumi';

// GIVEN/WHEN/THEN for the Pulumi DynamoPlatform component and the pattern components on it, under
// Pulumi's mocks (every registration request recorded as the engine would receive it).

const state = {} as { recorded: Registration[]; platform: typeof PlatformModule; engine: typeof Engine };
beforeAll(async () => {
  state.recorded = installMocks();
  state.platform = await import('../../lib/pulumi/dynamo-platform.js');
  state.engine = await import('../../lib/pulumi/index.js');
});

const MODEL = 'Qwen/Qwen3-0.6B';
const PROMETHEUS = 'http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090';
/** kube-prometheus-stack with Grafana's admin Secret. */
const KPS = { grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') };
/** A platform with add-ons that depend on each other, an OCI chart and a release with a manifest. */
const RICH: DynamoPlatformArgs = {
  gpuOperator: {}, networkOperator: {}, kubePrometheusStack: KPS, prometheusAdapter: {}, leaderWorkerSet: {},
};
const RELEASE = 'kubernetes:helm.sh/v3:Release';
const v = (r: Registration) => plain(r.raw) as Record<string, any>;
const newPlatform = (name: string, args: DynamoPlatformArgs = {}, opts?: pulumi.ComponentResourceOptions) => new state.platform.DynamoPlatform(name, args, opts);

describe('DynamoPlatform (Pulumi)', () => {
  test('registers one Release per release, in dependency order, each depending on exactly the releases (and their manifests) it comes after', async () => {
    // GIVEN / WHEN
    const c = newPlatform('order', RICH);
    const regs = await registrations(state.recorded, c);
    // THEN the component has its type token, and its children are the Releases and the NicClusterPolicy
    expect(regs.filter((r) => !r.custom).map((r) => r.type)).toStrictEqual(['dynamo-constructs:index:DynamoPlatform']);
    const urn = await out(c.urn);
    const children = regs.filter((r) => r.custom);
    for (const child of children) expect(child.parent).toBe(urn);
    // ...made in the construct's release order (dependencies first), the manifest right after its Release
    // (the engine receives each once what it depends on is registered)
    expect((await Promise.all(c.resources.map((r) => out(r.urn)))).map((u) => urnKey(u))).toStrictEqual([
      'Release order/kube-prometheus-stack',
      'Namespace order/nvidia-network-operator',
      'Release order/network-operator',
      'NicClusterPolicy order/network-operator/nic-cluster-policy',
      'Namespace order/gpu-operator',
      'Release order/gpu-operator',
      'Release order/lws',
      'Release order/prometheus-adapter',
      'Release order/dynamo-platform',
    ]);
    expect(children).toHaveLength(9);
    expect(c.platform.releases.map((r) => r.id)).toStrictEqual(['kube-prometheus-stack', 'network-operator', 'gpu-operator', 'lws', 'prometheus-adapter', 'dynamo-platform']);
    // ...and each depends on the Releases of its dependsOn, plus those releases' manifests
    const deps = Object.fromEntries(children.map((r) => [urnKey(`::::${r.type}::${r.name}`, 'order/'), r.dependencies.map((d) => urnKey(d, 'order/')).sort()]));
    expect(deps).toStrictEqual({
      'Release kube-prometheus-stack': [],
      'Namespace nvidia-network-operator': [],
      'Release network-operator': ['Namespace nvidia-network-operator'],
      'NicClusterPolicy network-operator/nic-cluster-policy': ['Release network-operator'],
      'Namespace gpu-operator': [],
      'Release gpu-operator': ['Namespace gpu-operator', 'NicClusterPolicy network-operator/nic-cluster-policy', 'Release kube-prometheus-stack', 'Release network-operator'],
      'Release lws': [],
      'Release prometheus-adapter': ['Release kube-prometheus-stack'],
      'Release dynamo-platform': ['Release kube-prometheus-stack', 'Release lws'],
    });
    // ...the rule, stated from the construct's releases
    for (const release of c.platform.releases) {
      const expected = release.dependsOn.flatMap((id) => [`Release ${id}`, ...c.platform.releases.find((r) => r.id === id)!.manifests.map((m) => `${m.kind} ${id}/${m.metadata.name}`)]);
      const namespace = release.namespaceLabels === undefined ? [] : [`Namespace ${release.namespace}`];
      expect(deps[`Release ${release.id}`]).toStrictEqual([...namespace, ...expected].sort());
    }
  });

  test('a Release of an https:// chart: name, namespace (created), chart, version, repository, values, timeout; replaced by delete-then-create', async () => {
    // GIVEN / WHEN
    const c = newPlatform('https', RICH);
    const regs = await registrations(state.recorded, c);
    // THEN
    const gpu = regs.find((r) => r.type === RELEASE && r.name === 'https/gpu-operator')!;
    const release = c.platform.releases.find((r) => r.id === 'gpu-operator')!;
    expect(gpu.type).toBe(RELEASE);
    // (`compat` is an input the Release class adds itself)
    expect(v(gpu)).toStrictEqual({
      compat: 'true',
      name: 'gpu-operator',
      namespace: 'gpu-operator',
      createNamespace: true,
      chart: 'gpu-operator',
      version: 'v26.7.0',
      repositoryOpts: { repo: 'https://helm.ngc.nvidia.com/nvidia' },
      values: release.values,
      allowNullValues: true,
      timeout: 900,
    });
    expect(Object.keys(release.values).length).toBeGreaterThan(0);
    expect(gpu.deleteBeforeReplace).toBe(true);
    // AND the platform chart from Dynamo's repository at the platform's release
    expect(v(regs.find((r) => r.type === RELEASE && r.name === 'https/dynamo-platform')!)).toMatchObject({
      name: 'dynamo-platform', namespace: 'dynamo-system', chart: 'dynamo-platform', version: DynamoVersion.LATEST.version,
      repositoryOpts: { repo: 'https://helm.ngc.nvidia.com/nvidia/ai-dynamo' }, values: c.platform.platformRelease.values,
    });
  });

  test('a Release of an OCI chart names it by its oci:// reference, without a repository', async () => {
    // GIVEN / WHEN
    const c = newPlatform('oci', { leaderWorkerSet: { version: '0.8.0' } });
    const regs = await registrations(state.recorded, c);
    // THEN
    const lws = v(regs.find((r) => r.name === 'oci/lws')!);
    expect(lws).toMatchObject({ name: 'lws', namespace: 'lws-system', chart: 'oci://registry.k8s.io/lws/charts/lws', version: '0.8.0' });
    expect(lws.repositoryOpts).toBeUndefined();
  });

  test('the NicClusterPolicy is a custom resource of the manifest, after the network-operator Release', async () => {
    // GIVEN / WHEN
    const c = newPlatform('nic', { networkOperator: {} });
    const regs = await registrations(state.recorded, c);
    // THEN
    const release = c.platform.releases.find((r) => r.id === 'network-operator')!;
    const [manifest] = release.manifests;
    const policy = regs.find((r) => r.name === 'nic/network-operator/nic-cluster-policy')!;
    expect(policy.type).toBe('kubernetes:mellanox.com/v1alpha1:NicClusterPolicy');
    expect(c.resources[c.resources.indexOf(c.releases['network-operator']) + 1]).toBeInstanceOf(k8s.apiextensions.CustomResource);
    expect(v(policy)).toStrictEqual({ apiVersion: 'mellanox.com/v1alpha1', kind: 'NicClusterPolicy', metadata: { name: 'nic-cluster-policy' }, spec: manifest.spec });
    expect(policy.dependencies).toStrictEqual([await out(c.releases['network-operator'].urn)]);
  });

  test('a namespace a release needs labelled is a Namespace with the labels, created before the Release; others are Helm\'s', async () => {
    // GIVEN / WHEN
    const c = newPlatform('labels', { gpuOperator: {}, kubePrometheusStack: KPS });
    const regs = await registrations(state.recorded, c);
    // THEN
    const gpu = c.platform.releases.find((r) => r.id === 'gpu-operator')!;
    expect(gpu.namespaceLabels).toStrictEqual({ 'pod-security.kubernetes.io/enforce': 'privileged' });
    const namespaces = regs.filter((r) => r.type === 'kubernetes:core/v1:Namespace');
    expect(namespaces.map((r) => [r.name, v(r)])).toStrictEqual([
      ['labels/gpu-operator', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gpu-operator', labels: gpu.namespaceLabels } }],
    ]);
    const release = regs.find((r) => r.type === RELEASE && r.name === 'labels/gpu-operator')!;
    const namespace = c.resources.find((r) => r instanceof k8s.core.v1.Namespace)!;
    expect(release.dependencies).toContain(await out(namespace.urn));
    expect(c.resources.indexOf(namespace)).toBe(c.resources.indexOf(c.releases['gpu-operator']) - 1);
  });

  test('exposes the construct, the Releases by id, and the version, namespace and Prometheus', async () => {
    // GIVEN / WHEN
    const c = newPlatform('outputs', { version: DynamoVersion.V1_5_1, namespace: 'dynamo', kubePrometheusStack: KPS });
    // THEN
    expect(DynamoPlatformConstruct.isDynamoPlatform(c.platform)).toBe(true);
    expect(Object.keys(c.releases)).toStrictEqual(['kube-prometheus-stack', 'dynamo-platform']);
    expect(await out(c.releases['dynamo-platform'].name)).toBe('dynamo-platform');
    expect(await Promise.all([out(c.version), out(c.namespace), out(c.prometheusEndpoint)])).toStrictEqual(['1.5.1', 'dynamo', PROMETHEUS]);
    expect(state.platform.DynamoPlatform.isDynamoPlatform(c)).toBe(true);
    expect(state.platform.DynamoPlatform.isDynamoPlatform(c.platform)).toBe(false);
  });

  test('timeout sets each Release\'s Helm timeout in seconds', async () => {
    // GIVEN / WHEN
    const c = newPlatform('timeout', { timeout: '1h30m' });
    const regs = await registrations(state.recorded, c);
    // THEN
    expect(v(regs.find((r) => r.name === 'timeout/dynamo-platform')!).timeout).toBe(5400);
  });

  test.each<[string, unknown, string, string | RegExp]>([
    ['an invalid add-on combination', { keda: {}, prometheusAdapter: {} }, 'keda.metricsServer', /^keda.metricsServer must be false when the prometheusAdapter add-on is on/],
    ['a bad namespace', { namespace: 'Dynamo_System' }, 'namespace', /^namespace must be/],
    ['a misspelt add-on', { gpuOperatr: {} }, 'gpuOperatr', /gpuOperatr/],
    ['an add-on option of the wrong type', { gpuOperator: 'yes' }, 'gpuOperator', /^gpuOperator must be/],
    ['a delivery', { delivery: {} }, 'delivery', /^delivery is for a cdk8s app .*; remove delivery$/],
    ['a manifests chart', { manifestsChart: {} }, 'manifestsChart', /^manifestsChart is for a cdk8s app .*; remove manifestsChart$/],
    ['a timeout that is no duration', { timeout: '15 minutes' }, 'timeout', /^timeout must be a duration of whole seconds/],
    ['a timeout below a second', { timeout: '500ms' }, 'timeout', /^timeout must be a duration of whole seconds/],
    ['no args object', 'dynamo', 'args', /^args must be a DynamoPlatformArgs object/],
  ])('%s is an InputPropertyError naming the arg, and registers nothing', async (what, args, path, reason) => {
    // GIVEN / WHEN
    const e = inputPropertyError(() => newPlatform('invalid-platform', args as DynamoPlatformArgs));
    // THEN
    expect(e.propertyPath).toBe(path);
    expect(e.reason).toMatch(reason);
    // AND once a later component is registered, nothing of the failed one was
    await registrations(state.recorded, newPlatform(`after-${what.replace(/ /g, '-')}`));
    expect(state.recorded.filter((r) => r.name.startsWith('invalid-platform'))).toStrictEqual([]);
  });

  test('fromExisting is the package root\'s, its errors InputPropertyErrors', () => {
    // GIVEN / WHEN
    const existing = state.platform.DynamoPlatform.fromExisting({ version: DynamoVersion.V1_5_1, prometheusEndpoint: PROMETHEUS });
    // THEN
    expect([existing.version.version, existing.namespace, existing.prometheusEndpoint]).toStrictEqual(['1.5.1', 'dynamo-system', PROMETHEUS]);
    expect(inputPropertyError(() => state.platform.DynamoPlatform.fromExisting({ version: DynamoVersion.V1_5_1, namespace: 'Bad' })).propertyPath).toBe('platform.namespace');
  });
});

describe('a pattern component on the platform', () => {
  test('given the component, it depends on every Release and manifest of the platform, and takes its release and Prometheus', async () => {
    // GIVEN
    const platform = newPlatform('served', { version: DynamoVersion.V1_5_1, kubePrometheusStack: KPS, networkOperator: {} });
    // WHEN
    const llm = new state.engine.AggregatedLlm('on-platform', {
      model: MODEL, namespace: 'llm', platform, planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8 }),
    });
    const regs = await registrations(state.recorded, llm);
    // THEN the component (and through it each of its children, registered after it) comes after the platform's resources
    const component = regs.find((r) => !r.custom)!;
    const platformUrns = await Promise.all(platform.resources.map((r) => out(r.urn)));
    expect([...component.dependencies].sort()).toStrictEqual([...platformUrns].sort());
    expect(platformUrns).toHaveLength(5);
    for (const child of regs.filter((r) => r.custom)) expect(child.parent).toBe(await out(llm.urn));
    // AND the graph uses the platform's release, its planner the platform's Prometheus
    expect(llm.pattern.dgd.dynamoVersion.version).toBe('1.5.1');
    const dgd = v(regs.find((r) => r.type.endsWith(':DynamoGraphDeployment'))!);
    const planner = dgd.spec.components.find((c: { name: string }) => c.name === 'Planner');
    expect(JSON.parse(planner.podTemplate.spec.containers[0].args[1]).metric_pulling_prometheus_endpoint).toBe(PROMETHEUS);
  });

  test('the user\'s dependsOn is kept next to the platform', async () => {
    // GIVEN
    const platform = newPlatform('served-too', {});
    const other = new k8s.core.v1.ConfigMap('other-dependency', { metadata: { name: 'other' } });
    // WHEN
    const llm = new state.engine.DisaggregatedLlm('with-deps', { model: MODEL, allowTcpKvTransfer: true, platform }, { dependsOn: [other] });
    const regs = await registrations(state.recorded, llm);
    // THEN
    const component = regs.find((r) => !r.custom)!;
    expect([...component.dependencies].sort()).toStrictEqual([await out(other.urn), await out(platform.releases['dynamo-platform'].urn)].sort());
  });

  test('given fromExisting, it depends on nothing and still takes the platform\'s release', async () => {
    // GIVEN
    const platform = state.platform.DynamoPlatform.fromExisting({ version: DynamoVersion.V1_5_1 });
    // WHEN
    const llm = new state.engine.AggregatedLlm('on-existing', { model: MODEL, platform });
    const regs = await registrations(state.recorded, llm);
    // THEN
    expect(regs.find((r) => !r.custom)!.dependencies).toStrictEqual([]);
    expect(llm.pattern.dgd.dynamoVersion.version).toBe('1.5.1');
  });

  test('another Dynamo release than the platform\'s is an InputPropertyError naming dynamoVersion, and registers nothing', async () => {
    // GIVEN
    const platform = newPlatform('mismatch-platform', { version: DynamoVersion.V1_5_1 });
    // WHEN
    const e = inputPropertyError(() => new state.engine.AggregatedLlm('mismatch', { model: MODEL, platform, dynamoVersion: DynamoVersion.LATEST }));
    // THEN
    expect(e.propertyPath).toBe('dynamoVersion');
    expect(e.reason).toMatch(/^dynamoVersion must be the platform's Dynamo release \(1\.5\.1\)/);
    await registrations(state.recorded, platform);
    expect(state.recorded.filter((r) => r.name.startsWith('mismatch/') || r.name === 'mismatch')).toStrictEqual([]);
  });

  test('two platform components (cluster-wide and namespace-restricted) register resources of distinct names', async () => {
    // GIVEN / WHEN
    const cluster = newPlatform('two-cluster', { gpuOperator: {} });
    const dev = newPlatform('two-dev', { namespace: 'team-a', releaseName: 'dynamo-dev', namespaceRestriction: {} });
    const [a, b] = await Promise.all([registrations(state.recorded, cluster), registrations(state.recorded, dev)]);
    // THEN every resource name is its component's
    const keys = [...a, ...b].filter((r) => r.custom).map((r) => `${r.type}::${r.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(b.filter((r) => r.type === RELEASE).map((r) => [r.name, v(r).name, v(r).namespace])).toStrictEqual([['two-dev/dynamo-platform', 'dynamo-dev', 'team-a']]);
    expect(a.filter((r) => r.type === RELEASE).map((r) => r.name).sort()).toStrictEqual(['two-cluster/dynamo-platform', 'two-cluster/gpu-operator']);
  });

  test('a literal credential in values is an InputPropertyError naming its path, without the value, and registers nothing', async () => {
    // GIVEN / WHEN
    const e = inputPropertyError(() => newPlatform('literal-credential', { kubePrometheusStack: { values: { grafana: { adminPassword: 'not-a-real-password' } } } }));
    // THEN
    expect(e.propertyPath).toBe('kubePrometheusStack.values.grafana.adminPassword');
    expect(e.reason).toMatch(/^kubePrometheusStack\.values\.grafana\.adminPassword must not be a literal credential: /);
    expect(e.reason).not.toContain('not-a-real-password');
    expect(state.recorded.filter((r) => r.name.startsWith('literal-credential'))).toStrictEqual([]);
  });

  test('a platform that is neither the component nor a platform is an InputPropertyError naming platform', () => {
    // GIVEN / WHEN
    const e = inputPropertyError(() => new state.engine.AggregatedLlm('bad-platform', { model: MODEL, platform: { version: '1.5.1' } as never }));
    // THEN
    expect(e.propertyPath).toBe('platform');
    expect(e.reason).toMatch(/^platform must be a Dynamo platform/);
  });
});
