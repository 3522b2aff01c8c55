import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { isSecretKey } from '../../stacks/pulumi/config/secrets';
import { installMocks, kubeObjects, occurrences, out, plain, Registration, registrations, urnName } from '../support/pulumi';

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'hf_ProgramToken0123456789abcdef';

let recorded: Registration[];
let program: typeof import('../../stacks/pulumi/index.js');
let readStackConfig: typeof import('../../stacks/pulumi/config.js').readStackConfig;
let deploy: typeof import('../../stacks/pulumi/deploy.js').deploy;
let deployment: typeof import('../../stacks/pulumi/deploy.js').deployment;

/** A stack config file as the flat string map the engine hands a program, its keys moved to `project`. */
function stackConfig(file: string, project = 'dynamo-constructs'): Record<string, string> {
  const doc = parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [
    k.replace(/^dynamo-constructs:/, `${project}:`), typeof v === 'string' ? v : JSON.stringify(v),
  ]));
}

let before: { config: Record<string, string>; secretKeys: string[] };

beforeAll(async () => {
  const config = pulumi.runtime.allConfig();
  before = { config, secretKeys: Object.keys(config).filter(isSecretKey) };
  // The example config plus the token as `pulumi config set --secret hfToken` stores it, then the program.
  recorded = installMocks({ ...stackConfig('Pulumi.dev.yaml.example'), 'dynamo-constructs:hfToken': TOKEN }, ['dynamo-constructs:hfToken']);
  // The program registers its resources when its module is evaluated. Test files share the worker's module
  // cache (isolate: false), and a re-run in watch mode keeps it too: a query of its own makes this import
  // evaluate the program again, under these mocks (only the program module: config.ts, deploy.ts and the
  // library stay the cached ones, the same as the imports below).
  const fresh = `../../stacks/pulumi/index.ts?run=${Date.now()}`;
  program = await import(fresh) as typeof import('../../stacks/pulumi/index.js');
  ({ readStackConfig } = await import('../../stacks/pulumi/config.js'));
  ({ deploy, deployment } = await import('../../stacks/pulumi/deploy.js'));
});

// The config map is process-wide: put back what was there for the next file in the worker.
afterAll(() => pulumi.runtime.setAllConfig(before.config, before.secretKeys));

describe('the Pulumi program (Pulumi.yaml)', () => {
  test('Pulumi.yaml runs the TypeScript program in stacks/pulumi', () => {
    const project = parse(fs.readFileSync(path.join(ROOT, 'Pulumi.yaml'), 'utf8'));
    expect(project.name).toBe('dynamo-constructs');
    expect(project.runtime).toStrictEqual({ name: 'nodejs', options: { typescript: true, packagemanager: 'npm' } });
    expect(fs.existsSync(path.join(ROOT, project.main, 'index.ts'))).toBe(true);
  });

  test('with the example config, deploys the disaggregated pattern it describes', async () => {
    // WHEN (the program ran at import)
    const card = await out(program.endpointCard);
    // THEN
    expect(await out(program.dgdName)).toBe('llama-70b');
    expect(await out(program.endpoint)).toBe('http://llama-70b-frontend.llm.svc.cluster.local:8000/v1');
    expect(card.servingMode).toBe('disaggregated');
    expect(card.routerMode).toBe('kv');
    expect(card.displayName).toBe('llama-3.3-70b');
    expect(card.frontend.replicas).toBe(2);
    expect(card.pools.prefill.summary).toBe('2 × 4 GPU, TP 4, 2 CPU, 8Gi');
    expect(card.pools.decode.summary).toBe('1 × 4 GPU, TP 4, 16 CPU, 128Gi (autoscaled)');
    expect(Object.keys(await out(program.logsCommands))).toStrictEqual(['Frontend', 'VllmPrefillWorker', 'VllmDecodeWorker']);
  });

  test('registers the namespace, the token Secret, then the chart\'s objects; the token only as a secret', async () => {
    // GIVEN
    const component = recorded.find((r) => r.type === 'dynamo-constructs:index:DisaggregatedLlm' && r.name === 'llama-70b');
    expect(component).toBeDefined();
    // WHEN
    const children = recorded.filter((r) => r.name.startsWith('llama-70b/'));
    const objs = kubeObjects(children).map((r) => plain(r.raw) as { kind: string; metadata: { name: string } });
    // THEN: the namespace first, then the token Secret, then the chart's objects
    expect(objs.slice(0, 2).map((o) => o.kind)).toStrictEqual(['Namespace', 'Secret']);
    expect(objs.slice(2).map((o) => o.kind).sort()).toStrictEqual([
      'ConfigMap', 'DynamoGraphDeployment', 'Ingress', 'Job', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'PodMonitor', 'PrometheusRule', 'ScaledObject',
    ]);
    // ...the namespace depends on nothing, the Secret on the namespace, every other object on both
    const [ns, secret, ...rest] = kubeObjects(children);
    expect(ns.dependencies).toStrictEqual([]);
    expect(secret.dependencies.map(urnName)).toStrictEqual([ns.name]);
    for (const r of rest) expect(r.dependencies.map(urnName)).toStrictEqual(expect.arrayContaining([ns.name, secret.name]));
    expect(children.flatMap((r) => occurrences(r.raw, TOKEN)).every((o) => o.secret)).toBe(true);
    expect(children.flatMap((r) => occurrences(r.raw, TOKEN))).toHaveLength(1);
  });
});

