import {
  DGDR_GPU_FIELDS, DGDR_GRAPH_OVERRIDE_FIELDS, DGDR_HARDWARE_FIELDS, DGDR_MODEL_CACHE_FIELDS, DGDR_PROFILING_JOB_FIELDS, DGDR_PROPS_FIELDS,
  DGDR_SLA_FIELDS, DGDR_WORKLOAD_FIELDS,
} from '../lib/profiling/dgdr-props-shape';
import {
  API_KEY_ACCESS_FIELDS, COGNITO_ACCESS_FIELDS, ENDPOINT_ACCESS_FIELDS, IAP_ACCESS_FIELDS, JWT_ACCESS_FIELDS, OIDC_ACCESS_FIELDS,
} from '../lib/access/access-shapes';
import { ENVOY_AI_GATEWAY_FIELDS, ENVOY_GATEWAY_FIELDS } from '../lib/cloud/ingress-controllers';
import { PROFILED_LLM_FIELDS, PROFILED_WORKER_FIELDS } from '../lib/patterns/graph/profiling-props-shape';
import { PROFILED_LLM_ARGS_FIELDS } from '../lib/pulumi/profiled-llm';
import { MODEL_ARCHITECTURE_FIELDS } from '../lib/model/model-architecture';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as ts from 'typescript';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, ClusterObject, ComponentType, DgdHorizontalPodAutoscaler, DgdScaledObject, DisaggregatedLlm, DynamoGraphDeployment, DynamoPodMonitors,
  EnvValue, GpuMetrics, HfToken, LlmAlertRules, LlmDashboard, ModelDownloadJob, RouterMode, ScalingMetric, Scraping,
} from '../lib';
import { DGD_HORIZONTAL_POD_AUTOSCALER_PROPS_FIELDS, DGD_SCALED_OBJECT_PROPS_FIELDS, POOL_AUTOSCALER_PROPS_FIELDS } from '../lib/autoscaling/autoscaler-props-shape';
import { FieldShapes } from '../lib/core/input-shape';
import { DYNAMO_PLATFORM_PROPS_FIELDS, NAMESPACE_RESTRICTION_FIELDS } from '../lib/platform/platform-props-shape';
import { EFA_DEVICE_PLUGIN_FIELDS } from '../lib/platform/addons/efa-device-plugin';
import { HELM_CHART_FIELDS } from '../lib/platform/addons/extra-chart';
import { GPU_OPERATOR_FIELDS } from '../lib/platform/addons/gpu-operator';
import { KEDA_FIELDS } from '../lib/platform/addons/keda';
import { KUBE_PROMETHEUS_STACK_FIELDS } from '../lib/platform/addons/kube-prometheus-stack';
import { LEADER_WORKER_SET_FIELDS } from '../lib/platform/addons/leader-worker-set';
import { VOLCANO_FIELDS } from '../lib/platform/addons/volcano';
import { NETWORK_OPERATOR_FIELDS, RDMA_SHARED_DEVICE_PLUGIN_FIELDS, SRIOV_DEVICE_PLUGIN_FIELDS } from '../lib/platform/addons/network-operator';
import { PROMETHEUS_ADAPTER_FIELDS } from '../lib/platform/addons/prometheus-adapter';
import { DYNAMO_PLATFORM_ARGS_FIELDS } from '../lib/pulumi/args-shape';
import {
  CONTAINER_RESOURCES_FIELDS, CPU_RESOURCES_FIELDS, EPHEMERAL_STORAGE_RESOURCES_FIELDS, MEMORY_RESOURCES_FIELDS,
} from '../lib/core/value-shapes';
import { COMPILATION_CACHE_MOUNT_FIELDS, DYNAMO_COMPONENT_OPTIONS_FIELDS, DYNAMO_GRAPH_DEPLOYMENT_PROPS_FIELDS } from '../lib/dgd/dgd-props-shape';
import { MODEL_DOWNLOAD_JOB_PROPS_FIELDS } from '../lib/model/model-download-job-shape';
import { OBSERVED_GATEWAY_FIELDS,
  DYNAMO_POD_MONITORS_PROPS_FIELDS, LLM_ALERT_RULES_PROPS_FIELDS, LLM_DASHBOARD_PROPS_FIELDS, OBSERVABILITY_OPTIONS_FIELDS, OBSERVED_COMPONENT_FIELDS,
  OBSERVED_DEPLOYMENT_FIELDS, SLO_OPTIONS_FIELDS,
} from '../lib/observability/observability-props-shape';
import { AGGREGATED_LLM_FIELDS } from '../lib/patterns/aggregated-llm';
import { DISAGGREGATED_LLM_FIELDS } from '../lib/patterns/disaggregated-llm';
import {
  ENGINE_TUNING_FIELDS, FRONTEND_FIELDS, FRONTEND_INGRESS_FIELDS, LLM_COMMON_FIELDS, LLM_INGRESS_FIELDS, POD_SCHEDULING_FIELDS, POOL_PLACEMENT_FIELDS, WORKER_POOL_FIELDS,
} from '../lib/patterns/graph/props-shape';
import {
  AGGREGATED_LLM_ARGS_FIELDS, DISAGGREGATED_LLM_ARGS_FIELDS, DYNAMO_GRAPH_DEPLOYMENT_ARGS_FIELDS, KUBERNETES_PLACEMENT_ARGS_FIELDS, LLM_ENGINE_ARGS_FIELDS,
} from '../lib/pulumi/args-shape';
import { DEEPSEEK_R1_SGLANG_RECIPE_FIELDS } from '../lib/recipes/deepseek-r1-sglang';
import { GPT_OSS_TRTLLM_RECIPE_FIELDS } from '../lib/recipes/gpt-oss-120b-trtllm';
import { GPT_OSS_VLLM_RECIPE_FIELDS } from '../lib/recipes/gpt-oss-120b-vllm';
import { LLAMA33_VLLM_RECIPE_FIELDS } from '../lib/recipes/llama-70b-vllm';
import { QWEN3_TRTLLM_RECIPE_FIELDS } from '../lib/recipes/qwen3-32b-fp8-trtllm';
import { inputPropertyError, mockedEngine } from './support/pulumi';
import { newChart, validationError } from './support/synth';

