import { ApiObject, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, test } from 'vitest';
import * as lib from '../lib';
import {
  AggregatedLlm, AksRdmaResource, Autoscaling, Backend, Cloud, CompilationCache, ComponentVolume, DashboardDelivery,
  DynamoVersion, EfaInterfaces, EksAmi, EndpointAccess, EnvValue, GpuMetrics, GpuType, HfToken, KvCacheDtype, KvTransfer, ModelCache, ModelStorage,
  IngressController, NetworkInterfaceType, Planner, RdmaFabric, RouterMode, ScalingMetric, Scraping, SecretRef, Topology,
} from '../lib';
import type { SlaPlannerOptions } from '../lib/autoscaling/planner';
import { SLA_PLANNER_FIELDS } from '../lib/autoscaling/planner-options-shape';
import { newChart, validationError } from './support/synth';
import { EKS_OPTIONS } from './support/eks-options';

/**
 * An autoscaler in use: its options are checked where a pool uses it, so the error names the pool
 * (`decode.autoscaling.maxReplicas`).
 */
const inDecode = (autoscaling: Autoscaling) => new lib.DisaggregatedLlm(newChart(), 'llm', {
  model: 'Qwen/Qwen3-0.6B', allowTcpKvTransfer: true, prefill: {}, decode: { autoscaling },
});

// Every public static method of every class the package exports, called the way an untyped caller
// (JavaScript, values read from a config file) gets it wrong: a wrong type, null, a missing
// argument or option, a misspelt option. Each mistake must end in a DynamoValidationError whose
// prop is the option as the user wrote it and whose message shows the value received; never a
// TypeError, never an object that renders null later. The table is complete by construction: its
// type has a key for every exported class and a row for every public static method (tsc fails on
// a new one), and a test compares it with the methods found at run time.

/** One wrong call, the prop its error must name and the value it must show (as `(got <value>)` renders it). */
interface Mistake {
  readonly call: () => unknown;
  readonly prop: string;
  readonly got: string;
  /** A fragment of the fix, where the fix is the point (`did you mean`, the call that makes the value). */
  readonly fix?: string;
}

/**
 * The mistakes of one factory, or why it takes no input an untyped caller can get wrong, or (a
 * `test.todo`) why its check is not there yet.
 */
type Row = { readonly mistakes: readonly Mistake[] } | { readonly noInput: string };

type Lib = typeof lib;
/** The exported classes: values with a prototype that cannot be called. */
type ClassName = { [K in keyof Lib]: Lib[K] extends (...args: never[]) => unknown ? never : Lib[K] extends { prototype: object } ? K : never }[keyof Lib];
/** The public static methods of a class (TypeScript leaves private ones out of `keyof`). */
type StaticMethod<C> = { [M in keyof C]: C[M] extends (...args: never[]) => unknown ? M : never }[keyof C];
/** Static methods a class inherits from another library's base class (`Construct.isConstruct`, `ApiObject.of`, `Error.captureStackTrace`). */
type Inherited<C> = C extends { isApiObject: unknown } ? StaticMethod<typeof ApiObject>
  : C extends { isConstruct: unknown } ? StaticMethod<typeof Construct>
    : C extends { captureStackTrace: unknown } ? StaticMethod<ErrorConstructor> : never;
type FactoryTable = { readonly [K in ClassName]: { readonly [M in Exclude<StaticMethod<Lib[K]>, Inherited<Lib[K]>>]: Row } };

/** Whether two key sets are equal (a type-level check). */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// `Planner.sla` checks its table `satisfies FieldsOf<SlaPlannerOptions>` (no key missing); no key too many:
const plannerTableExact: SameKeys<keyof typeof SLA_PLANNER_FIELDS, keyof SlaPlannerOptions> = true;
void plannerTableExact;

/** Private static methods, which the run-time enumeration sees and the type does not. */
const PRIVATE_STATICS: Readonly<Record<string, readonly string[]>> = { Backend: ['instance'], HfToken: ['withKey'], ModelArchitecture: ['byId'], ScalingMetric: ['latency'] };

const m = (call: () => unknown, prop: string, got: string, fix?: string): Mistake => ({ call, prop, got, fix });
/** A value as an untyped caller passes it, whatever the parameter's type. */
const js = <T = never>(value: unknown): T => value as T;

const AMI = EksAmi.al2023('v20250821');
const EKS = EKS_OPTIONS;
const SECRET = SecretRef.fromSecretName('hf-token');
const TTFT = ScalingMetric.timeToFirstToken({ targetMs: 500 });
const PROM = 'http://prometheus-operated.monitoring.svc:9090';
const KEYS = SecretRef.fromSecretName('llm-api-keys');
const ISSUER = 'https://login.example.com/';
const JWKS = 'https://login.example.com/.well-known/jwks.json';

