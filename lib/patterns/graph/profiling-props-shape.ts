import { cloudShape } from '../../cloud/cloud';
import { FieldsOf, instanceShape, objectShape } from '../../core/input-shape';
import { BOOLEAN, DYNAMO_VERSION, NUMBER, SECRET_REFS, STRING, STRING_MAP } from '../../core/value-shapes';
import { BACKEND } from '../../dgd/dgd-props-shape';
import { HF_TOKEN } from '../../model/model-download-job-shape';
import { ModelArchitecture } from '../../model/model-architecture';
import { ModelCache } from '../../model/model-cache';
import { PLATFORM } from '../../platform/platform-shape';
import {
  DGDR_GPU_FIELDS, DGDR_PROFILING_JOB_FIELDS, DGDR_SLA_FIELDS, DGDR_WORKLOAD_FIELDS, JSON_OBJECT, SEARCH_STRATEGY,
} from '../../profiling/dgdr-props-shape';
import { ProfiledLlmProps, ProfiledWorkerOptions } from '../profiled-llm-props';
import { POD_SCHEDULING_FIELDS, POOL_PLACEMENT_FIELDS } from './props-shape';

/** @internal */
export const PROFILED_WORKER_FIELDS: FieldsOf<ProfiledWorkerOptions> = {
  ...POD_SCHEDULING_FIELDS,
  machineType: POOL_PLACEMENT_FIELDS.machineType,
  gpuType: POOL_PLACEMENT_FIELDS.gpuType,
  capacityTypes: POOL_PLACEMENT_FIELDS.capacityTypes,
};

/** The shape of each `ProfiledLlmProps` field, as an untyped caller must pass it. @internal */
export const PROFILED_LLM_FIELDS: FieldsOf<ProfiledLlmProps> = {
  model: STRING,
  totalGpus: NUMBER,
  modelRevision: STRING,
  modelArchitecture: instanceShape(ModelArchitecture, "ModelArchitecture.lookup('<hugging face id>') or ModelArchitecture.custom({...})"),
  backend: BACKEND,
  dynamoVersion: DYNAMO_VERSION,
  platform: PLATFORM,
  name: STRING,
  namespace: STRING,
  cloud: cloudShape(),
  workers: objectShape('ProfiledWorkerOptions', PROFILED_WORKER_FIELDS),
  hardware: objectShape('DgdrGpuOptions', DGDR_GPU_FIELDS),
  sla: objectShape('DgdrSlaOptions', DGDR_SLA_FIELDS),
  workload: objectShape('DgdrWorkloadOptions', DGDR_WORKLOAD_FIELDS),
  searchStrategy: SEARCH_STRATEGY,
  autoApply: BOOLEAN,
  planner: JSON_OBJECT,
  mocker: BOOLEAN,
  hfToken: HF_TOKEN,
  modelCache: instanceShape(ModelCache, 'ModelCache.newVolume({ size: Size.gibibytes(200) }) or ModelCache.fromExistingClaim("claim")'),
  image: STRING,
  runtimeVersionOverride: STRING,
  imagePullSecrets: SECRET_REFS,
  profilingJob: objectShape('DgdrProfilingJobOptions', DGDR_PROFILING_JOB_FIELDS),
  graphName: STRING,
  labels: STRING_MAP,
  annotations: STRING_MAP,
};