/**
 * Untyped callers (JavaScript, values read from config): every public constructor checks its props
 * object against a table of shapes, one per props interface. The tables are read against the
 * interfaces with the TypeScript checker, so a new prop (or a new nested props interface) cannot be
 * left out; the behaviour tests pass each kind of mistake to each constructor.
 */

const ROOT = path.resolve(__dirname, '..');
const CDK8S_PLUS_CONTAINER = 'node_modules/cdk8s-plus-28/lib/container.d.ts';

/** Each table, with the interface it restates and the file that declares it. */
const TABLES: readonly (readonly [string, string, FieldShapes])[] = [
  ['PodSchedulingOptions', 'lib/patterns/llm-props.ts', POD_SCHEDULING_FIELDS],
  ['ModelArchitectureProps', 'lib/model/model-architecture-props.ts', MODEL_ARCHITECTURE_FIELDS],
  ['FrontendOptions', 'lib/patterns/llm-props.ts', FRONTEND_FIELDS],
  ['WorkerPoolOptions', 'lib/patterns/llm-props.ts', WORKER_POOL_FIELDS],
  ['LlmCommonProps', 'lib/patterns/llm-props.ts', LLM_COMMON_FIELDS],
  ['PoolPlacementOptions', 'lib/cloud/pool-placement.ts', POOL_PLACEMENT_FIELDS],
  ['EngineTuningOptions', 'lib/backends/engine-tuning-options.ts', ENGINE_TUNING_FIELDS],
  ['FrontendIngressOptions', 'lib/cloud/frontend-ingress.ts', FRONTEND_INGRESS_FIELDS],
  ['LlmIngressOptions', 'lib/patterns/llm-props.ts', LLM_INGRESS_FIELDS],
  ['AggregatedLlmProps', 'lib/patterns/aggregated-llm.ts', AGGREGATED_LLM_FIELDS],
  ['DisaggregatedLlmProps', 'lib/patterns/disaggregated-llm.ts', DISAGGREGATED_LLM_FIELDS],
  ['ObservabilityOptions', 'lib/observability/observability-options.ts', OBSERVABILITY_OPTIONS_FIELDS],
  ['SloOptions', 'lib/observability/slo.ts', SLO_OPTIONS_FIELDS],
  ['ObservedDeployment', 'lib/observability/observed-deployment.ts', OBSERVED_DEPLOYMENT_FIELDS],
  ['ObservedComponent', 'lib/observability/observed-deployment.ts', OBSERVED_COMPONENT_FIELDS],
  ['ObservedGateway', 'lib/observability/observed-deployment.ts', OBSERVED_GATEWAY_FIELDS],
  ['LlmDashboardProps', 'lib/observability/llm-dashboard.ts', LLM_DASHBOARD_PROPS_FIELDS],
  ['DynamoPodMonitorsProps', 'lib/observability/dynamo-pod-monitors.ts', DYNAMO_POD_MONITORS_PROPS_FIELDS],
  ['LlmAlertRulesProps', 'lib/observability/llm-alert-rules.ts', LLM_ALERT_RULES_PROPS_FIELDS],
  ['ContainerResources', CDK8S_PLUS_CONTAINER, CONTAINER_RESOURCES_FIELDS],
  ['CpuResources', CDK8S_PLUS_CONTAINER, CPU_RESOURCES_FIELDS],
  ['MemoryResources', CDK8S_PLUS_CONTAINER, MEMORY_RESOURCES_FIELDS],
  ['EphemeralStorageResources', CDK8S_PLUS_CONTAINER, EPHEMERAL_STORAGE_RESOURCES_FIELDS],
  ['DynamoGraphDeploymentProps', 'lib/dgd/dynamo-graph-deployment.ts', DYNAMO_GRAPH_DEPLOYMENT_PROPS_FIELDS],
  ['DynamoComponentOptions', 'lib/dgd/dynamo-component.ts', DYNAMO_COMPONENT_OPTIONS_FIELDS],
  ['CompilationCacheMount', 'lib/dgd/dynamo-component.ts', COMPILATION_CACHE_MOUNT_FIELDS],
  ['ModelDownloadJobProps', 'lib/model/model-download-job.ts', MODEL_DOWNLOAD_JOB_PROPS_FIELDS],
  ['PoolAutoscalerProps', 'lib/autoscaling/scale-range.ts', POOL_AUTOSCALER_PROPS_FIELDS],
  ['DgdScaledObjectProps', 'lib/autoscaling/dgd-scaled-object.ts', DGD_SCALED_OBJECT_PROPS_FIELDS],
  ['DgdHorizontalPodAutoscalerProps', 'lib/autoscaling/dgd-horizontal-pod-autoscaler.ts', DGD_HORIZONTAL_POD_AUTOSCALER_PROPS_FIELDS],
  ['KubernetesPlacementArgs', 'lib/pulumi/chart-host.ts', KUBERNETES_PLACEMENT_ARGS_FIELDS],
  ['LlmEngineArgs', 'lib/pulumi/llm-component.ts', LLM_ENGINE_ARGS_FIELDS],
  ['AggregatedLlmArgs', 'lib/pulumi/aggregated-llm.ts', AGGREGATED_LLM_ARGS_FIELDS],
  ['DisaggregatedLlmArgs', 'lib/pulumi/disaggregated-llm.ts', DISAGGREGATED_LLM_ARGS_FIELDS],
  ['DynamoGraphDeploymentArgs', 'lib/pulumi/dynamo-graph-deployment.ts', DYNAMO_GRAPH_DEPLOYMENT_ARGS_FIELDS],
  ['DynamoPlatformProps', 'lib/platform/dynamo-platform-props.ts', DYNAMO_PLATFORM_PROPS_FIELDS],
  ['DynamoPlatformArgs', 'lib/pulumi/dynamo-platform.ts', DYNAMO_PLATFORM_ARGS_FIELDS],
  ['DynamoGraphDeploymentRequestProps', 'lib/profiling/dgdr-props.ts', DGDR_PROPS_FIELDS],
  ['DgdrSlaOptions', 'lib/profiling/dgdr-props.ts', DGDR_SLA_FIELDS],
  ['DgdrWorkloadOptions', 'lib/profiling/dgdr-props.ts', DGDR_WORKLOAD_FIELDS],
  ['DgdrGpuOptions', 'lib/profiling/dgdr-props.ts', DGDR_GPU_FIELDS],
  ['DgdrHardwareOptions', 'lib/profiling/dgdr-props.ts', DGDR_HARDWARE_FIELDS],
  ['DgdrModelCacheOptions', 'lib/profiling/dgdr-props.ts', DGDR_MODEL_CACHE_FIELDS],
  ['DgdrProfilingJobOptions', 'lib/profiling/dgdr-props.ts', DGDR_PROFILING_JOB_FIELDS],
  ['DgdrGraphOverride', 'lib/profiling/dgdr-props.ts', DGDR_GRAPH_OVERRIDE_FIELDS],
  ['ProfiledLlmProps', 'lib/patterns/profiled-llm-props.ts', PROFILED_LLM_FIELDS],
  ['ProfiledWorkerOptions', 'lib/patterns/profiled-llm-props.ts', PROFILED_WORKER_FIELDS],
  ['ProfiledLlmArgs', 'lib/pulumi/profiled-llm.ts', PROFILED_LLM_ARGS_FIELDS],
  ['NamespaceRestrictionOptions', 'lib/platform/dynamo-platform-props.ts', NAMESPACE_RESTRICTION_FIELDS],
  ['GpuOperatorOptions', 'lib/platform/addons/gpu-operator.ts', GPU_OPERATOR_FIELDS],
  ['NetworkOperatorOptions', 'lib/platform/addons/network-operator.ts', NETWORK_OPERATOR_FIELDS],
  ['RdmaSharedDevicePluginOptions', 'lib/platform/addons/network-operator.ts', RDMA_SHARED_DEVICE_PLUGIN_FIELDS],
  ['SriovDevicePluginOptions', 'lib/platform/addons/network-operator.ts', SRIOV_DEVICE_PLUGIN_FIELDS],
  ['EfaDevicePluginOptions', 'lib/platform/addons/efa-device-plugin.ts', EFA_DEVICE_PLUGIN_FIELDS],
  ['KubePrometheusStackOptions', 'lib/platform/addons/kube-prometheus-stack.ts', KUBE_PROMETHEUS_STACK_FIELDS],
  ['KedaOptions', 'lib/platform/addons/keda.ts', KEDA_FIELDS],
  ['PrometheusAdapterOptions', 'lib/platform/addons/prometheus-adapter.ts', PROMETHEUS_ADAPTER_FIELDS],
  ['LeaderWorkerSetOptions', 'lib/platform/addons/leader-worker-set.ts', LEADER_WORKER_SET_FIELDS],
  ['VolcanoOptions', 'lib/platform/addons/volcano.ts', VOLCANO_FIELDS],
  ['HelmChartOptions', 'lib/platform/addons/extra-chart.ts', HELM_CHART_FIELDS],
  ['Llama33VllmRecipeOptions', 'lib/recipes/llama-70b-vllm.ts', LLAMA33_VLLM_RECIPE_FIELDS],
  ['DeepseekR1SglangRecipeOptions', 'lib/recipes/deepseek-r1-sglang.ts', DEEPSEEK_R1_SGLANG_RECIPE_FIELDS],
  ['Qwen3TrtllmRecipeOptions', 'lib/recipes/qwen3-32b-fp8-trtllm.ts', QWEN3_TRTLLM_RECIPE_FIELDS],
  ['GptOssTrtllmRecipeOptions', 'lib/recipes/gpt-oss-120b-trtllm.ts', GPT_OSS_TRTLLM_RECIPE_FIELDS],
  ['GptOssVllmRecipeOptions', 'lib/recipes/gpt-oss-120b-vllm.ts', GPT_OSS_VLLM_RECIPE_FIELDS],
  ['EndpointAccessOptions', 'lib/access/endpoint-access-props.ts', ENDPOINT_ACCESS_FIELDS],
  ['ApiKeyAccessProps', 'lib/access/endpoint-access-props.ts', API_KEY_ACCESS_FIELDS],
  ['JwtAccessProps', 'lib/access/endpoint-access-props.ts', JWT_ACCESS_FIELDS],
  ['OidcAccessProps', 'lib/access/endpoint-access-props.ts', OIDC_ACCESS_FIELDS],
  ['CognitoAccessProps', 'lib/access/endpoint-access-props.ts', COGNITO_ACCESS_FIELDS],
  ['IapAccessProps', 'lib/access/endpoint-access-props.ts', IAP_ACCESS_FIELDS],
  ['EnvoyGatewayOptions', 'lib/cloud/envoy/envoy-gateway-options.ts', ENVOY_GATEWAY_FIELDS],
  ['EnvoyAiGatewayOptions', 'lib/cloud/envoy/envoy-gateway-options.ts', ENVOY_AI_GATEWAY_FIELDS],
];