/**
 * What each example stack file deploys: the component type and the kinds of its Kubernetes objects,
 * and the releases of the platform it installs (`platform.install`), in install order.
 */
const EXAMPLES: Record<string, { component: string; kinds: string[]; platform?: string[] }> = {
  'Pulumi.dev.yaml.example': {
    component: 'DisaggregatedLlm',
    kinds: ['ConfigMap', 'DynamoGraphDeployment', 'Ingress', 'Job', 'Namespace', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'PodMonitor',
      'PrometheusRule', 'ScaledObject', 'Secret'],
  },
  'Pulumi.eks.yaml.example': {
    component: 'DisaggregatedLlm',
    kinds: ['DynamoGraphDeployment', 'EC2NodeClass', 'EC2NodeClass', 'Ingress', 'Job', 'Namespace', 'NodePool', 'NodePool', 'PersistentVolumeClaim',
      'PodDisruptionBudget', 'Secret', 'StorageClass'],
    platform: ['kube-prometheus-stack', 'gpu-operator', 'aws-efa-k8s-device-plugin', 'dynamo-platform'],
  },
  'Pulumi.eks-auto-mode.yaml.example': {
    component: 'AggregatedLlm',
    kinds: ['DynamoGraphDeployment', 'Ingress', 'IngressClass', 'IngressClassParams', 'Job', 'Namespace', 'NodeClass', 'NodePool', 'PersistentVolumeClaim',
      'Secret', 'StorageClass'],
  },
  'Pulumi.gke.yaml.example': {
    component: 'DisaggregatedLlm',
    kinds: ['ComputeClass', 'ComputeClass', 'DynamoGraphDeployment', 'GCPBackendPolicy', 'Gateway', 'HTTPRoute', 'HealthCheckPolicy', 'Job', 'Namespace',
      'PersistentVolumeClaim', 'Secret', 'StorageClass'],
  },
  'Pulumi.aks.yaml.example': {
    component: 'DisaggregatedLlm',
    kinds: ['DynamoGraphDeployment', 'Gateway', 'HTTPRoute', 'Job', 'Namespace', 'PersistentVolumeClaim', 'Secret', 'StorageClass'],
  },
};

describe('the example stack files', () => {
  test('every Pulumi.*.yaml.example at the repository root is run below', () => {
    const files = fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml\.example$/.test(f)).sort();
    expect(files).toStrictEqual(Object.keys(EXAMPLES).sort());
  });

  test.each(Object.entries(EXAMPLES))('%s runs under mocks and deploys what it describes', async (file, expected) => {
    // GIVEN the file's config in a namespace of its own, with the token set as a secret
    const project = `example-${file.split('.')[1]}`;
    pulumi.runtime.setAllConfig({ ...stackConfig(file, project), [`${project}:hfToken`]: TOKEN }, [`${project}:hfToken`]);
    // WHEN
    const spec = readStackConfig(new pulumi.Config(project));
    const { llm, platform } = deployment({ ...spec, name: project });
    // THEN
    const regs = await registrations(recorded, llm);
    expect(regs[0].type).toBe(`dynamo-constructs:index:${expected.component}`);
    expect(kubeObjects(regs).map((r) => (plain(r.raw) as { kind: string }).kind).sort()).toStrictEqual(expected.kinds);
    // AND the platform it installs: its Releases, which the pattern's component depends on
    expect(platform?.platform.releases.map((r) => r.id)).toStrictEqual(expected.platform);
    if (platform !== undefined) {
      const releases = (await registrations(recorded, platform)).filter((r) => r.type === 'kubernetes:helm.sh/v3:Release');
      expect(releases.map((r) => r.name).sort()).toStrictEqual(expected.platform!.map((id) => `${project}-platform/${id}`).sort());
      expect(regs[0].dependencies).toStrictEqual(expect.arrayContaining(await Promise.all(Object.values(platform.releases).map((r) => out(r.urn)))));
    }
  });
});