const FACTORIES: FactoryTable = {
  AccessFeature: {
    all: { noInput: 'takes no argument: lists the built-in features' },
  },
  AggregatedLlm: {},
  AksGpuDriver: {},
  AksImageFamily: {},
  AksRdmaResource: {
    custom: { mistakes: [
      m(() => AksRdmaResource.custom(js(5), true), 'cloud.rdmaResource', '5'),
      m(() => AksRdmaResource.custom(js(null), true), 'cloud.rdmaResource', 'null'),
      m(() => AksRdmaResource.custom('rdma/my_ib', js('yes')), 'cloud.rdmaResource.shared', '"yes"'),
      m(() => js<(name: string) => unknown>(AksRdmaResource.custom)('rdma/my_ib'), 'cloud.rdmaResource.shared', 'undefined'),
    ] },
  },
  Autoscaling: {
    keda: { mistakes: [
      m(() => inDecode(Autoscaling.keda(js(undefined))), 'decode.autoscaling', 'undefined'),
      m(() => inDecode(Autoscaling.keda(js(null))), 'decode.autoscaling', 'null'),
      m(() => inDecode(Autoscaling.keda(js({ metrics: [TTFT], prometheusServerAddress: PROM }))), 'decode.autoscaling.maxReplicas', 'undefined'),
      m(() => inDecode(Autoscaling.keda(js({ maxReplica: 4, metrics: [TTFT], prometheusServerAddress: PROM }))), 'decode.autoscaling.maxReplica', '"maxReplica"',
        'did you mean decode.autoscaling.maxReplicas?'),
      m(() => inDecode(Autoscaling.keda(js({ maxReplicas: '8', metrics: [TTFT], prometheusServerAddress: PROM }))), 'decode.autoscaling.maxReplicas', '"8"'),
      m(() => inDecode(Autoscaling.keda(js({ maxReplicas: 8, metrics: ['ttft'], prometheusServerAddress: PROM }))), 'decode.autoscaling.metrics[0]', '"ttft"'),
      m(() => inDecode(Autoscaling.keda(js({ maxReplicas: 8, metrics: TTFT, prometheusServerAddress: PROM }))), 'decode.autoscaling.metrics', '"a ScalingMetric"'),
      m(() => inDecode(Autoscaling.keda(js({ maxReplicas: 8, metrics: [TTFT], prometheusServerAddress: PROM, pollingInterval: 15 }))), 'decode.autoscaling.pollingInterval', '15'),
    ] },
    hpa: { mistakes: [
      m(() => inDecode(Autoscaling.hpa(js('keda'))), 'decode.autoscaling', '"keda"'),
      m(() => inDecode(Autoscaling.hpa(js({ maxReplicas: 4 }))), 'decode.autoscaling.metrics', 'undefined'),
      m(() => inDecode(Autoscaling.hpa(js({ maxReplicas: 4, metrics: [TTFT], scaleDownStabilisation: 300 }))), 'decode.autoscaling.scaleDownStabilisation', '"scaleDownStabilisation"',
        'did you mean decode.autoscaling.scaleDownStabilization?'),
      m(() => inDecode(Autoscaling.hpa(js({ maxReplicas: 4, metrics: [TTFT], minReplicas: null }))), 'decode.autoscaling.minReplicas', 'null'),
    ] },
  },
  Backend: {
    vllm: { noInput: 'takes no argument' },
    sglang: { noInput: 'takes no argument' },
    trtllm: { noInput: 'takes no argument' },
    all: { noInput: 'takes no argument' },
    fromFramework: { mistakes: [
      m(() => Backend.fromFramework(js(5)), 'backend', '5'),
      m(() => Backend.fromFramework(js(undefined)), 'backend', 'undefined'),
      m(() => Backend.fromFramework('vLLM'), 'backend', '"vLLM"'),
    ] },
  },
  CapacityType: {},
  BundledChart: {},
  Cloud: {
    generic: { mistakes: [
      m(() => Cloud.generic(js('generic')), 'cloud', '"generic"'),
      m(() => Cloud.generic(js(null)), 'cloud', 'null'),
      m(() => Cloud.generic(js({ gpuToleration: [] })), 'cloud.gpuToleration', '"gpuToleration"', 'did you mean cloud.gpuTolerations?'),
      m(() => Cloud.generic(js({ rdma: { fabric: 'efa' } })), 'cloud.rdma.fabric', '"efa"', 'use RdmaFabric.EFA'),
      m(() => Cloud.generic(js({ rdma: { devicesPerPod: 1 } })), 'cloud.rdma.fabric', 'undefined'),
      m(() => Cloud.generic(js({ gpuTolerations: ['nvidia.com/gpu'] })), 'cloud.gpuTolerations[0]', '"nvidia.com/gpu"'),
    ] },
    eks: { mistakes: [
      m(() => Cloud.eks(js(undefined)), 'cloud', 'undefined'),
      m(() => Cloud.eks(js({ ...EKS, ami: undefined })), 'cloud.ami', 'undefined', "EksAmi.al2023('v20250821')"),
      m(() => Cloud.eks(js({ ...EKS, ami: null })), 'cloud.ami', 'null'),
      m(() => Cloud.eks(js({ ...EKS, ami: 'al2023@v20250821' })), 'cloud.ami', '"al2023@v20250821"', "use EksAmi.al2023('v20250821')"),
      m(() => Cloud.eks(js({ ...EKS, nodeRole: undefined, nodRole: 'r' })), 'cloud.nodRole', '"nodRole"', 'did you mean cloud.nodeRole?'),
      m(() => Cloud.eks(js({ ...EKS, subnetTags: undefined, subnetIds: 'subnet-0a1b' })), 'cloud.subnetIds', '"subnet-0a1b"'),
      m(() => Cloud.eks(js({ ...EKS, volumeSize: '500Gi' })), 'cloud.volumeSize', '"500Gi"', 'Size.gibibytes(500)'),
      m(() => Cloud.eks(js({ ...EKS, poolNodeLimits: { decode: '8' } })), 'cloud.poolNodeLimits.decode', '"8"'),
      m(() => Cloud.eks(js({ ...EKS, extraShapes: [{ name: 'p6.48xlarge', gpuCount: 8 }] })), 'cloud.extraShapes[0].gpuType', 'undefined'),
      m(() => Cloud.eks(js({ ...EKS, privileged: 'true' })), 'cloud.privileged', '"true"'),
    ] },
    eksAutoMode: { mistakes: [
      m(() => Cloud.eksAutoMode(js(7)), 'cloud', '7'),
      m(() => Cloud.eksAutoMode(js({ nodeRoles: 'r' })), 'cloud.nodeRoles', '"nodeRoles"', 'did you mean cloud.nodeRole?'),
      m(() => Cloud.eksAutoMode(js({ ami: AMI })), 'cloud.ami', '"ami"', 'is not supported by Cloud.eksAutoMode()'),
      m(() => Cloud.eksAutoMode(js({ ephemeralStorageSize: 100 })), 'cloud.ephemeralStorageSize', '100'),
    ] },
    gke: { mistakes: [
      m(() => Cloud.gke(js(null)), 'cloud', 'null'),
      m(() => Cloud.gke(js({ reservations: 'h200-reservation' })), 'cloud.reservations', '"h200-reservation"'),
      m(() => Cloud.gke(js({ whenUnsatisfiable: 'DoNotScaleUp' })), 'cloud.whenUnsatisfiable', '"DoNotScaleUp"', 'use WhenUnsatisfiable.DO_NOT_SCALE_UP'),
      m(() => Cloud.gke(js({ rdmaNetwork: { vpc: 'rdma-net' } })), 'cloud.rdmaNetwork.subnets', 'undefined'),
      m(() => Cloud.gke(js({ driverPrelude: 'no' })), 'cloud.driverPrelude', '"no"'),
    ] },
    aks: { mistakes: [
      m(() => Cloud.aks(js([])), 'cloud', '[]'),
      m(() => Cloud.aks(js({ nodePools: { prefill: 5 } })), 'cloud.nodePools.prefill', '5'),
      m(() => Cloud.aks(js({ imageFamily: 'Ubuntu' })), 'cloud.imageFamily', '"Ubuntu"', 'use AksImageFamily.UBUNTU'),
      m(() => Cloud.aks(js({ osDiskSizeGb: 256 })), 'cloud.osDiskSizeGb', '"osDiskSizeGb"', 'did you mean cloud.osDiskSizeGB?'),
    ] },
    custom: { mistakes: [
      m(() => Cloud.custom(js('eks')), 'cloud', '"eks"'),
      m(() => Cloud.custom(js(null)), 'cloud', 'null'),
      m(() => Cloud.custom(js(undefined)), 'cloud', 'undefined'),
    ] },
    isCloud: { noInput: 'a type guard: any value is an answer (false)' },
  },
  CloudProfile: {},
  ClusterObject: {},
  CompilationCache: {
    fromExistingClaim: { mistakes: [
      m(() => CompilationCache.fromExistingClaim(js(5)), 'compilationCache.claimName', '5'),
      m(() => CompilationCache.fromExistingClaim(js(undefined)), 'compilationCache.claimName', 'undefined'),
      m(() => CompilationCache.fromExistingClaim('cache', js({ mountpath: '/cache' })), 'compilationCache.mountpath', '"mountpath"', 'did you mean compilationCache.mountPath?'),
      m(() => CompilationCache.fromExistingClaim('cache', js({ mountPath: 5 })), 'compilationCache.mountPath', '5'),
    ] },
  },
  ComponentType: {},
  ComponentVolume: {
    fromPersistentVolumeClaim: { mistakes: [
      m(() => ComponentVolume.fromPersistentVolumeClaim(js(undefined), '/data'), 'claimName', 'undefined'),
      m(() => ComponentVolume.fromPersistentVolumeClaim('data', js(5)), 'mountPath', '5'),
    ] },
    fromConfigMap: { mistakes: [
      m(() => ComponentVolume.fromConfigMap(js(null), '/etc/cfg'), 'configMapName', 'null'),
      m(() => ComponentVolume.fromConfigMap('cfg', '/etc/cfg', js({ readonly: true })), 'options.readonly', '"readonly"', 'did you mean options.readOnly?'),
    ] },
    fromEmptyDir: { mistakes: [
      m(() => ComponentVolume.fromEmptyDir('scratch', js(undefined)), 'mountPath', 'undefined'),
      m(() => ComponentVolume.fromEmptyDir('scratch', '/scratch', js({ sizeLimit: '10Gi' })), 'options.sizeLimit', '"10Gi"'),
    ] },
    fromHostPath: { mistakes: [
      m(() => ComponentVolume.fromHostPath('ib', js(5), '/dev/infiniband'), 'hostPath', '5'),
      m(() => ComponentVolume.fromHostPath('ib', '/dev/infiniband', '/dev/infiniband', js({ readOnly: 'yes' })), 'options.readOnly', '"yes"'),
    ] },
  },
  DashboardDelivery: {
    configMap: { mistakes: [
      m(() => DashboardDelivery.configMap(js('grafana')), 'delivery', '"grafana"'),
      m(() => DashboardDelivery.configMap(js({ labell: 'x' })), 'delivery.labell', '"labell"', 'did you mean delivery.label?'),
      m(() => DashboardDelivery.configMap(js({ labelValue: 1 })), 'delivery.labelValue', '1'),
    ] },
    grafanaOperator: { mistakes: [
      m(() => DashboardDelivery.grafanaOperator(js(undefined)), 'delivery', 'undefined'),
      m(() => DashboardDelivery.grafanaOperator(js({})), 'delivery.instanceSelector', 'undefined'),
      m(() => DashboardDelivery.grafanaOperator(js({ instanceSelector: 'dashboards=grafana' })), 'delivery.instanceSelector', '"dashboards=grafana"'),
      m(() => DashboardDelivery.grafanaOperator(js({ instanceSelector: { a: 'b' }, resyncPeriod: '10m' })), 'delivery.resyncPeriod', '"10m"'),
    ] },
  },
  DgdApiVersion: {},
  DgdHorizontalPodAutoscaler: {},
  DgdScaledObject: {},
  DisaggregatedLlm: {},
  DynamoGraphDeploymentRequest: {},
  DynamoComponent: {
    // DynamoGraphDeployment.addComponent checks the options (dgd-props-shape.ts) before it calls
    // create; create on its own would need that check too, which imports dynamo-component's types.
    create: { noInput: 'internal (stripped from the typings): only DynamoGraphDeployment.addComponent calls it, after checking the options (test/props-shape.test.ts)' },
  },
  DynamoGraphDeployment: {},
  DynamoPodMonitors: {},
  DynamoPlatform: {
    fromExisting: { mistakes: [
      m(() => lib.DynamoPlatform.fromExisting(js('1.6.2')), 'platform', '"1.6.2"'),
      m(() => lib.DynamoPlatform.fromExisting(js({ version: '1.6.2' })), 'platform.version', '"1.6.2"', "DynamoVersion.of('1.6.2')"),
      m(() => lib.DynamoPlatform.fromExisting(js({ version: DynamoVersion.LATEST, prometheusEndpiont: PROM })), 'platform.prometheusEndpiont', '"prometheusEndpiont"', 'did you mean platform.prometheusEndpoint?'),
      m(() => lib.DynamoPlatform.fromExisting(js({ version: DynamoVersion.LATEST, deviceResources: 'rdma/ib' })), 'platform.deviceResources', '"rdma/ib"'),
    ] },
    isDynamoPlatform: { noInput: 'a type guard: any value is an answer (false)' },
  },
  DynamoValidationError: {
    isDynamoValidationError: { noInput: 'a type guard: any value is an answer (false)' },
  },
  DynamoVersion: {
    of: { mistakes: [
      m(() => DynamoVersion.of(js(1.6)), 'dynamoVersion', '1.6'),
      m(() => DynamoVersion.of(js(null)), 'dynamoVersion', 'null'),
      m(() => DynamoVersion.of('v1.6.2'), 'dynamoVersion', '"v1.6.2"'),
    ] },
    firstReleaseWith: { mistakes: [
      m(() => DynamoVersion.firstReleaseWith(js('v1beta1')), 'feature', '"v1beta1"', 'use one of v1beta1Api'),
      m(() => DynamoVersion.firstReleaseWith(js(undefined)), 'feature', 'undefined'),
    ] },
  },
  EfaInterfaces: {
    custom: { mistakes: [
      m(() => EfaInterfaces.custom(js('efa-only')), 'cloud.efaInterfaces', '"efa-only"'),
      m(() => EfaInterfaces.custom(js(undefined)), 'cloud.efaInterfaces', 'undefined'),
      m(() => EfaInterfaces.custom(js([{ networkCardIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE }])), 'cloud.efaInterfaces[0].deviceIndex', 'undefined'),
      m(() => EfaInterfaces.custom(js([{ networkCardIndex: 0, deviceIndex: 1, interfaceType: 'efa-only' }])), 'cloud.efaInterfaces[0].interfaceType', '"efa-only"',
        'use NetworkInterfaceType.EFA_ONLY'),
    ] },
  },
  EksAmi: {
    al2023: { mistakes: [
      m(() => EksAmi.al2023(js(20250821)), 'cloud.ami', '20250821'),
      m(() => EksAmi.al2023(js(undefined)), 'cloud.ami', 'undefined'),
    ] },
    bottlerocket: { mistakes: [
      m(() => EksAmi.bottlerocket(js(null)), 'cloud.ami', 'null'),
      m(() => EksAmi.bottlerocket('latest'), 'cloud.ami', '"latest"'),
    ] },
  },
  EndpointAccess: {
    apiKeys: { mistakes: [
      m(() => EndpointAccess.apiKeys(js(undefined)), 'access', 'undefined', 'SecretRef.fromSecretName'),
      m(() => EndpointAccess.apiKeys(js({})), 'access.secret', 'undefined'),
      m(() => EndpointAccess.apiKeys(js({ secret: 'sk-live-0123456789abcdef' })), 'access.secret', '"<redacted>"'),
      m(() => EndpointAccess.apiKeys(js({ secret: KEYS, requestsPerMinut: 5 })), 'access.requestsPerMinut', '"requestsPerMinut"', 'did you mean access.requestsPerMinute?'),
      m(() => EndpointAccess.apiKeys(js({ secret: KEYS, requestsPerMinute: '600' })), 'access.requestsPerMinute', '"600"'),
      m(() => EndpointAccess.apiKeys(js({ secret: KEYS, allowedSourceRanges: '10.0.0.0/8' })), 'access.allowedSourceRanges', '"10.0.0.0/8"'),
    ] },
    jwt: { mistakes: [
      m(() => EndpointAccess.jwt(js(null)), 'access', 'null'),
      m(() => EndpointAccess.jwt(js({ issuer: ISSUER, jwksUri: JWKS })), 'access.audiences', 'undefined'),
      m(() => EndpointAccess.jwt(js({ issuer: ISSUER, audiences: 'llm', jwksUri: JWKS })), 'access.audiences', '"llm"'),
      m(() => EndpointAccess.jwt(js({ issuer: ISSUER, audiences: ['llm'], jwksUrl: JWKS })), 'access.jwksUrl', '"jwksUrl"', 'did you mean access.jwksUri?'),
    ] },
    oidc: { mistakes: [
      m(() => EndpointAccess.oidc(js({ issuer: ISSUER, clientId: 'llm' })), 'access.clientSecret', 'undefined'),
      m(() => EndpointAccess.oidc(js({ issuer: ISSUER, clientId: 'llm', clientSecret: 'hunter2hunter2!' })), 'access.clientSecret', '"<redacted>"'),
      m(() => EndpointAccess.oidc(js({ issuer: ISSUER, clientId: 7, clientSecret: KEYS })), 'access.clientId', '7'),
    ] },
    cognito: { mistakes: [
      m(() => EndpointAccess.cognito(js({ userPoolArn: 'arn' })), 'access.userPoolClientId', 'undefined'),
      m(() => EndpointAccess.cognito(js(5)), 'access', '5'),
    ] },
    iap: { mistakes: [
      m(() => EndpointAccess.iap(js(null)), 'access', 'null'),
      m(() => EndpointAccess.iap(js({ clientID: 'x' })), 'access.clientID', '"clientID"', 'did you mean access.clientId?'),
    ] },
    open: { mistakes: [
      m(() => EndpointAccess.open(js(undefined)), 'access', 'undefined'),
      m(() => EndpointAccess.open(js({ allowedSourceRange: ['10.0.0.0/8'] })), 'access.allowedSourceRange', '"allowedSourceRange"', 'did you mean access.allowedSourceRanges?'),
      m(() => EndpointAccess.open(js({ allowedSourceRanges: [null] })), 'access.allowedSourceRanges[0]', 'null'),
    ] },
    isEndpointAccess: { noInput: 'a type guard: any value is an answer (false)' },
  },
  EnvValue: {
    fromValue: { mistakes: [
      m(() => EnvValue.fromValue(js(1)), 'value', '1', 'EnvValue.fromValue("1")'),
      m(() => EnvValue.fromValue(js(undefined)), 'value', 'undefined'),
      m(() => EnvValue.fromValue(js(true)), 'value', 'true'),
    ] },
    fromSecret: { mistakes: [
      m(() => EnvValue.fromSecret(js('hf-token'), 'HF_TOKEN'), 'secret', '"hf-token"', 'use SecretRef.fromSecretName("hf-token")'),
      m(() => EnvValue.fromSecret(js({ name: 5 }), 'HF_TOKEN'), 'secret', '"{name}"'),
      m(() => EnvValue.fromSecret(SECRET, js(undefined)), 'key', 'undefined'),
      m(() => EnvValue.fromSecret(SECRET, 'HF TOKEN'), 'key', '"HF TOKEN"'),
      m(() => EnvValue.fromSecret(SECRET, 'HF_TOKEN', js({ optinal: true })), 'options.optinal', '"optinal"', 'did you mean options.optional?'),
    ] },
    fromConfigMap: { mistakes: [
      m(() => EnvValue.fromConfigMap(js(undefined), 'k'), 'configMapName', 'undefined'),
      m(() => EnvValue.fromConfigMap('settings', js(5)), 'key', '5'),
      m(() => EnvValue.fromConfigMap('settings', 'k', js({ optional: 'yes' })), 'options.optional', '"yes"'),
    ] },
    fromFieldPath: { mistakes: [
      m(() => EnvValue.fromFieldPath(js(5)), 'fieldPath', '5'),
      m(() => EnvValue.fromFieldPath('podIP'), 'fieldPath', '"podIP"', 'status.podIP'),
    ] },
  },
  FilestoreTier: {},
  FsxDeploymentType: {},
  GpuMetrics: {
    dcgm: { mistakes: [
      m(() => GpuMetrics.dcgm(js('pod')), 'gpuMetrics', '"pod"'),
      m(() => GpuMetrics.dcgm(js({ podlabel: 'exported_pod' })), 'gpuMetrics.podlabel', '"podlabel"', 'did you mean gpuMetrics.podLabel?'),
      m(() => GpuMetrics.dcgm(js({ namespaceLabel: 5 })), 'gpuMetrics.namespaceLabel', '5'),
    ] },
  },
  GpuSku: {
    all: { noInput: 'takes no argument' },
    of: { mistakes: [
      m(() => lib.GpuSku.of('H100-SXM'), 'hardware.gpuSku', '"H100-SXM"', 'GpuSku.of("h100_sxm")'),
      m(() => lib.GpuSku.of(js(42)), 'hardware.gpuSku', '42'),
      m(() => lib.GpuSku.of(js(undefined)), 'hardware.gpuSku', 'undefined'),
    ] },
    fromGpuType: { mistakes: [
      m(() => lib.GpuSku.fromGpuType(js('h100')), 'gpuType', '"h100"'),
      m(() => lib.GpuSku.fromGpuType(js(null)), 'gpuType', 'null'),
    ] },
  },
  GpuType: {
    all: { noInput: 'takes no argument' },
    custom: { mistakes: [
      m(() => GpuType.custom(js(null)), 'gpuType', 'null'),
      m(() => GpuType.custom(js({ id: 'rtx-x', displayName: 'NVIDIA RTX X', memoryGB: 96 })), 'gpuType.memoryGB', '"memoryGB"', 'did you mean gpuType.memoryGb?'),
      m(() => GpuType.custom(js({ id: 'rtx-x', displayName: 'NVIDIA RTX X', memoryGb: '96' })), 'gpuType.memoryGb', '"96"'),
      m(() => GpuType.custom(js({ id: 5, displayName: 'NVIDIA RTX X', memoryGb: 96 })), 'gpuType.id', '5'),
    ] },
  },
  HfToken: {
    fromSecret: { mistakes: [
      m(() => HfToken.fromSecret(js(5)), 'hfToken', '5'),
      m(() => HfToken.fromSecret(js(undefined)), 'hfToken', 'undefined'),
      m(() => HfToken.fromSecret('hf-token', js(5)), 'hfToken.key', '5'),
    ] },
    fromSecretRef: { mistakes: [
      m(() => HfToken.fromSecretRef(js('hf-token')), 'hfToken.secret', '"hf-token"', 'use SecretRef.fromSecretName("hf-token")'),
      // A value that is not a Secret name is never shown: it may be a credential.
      m(() => HfToken.fromSecretRef(js({ name: 'Not A Name' })), 'hfToken.secret.name', '"<redacted>"'),
      m(() => HfToken.fromSecretRef(js(undefined)), 'hfToken.secret', 'undefined'),
    ] },
  },
  IngressController: {
    envoyGateway: { mistakes: [
      m(() => IngressController.envoyGateway(js(null)), 'ingress.controller', 'null'),
      m(() => IngressController.envoyGateway(js({ globalRatelimit: true })), 'ingress.controller.globalRatelimit', '"globalRatelimit"', 'did you mean ingress.controller.globalRateLimit?'),
      m(() => IngressController.envoyGateway(js({ trustedProxyHops: '1' })), 'ingress.controller.trustedProxyHops', '"1"'),
    ] },
    envoyAiGateway: { mistakes: [
      m(() => IngressController.envoyAiGateway(js('eg')), 'ingress.controller', '"eg"'),
      m(() => IngressController.envoyAiGateway(js({ globalRateLimit: 'yes' })), 'ingress.controller.globalRateLimit', '"yes"'),
    ] },
    custom: { mistakes: [
      m(() => IngressController.custom(js(undefined)), 'ingress.controller', 'undefined'),
      m(() => IngressController.custom(js({ id: 'x', displayName: 'X' })), 'ingress.controller', '"{id, displayName}"'),
    ] },
    isIngressController: { noInput: 'a type guard: any value is an answer (false)' },
  },
  IngressControllerProfile: {},
  IngressApi: {},
  KvCacheDtype: {
    of: { mistakes: [
      m(() => KvCacheDtype.of(js(8)), 'kvCacheDtype', '8'),
      m(() => KvCacheDtype.of('FP8'), 'kvCacheDtype', '"FP8"'),
    ] },
  },
  KvTransfer: {
    nixl: { mistakes: [
      m(() => KvTransfer.nixl(js('UCX')), 'kvTransfer', '"UCX"'),
      m(() => KvTransfer.nixl(js(null)), 'kvTransfer', 'null'),
    ] },
    mooncake: { noInput: 'takes no argument' },
    ucxTransceiver: { noInput: 'takes no argument' },
  },
  LlmAlertRules: {},
  LlmDashboard: {},
  LlmPattern: {},
  LlmRecipes: {
    llama33_70bVllmAggregated: { mistakes: [
      m(() => lib.LlmRecipes.llama33_70bVllmAggregated(js('h100')), 'recipe', '"h100"'),
      m(() => lib.LlmRecipes.llama33_70bVllmAggregated(js({ gpuTypes: GpuType.H100_80GB })), 'recipe.gpuTypes', '"gpuTypes"', 'did you mean recipe.gpuType?'),
      m(() => lib.LlmRecipes.llama33_70bVllmAggregated(js({ gpuType: 'h200-141gb' })), 'recipe.gpuType', '"h200-141gb"', 'GpuType.H200_141GB'),
      m(() => lib.LlmRecipes.llama33_70bVllmAggregated({ gpuType: GpuType.L4 }), 'recipe.gpuType', '"NVIDIA L4"', 'GpuType.H100_80GB or GpuType.H200_141GB'),
    ] },
    llama33_70bVllmDisaggregated: { mistakes: [
      m(() => lib.LlmRecipes.llama33_70bVllmDisaggregated(js(null)), 'recipe', 'null'),
      m(() => lib.LlmRecipes.llama33_70bVllmDisaggregated({ gpuType: GpuType.B200 }), 'recipe.gpuType', '"NVIDIA B200"'),
    ] },
    llama33_70bVllmDisaggregatedMultiNode: { mistakes: [
      m(() => lib.LlmRecipes.llama33_70bVllmDisaggregatedMultiNode(js({ gpuType: null })), 'recipe.gpuType', 'null'),
      m(() => lib.LlmRecipes.llama33_70bVllmDisaggregatedMultiNode({ gpuType: GpuType.A100_80GB }), 'recipe.gpuType', '"NVIDIA A100 80GB"'),
    ] },
    deepseekR1SglangDisaggregated: { mistakes: [
      m(() => lib.LlmRecipes.deepseekR1SglangDisaggregated(js({ gpusPerWorker: '16' })), 'recipe.gpusPerWorker', '"16"'),
      m(() => lib.LlmRecipes.deepseekR1SglangDisaggregated(js({ gpusPerWorker: 4 })), 'recipe.gpusPerWorker', '4', 'disagg-8gpu'),
      m(() => lib.LlmRecipes.deepseekR1SglangDisaggregated({ gpuType: GpuType.H100_80GB }), 'recipe.gpuType', '"NVIDIA H100 80GB"', 'GpuType.H200_141GB or GpuType.B200'),
    ] },
    qwen3_32bFp8TrtllmAggregated: { mistakes: [
      m(() => lib.LlmRecipes.qwen3_32bFp8TrtllmAggregated(js({ gpuType: 'NVIDIA H100 80GB' })), 'recipe.gpuType', '"NVIDIA H100 80GB"'),
      m(() => lib.LlmRecipes.qwen3_32bFp8TrtllmAggregated({ gpuType: GpuType.A100_80GB }), 'recipe.gpuType', '"NVIDIA A100 80GB"'),
    ] },
    qwen3_32bFp8TrtllmDisaggregated: { mistakes: [
      m(() => lib.LlmRecipes.qwen3_32bFp8TrtllmDisaggregated(js(7)), 'recipe', '7'),
      m(() => lib.LlmRecipes.qwen3_32bFp8TrtllmDisaggregated({ gpuType: GpuType.L40S }), 'recipe.gpuType', '"NVIDIA L40S"'),
    ] },
    gptOss120bTrtllmAggregated: { mistakes: [
      m(() => lib.LlmRecipes.gptOss120bTrtllmAggregated(js({ gputype: GpuType.B200 })), 'recipe.gputype', '"gputype"', 'did you mean recipe.gpuType?'),
      m(() => lib.LlmRecipes.gptOss120bTrtllmAggregated({ gpuType: GpuType.H100_80GB }), 'recipe.gpuType', '"NVIDIA H100 80GB"', 'GpuType.B200'),
    ] },
    gptOss120bTrtllmDisaggregated: { mistakes: [
      m(() => lib.LlmRecipes.gptOss120bTrtllmDisaggregated(js([])), 'recipe', '[]'),
      m(() => lib.LlmRecipes.gptOss120bTrtllmDisaggregated({ gpuType: GpuType.H200_141GB }), 'recipe.gpuType', '"NVIDIA H200 141GB"'),
    ] },
    gptOss120bVllmAggregatedAgentic: { mistakes: [
      m(() => lib.LlmRecipes.gptOss120bVllmAggregatedAgentic(js({ gpuType: 'b200' })), 'recipe.gpuType', '"b200"', 'GpuType.B200'),
      m(() => lib.LlmRecipes.gptOss120bVllmAggregatedAgentic({ gpuType: GpuType.H100_80GB }), 'recipe.gpuType', '"NVIDIA H100 80GB"'),
    ] },
  },
  LoadPredictor: {},
  ModelArchitecture: {
    lookup: { noInput: 'returns undefined for anything but a catalog id' },
    catalog: { noInput: 'takes no argument' },
    custom: { mistakes: [
      m(() => lib.ModelArchitecture.custom(js(null)), 'modelArchitecture', 'null'),
      m(() => lib.ModelArchitecture.custom(js({ name: 'x/y', parameters: 8e9, numHiddenLayers: '32', numKeyValueHeads: 8, headDim: 128, maxPositionEmbeddings: 8192 })),
        'modelArchitecture.numHiddenLayers', '"32"'),
      m(() => lib.ModelArchitecture.custom(js({ name: 'x/y', parameters: 8e9, numHiddenLayers: 32, numKvHeads: 8, headDim: 128, maxPositionEmbeddings: 8192 })),
        'modelArchitecture.numKvHeads', '"numKvHeads"'),
      m(() => lib.ModelArchitecture.custom(js({ name: 'x/y', parameters: 8e9, numHiddenLayers: 32, headDim: 128, maxPositionEmbeddings: 8192 })),
        'modelArchitecture.numKeyValueHeads', 'undefined'),
    ] },
  },
  ModelCache: {
    newVolume: { mistakes: [
      m(() => ModelCache.newVolume(js(undefined)), 'modelCache', 'undefined'),
      m(() => ModelCache.newVolume(js({ storageClass: 'efs-sc' })), 'modelCache.size', 'undefined', 'set modelCache.size'),
      m(() => ModelCache.newVolume(js({ storageClass: 'efs-sc', size: '200Gi' })), 'modelCache.size', '"200Gi"', 'Size.gibibytes(200)'),
      m(() => ModelCache.newVolume(js({ storageclass: 'efs-sc', size: Size.gibibytes(200) })), 'modelCache.storageclass', '"storageclass"',
        'did you mean modelCache.storageClass?'),
      m(() => ModelCache.newVolume(js({ storageClass: 'efs-sc', size: Size.gibibytes(200), accessMode: 'RWX' })), 'modelCache.accessMode', '"RWX"'),
      m(() => ModelCache.newVolume(js({ storageClass: 'efs-sc', size: Size.gibibytes(200), mountPath: 5 })), 'modelCache.mountPath', '5'),
    ] },
    fromExistingClaim: { mistakes: [
      m(() => ModelCache.fromExistingClaim(js(5)), 'modelCache.claimName', '5'),
      m(() => ModelCache.fromExistingClaim('cache', js({ downloadjob: true })), 'modelCache.downloadjob', '"downloadjob"', 'did you mean modelCache.downloadJob?'),
      m(() => ModelCache.fromExistingClaim('cache', js({ mountPath: null })), 'modelCache.mountPath', 'null'),
    ] },
  },
  ModelDownloadJob: {},
  ModelStorage: {
    efs: { mistakes: [
      m(() => ModelStorage.efs(js(undefined)), 'modelCache.storage', 'undefined'),
      m(() => ModelStorage.efs(js({ fileSystemID: 'fs-0123456789abcdef0' })), 'modelCache.storage.fileSystemID', '"fileSystemID"', 'did you mean modelCache.storage.fileSystemId?'),
      m(() => ModelStorage.efs(js({ fileSystemId: 'fs-0123456789abcdef0', directoryPerms: 777 })), 'modelCache.storage.directoryPerms', '777'),
    ] },
    fsxLustre: { mistakes: [
      m(() => ModelStorage.fsxLustre(js({ subnetId: 'subnet-0123456789abcdef0', securityGroupIds: 'sg-0123456789abcdef0' })),
        'modelCache.storage.securityGroupIds', '"sg-0123456789abcdef0"'),
      m(() => ModelStorage.fsxLustre(js({ subnetId: 'subnet-0123456789abcdef0' })), 'modelCache.storage.securityGroupIds', 'undefined'),
    ] },
    filestore: { mistakes: [
      m(() => ModelStorage.filestore(js({ tier: 'zonal' })), 'modelCache.storage.tier', '"zonal"', 'use FilestoreTier.ZONAL'),
      m(() => ModelStorage.filestore(js('zonal')), 'modelCache.storage', '"zonal"'),
    ] },
    azureFiles: { mistakes: [
      m(() => ModelStorage.azureFiles(js({ premium: 'true' })), 'modelCache.storage.premium', '"true"'),
    ] },
    azureBlobNfs: { noInput: 'takes no argument' },
    fromStorageClassName: { mistakes: [
      m(() => ModelStorage.fromStorageClassName(js(5)), 'modelCache.storageClass', '5'),
      m(() => ModelStorage.fromStorageClassName(js(undefined)), 'modelCache.storageClass', 'undefined'),
    ] },
  },
  NetworkInterfaceType: {},
  NixlBackend: {},
  OptimizationType: {},
  PlatformDelivery: {
    flux: { mistakes: [
      m(() => lib.PlatformDelivery.flux(js('flux-system')), 'delivery', '"flux-system"'),
      m(() => lib.PlatformDelivery.flux(js({ namespce: 'flux-system' })), 'delivery.namespce', '"namespce"', 'did you mean delivery.namespace?'),
      m(() => lib.PlatformDelivery.flux(js({ interval: '10m' })), 'delivery.interval', '"10m"'),
    ] },
    argoCd: { mistakes: [
      m(() => lib.PlatformDelivery.argoCd(js(null)), 'delivery', 'null'),
      m(() => lib.PlatformDelivery.argoCd(js({ firstWave: '1' })), 'delivery.firstWave', '"1"'),
      m(() => lib.PlatformDelivery.argoCd(js({ automate: true })), 'delivery.automate', '"automate"', 'did you mean delivery.automated?'),
    ] },
    isPlatformDelivery: { noInput: 'a type guard: any value is an answer (false)' },
  },
  Planner: {
    sla: { mistakes: [
      m(() => Planner.sla(js('sla')), 'planner', '"sla"'),
      m(() => Planner.sla(js({ ttftMs: 300, itlMs: 30 })), 'planner.maxGpus', 'undefined'),
      m(() => Planner.sla(js({ ttftMs: 300, itlMs: 30, maxGPUs: 8 })), 'planner.maxGPUs', '"maxGPUs"', 'did you mean planner.maxGpus?'),
      m(() => Planner.sla(js({ ttftMs: '300', itlMs: 30, maxGpus: 8 })), 'planner.ttftMs', '"300"'),
      m(() => Planner.sla(js({ ttftMs: 300, itlMs: 30, maxGpus: 8, loadPredictor: 'prophet' })), 'planner.loadPredictor', '"prophet"', 'use LoadPredictor.PROPHET'),
      m(() => Planner.sla(js({ ttftMs: 300, itlMs: 30, maxGpus: 8, adjustmentInterval: 180 })), 'planner.adjustmentInterval', '180'),
    ] },
  },
  RdmaFabric: {
    custom: { mistakes: [
      m(() => RdmaFabric.custom(js(undefined)), 'fabric', 'undefined'),
      m(() => RdmaFabric.custom(js({ id: 'spectrum-x', displayName: 'Spectrum-X', nixlBackend: 'UCX' })), 'fabric.nixlBackend', '"UCX"'),
      m(() => RdmaFabric.custom(js({ id: 'spectrum-x', displayname: 'Spectrum-X' })), 'fabric.displayname', '"displayname"', 'did you mean fabric.displayName?'),
    ] },
  },
  RouterMode: {
    of: { mistakes: [
      m(() => RouterMode.of(js(1)), 'frontend.routerMode', '1'),
      m(() => RouterMode.of(js(null)), 'frontend.routerMode', 'null'),
      m(() => RouterMode.of('KV'), 'frontend.routerMode', '"KV"'),
    ] },
  },
  ProfiledLlm: {},
  ScalingMetric: {
    timeToFirstToken: { mistakes: [
      m(() => ScalingMetric.timeToFirstToken(js(undefined)), 'timeToFirstToken', 'undefined'),
      m(() => ScalingMetric.timeToFirstToken(js({ target: 500 })), 'timeToFirstToken.target', '"target"', 'did you mean timeToFirstToken.targetMs?'),
      m(() => ScalingMetric.timeToFirstToken(js({ targetMs: '500' })), 'timeToFirstToken.targetMs', '"500"'),
      m(() => ScalingMetric.timeToFirstToken(js({ targetMs: 500, window: '5m' })), 'timeToFirstToken.window', '"5m"'),
    ] },
    interTokenLatency: { mistakes: [
      m(() => ScalingMetric.interTokenLatency(js(40)), 'interTokenLatency', '40'),
      m(() => ScalingMetric.interTokenLatency(js({})), 'interTokenLatency.targetMs', 'undefined'),
      m(() => ScalingMetric.interTokenLatency(js({ targetMs: 40, percentile: '0.95' })), 'interTokenLatency.percentile', '"0.95"'),
    ] },
    queueDepth: { mistakes: [
      m(() => ScalingMetric.queueDepth(js(null)), 'queueDepth', 'null'),
      m(() => ScalingMetric.queueDepth(js({ target: 4 })), 'queueDepth.target', '"target"', 'the props are targetPerReplica'),
    ] },
    kvCacheUsage: { mistakes: [
      m(() => ScalingMetric.kvCacheUsage(js({ target: '0.8' })), 'kvCacheUsage.target', '"0.8"'),
      m(() => ScalingMetric.kvCacheUsage(js(undefined)), 'kvCacheUsage', 'undefined'),
    ] },
    promql: { mistakes: [
      m(() => ScalingMetric.promql(js({ name: 'backlog', query: 'sum(x)' })), 'promql.target', 'undefined'),
      m(() => ScalingMetric.promql(js({ name: 'backlog', query: 'sum(x)', target: 1, perReplica: 'yes' })), 'promql.perReplica', '"yes"'),
    ] },
  },
  Scraping: {
    platform: { mistakes: [
      m(() => Scraping.platform(js({ nixlTelemetry: 'true' })), 'scraping.nixlTelemetry', '"true"'),
      m(() => Scraping.platform(js(null)), 'scraping', 'null'),
    ] },
    podMonitors: { mistakes: [
      m(() => Scraping.podMonitors(js({ interval: 5 })), 'scraping.interval', '5', 'Duration.seconds(5)'),
      m(() => Scraping.podMonitors(js({ intervall: 5 })), 'scraping.intervall', '"intervall"', 'did you mean scraping.interval?'),
    ] },
  },
  SearchStrategy: {},
  SecretRef: {
    fromSecretName: { mistakes: [
      m(() => SecretRef.fromSecretName(js(5)), 'secretName', '5'),
      m(() => SecretRef.fromSecretName(js(undefined)), 'secretName', 'undefined'),
    ] },
  },
  Topology: {
    of: { mistakes: [
      m(() => Topology.of(js(undefined)), 'scope', 'undefined'),
      m(() => Topology.of(js('app')), 'scope', '"app"'),
      m(() => Topology.of(js({ node: {} })), 'scope', '"{node}"'),
    ] },
    _fromPattern: { noInput: 'internal (stripped from the typings): only LlmPattern.topology calls it, with what the pattern built' },
  },
  WeightDtype: {
    all: { noInput: 'takes no argument' },
    of: { mistakes: [
      m(() => lib.WeightDtype.of(js(4), 0.5), 'weightDtype', '4'),
      m(() => lib.WeightDtype.of('int4', js('half')), 'weightDtype.bytesPerParameter', '"half"'),
      m(() => lib.WeightDtype.of('fp8', 2), 'weightDtype', '"fp8"'),
    ] },
  },
  WhenUnsatisfiable: {},
};