/**
 * Interfaces a prop may carry without a table of their own: each is checked by one shape that
 * reads the member the library uses.
 */
const CHECKED_AS_A_WHOLE: Readonly<Record<string, string>> = {
  ISecretRef: 'secretRefShape (lib/core/secret-ref.ts): an object with the Secret name',
  IDynamoPlatform: 'PLATFORM (lib/platform/platform-shape.ts): an object with a version and a namespace',
};

const program = ts.createProgram([path.join(ROOT, 'lib/index.ts'), path.join(ROOT, 'lib/pulumi/index.ts')],
  { strict: true, noEmit: true, skipLibCheck: true, types: [] });
const checker = program.getTypeChecker();

/** The interface `name` declared in `file`. */
function interfaceType(name: string, file: string): ts.Type {
  const source = program.getSourceFile(path.join(ROOT, file));
  if (!source) throw new Error(`${file} is not in the program`);
  const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!decl) throw new Error(`no interface ${name} in ${file}`);
  return checker.getTypeAtLocation(decl.name);
}

/** The names of an interface's properties, inherited ones included. */
function propsOf(type: ts.Type): string[] {
  return checker.getPropertiesOfType(type).map((p) => p.name).sort();
}

/** The interface declarations (in lib/ or cdk8s-plus's container types) a property's type carries, through arrays, records and unions. */
function nestedInterfaces(type: ts.Type, seen = new Set<ts.Type>()): ts.InterfaceDeclaration[] {
  if (seen.has(type)) return [];
  seen.add(type);
  if (type.isUnion() || type.isIntersection()) return type.types.flatMap((t) => nestedInterfaces(t, seen));
  const args = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference) : [];
  const index = type.getStringIndexType();
  const inner = [...args, ...(index ? [index] : [])].flatMap((t) => nestedInterfaces(t, seen));
  const decls = (type.aliasSymbol ? [] : type.getSymbol()?.getDeclarations() ?? []).filter(ts.isInterfaceDeclaration);
  const own = decls.filter((d) => {
    const file = path.relative(ROOT, d.getSourceFile().fileName);
    return file.startsWith('lib/') || file === CDK8S_PLUS_CONTAINER;
  });
  return [...own, ...inner];
}