describe('a value the components refuse fails naming the config key, the library\'s reason and the pulumi config fix', () => {
  let projects = 0;

  /** The message of the error deploying the stack config `values` (objects as Pulumi stores them: JSON) throws. */
  function deployError(values: Record<string, unknown>): string {
    const project = `refused-${++projects}`;
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries({ model: 'Qwen/Qwen3-0.6B', ...values })
      .map(([k, v]) => [`${project}:${k}`, typeof v === 'string' ? v : JSON.stringify(v)])), []);
    const spec = readStackConfig(new pulumi.Config(project));
    try {
      deploy({ ...spec, name: project });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('deploying the config did not fail');
  }

  const DISAGG = { mode: 'disaggregated', allowTcpKvTransfer: true };
  const keda = (settings: object) => ({ kind: 'keda', maxReplicas: 4, metrics: [{ kind: 'interTokenLatency', targetMs: 40 }], ...settings });

  test.each([
    ['parallelism that does not match the GPUs: the value the library names', { workers: { gpus: 3, tensorParallelSize: 2 } },
      'config workers.tensorParallelSize must match the GPUs: tensor (2) × pipeline (1) = 2, but nodes (1) × gpus (3) = 3 (got 2); '
      + "set workers.tensorParallelSize to 3, or change workers.gpus / workers.nodes; change it with pulumi config set --path 'workers.tensorParallelSize' 3"],
    ['a duration out of range: the library\'s Duration as the config writes it', { ingress: { timeout: '10s' } },
      'config ingress.timeout must be a whole number of seconds between 60 and 4000 (got "10s"); token streams idle between chunks; '
      + "use Duration.seconds(300) or more for long generations; change it with pulumi config set --path 'ingress.timeout' 300s"],
    ['a KV transfer the backend does not take: one it takes, by its config name', { ...DISAGG, backend: 'sglang', kvTransfer: 'ucx' },
      'config kvTransfer must be one of KvTransfer.nixl(), KvTransfer.mooncake() for SGLang (got "KvTransfer.ucxTransceiver()"); use one of those, '
      + 'or another backend (KvTransfer.ucxTransceiver() is not a SGLang transfer engine); change it with pulumi config set kvTransfer nixl'],
    ['an autoscaler\'s Prometheus that is not a URL: the library\'s example', { ...DISAGG, decode: { autoscaling: keda({ prometheusServerAddress: 'prometheus' }) } },
      'config decode.autoscaling.prometheusServerAddress must be an http(s) URL (got "prometheus"); use the Prometheus service URL, '
      + 'e.g. "http://prometheus-kube-prometheus-prometheus.monitoring.svc:9090"; '
      + "change it with pulumi config set --path 'decode.autoscaling.prometheusServerAddress' http://prometheus-kube-prometheus-prometheus.monitoring.svc:9090"],
    ['the top-level image, which the first component is blamed for', { frontend: { image: 'frontend:1' }, image: 'vllm runtime' },
      'config image must be a container image reference (got "vllm runtime"); set an image such as "nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0"; '
      + 'change it with pulumi config set image nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0'],
    ['a setting that must not be set: removed', { ...DISAGG, planner: { ttftMs: 300, itlMs: 30, maxGpus: 8 }, decode: { autoscaling: keda({ prometheusServerAddress: 'http://p:9090' }) } },
      'config decode.autoscaling must not be set with a planner, which already scales the decode pool (got "KEDA"); remove decode.autoscaling or the planner: '
      + "two owners of the same replicas undo each other's changes; remove it with pulumi config rm --path 'decode.autoscaling'"],
    ['a map key that is not one: the entry moved', { labels: { 'team name': 'llm' } },
      'config labels must have Kubernetes label keys ([prefix/]name, the name at most 63 letters, digits, "-", "_" or ".") (got "team name"); '
      + 'use a key such as "release" or "example.com/team"; move the entry with pulumi config rm --path \'labels["team name"]\' && pulumi config set --path \'labels.release\' llm'],
    ['disaggregated serving without RDMA: the profile\'s fabric or TCP, as config', { mode: 'disaggregated' },
      'config cloud must declare the RDMA fabric for disaggregated serving on Cloud.generic(): without it KV transfer falls back to TCP and the first token takes '
      + '~98 s instead of ~0.3 s at an 8k-token prompt (got "Cloud.generic()"); declare it, e.g. Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, '
      + "resourceName: 'rdma/ib' } }), or accept the cost with allowTcpKvTransfer: true; change it with pulumi config set --path 'cloud.provider' generic "
      + "&& pulumi config set --path 'cloud.rdma.fabric' infiniband && pulumi config set --path 'cloud.rdma.resourceName' rdma/ib, or pulumi config set allowTcpKvTransfer true"],
    ['access the cloud\'s ingress does not enforce: the gateway that does, as config', { ingress: { className: 'nginx' }, access: { kind: 'apiKeys', secret: 'llm-api-keys' } },
      'config access asks for client API keys (EndpointAccess.apiKeys), which the ingress controller of Cloud.generic() (one the library does not know) does not enforce '
      + '(got "EndpointAccess.apiKeys"); it is enforced by IngressController.envoyGateway() or IngressController.envoyAiGateway() (set ingress.controller; Envoy Gateway '
      + "checks the keys in the Secret); change it with pulumi config set --path 'ingress.controller' envoyGateway, or remove it with pulumi config rm access"],
    ['access without ingress: the gateway to set, as config', { access: { kind: 'jwt', issuer: 'https://login.example.com/', audiences: ['llm'], jwksUri: 'https://login.example.com/jwks' } },
      'config access needs ingress: access is enforced by the gateway in front of the frontend (got "EndpointAccess.jwt"); set ingress (e.g. ingress: {} for the '
      + "cloud's load balancer, or ingress: { controller: IngressController.envoyGateway() }), or remove access; in-cluster callers reach refused-10-frontend directly; "
      + "change it with pulumi config set --path 'ingress.controller' envoyGateway, or remove it with pulumi config rm access"],
    ['token limits on Envoy Gateway: Envoy AI Gateway, as config', { ingress: { controller: 'envoyGateway' }, access: { kind: 'open', tokensPerMinute: 100000 } },
      'config access.tokensPerMinute asks for a per-client LLM token limit, which IngressController.envoyGateway() does not enforce (got 100000); it is enforced by '
      + 'IngressController.envoyAiGateway() (set ingress.controller; Envoy AI Gateway counts the tokens of each OpenAI response); '
      + "change it with pulumi config set --path 'ingress.controller' envoyAiGateway, or remove it with pulumi config rm --path 'access.tokensPerMinute'"],
    ['a value the library gives no example of: the command with a placeholder', { frontend: { replicas: 0 } },
      'config frontend.replicas must be an integer >= 1 (got 0); at least one frontend must serve the OpenAI API; with none, the model disappears from /v1/models; '
      + "change it with pulumi config set --path 'frontend.replicas' <value>"],
  ])('%s', (_mistake, values, message) => {
    expect(deployError(values)).toBe(message);
  });
});

