/**
 * The Pulumi program an outside consumer writes (the `index.ts` of `pulumi new typescript`), using the
 * package's components: test/package.test.ts type-checks and runs it against the build, and
 * `npm run test:host` in each host project with Pulumi.
 */
export const PULUMI_CONSUMER_PROGRAM = [
  "import * as pulumi from '@pulumi/pulumi';",
  "import { Backend, Cloud, RdmaFabric, RouterMode, SecretRef } from 'dynamo-constructs';",
  "import { DisaggregatedLlm, DynamoPlatform } from 'dynamo-constructs/pulumi';",
  '',
  'const config = new pulumi.Config();',
  '// The platform: the Network Operator with an SR-IOV device plugin for rdma/ib, and kube-prometheus-stack.',
  "const platform = new DynamoPlatform('platform', {",
  '  networkOperator: { sriovDevicePlugin: {} },',
  "  kubePrometheusStack: { grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') },",
  '});',
  "const llm = new DisaggregatedLlm('llama', {",
  '  platform,',
  "  model: 'meta-llama/Llama-3.3-70B-Instruct',",
  "  namespace: 'llm',",
  '  backend: Backend.vllm(),',
  "  cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),",
  '  frontend: { routerMode: RouterMode.KV },',
  '  decode: { replicas: 2, gpus: 4, scalingAdapter: true },',
  '  prefill: { gpus: 4 },',
  "  hfToken: config.requireSecret('hfToken'),",
  '});',
  'export const endpoint = llm.endpoint;',
  'export const card = llm.endpointCard;',
  '',
].join('\n');

/**
 * A Node script that runs the compiled program (`require(<compiled>)`) under Pulumi mocks, with the
 * secret config `<project>:hfToken` set, and prints `{ endpoint, types }` as JSON (types in
 * registration order).
 */
export function pulumiConsumerRunner(project: string, compiled: string): string {
  return `
  const pulumi = require('@pulumi/pulumi');
  const types = [];
  pulumi.runtime.setAllConfig({ '${project}:hfToken': 'hf_ConsumerToken0123456789' }, ['${project}:hfToken']);
  pulumi.runtime.setMocks({ newResource: (a) => { types.push(a.type); return { id: a.name, state: a.inputs }; }, call: (a) => a.inputs }, '${project}', 'dev', false);
  const program = require(${JSON.stringify(compiled)});
  program.endpoint.apply((e) => setTimeout(() => console.log(JSON.stringify({ endpoint: e, types })), 100));`;
}

/** What the runner prints for the program. */
export const PULUMI_CONSUMER_RESULT = {
  endpoint: 'http://llama-frontend.llm.svc.cluster.local:8000/v1',
  types: [
    'dynamo-constructs:index:DynamoPlatform', 'kubernetes:core/v1:Namespace', 'kubernetes:helm.sh/v3:Release', 'kubernetes:helm.sh/v3:Release',
    'kubernetes:mellanox.com/v1alpha1:NicClusterPolicy', 'kubernetes:helm.sh/v3:Release',
    'dynamo-constructs:index:DisaggregatedLlm', 'kubernetes:core/v1:Secret', 'kubernetes:nvidia.com/v1beta1:DynamoGraphDeployment',
  ],
} as const;