describe('every props table restates its interface', () => {
  test.each(TABLES.map(([name, file, table]) => [name, file, table] as const))('%s (%s) has a shape for exactly its props', (name, file, table) => {
    expect(Object.keys(table).sort()).toStrictEqual(propsOf(interfaceType(name, file)));
  });

  test('every interface a prop carries has a table, or is checked as a whole', () => {
    // GIVEN the interfaces reachable from the props of every table
    const tabled = new Set(TABLES.map(([name]) => name));
    const found = new Set<string>();
    for (const [name, file] of TABLES) {
      for (const prop of checker.getPropertiesOfType(interfaceType(name, file))) {
        const decl = prop.valueDeclaration ?? prop.declarations?.[0];
        if (!decl) continue;
        for (const nested of nestedInterfaces(checker.getTypeOfSymbolAtLocation(prop, decl))) found.add(`${name}.${prop.name}: ${nested.name.text}`);
      }
    }
    const missing = [...found].filter((f) => {
      const n = f.split(': ')[1];
      return !tabled.has(n) && CHECKED_AS_A_WHOLE[n] === undefined;
    });
    // THEN they were found (through optional props, arrays and records), and each has its table
    expect([...found]).toEqual(expect.arrayContaining([
      'WorkerPoolOptions.resources: ContainerResources', 'LlmCommonProps.imagePullSecrets: ISecretRef', 'ObservedDeployment.components: ObservedComponent',
    ]));
    expect(missing).toStrictEqual([]);
  });

  test('every public constructor\'s props interface has a table', () => {
    // GIVEN every exported class of the two entry points, and the type of its props (cdk8s) or args (Pulumi) parameter
    const tabled = new Set(TABLES.map(([name]) => name));
    const untabled: string[] = [];
    const constructors: string[] = [];
    for (const entry of ['lib/index.ts', 'lib/pulumi/index.ts']) {
      const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, entry))!)!;
      for (const exported of checker.getExportsOfModule(moduleSymbol)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        const decl = symbol.declarations?.find(ts.isClassDeclaration);
        // An abstract class (LlmComponent, LlmPattern) leaves the props to its concrete subclasses.
        if (!decl || decl.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) continue;
        for (const ctor of decl.members.filter(ts.isConstructorDeclaration)) {
          const param = ctor.parameters.find((p) => ['props', 'args'].includes(p.name.getText()));
          if (!param?.type) continue;
          const typeName = param.type.getText();
          constructors.push(`${symbol.name}(${typeName})`);
          if (!tabled.has(typeName) && !UNCHECKED_CONSTRUCTORS[symbol.name]) untabled.push(`${symbol.name}(${typeName})`);
        }
      }
    }
    // THEN the constructors were found, and each props interface has its table
    expect(constructors).toContain('AggregatedLlm(AggregatedLlmArgs)');
    expect(constructors).toContain('DgdScaledObject(DgdScaledObjectProps)');
    expect(untabled).toStrictEqual([]);
  });
});

/** Public constructors whose props have no table, with the check they get instead. */
const UNCHECKED_CONSTRUCTORS: Readonly<Record<string, string>> = {
  ClusterObject: 'cdk8s ApiObjectProps, an open-ended manifest: checkApiObjectProps (lib/cloud/cluster-object-shape.ts) checks apiVersion, kind and metadata',
};

const MODEL = 'Qwen/Qwen3-0.6B';
type Untyped = Record<string, unknown>;

/** The error a construct raises for `props`: prop, message and construct path. */
function mistake(build: (chart: Chart, props: never) => unknown, props: unknown): { prop: string; message: string; at: string | undefined } {
  const e = validationError(() => build(newChart(), props as never));
  return { prop: e.prop, message: e.message, at: e.constructPath };
}

