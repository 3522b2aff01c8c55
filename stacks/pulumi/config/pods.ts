/**
 * The stack config of the pods: `frontend`, and the worker pools `workers`, `prefill` and `decode`
 * (every `WorkerPoolOptions` setting, with `autoscaling` as in scaling.ts), their resources and env.
 */
import { k8s } from 'cdk8s-plus-28';
import {
  CapacityType, CustomGpuTypeOptions, EnvValue, FrontendOptions, GpuType, ISecretRef, KvCacheDtype, RouterMode, SecretRef, WorkerPoolOptions,
} from '../../../lib';
import { HF_TOKEN_FIXES, literalCredentialReason } from '../../../lib/core/credential-env';
import { invalid } from '../../../lib/core/errors';
import { propPath, shown } from '../../../lib/core/input-shape';
import { configError, fromLibrary, rmCommand, setCommand } from './errors';
import { resources } from './resources';
import { autoscaling } from './scaling';
import { bool, choice, constantsOf, Fields, json, list, map, num, object, Read, redacted, size, text, shownIfWord } from './values';

const STRINGS = list(text);
const STRING_MAP = map(text);
const TOLERATIONS = list(json<k8s.Toleration>('Toleration'), '{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}');

/** `env.NAME: { secret: <Secret name>, key: <key>, optional: true }`, or `configMap` instead of `secret`, or `{ fieldPath: status.podIP }`. */
interface EnvSourceConfig {
  readonly secret?: string;
  readonly configMap?: string;
  readonly key?: string;
  readonly optional?: boolean;
  readonly fieldPath?: string;
}
const ENV_SOURCE = object<EnvSourceConfig>('an env value', { secret: text, configMap: text, key: text, optional: bool, fieldPath: text });

/**
 * A literal under a name that marks a credential, or a Hugging Face token under any name: refused
 * without showing it (`reason` says which), with the config that keeps it secret (the token as
 * `hfToken`, anything else in a Secret the env references).
 */
function refuseLiteralCredential(at: string, name: string, reason: string): never {
  const fix = name.toUpperCase() === 'HF_TOKEN'
    ? `run ${rmCommand(at)} && ${HF_TOKEN_FIXES.pulumiConfig}`
    : `keep it in a Secret and reference it: ${rmCommand(at)} && ${setCommand(`${at}.secret`, '<secret-name>')} && ${setCommand(`${at}.key`, name)}`;
  throw invalid(`config ${at}`, `must not be a literal value: ${reason}, which must never be written in plain text`, '<redacted>', fix);
}

/** One env value: a literal, or a Secret key, a ConfigMap key or a pod field. */
const envValue = (name: string): Read<EnvValue> => (v, at) => {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    const reason = literalCredentialReason(name, String(v));
    if (reason !== undefined) refuseLiteralCredential(at, name, reason);
    return EnvValue.fromValue(String(v));
  }
  const s = ENV_SOURCE(v, at);
  const sources = (['secret', 'configMap', 'fieldPath'] as const).filter((k) => s[k] !== undefined);
  if (sources.length !== 1) {
    throw configError(`${at}.secret`, 'must be set, or configMap or fieldPath (exactly one of them)', sources.length === 0 ? shown(v) : sources, '<secret-name>');
  }
  const renames = { key: `${at}.key`, secret: `${at}.secret`, secretName: `${at}.secret`, configMapName: `${at}.configMap`, fieldPath: `${at}.fieldPath`, options: at };
  if (s.fieldPath !== undefined) return fromLibrary(renames, () => EnvValue.fromFieldPath(s.fieldPath!));
  if (s.key === undefined) throw configError(`${at}.key`, `is required with ${sources[0]}`, undefined, name);
  const options = s.optional === undefined ? {} : { optional: s.optional };
  if (s.secret !== undefined) return fromLibrary(renames, () => EnvValue.fromSecret(SecretRef.fromSecretName(s.secret!), s.key!, options));
  return fromLibrary(renames, () => EnvValue.fromConfigMap(s.configMap!, s.key!, options));
};