describe('every public factory checks what an untyped caller passes', () => {
  test('the table has a row for every public static method of every exported class', () => {
    // GIVEN the classes the package exports, and their static methods found at run time
    const found: string[] = [];
    for (const [name, value] of Object.entries(lib)) {
      if (typeof value !== 'function' || !/^[A-Z]/.test(name)) continue;
      const privates = PRIVATE_STATICS[name] ?? [];
      for (const key of Object.getOwnPropertyNames(value)) {
        if (['length', 'name', 'prototype'].includes(key) || privates.includes(key)) continue;
        if (typeof (value as unknown as Record<string, unknown>)[key] === 'function') found.push(`${name}.${key}`);
      }
      // THEN each class has its entry (tsc checks the same against the typings)
      expect(Object.keys(FACTORIES), name).toContain(name);
    }
    // THEN each method has its row, and the table lists no method that does not exist
    const listed = Object.entries(FACTORIES).flatMap(([c, rows]) => Object.keys(rows).map((k) => `${c}.${k}`));
    expect(listed.sort()).toStrictEqual(found.sort());
  });

  const rows = Object.entries(FACTORIES).flatMap(([c, methods]) => Object.entries(methods as Record<string, Row>).map(([k, row]) => [`${c}.${k}`, row] as const));
  const cases = rows.flatMap(([name, row]) => ('mistakes' in row ? row.mistakes.map((x, i) => [`${name} #${i + 1}: ${x.prop} (got ${x.got})`, x] as const) : []));

  test.each(cases)('%s', (_, mistake) => {
    // GIVEN a factory called with a value of the wrong type, null, a missing or a misspelt option
    // WHEN it is called
    const e = validationError(mistake.call);
    // THEN the error names the option as written and shows the value received
    expect(e.prop).toBe(mistake.prop);
    expect(e.message.startsWith(`${mistake.prop} `)).toBe(true);
    expect(e.message).toContain(`(got ${mistake.got})`);
    if (mistake.fix) expect(e.message).toContain(mistake.fix);
  });

  test('every factory that takes input has at least two mistakes', () => {
    // GIVEN the rows with mistakes; THEN each tries more than one way to get it wrong, or says why not
    for (const [name, row] of rows) {
      if ('noInput' in row) expect(row.noInput, name).not.toBe('');
      else expect(row.mistakes.length, name).toBeGreaterThanOrEqual(name === 'ModelStorage.azureFiles' ? 1 : 2);
    }
  });
});