describe('AggregatedLlm and DisaggregatedLlm from an untyped caller', () => {
  const agg = (chart: Chart, props: never) => new AggregatedLlm(chart, 'llm', props);
  const disagg = (chart: Chart, props: never) => new DisaggregatedLlm(chart, 'llm', props);
  const withModel = (extra: Untyped): Untyped => ({ model: MODEL, ...extra });

  test.each([
    // GIVEN one mistake of each kind, in the props, a nested props object, a list or a map
    ['props undefined', undefined, 'props', 'props must be an AggregatedLlmProps object (got undefined); pass an object with the AggregatedLlmProps props (at least model)'],
    ['props an array', [], 'props', 'props must be an AggregatedLlmProps object (got []); pass an object with the AggregatedLlmProps props (at least model)'],
    ['no model', {}, 'model', 'model is required (got undefined); set model (a string)'],
    ['a misspelt prop', withModel({ servedModelname: 'qwen' }), 'servedModelname',
      'servedModelname is not a prop of AggregatedLlmProps (got "servedModelname"); did you mean servedModelName?'],
    ['a misspelt nested prop', withModel({ frontend: { replica: 2 } }), 'frontend.replica',
      'frontend.replica is not a prop of FrontendOptions (got "replica"); did you mean frontend.replicas?'],
    ['null', withModel({ image: null }), 'image', 'image must be a string (got null); leave the prop out instead of null'],
    ['a class-typed prop as its id', withModel({ frontend: { routerMode: 'kv' } }), 'frontend.routerMode',
      'frontend.routerMode must be a RouterMode (got "kv"); use RouterMode.of("kv"), not the string "kv"'],
    ['the backend as a string', withModel({ backend: 'vllm' }), 'backend',
      'backend must be a Backend (got "vllm"); use Backend.vllm(), Backend.sglang(), Backend.trtllm() or Backend.fromFramework("vllm")'],
    ['a GPU type as a string', withModel({ workers: { gpuType: 'h100' } }), 'workers.gpuType',
      'workers.gpuType must be a GpuType (got "h100"); use a GpuType constant such as GpuType.H100_80GB, or GpuType.custom({...}) for a GPU the catalog lacks'],
    ['a pool as an array', withModel({ workers: [] }), 'workers', 'workers must be a WorkerPoolOptions object (got []); pass an object with the WorkerPoolOptions props'],
    ['a number as a string', withModel({ workers: { gpus: '4' } }), 'workers.gpus', 'workers.gpus must be a number (got "4"); pass a number, not a string such as "4"'],
    ['a boolean as a string', withModel({ trustRemoteCode: 'true' }), 'trustRemoteCode',
      'trustRemoteCode must be true or false (got "true"); pass a boolean, not a string such as "true"'],
    ['a list as a string', withModel({ workers: { extraArgs: '--foo' } }), 'workers.extraArgs',
      'workers.extraArgs must be an array of strings (got "--foo"); pass an array, e.g. ["--flag", "value"]'],
    ['a Size as a string', withModel({ workers: { sharedMemorySize: '16Gi' } }), 'workers.sharedMemorySize',
      'workers.sharedMemorySize must be a Size (got "16Gi"); use a cdk8s Size such as Size.gibibytes(16)'],
    ['a Cpu as a string', withModel({ frontend: { resources: { cpu: { request: '2' } } } }), 'frontend.resources.cpu.request',
      'frontend.resources.cpu.request must be a Cpu (got "2"); use Cpu.units(2) or Cpu.millis(500) (from cdk8s-plus), not a string or a number'],
    ['a Duration as a number', withModel({ ingress: { timeout: 300 } }), 'ingress.timeout',
      'ingress.timeout must be a Duration (got 300); use a cdk8s Duration such as Duration.seconds(300)'],
    ['an env value as a string', withModel({ workers: { env: { FOO: 'bar' } } }), 'workers.env.FOO',
      'workers.env.FOO must be an EnvValue (got "bar"); use EnvValue.fromValue("bar")'],
    ['a map value of the wrong type', withModel({ labels: { team: 1 } }), 'labels.team', 'labels.team must be a string (got 1); pass a string'],
    ['a map as an array', withModel({ labels: ['team'] }), 'labels', 'labels must be an object of string values (got ["team"]); pass an object such as { key: a string }'],
    ['Kubernetes JSON as an array', withModel({ workers: { affinity: [] } }), 'workers.affinity',
      'workers.affinity must be an Affinity object (got []); pass a plain object in the Kubernetes Affinity shape'],
    ['a list entry of the wrong type', withModel({ workers: { tolerations: ['gpu'] } }), 'workers.tolerations[0]',
      'workers.tolerations[0] must be a Toleration object (got "gpu"); pass a plain object in the Kubernetes Toleration shape'],
    ['a nested options object misspelt', withModel({ observability: { dashbaord: false } }), 'observability.dashbaord',
      'observability.dashbaord is not a prop of ObservabilityOptions (got "dashbaord"); did you mean observability.dashboard?'],
    ['an SLO as a string', withModel({ observability: { slo: { ttftMs: '500' } } }), 'observability.slo.ttftMs',
      'observability.slo.ttftMs must be a number (got "500"); pass a number, not a string such as "4"'],
    ['a planner as options', withModel({ planner: { ttftMs: 500 } }), 'planner', 'planner must be a Planner (got "{ttftMs}"); use Planner.sla({...})'],
  ])('%s: a DynamoValidationError naming the prop and the value, located on the pattern', (_what, props, prop, message) => {
    // WHEN / THEN
    expect(mistake(agg, props)).toStrictEqual({ prop, message, at: 'test/llm' });
  });

  test.each([
    ['a literal token as hfToken', withModel({ hfToken: 'hf_abc' }), 'hfToken',
      'hfToken must be an HfToken (a reference to the Secret that holds the token), not the token (got "<redacted>"); keep the token in a Secret and use HfToken.fromSecret("hf-token-secret")'],
    ['a literal string under a credential name', withModel({ frontend: { env: { OPENAI_API_KEY: 'sk-abc' } } }), 'frontend.env.OPENAI_API_KEY',
      'frontend.env.OPENAI_API_KEY must be an EnvValue (got "<redacted>"); keep it in a Secret and reference it: EnvValue.fromSecret(SecretRef.fromSecretName("<secret>"), "OPENAI_API_KEY"); '
        + 'if it is not a secret, pass it with EnvValue.fromConfigMap'],
  ])('%s: the error never shows the value', (_what, props, prop, message) => {
    const e = mistake(agg, props);
    expect(e).toStrictEqual({ prop, message, at: 'test/llm' });
    expect(e.message).not.toMatch(/hf_abc|sk-abc/);
  });

  test.each([
    ['a pool as a string', withModel({ prefill: 'big' }), 'prefill', 'prefill must be a WorkerPoolOptions object (got "big"); pass an object with the WorkerPoolOptions props'],
    ['a misspelt pool', withModel({ decod: {} }), 'decod', 'decod is not a prop of DisaggregatedLlmProps (got "decod"); did you mean decode?'],
    ['a KV transfer as its name', withModel({ kvTransfer: 'nixl' }), 'kvTransfer',
      'kvTransfer must be a KvTransfer (got "nixl"); use KvTransfer.nixl(), KvTransfer.mooncake() or KvTransfer.ucxTransceiver()'],
    ['a flag as a string', withModel({ allowTcpKvTransfer: 'yes' }), 'allowTcpKvTransfer',
      'allowTcpKvTransfer must be true or false (got "yes"); pass a boolean, not a string such as "true"'],
    ['a pool prop misspelt', withModel({ allowTcpKvTransfer: true, decode: { tensorParallelsize: 2 } }), 'decode.tensorParallelsize',
      'decode.tensorParallelsize is not a prop of WorkerPoolOptions (got "tensorParallelsize"); did you mean decode.tensorParallelSize?'],
  ])('DisaggregatedLlm, %s', (_what, props, prop, message) => {
    expect(mistake(disagg, props)).toStrictEqual({ prop, message, at: 'test/llm' });
  });

  test('a prop its own rule checks keeps that rule\'s message, and null is still refused', () => {
    // GIVEN engine tuning, whose type and range engine-tuning.ts checks together
    expect(mistake(agg, withModel({ workers: { gpuMemoryUtilization: '0.9' } })).message)
      .toMatch(/^workers\.gpuMemoryUtilization must be a fraction greater than 0 and at most 1 \(got "0\.9"\)/);
    expect(mistake(agg, withModel({ workers: { gpuMemoryUtilization: null } })).message)
      .toBe('workers.gpuMemoryUtilization must be a fraction greater than 0 and at most 1 (got null); leave the prop out instead of null');
  });

  test('valid props from an untyped caller, undefined optional props included, still synthesize', () => {
    // GIVEN props as JavaScript builds them, with explicitly undefined optional props and a Size
    const chart = newChart();
    new AggregatedLlm(chart, 'llm', {
      model: MODEL, image: undefined, frontend: { routerMode: RouterMode.KV, env: { A: EnvValue.fromValue('1') } },
      workers: { sharedMemorySize: Size.gibibytes(8), resources: { cpu: { request: Cpu.units(2) } }, extraResources: { 'example.com/fpga': '1' } },
      observability: { gpuMetrics: GpuMetrics.NONE }, hfToken: HfToken.fromSecret('hf'),
    });
    // THEN
    expect(Testing.synth(chart).length).toBeGreaterThan(0);
  });

  test('a Size and a Duration from another copy of cdk8s pass (recognised by their methods)', () => {
    // GIVEN objects with the methods of Size and Duration, not instances of this copy's classes
    const size = { asString: () => '8Gi', toMebibytes: () => 8192, toGibibytes: () => 8, toKibibytes: () => 8 * 1024 * 1024 };
    const duration = { toSeconds: () => 120, toMinutes: () => 2, toMilliseconds: () => 120000, toHumanString: () => '2m' };
    const chart = newChart();
    const llm = new DisaggregatedLlm(chart, 'llm', { model: MODEL, allowTcpKvTransfer: true, decode: { sharedMemorySize: size as unknown as Size } });
    new DgdHorizontalPodAutoscaler(chart, 'h', { deployment: llm.observedDeployment, component: 'VllmDecodeWorker', maxReplicas: 4,
      metrics: [ScalingMetric.queueDepth({ targetPerReplica: 4 })], scaleDownStabilization: duration as unknown as Duration });
    // WHEN
    const objs = Testing.synth(chart);
    // THEN both were read through their methods
    expect(JSON.stringify(objs)).toContain('"sharedMemorySize":"8Gi","type":"decode"');
    expect(JSON.stringify(objs)).toContain('"stabilizationWindowSeconds":120');
  });
});