/** `env: { NAME: value, ... }`. */
export const env: Read<Record<string, EnvValue>> = (v, at) => {
  const entries = map<unknown>((x) => x)(v, at);
  return Object.fromEntries(Object.entries(entries).map(([k, x]) => [k, envValue(k)(x, propPath(at, k))]));
};

const SCHEDULING = {
  tolerations: TOLERATIONS,
  nodeSelector: STRING_MAP,
  affinity: json<k8s.Affinity>('Affinity'),
  podAnnotations: STRING_MAP,
  podLabels: STRING_MAP,
};

/** `routerMode: kv | kv-approximate | round-robin | ...`. */
export const routerMode = choice(constantsOf(RouterMode));

/** `frontend`: every `FrontendOptions` setting. */
export const frontend: Read<FrontendOptions> = object<FrontendOptions>('FrontendOptions', {
  replicas: num,
  routerMode,
  resources,
  extraArgs: STRINGS,
  env,
  image: text,
  componentName: text,
  ...SCHEDULING,
});

/** `gpuType`: a built-in GPU type by id (`h100-80gb`), or `{ id, displayName, memoryGb, productNames }` for GPUs the catalog lacks. */
export const gpuType: Read<GpuType> = (v, at) => {
  if (typeof v === 'string') return choice(constantsOf(GpuType))(v, at);
  const options = object<CustomGpuTypeOptions>('a custom GPU type', { id: text, displayName: text, memoryGb: num, productNames: STRINGS },
    ['id', 'displayName', 'memoryGb'])(v, at);
  return fromLibrary({ gpuType: at }, () => GpuType.custom(options));
};

/** `capacityTypes: [spot, on-demand]`. */
const capacityTypes = list(choice(constantsOf(CapacityType)), 'spot');

/** `kvCacheDtype`: a built-in name (`fp8`) or the engine's spelling, as `KvCacheDtype.of` takes it. */
const kvCacheDtype: Read<KvCacheDtype> = (v, at) => {
  const name = text(v, at);
  return fromLibrary({ kvCacheDtype: at }, () => KvCacheDtype.of(name));
};

const POOL_FIELDS: Fields<WorkerPoolOptions> = {
  replicas: num,
  gpus: num,
  machineType: text,
  gpuType,
  capacityTypes,
  rdmaDevices: num,
  gpuMemoryUtilization: num,
  kvCacheDtype,
  kvBlockSize: num,
  maxNumTokens: num,
  enableChunkedPrefill: bool,
  enableBlockReuse: bool,
  cudaGraphBatchSizes: list(num, '8'),
  cudaGraphMaxBatchSize: num,
  engineConfig: json<Record<string, unknown>>('TensorRT-LLM engine config'),
  autoscaling,
  nodes: num,
  tensorParallelSize: num,
  pipelineParallelSize: num,
  dataParallelSize: num,
  expertParallelSize: num,
  maxModelLen: num,
  maxNumSeqs: num,
  resources,
  extraResources: STRING_MAP,
  sharedMemorySize: size,
  extraArgs: STRINGS,
  env,
  image: text,
  command: STRINGS,
  workingDir: text,
  securityContext: json<k8s.SecurityContext>('SecurityContext'),
  scalingAdapter: bool,
  componentName: text,
  ...SCHEDULING,
};

/** `workers`, `prefill`, `decode`: every `WorkerPoolOptions` setting. */
export const pool: Read<WorkerPoolOptions> = object<WorkerPoolOptions>('WorkerPoolOptions', POOL_FIELDS);

/**
 * A Secret by name (`tlsSecret: llm-tls`). A list or an object where the name belongs is refused by
 * its type only (it may hold a credential); a name the library refuses is not shown either.
 */
export const secretRef: Read<ISecretRef> = (v, at) => {
  if (typeof v === 'object' || v === undefined) {
    throw invalid(`config ${at}`, 'must be the name of a Kubernetes Secret (one name, as text)', redacted(v), `run ${rmCommand(at)} && ${setCommand(at, '<secret-name>')}`);
  }
  const name = text(v, at);
  return fromLibrary({ secretName: at }, () => SecretRef.fromSecretName(name));
};

/** `imagePullSecrets: [regcred]`: Secret names. */
export const imagePullSecrets = list(secretRef, 'regcred', shownIfWord);
