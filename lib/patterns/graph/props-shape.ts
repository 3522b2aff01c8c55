import { Construct } from 'constructs';
import { EndpointAccess } from '../../access/endpoint-access';
import { Autoscaling } from '../../autoscaling/autoscaling';
import { Planner } from '../../autoscaling/planner';
import { EngineTuningOptions } from '../../backends/engine-tuning-options';
import { CapacityType } from '../../cloud/capacity-type';
import { cloudShape } from '../../cloud/cloud';
import { FrontendIngressOptions, IngressApi } from '../../cloud/frontend-ingress';
import { GpuType } from '../../cloud/gpu-type';
import { IngressController } from '../../cloud/ingress-controllers';
import { PoolPlacementOptions } from '../../cloud/pool-placement';
import { durationShape } from '../../core/duration';
import { engineOf } from '../../core/engine';
import { DynamoValidationError } from '../../core/errors';
import {
  arrayShape, checkedByOwnRule, checkProps, FieldsOf, FieldShapes, guardShape, instanceShape, objectShape,
} from '../../core/input-shape';
import { sizeShape } from '../../core/quantity';
import { secretRefShape } from '../../core/secret-ref';
import {
  AFFINITY, BOOLEAN, CONTAINER_RESOURCES, DGD_API_VERSION, DYNAMO_VERSION, ENV, NUMBER, ROUTER_MODE, SECRET_REFS, SECURITY_CONTEXT, STRING,
  STRING_LIST, STRING_MAP, TOLERATIONS,
} from '../../core/value-shapes';
import { BACKEND } from '../../dgd/dgd-props-shape';
import { PLATFORM } from '../../platform/platform-shape';
import { CompilationCache } from '../../model/compilation-cache';
import { HF_TOKEN } from '../../model/model-download-job-shape';
import { ModelArchitecture } from '../../model/model-architecture';
import { ModelCache } from '../../model/model-cache';
import { OBSERVABILITY_OPTIONS } from '../../observability/observability-props-shape';
import { FrontendOptions, LlmCommonProps, LlmIngressOptions, PodSchedulingOptions, WorkerPoolOptions } from '../llm-props';

/**
 * The shapes of the patterns' props, one table per props interface, as an untyped caller
 * (JavaScript, values read from config) must pass them. `AggregatedLlm` and `DisaggregatedLlm`
 * check their props against them before anything reads a prop; each prop's own rules (ranges,
 * names, combinations) then check the values. test/props-shape.test.ts keeps every table equal to
 * its interface.
 * @internal
 */


/** @internal */
export const POD_SCHEDULING_FIELDS: FieldsOf<PodSchedulingOptions> = {
  tolerations: TOLERATIONS,
  nodeSelector: STRING_MAP,
  affinity: AFFINITY,
  podAnnotations: STRING_MAP,
  podLabels: STRING_MAP,
};

/** @internal */
export const FRONTEND_FIELDS: FieldsOf<FrontendOptions> = {
  ...POD_SCHEDULING_FIELDS,
  replicas: NUMBER,
  routerMode: ROUTER_MODE,
  resources: CONTAINER_RESOURCES,
  extraArgs: STRING_LIST,
  env: ENV,
  image: STRING,
  componentName: STRING,
};

/** @internal */
export const POOL_PLACEMENT_FIELDS: FieldsOf<PoolPlacementOptions> = {
  machineType: STRING,
  gpuType: instanceShape(GpuType, 'a GpuType constant such as GpuType.H100_80GB, or GpuType.custom({...}) for a GPU the catalog lacks'),
  capacityTypes: arrayShape(instanceShape(CapacityType, 'CapacityType.ON_DEMAND, CapacityType.SPOT or CapacityType.RESERVED'),
    '[CapacityType.SPOT, CapacityType.ON_DEMAND]'),
  rdmaDevices: NUMBER,
};

/** Each type is checked with the value by validateEngineTuning (engine-tuning.ts), its one place. @internal */
export const ENGINE_TUNING_FIELDS: FieldsOf<EngineTuningOptions> = {
  gpuMemoryUtilization: checkedByOwnRule('a fraction greater than 0 and at most 1'),
  kvCacheDtype: checkedByOwnRule('a KvCacheDtype'),
  kvBlockSize: checkedByOwnRule('an integer between 1 and 1024'),
  maxNumTokens: checkedByOwnRule('an integer >= 1'),
  enableChunkedPrefill: checkedByOwnRule('true or false'),
  enableBlockReuse: checkedByOwnRule('true or false'),
  cudaGraphBatchSizes: checkedByOwnRule('a non-empty list of increasing positive integers'),
  cudaGraphMaxBatchSize: checkedByOwnRule('an integer >= 1'),
  engineConfig: checkedByOwnRule('a plain object of engine config keys'),
};