describe('a value from a second copy of dynamo-constructs', () => {
  test('is refused with the reason and the fix, not as a value of the wrong type', () => {
    // GIVEN a GpuType-shaped object whose class is another GpuType (what a second copy of the package makes)
    class GpuType { public readonly id = 'h100-80gb'; }
    // WHEN
    const e = validationError(() => new AggregatedLlm(newChart(), 'llm', { model: MODEL, workers: { gpuType: new GpuType() as never } }));
    // THEN
    expect(e.prop).toBe('workers.gpuType');
    expect(e.message).toBe('workers.gpuType must be a GpuType of the copy of dynamo-constructs that builds the pattern (got "a GpuType"); '
      + 'two copies of dynamo-constructs are installed (npm ls dynamo-constructs): make every package depend on one version so that npm installs it once');
  });
});

describe('the L2 constructs from an untyped caller', () => {
  const deployment = () => new DisaggregatedLlm(newChart(), 'llm', { model: MODEL, allowTcpKvTransfer: true }).observedDeployment;
  const scaler = (): Untyped => ({ deployment: deployment(), component: 'VllmDecodeWorker', maxReplicas: 4, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 4 })] });
  const PROM = 'http://prometheus.monitoring.svc:9090';

  test.each([
    ['DynamoGraphDeployment: props null', (c: Chart, p: never) => new DynamoGraphDeployment(c, 'g', p), null, 'props',
      'props must be a DynamoGraphDeploymentProps object (got null); pass an object with the DynamoGraphDeploymentProps props', 'test/g'],
    ['DynamoGraphDeployment: a misspelt prop', (c: Chart, p: never) => new DynamoGraphDeployment(c, 'g', p), { nmae: 'x' }, 'nmae',
      'nmae is not a prop of DynamoGraphDeploymentProps (got "nmae"); did you mean name?', 'test/g'],
    ['DynamoGraphDeployment: a component type as a string', (c: Chart, p: never) => new DynamoGraphDeployment(c, 'g', p),
      { components: [{ name: 'Frontend', type: 'frontend', image: 'r/x:1.6.2' }] }, 'components[0].type',
      'components[0].type must be a ComponentType (got "frontend"); use ComponentType.FRONTEND, not the string "frontend"', 'test/g'],
    ['DynamoGraphDeployment: a component without its image', (c: Chart, p: never) => new DynamoGraphDeployment(c, 'g', p),
      { components: [{ name: 'Frontend', type: ComponentType.FRONTEND }] }, 'components[0].image',
      'components[0].image is required (got undefined); set components[0].image (a string)', 'test/g'],
    ['DynamoGraphDeployment: env as strings', (c: Chart, p: never) => new DynamoGraphDeployment(c, 'g', p), { env: { A: 'b' } }, 'env.A',
      'env.A must be an EnvValue (got "b"); use EnvValue.fromValue("b")', 'test/g'],
    ['addComponent: replicas as a string', (c: Chart, p: never) => new DynamoGraphDeployment(c, 'g').addComponent(p),
      { name: 'Frontend', type: ComponentType.FRONTEND, image: 'r/x:1.6.2', replicas: '2' }, 'components[Frontend].replicas',
      'components[Frontend].replicas must be a number (got "2"); pass a number, not a string such as "4"', 'test/g'],
    ['addComponent: no options', (c: Chart, p: never) => new DynamoGraphDeployment(c, 'g').addComponent(p), undefined, 'components[0]',
      'components[0] must be a DynamoComponentOptions object (got undefined); pass an object with the DynamoComponentOptions props (at least name, type, image)', 'test/g'],
    ['ModelDownloadJob: no claim', (c: Chart, p: never) => new ModelDownloadJob(c, 'j', p), { model: MODEL }, 'claimName',
      'claimName is required (got undefined); set claimName (a string)', 'test/j'],
    ['ModelDownloadJob: a literal token', (c: Chart, p: never) => new ModelDownloadJob(c, 'j', p), { model: MODEL, claimName: 'c', hfToken: 'hf_abc' }, 'hfToken',
      'hfToken must be an HfToken (a reference to the Secret that holds the token), not the token (got "<redacted>"); keep the token in a Secret and use HfToken.fromSecret("hf-token-secret")', 'test/j'],
    ['DgdScaledObject: props undefined', (c: Chart, p: never) => new DgdScaledObject(c, 's', p), undefined, 'props',
      'props must be a DgdScaledObjectProps object (got undefined); pass an object with the DgdScaledObjectProps props (at least deployment, component, maxReplicas, metrics, prometheusServerAddress)', 'test/s'],
    ['DgdScaledObject: a Duration as a string', (c: Chart, p: never) => new DgdScaledObject(c, 's', p), { ...scaler(), prometheusServerAddress: PROM, pollingInterval: '30s' },
      'pollingInterval', 'pollingInterval must be a Duration (got "30s"); use a cdk8s Duration such as Duration.seconds(30)', 'test/s'],
    ['DgdScaledObject: metrics as a string', (c: Chart, p: never) => new DgdScaledObject(c, 's', p), { ...scaler(), prometheusServerAddress: PROM, metrics: 'queue' },
      'metrics', 'metrics must be an array of ScalingMetrics (got "queue"); pass an array, e.g. [ScalingMetric.queueDepth({ targetPerReplica: 4 })]', 'test/s'],
    ['DgdScaledObject: a deployment whose router mode is a string', (c: Chart, p: never) => new DgdScaledObject(c, 's', p),
      { ...scaler(), prometheusServerAddress: PROM, deployment: { ...deployment(), routerMode: 'kv' } }, 'deployment.routerMode',
      'deployment.routerMode must be a RouterMode (got "kv"); use RouterMode.of("kv"), not the string "kv"', 'test/s'],
    ['DgdHorizontalPodAutoscaler: a misspelt prop', (c: Chart, p: never) => new DgdHorizontalPodAutoscaler(c, 'h', p),
      { ...scaler(), scaleDownStabilisation: Duration.minutes(1) }, 'scaleDownStabilisation',
      'scaleDownStabilisation is not a prop of DgdHorizontalPodAutoscalerProps (got "scaleDownStabilisation"); did you mean scaleDownStabilization?', 'test/h'],
    ['DgdHorizontalPodAutoscaler: maxReplicas as a string', (c: Chart, p: never) => new DgdHorizontalPodAutoscaler(c, 'h', p), { ...scaler(), maxReplicas: '4' },
      'maxReplicas', 'maxReplicas must be a number (got "4"); pass a number, not a string such as "4"', 'test/h'],
    ['LlmDashboard: a title as a number', (c: Chart, p: never) => new LlmDashboard(c, 'd', p), { deployment: deployment(), title: 5 }, 'title',
      'title must be a string (got 5); pass a string', 'test/d'],
    ['LlmDashboard: no deployment', (c: Chart, p: never) => new LlmDashboard(c, 'd', p), {}, 'deployment',
      'deployment is required (got undefined); set deployment (an ObservedDeployment object)', 'test/d'],
    ['DynamoPodMonitors: scraping as a string', (c: Chart, p: never) => new DynamoPodMonitors(c, 'm', p), { deployment: deployment(), scraping: 'podMonitors' },
      'scraping', 'scraping must be a Scraping (got "podMonitors"); use Scraping.podMonitors() or Scraping.platform()', 'test/m'],
    ['LlmAlertRules: labels as an array', (c: Chart, p: never) => new LlmAlertRules(c, 'r', p), { deployment: deployment(), ruleLabels: ['a'] }, 'ruleLabels',
      'ruleLabels must be an object of string values (got ["a"]); pass an object such as { key: a string }', 'test/r'],
    ['LlmAlertRules: a component type as a string', (c: Chart, p: never) => new LlmAlertRules(c, 'r', p),
      { deployment: { ...deployment(), components: [{ name: 'Frontend', type: 'frontend' }] } }, 'deployment.components[0].type',
      'deployment.components[0].type must be a ComponentType (got "frontend"); use ComponentType.FRONTEND, not the string "frontend"', 'test/r'],
  ])('%s', (_what, build, props, prop, message, at) => {
    expect(mistake(build, props)).toStrictEqual({ prop, message, at });
  });

  test('valid props still build each construct', () => {
    const chart = newChart();
    const d = deployment();
    expect(() => {
      new DynamoGraphDeployment(chart, 'g', { components: [{ name: 'Frontend', type: ComponentType.FRONTEND, image: 'r/x:1.6.2' }] });
      new ModelDownloadJob(chart, 'j', { model: MODEL, claimName: 'c', hfToken: HfToken.fromSecret('hf') });
      new DgdScaledObject(chart, 's', { deployment: d, component: 'VllmDecodeWorker', maxReplicas: 4, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 4 })], prometheusServerAddress: PROM });
      new DgdHorizontalPodAutoscaler(chart, 'h', { deployment: d, component: 'VllmDecodeWorker', maxReplicas: 4, metrics: [ScalingMetric.queueDepth({ targetPerReplica: 4 })] });
      new LlmDashboard(chart, 'd', { deployment: d });
      new DynamoPodMonitors(chart, 'm', { deployment: d, scraping: Scraping.podMonitors() });
      new LlmAlertRules(chart, 'r', { deployment: d });
      Testing.synth(chart);
    }).not.toThrow();
  });
});