describe('the access and ingress.controller keys', () => {
  test('deploy the gateway and its policies: the API keys by Secret name only, limits per client', async () => {
    // GIVEN Envoy AI Gateway in front of the frontend, API keys, a source allow list and both limits
    const project = 'access-envoy-ai';
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries({
      model: 'Qwen/Qwen3-0.6B',
      ingress: { host: 'llm.example.com', tlsSecret: 'llm-tls', controller: 'envoyAiGateway' },
      access: { kind: 'apiKeys', secret: 'llm-api-keys', requestsPerMinute: 600, tokensPerMinute: 200000, allowedSourceRanges: ['203.0.113.0/24'] },
    }).map(([k, v]) => [`${project}:${k}`, typeof v === 'string' ? v : JSON.stringify(v)])), []);
    // WHEN
    const { llm } = deployment({ ...readStackConfig(new pulumi.Config(project)), name: project });
    // THEN the gateway's objects, beside the graph
    const objs = kubeObjects(await registrations(recorded, llm)).map((r) => plain(r.raw) as { kind: string; spec: Record<string, any> });
    expect(objs.map((o) => o.kind).sort()).toStrictEqual([
      'AIGatewayRoute', 'AIServiceBackend', 'Backend', 'BackendTrafficPolicy', 'ClientTrafficPolicy', 'DynamoGraphDeployment', 'Gateway', 'SecurityPolicy',
    ]);
    // AND the keys are the Secret's, the source range the allow list
    const policy = objs.find((o) => o.kind === 'SecurityPolicy')!.spec;
    expect(policy.apiKeyAuth.credentialRefs).toStrictEqual([{ name: 'llm-api-keys' }]);
    expect(policy.authorization.rules.map((r: { principal: unknown }) => r.principal)).toStrictEqual([{ clientCIDRs: ['203.0.113.0/24'] }]);
    // AND the limits: requests and tokens per minute, per client id (and, as a guard, per source IP for a request without one)
    const limits = objs.find((o) => o.kind === 'BackendTrafficPolicy')!.spec.rateLimit.global.rules.map((r: { limit: { requests: number } }) => r.limit.requests);
    expect(limits).toStrictEqual([600, 600, 600, 200000, 200000, 200000]);
  });
});

