import type { IConstruct } from 'constructs';
import { locate } from '../core/errors';
import { checkedByOwnRule, checkProps, FieldsOf, instanceShape, objectShape, recordShape, Shape } from '../core/input-shape';
import {
  AFFINITY, BOOLEAN, CONTAINER_RESOURCES, DGD_API_VERSION, DYNAMO_VERSION, ENV, NUMBER, SECRET_REFS, STRING, STRING_MAP, TOLERATIONS,
} from '../core/value-shapes';
import { BACKEND } from '../dgd/dgd-props-shape';
import {
  DgdrGpuOptions, DgdrGraphOverride, DgdrHardwareOptions, DgdrModelCacheOptions, DgdrProfilingJobOptions, DgdrSlaOptions, DgdrWorkloadOptions,
  DynamoGraphDeploymentRequestProps,
} from './dgdr-props';
import { GpuSku } from './gpu-sku';
import { OptimizationType, SearchStrategy } from './search-strategy';

/**
 * The shapes of the DynamoGraphDeploymentRequest's props, as an untyped caller must pass them; the
 * props' own rules (dynamo-graph-deployment-request.ts and the dgdr-*.ts modules it renders with)
 * then check the values. test/props-shape.test.ts keeps every table equal to its interface.
 * @internal
 */

/** `searchStrategy`. @internal */
export const SEARCH_STRATEGY = instanceShape(SearchStrategy, 'SearchStrategy.RAPID or SearchStrategy.THOROUGH');

/** A JSON object passed through (`planner`, `graphOverride.spec`); its values are checked by its own rule. @internal */
export const JSON_OBJECT: Shape = recordShape(checkedByOwnRule('a JSON value'));

/** @internal */
export const DGDR_SLA_FIELDS: FieldsOf<DgdrSlaOptions> = {
  ttft: NUMBER, itl: NUMBER, e2eLatency: NUMBER, optimizationType: instanceShape(OptimizationType, 'OptimizationType.LATENCY or OptimizationType.THROUGHPUT'),
};

/** @internal */
export const DGDR_WORKLOAD_FIELDS: FieldsOf<DgdrWorkloadOptions> = { isl: NUMBER, osl: NUMBER, concurrency: NUMBER, requestRate: NUMBER };

/** @internal */
export const DGDR_GPU_FIELDS: FieldsOf<DgdrGpuOptions> = {
  gpuSku: instanceShape(GpuSku, 'a GpuSku constant such as GpuSku.H100_SXM, or GpuSku.of("h100_sxm")'),
  vramMb: NUMBER,
  numGpusPerNode: NUMBER,
  interconnect: STRING,
  rdma: BOOLEAN,
};

/** @internal */
export const DGDR_HARDWARE_FIELDS: FieldsOf<DgdrHardwareOptions> = { ...DGDR_GPU_FIELDS, totalGpus: NUMBER };

/** @internal */
export const DGDR_MODEL_CACHE_FIELDS: FieldsOf<DgdrModelCacheOptions> = { pvcName: STRING, pvcModelPath: STRING, pvcMountPath: STRING };

/** @internal */
export const DGDR_PROFILING_JOB_FIELDS: FieldsOf<DgdrProfilingJobOptions> = {
  tolerations: TOLERATIONS, nodeSelector: STRING_MAP, affinity: AFFINITY, imagePullSecrets: SECRET_REFS, env: ENV, resources: CONTAINER_RESOURCES,
};

/** @internal */
export const DGDR_GRAPH_OVERRIDE_FIELDS: FieldsOf<DgdrGraphOverride> = {
  apiVersion: DGD_API_VERSION, name: STRING, labels: STRING_MAP, annotations: STRING_MAP, spec: JSON_OBJECT,
};

/** @internal */
export const DGDR_PROPS_FIELDS: FieldsOf<DynamoGraphDeploymentRequestProps> = {
  model: STRING,
  name: STRING,
  namespace: STRING,
  dynamoVersion: DYNAMO_VERSION,
  backend: BACKEND,
  image: STRING,
  runtimeVersionOverride: STRING,
  searchStrategy: SEARCH_STRATEGY,
  autoApply: BOOLEAN,
  sla: objectShape('DgdrSlaOptions', DGDR_SLA_FIELDS),
  workload: objectShape('DgdrWorkloadOptions', DGDR_WORKLOAD_FIELDS),
  hardware: objectShape('DgdrHardwareOptions', DGDR_HARDWARE_FIELDS),
  modelCache: objectShape('DgdrModelCacheOptions', DGDR_MODEL_CACHE_FIELDS, ['pvcName']),
  planner: JSON_OBJECT,
  mocker: BOOLEAN,
  profilingJob: objectShape('DgdrProfilingJobOptions', DGDR_PROFILING_JOB_FIELDS),
  graphOverride: objectShape('DgdrGraphOverride', DGDR_GRAPH_OVERRIDE_FIELDS),
  labels: STRING_MAP,
  annotations: STRING_MAP,
};

/** Checks the props of a `DynamoGraphDeploymentRequest` from an untyped caller. @internal */
export function checkDgdrProps(scope: IConstruct, props: unknown): void {
  locate(scope, () => checkProps('', props, 'DynamoGraphDeploymentRequestProps', DGDR_PROPS_FIELDS, ['model']));
}