describe('ClusterObject from an untyped caller', () => {
  test.each([
    ['no props', undefined, 'props', 'props must be an ApiObjectProps object (got undefined); pass the manifest, e.g. { apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name }, spec }'],
    ['no kind', { apiVersion: 'v1' }, 'kind', 'kind is required (got undefined); set kind (a string) in the manifest'],
    ['metadata as a string', { apiVersion: 'v1', kind: 'Namespace', metadata: 'ns' }, 'metadata',
      'metadata must be an ObjectMeta object (got "ns"); pass a plain object in the Kubernetes ObjectMeta shape'],
  ])('%s', (_what, props, prop, message) => {
    const e = validationError(() => new ClusterObject(newChart(), 'o', props as never));
    expect([e.prop, e.message]).toStrictEqual([prop, message]);
  });

  test('a manifest with its own keys passes', () => {
    const chart = newChart();
    new ClusterObject(chart, 'o', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: { finalizers: [] } });
    expect(Testing.synth(chart)).toStrictEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, spec: { finalizers: [] } }]);
  });
});

describe('the Pulumi components from an untyped caller', () => {
  const mocked = mockedEngine();

  test.each([
    ['AggregatedLlm: no args', () => new mocked.engine.AggregatedLlm('u-none', undefined as never), 'args',
      'args must be an AggregatedLlmArgs object (got undefined); pass an object with the AggregatedLlmArgs (at least model)'],
    ['AggregatedLlm: a misspelt Pulumi arg', () => new mocked.engine.AggregatedLlm('u-ns', { model: MODEL, createNamspace: true } as never), 'createNamspace',
      'createNamspace is not a prop of AggregatedLlmArgs (got "createNamspace"); did you mean createNamespace?'],
    ['AggregatedLlm: customize not a function', () => new mocked.engine.AggregatedLlm('u-cust', { model: MODEL, customize: 'x' } as never), 'customize',
      'customize must be a function (got "x"); pass a function that receives the construct, e.g. (llm) => llm.dgd.addEnv(...)'],
    ['AggregatedLlm: a boolean arg as a string', () => new mocked.engine.AggregatedLlm('u-rep', { model: MODEL, replaceOnImmutableChange: 'true' } as never),
      'replaceOnImmutableChange', 'replaceOnImmutableChange must be true or false (got "true"); pass a boolean, not a string such as "true"'],
    ['AggregatedLlm: a construct prop of the wrong type', () => new mocked.engine.AggregatedLlm('u-rm', { model: MODEL, frontend: { routerMode: 'kv' } } as never),
      'frontend.routerMode', 'frontend.routerMode must be a RouterMode (got "kv"); use RouterMode.of("kv"), not the string "kv"'],
    ['DisaggregatedLlm: the namespace as a number', () => new mocked.engine.DisaggregatedLlm('u-dns', { model: MODEL, namespace: 5 } as never), 'namespace',
      'namespace must be a string (got 5); pass a string'],
    ['DynamoGraphDeployment: a misspelt arg', () => new mocked.engine.DynamoGraphDeployment('u-dgd', { custmize: () => undefined } as never), 'custmize',
      'custmize is not a prop of DynamoGraphDeploymentArgs (got "custmize"); did you mean customize?'],
  ])('%s: an InputPropertyError of the arg', (_what, build, propertyPath, reason) => {
    expect(inputPropertyError(build)).toStrictEqual({ propertyPath, reason });
  });
});