/** @internal */
export const WORKER_POOL_FIELDS: FieldsOf<WorkerPoolOptions> = {
  ...POD_SCHEDULING_FIELDS,
  ...POOL_PLACEMENT_FIELDS,
  ...ENGINE_TUNING_FIELDS,
  replicas: NUMBER,
  autoscaling: instanceShape(Autoscaling, 'Autoscaling.keda({...}) or Autoscaling.hpa({...})'),
  gpus: NUMBER,
  nodes: NUMBER,
  tensorParallelSize: NUMBER,
  pipelineParallelSize: NUMBER,
  dataParallelSize: NUMBER,
  expertParallelSize: NUMBER,
  maxModelLen: NUMBER,
  maxNumSeqs: NUMBER,
  resources: CONTAINER_RESOURCES,
  extraResources: STRING_MAP,
  sharedMemorySize: sizeShape('Size.gibibytes(16)'),
  extraArgs: STRING_LIST,
  env: ENV,
  image: STRING,
  command: STRING_LIST,
  workingDir: STRING,
  securityContext: SECURITY_CONTEXT,
  scalingAdapter: BOOLEAN,
  componentName: STRING,
};
/** `workers`, `prefill`, `decode`. @internal */
export const WORKER_POOL = objectShape('WorkerPoolOptions', WORKER_POOL_FIELDS);

/** @internal */
export const FRONTEND_INGRESS_FIELDS: FieldsOf<FrontendIngressOptions> = {
  host: STRING,
  tlsSecret: secretRefShape(),
  certificateArn: STRING,
  internal: BOOLEAN,
  timeout: durationShape('Duration.seconds(300)'),
  api: instanceShape(IngressApi, 'IngressApi.INGRESS or IngressApi.GATEWAY'),
  className: STRING,
  annotations: STRING_MAP,
};

/** @internal */
export const LLM_INGRESS_FIELDS: FieldsOf<LlmIngressOptions> = {
  ...FRONTEND_INGRESS_FIELDS,
  controller: guardShape('an IngressController', IngressController.isIngressController,
    'use IngressController.envoyGateway() or IngressController.envoyAiGateway()'),
};

/** @internal */
export const LLM_COMMON_FIELDS: FieldsOf<LlmCommonProps> = {
  model: STRING,
  servedModelName: STRING,
  modelRevision: STRING,
  backend: BACKEND,
  dynamoVersion: DYNAMO_VERSION,
  platform: PLATFORM,
  modelArchitecture: instanceShape(ModelArchitecture, "ModelArchitecture.lookup('<hugging face id>') or ModelArchitecture.custom({...})"),
  apiVersion: DGD_API_VERSION,
  name: STRING,
  namespace: STRING,
  frontend: objectShape('FrontendOptions', FRONTEND_FIELDS),
  planner: instanceShape(Planner, 'Planner.sla({...})'),
  observability: OBSERVABILITY_OPTIONS,
  // Recognised by its brand, as the cloud step does: a Cloud from another copy of the package passes.
  cloud: cloudShape(),
  ingress: objectShape('LlmIngressOptions', LLM_INGRESS_FIELDS),
  access: guardShape('an EndpointAccess', EndpointAccess.isEndpointAccess,
    'use EndpointAccess.apiKeys({ secret }), EndpointAccess.jwt({ issuer, audiences, jwksUri }), EndpointAccess.oidc({...}), EndpointAccess.cognito({...}), EndpointAccess.iap() or EndpointAccess.open({ allowedSourceRanges })'),
  hfToken: HF_TOKEN,
  imagePullSecrets: SECRET_REFS,
  modelCache: instanceShape(ModelCache, 'ModelCache.newVolume({ size: Size.gibibytes(200) }) or ModelCache.fromExistingClaim("claim")'),
  compilationCache: instanceShape(CompilationCache, 'CompilationCache.fromExistingClaim("claim")'),
  image: STRING,
  trustRemoteCode: BOOLEAN,
  labels: STRING_MAP,
  annotations: STRING_MAP,
};

/**
 * Checks a pattern's props before anything reads them (the pattern's constructor calls it before
 * `super`), with the error located on the construct being built (`<scope path>/<id>`).
 * @internal
 */
export function checkPatternProps(scope: Construct, id: string, props: unknown, typeName: string, fields: FieldShapes): void {
  try {
    checkProps('', props, typeName, fields, ['model']);
  } catch (e) {
    if (!DynamoValidationError.isDynamoValidationError(e)) throw e;
    // The construct does not exist yet: its path is the one it will have, its engine its scope's.
    if (typeof e._forEngine === 'function') e._forEngine(engineOf(scope));
    const path = scope.node.path === '' ? id : `${scope.node.path}/${id}`;
    const located = new DynamoValidationError(e.prop, e.message, path);
    located.stack = e.stack;
    throw located;
  }
}