describe('the platform key', () => {
  let projects = 0;

  /** Deploys the stack config `values` (objects as Pulumi stores them: JSON) under a project of its own. */
  function deployed(values: Record<string, unknown>) {
    const project = `platform-${++projects}`;
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries({ model: 'Qwen/Qwen3-0.6B', ...values })
      .map(([k, v]) => [`${project}:${k}`, typeof v === 'string' ? v : JSON.stringify(v)])), []);
    return { project, ...deployment({ ...readStackConfig(new pulumi.Config(project)), name: project }) };
  }

  /** The message of the error deploying `values` throws. */
  function deployError(values: Record<string, unknown>): string {
    try {
      deployed(values);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('deploying the config did not fail');
  }

  test('install: the platform on the stack\'s cloud, at the stack\'s dynamoVersion, before the pattern, which takes its Prometheus', async () => {
    // GIVEN / WHEN
    const { project, llm, platform } = deployed({
      dynamoVersion: '1.5.1', cloud: 'generic', platform: { install: { kubePrometheusStack: { grafanaAdminSecret: 'grafana-admin' } } }, mode: 'disaggregated', allowTcpKvTransfer: true,
      planner: { ttftMs: 300, itlMs: 30, maxGpus: 8 },
    });
    // THEN a DynamoPlatform component named after the stack's pattern, with a Release per chart
    expect(platform).toBeDefined();
    const regs = await registrations(recorded, platform!);
    expect(regs.filter((r) => !r.custom).map((r) => `${r.type} ${r.name}`)).toStrictEqual([`dynamo-constructs:index:DynamoPlatform ${project}-platform`]);
    expect(regs.filter((r) => r.custom).map((r) => r.name)).toStrictEqual([`${project}-platform/kube-prometheus-stack`, `${project}-platform/dynamo-platform`]);
    // ...at the stack's release, made for its cloud
    expect(platform!.platform.version.version).toBe('1.5.1');
    expect(platform!.platform._serving.cloudId).toBe('generic');
    // AND the pattern depends on every Release, takes the platform's release and its planner the platform's Prometheus
    const component = (await registrations(recorded, llm)).find((r) => !r.custom)!;
    expect([...component.dependencies].sort()).toStrictEqual((await Promise.all(platform!.resources.map((r) => out(r.urn)))).sort());
    expect(llm.pattern.dgd.dynamoVersion.version).toBe('1.5.1');
    const dgd = kubeObjects(await registrations(recorded, llm)).map((r) => plain(r.raw) as { kind: string; spec: { components: Array<{ name: string; podTemplate: any }> } })
      .find((o) => o.kind === 'DynamoGraphDeployment')!;
    const plannerConfig = JSON.parse(dgd.spec.components.find((c) => c.name === 'Planner')!.podTemplate.spec.containers[0].args[1]);
    expect(plannerConfig.metric_pulling_prometheus_endpoint).toBe('http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090');
  });

  test('install: platform.install.version is the platform\'s release when set', () => {
    // GIVEN a platform release and no stack dynamoVersion / WHEN
    const { platform, llm } = deployed({ platform: { install: { version: '1.5.1' } } });
    // THEN the platform installs that release, and the graph takes it
    expect([platform!.platform.version.version, llm.pattern.dgd.dynamoVersion.version]).toStrictEqual(['1.5.1', '1.5.1']);
  });

  test('existing: the pattern is checked against the declared platform, and depends on nothing', async () => {
    // GIVEN / WHEN
    const { llm, platform } = deployed({
      mode: 'disaggregated', cloud: { provider: 'generic', rdma: { fabric: 'infiniband', resourceName: 'rdma/shared_ib' } },
      platform: { existing: { version: '1.5.1', deviceResources: ['rdma/shared_ib'] } },
    });
    // THEN
    expect(platform).toBeUndefined();
    expect(llm.pattern.dgd.dynamoVersion.version).toBe('1.5.1');
    expect((await registrations(recorded, llm)).find((r) => !r.custom)!.dependencies).toStrictEqual([]);
  });

  test.each([
    ['an add-on the stack\'s cloud refuses: removed', { cloud: 'gke', platform: { install: { efaDevicePlugin: true } } },
      'config platform.install.efaDevicePlugin only applies on EC2 instances (Cloud.eks(), or Cloud.generic() or a custom cloud for self-managed EC2 nodes) (got "gke"); remove efaDevicePlugin: EFA exists only on EC2; '
      + "GKE advertises the RDMA networks of A3 Ultra and A4 nodes itself; remove it with pulumi config rm --path 'platform.install.efaDevicePlugin'"],
    ['an add-on setting the library refuses, on its key', { platform: { install: { networkOperator: { rdmaSharedDevicePlugin: { rdmaHcaMax: 0 } } } } },
      'config platform.install.networkOperator.rdmaSharedDevicePlugin.rdmaHcaMax must be an integer >= 1 (got 0); set how many pods of a node may share its HCAs, e.g. 63; '
      + "change it with pulumi config set --path 'platform.install.networkOperator.rdmaSharedDevicePlugin.rdmaHcaMax' 63"],
    ['a release the chart is not published for', { platform: { install: { version: '1.7.0' } } },
      'config platform.install.version must be a released Dynamo version (1.0.0, 1.0.1, 1.0.2, 1.1.0, 1.1.1, 1.2.0, 1.2.1, 1.3.0, 1.3.1, 1.4.0, 1.4.1, 1.4.2, 1.5.0, 1.5.1, 1.6.0, 1.6.1, 1.6.2): '
      + 'the chart is fetched by it (got "1.7.0"); use DynamoVersion.LATEST (1.6.2) or a listed release; change it with pulumi config set --path \'platform.install.version\' 1.6.2'],
    ['a Helm timeout that is not a duration', { platform: { install: { timeout: '15 minutes' } } },
      'config platform.install.timeout must be a duration of whole seconds such as "15m" or "1h" (got "15 minutes"); use a number followed by h, m or s; '
      + "change it with pulumi config set --path 'platform.install.timeout' 15m"],
    ['an existing platform in a namespace that is not one', { platform: { existing: { version: '1.6.2', namespace: 'Dynamo System' } } },
      'config platform.existing.namespace must be a DNS label (lowercase letters, digits and \'-\', at most 63 characters) (got "Dynamo System"); '
      + "use an existing Kubernetes namespace name such as \"dynamo\"; change it with pulumi config set --path 'platform.existing.namespace' dynamo"],
    ['a graph of another release than the platform\'s', { dynamoVersion: '1.5.1', platform: { existing: { version: '1.6.2' } } },
      'config dynamoVersion must be the platform\'s Dynamo release (1.6.2): an operator rejects fields of a newer release and does not render an older one\'s images (got "1.5.1"); '
      + 'remove dynamoVersion (the graph takes the platform\'s), or upgrade the platform to 1.5.1 first (one minor release at a time); remove it with pulumi config rm dynamoVersion'],
    ['an RDMA pool without the platform\'s device plugin: the add-on', {
      mode: 'disaggregated', cloud: { provider: 'aks', nodePools: { prefill: 'nd', decode: 'nd' } }, platform: { install: { kubePrometheusStack: { grafanaAdminSecret: 'grafana-admin' } } },
      prefill: { machineType: 'Standard_ND96isr_H100_v5' }, decode: { machineType: 'Standard_ND96isr_H100_v5' },
    }, 'config platform must provide a device plugin for rdma/shared_ib, which pool prefill requests: without it the pods stay Pending (got []); '
      + 'set networkOperator with a device plugin whose resource is rdma/shared_ib (rdmaSharedDevicePlugin or sriovDevicePlugin) on the DynamoPlatform, '
      + 'or add the device plugin\'s chart to charts with deviceResources: ["rdma/shared_ib"], or list it in the DynamoPlatform\'s deviceResources when the plugin is installed outside the platform; '
      + "change it with pulumi config set --path 'platform.install.networkOperator.rdmaSharedDevicePlugin.resourceName' shared_ib"],
    ['an EFA pool on a platform without the EFA device plugin: the add-on on', {
      mode: 'disaggregated', cloud: { provider: 'eks', ami: 'al2023@v20250821', nodeRole: 'KarpenterNodeRole-inference', subnetTags: { 'karpenter.sh/discovery': 'inference' },
        securityGroupTags: { 'karpenter.sh/discovery': 'inference' } },
      prefill: { machineType: 'p5.48xlarge' }, decode: { machineType: 'p5.48xlarge' }, platform: { install: { kubePrometheusStack: { grafanaAdminSecret: 'grafana-admin' } } },
    }, 'config platform must provide a device plugin for vpc.amazonaws.com/efa, which pool prefill requests: without it the pods stay Pending (got []); '
      + 'set efaDevicePlugin: {} on the DynamoPlatform, or add the device plugin\'s chart to charts with deviceResources: ["vpc.amazonaws.com/efa"], '
      + 'or list it in the DynamoPlatform\'s deviceResources when the plugin is installed outside the platform; '
      + "change it with pulumi config set --path 'platform.install.efaDevicePlugin' true"],
    ['an RDMA pool without a declared device plugin: the resource to declare', {
      mode: 'disaggregated', cloud: { provider: 'generic', rdma: { fabric: 'infiniband', resourceName: 'rdma/ib' } },
      platform: { existing: { version: '1.6.2', deviceResources: ['nvidia.com/gpu'] } },
    }, 'config platform must provide a device plugin for rdma/ib, which pool prefill requests: without it the pods stay Pending (got ["nvidia.com/gpu"]); '
      + 'install the device plugin and list "rdma/ib" in deviceResources of DynamoPlatform.fromExisting(...); '
      + "change it with pulumi config set --path 'platform.existing.deviceResources[1]' rdma/ib"],
    ['a second NVIDIA driver on nodes that have one: the driver setting removed', {
      mode: 'disaggregated', allowTcpKvTransfer: true, cloud: 'gke', platform: { install: { gpuOperator: { driver: true } } },
      prefill: { machineType: 'a3-highgpu-8g' }, decode: { machineType: 'a3-highgpu-8g' },
    }, 'config platform.install.gpuOperator.driver must be false on the platform\'s cloud (gke), whose GPU nodes come with the NVIDIA driver: two drivers on a node fail to load (got true); '
      + "remove gpuOperator.driver (false is the default here); remove it with pulumi config rm --path 'platform.install.gpuOperator.driver'"],
    ['an extra chart\'s unknown dependency: the entry of the chart\'s index', {
      platform: { install: { charts: [{ id: 'cm', repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.19.1', namespace: 'cert-manager', dependsOn: ['nope'] }] } },
    }, 'config platform.install.charts[0].dependsOn[0] must name releases of the platform (got "nope"); use one of dynamo-platform; '
      + "change it with pulumi config set --path 'platform.install.charts[0].dependsOn[0]' dynamo-platform"],
    ['kube-prometheus-stack with Grafana and without its admin Secret: the Secret, or Grafana off', { platform: { install: { kubePrometheusStack: true } } },
      'config platform.install.kubePrometheusStack.grafanaAdminSecret must name the Secret that holds Grafana\'s admin credentials while Grafana is on: '
      + 'without one the chart picks the admin password, the public default "prom-operator" before chart 79.0.0, and from 79.0.0 a random one that Argo CD, '
      + 'which renders charts without Helm\'s lookup, makes anew each time it renders the chart (got undefined); create a Secret with keys admin-user and admin-password '
      + 'in monitoring (kubectl create secret generic grafana-admin -n monitoring --from-literal=admin-user=admin --from-file=admin-password=<a file holding the password>) '
      + 'and pass grafanaAdminSecret: SecretRef.fromSecretName("grafana-admin"), or set grafana: false; '
      + "change it with pulumi config set --path 'platform.install.kubePrometheusStack.grafanaAdminSecret' grafana-admin, or pulumi config set --path 'platform.install.kubePrometheusStack.grafana' false"],
    ['a Grafana admin Secret that is not a Secret name: never shown', { platform: { install: { kubePrometheusStack: { grafanaAdminSecret: 'Grafana Admin' } } } },
      'config platform.install.kubePrometheusStack.grafanaAdminSecret must be a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253 characters) (got "<redacted>"); '
      + 'pass the metadata.name of the existing Secret (a value that is not a name is not shown: it may be a credential); '
      + "change it with pulumi config set --path 'platform.install.kubePrometheusStack.grafanaAdminSecret' <value>"],
    ['a platform toleration whose key is a number', { platform: { install: { tolerations: [{ key: 1 }] } } },
      'config platform.install.tolerations[0].key must be a string (got 1); use the taint key as a string, e.g. "nvidia.com/gpu"; '
      + "change it with pulumi config set --path 'platform.install.tolerations[0].key' nvidia.com/gpu"],
    ['a pool toleration whose key is a number', { mode: 'disaggregated', allowTcpKvTransfer: true, prefill: { tolerations: [{ key: 1 }] } },
      'config prefill.tolerations[0].key must be a string (got 1); use the taint key as a string, e.g. "nvidia.com/gpu"; '
      + "change it with pulumi config set --path 'prefill.tolerations[0].key' nvidia.com/gpu"],
  ])('%s fails naming the config key and the fix', (_mistake, values, message) => {
    // GIVEN a stack config a component refuses / WHEN it is deployed / THEN the error names the config key and the command that fixes it
    expect(deployError(values)).toBe(message);
  });

  // The pattern's checks of the platform name the DynamoPlatform component (`pulumi/<project>-platform`).
  test.each([
    ['an HPA metric no adapter rule serves: the adapter with its default rules', {
      mode: 'disaggregated', allowTcpKvTransfer: true, platform: { install: { kubePrometheusStack: { grafanaAdminSecret: 'grafana-admin' } } },
      decode: { autoscaling: { kind: 'hpa', maxReplicas: 4, metrics: [{ kind: 'queueDepth', targetPerReplica: 4 }] } },
    }, (p: string) => 'config decode.autoscaling.metrics must be served by the platform\'s metrics adapter: no prometheus-adapter rule of the DynamoPlatform at '
      + `pulumi/${p}-platform serves the External metric dynamo_queued_requests (got "dynamo_queued_requests"); `
      + 'add the metric to prometheusAdapter.metrics on the DynamoPlatform (or set prometheusAdapter: {} for the default rules), or use Autoscaling.keda(...); '
      + "change it with pulumi config set --path 'platform.install.prometheusAdapter' true"],
    ['a planner on an installed platform without Prometheus: the planner\'s, kube-prometheus-stack or the platform\'s endpoint', {
      mode: 'disaggregated', allowTcpKvTransfer: true, platform: { install: { gpuOperator: true } }, planner: { ttftMs: 300, itlMs: 30, maxGpus: 8 },
    }, (p: string) => 'config planner.prometheusEndpoint is required: the planner reads frontend metrics from Prometheus, and the DynamoPlatform at '
      + `pulumi/${p}-platform names none (got undefined); set prometheusEndpoint (or kubePrometheusStack) on the DynamoPlatform, or planner.prometheusEndpoint; `
      + "change it with pulumi config set --path 'planner.prometheusEndpoint' <value>, or pulumi config set --path 'platform.install.kubePrometheusStack.grafanaAdminSecret' grafana-admin, "
      + "or pulumi config set --path 'platform.install.prometheusEndpoint' <url>"],
    ['a planner on a declared platform without Prometheus: the planner\'s or the declared endpoint', {
      mode: 'disaggregated', allowTcpKvTransfer: true, platform: { existing: { version: '1.6.2' } }, planner: { ttftMs: 300, itlMs: 30, maxGpus: 8 },
    }, () => 'config planner.prometheusEndpoint is required: the planner reads frontend metrics from Prometheus, and the existing Dynamo 1.6.2 platform in '
      + 'namespace dynamo-system names none (got undefined); set prometheusEndpoint (or kubePrometheusStack) on DynamoPlatform.fromExisting(...), or planner.prometheusEndpoint; '
      + "change it with pulumi config set --path 'planner.prometheusEndpoint' <value>, or pulumi config set --path 'platform.existing.prometheusEndpoint' <url>"],
    ['KEDA beside the adapter with its metrics server on: the metrics server off', { platform: { install: { keda: true, prometheusAdapter: true } } },
      () => 'config platform.install.keda.metricsServer must be false when the prometheusAdapter add-on is on: both serve external.metrics.k8s.io and only one can (got undefined); '
        + 'autoscale with one of them: remove prometheusAdapter and use DgdScaledObject (KEDA, Dynamo\'s recommendation), or remove keda and use DgdHorizontalPodAutoscaler; '
        + 'keda.metricsServer: false keeps both but leaves KEDA only its ScaledJobs; '
        + "change it with pulumi config set --path 'platform.install.keda.metricsServer' false"],
    ['a graph outside the namespace a restricted operator watches: that namespace', {
      namespace: 'llm', platform: { install: { namespaceRestriction: { targetNamespace: 'team-a' } } },
    }, (p: string) => `config namespace must be team-a: the DynamoPlatform at pulumi/${p}-platform runs a namespace-restricted operator that watches only that namespace `
      + '(got "llm"); set namespace: \'team-a\'; change it with pulumi config set namespace team-a'],
  ])('%s fails naming the config key and the fix', (_mistake, values, message) => {
    // GIVEN a stack config the pattern's checks of its platform refuse / WHEN
    const got = deployError(values);
    // THEN the message names the key, what the platform lacks (the component of this project), and the pulumi config commands that fix it
    expect(got).toBe(message(`platform-${projects}`));
  });
});