describe('untyped values reach the patterns as named errors, never as null in a manifest', () => {
  const pattern = (props: Record<string, unknown>): (() => unknown) => () => new AggregatedLlm(newChart(), 'llm', js({ model: 'Qwen/Qwen3-0.6B', ...props }));

  test("capacityTypes: ['spot'] on an EKS pool names the pool's prop, shows the value and the constant to use", () => {
    // GIVEN a valid EKS cloud and a pool whose capacity type is the string a config file holds
    const e = validationError(pattern({ cloud: Cloud.eks(EKS), workers: { machineType: 'p5.48xlarge', capacityTypes: ['spot'] } }));
    // THEN
    expect(e.prop).toMatch(/^workers\.capacityTypes/);
    expect(e.message).toContain('(got "spot")');
    expect(e.message).toContain('CapacityType.SPOT');
  });

  test("cloud: 'eks' names the value received and the factory that makes it", () => {
    // GIVEN the cloud as the id string
    const e = validationError(pattern({ cloud: 'eks' }));
    // THEN
    expect(e.prop).toBe('cloud');
    expect(e.message).toContain('(got "eks")');
    expect(e.message).toContain('Cloud.eks(');
  });

  test("routerMode: 'kv' points at RouterMode.of", () => {
    // GIVEN the router mode as its --router-mode value
    const e = validationError(pattern({ frontend: { routerMode: 'kv' } }));
    // THEN
    expect(e.prop).toBe('frontend.routerMode');
    expect(e.message).toBe('frontend.routerMode must be a RouterMode (got "kv"); use RouterMode.of("kv"), not the string "kv"');
  });
});
