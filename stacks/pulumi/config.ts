/**
 * Reads the stack configuration of the Pulumi program into pattern args, failing with the config
 * key, the value received and the command that fixes it.
 */
import * as pulumi from '@pulumi/pulumi';
import { Size } from 'cdk8s';
import { Backend, Cloud, DynamoVersion, HfToken, KvCacheDtype, KvTransfer, ModelCache, NixlBackend, RdmaFabric, RouterMode, WorkerPoolOptions } from '../../lib';
import { invalid } from '../../lib/core/errors';
import { DisaggregatedLlmArgs } from '../../lib/pulumi';

/** A worker pool in the stack config, e.g. `pulumi config set --path 'decode.replicas' 4`. */
export interface PoolConfig {
  readonly replicas?: number;
  readonly gpus?: number;
  readonly nodes?: number;
  readonly tensorParallelSize?: number;
  readonly maxModelLen?: number;
  readonly maxNumSeqs?: number;
  readonly scalingAdapter?: boolean;
  readonly gpuMemoryUtilization?: number;
  /** An engine spelling or a built-in name, e.g. `fp8` (`KvCacheDtype.of`). */
  readonly kvCacheDtype?: string;
  readonly kvBlockSize?: number;
  readonly maxNumTokens?: number;
  readonly enableChunkedPrefill?: boolean;
  readonly enableBlockReuse?: boolean;
  readonly cudaGraphMaxBatchSize?: number;
}
const POOL_KEYS: ReadonlyArray<keyof PoolConfig> = [
  'replicas', 'gpus', 'nodes', 'tensorParallelSize', 'maxModelLen', 'maxNumSeqs', 'scalingAdapter',
  'gpuMemoryUtilization', 'kvCacheDtype', 'kvBlockSize', 'maxNumTokens', 'enableChunkedPrefill', 'enableBlockReuse', 'cudaGraphMaxBatchSize',
];

/** The `kvTransfer` config values. */
const KV_TRANSFERS: Record<string, KvTransfer> = {
  'nixl': KvTransfer.nixl(),
  'nixl-ucx': KvTransfer.nixl(NixlBackend.UCX),
  'nixl-libfabric': KvTransfer.nixl(NixlBackend.LIBFABRIC),
  'mooncake': KvTransfer.mooncake(),
  'ucx': KvTransfer.ucxTransceiver(),
};

/** The model cache in the stack config: a new RWX volume, or a claim that exists. */
export interface ModelCacheConfig {
  readonly storageClass?: string;
  readonly sizeGi?: number;
  readonly existingClaim?: string;
}

/** The cluster's RDMA fabric in the stack config, e.g. `pulumi config set --path 'rdma.fabric' infiniband`. */
export interface RdmaConfig {
  readonly fabric?: string;
  readonly resourceName?: string;
  readonly devicesPerPod?: number;
}
const RDMA_KEYS: ReadonlyArray<keyof RdmaConfig> = ['fabric', 'resourceName', 'devicesPerPod'];

/** Which pattern the stack deploys, and its args. */
export interface StackSpec {
  readonly mode: 'aggregated' | 'disaggregated';
  readonly name: string;
  /** Args of either pattern (`prefill`, `decode`, `kvTransfer`, `allowTcpKvTransfer` and `disaggregationBootstrapPort` are only read by the disaggregated one). */
  readonly args: Omit<DisaggregatedLlmArgs, 'customize'> & { readonly workers?: WorkerPoolOptions };
}

function choose<T>(key: string, value: string | undefined, options: Record<string, T>, fallback: T): T {
  if (value === undefined) return fallback;
  const found = options[value];
  if (found === undefined) {
    throw invalid(`config ${key}`, `must be one of ${Object.keys(options).join(', ')}`, value, `run pulumi config set ${key} ${Object.keys(options)[0]}`);
  }
  return found;
}

function pool(config: pulumi.Config, key: string): WorkerPoolOptions | undefined {
  const raw = config.getObject<Record<string, unknown>>(key);
  if (raw === undefined) return undefined;
  for (const k of Object.keys(raw)) {
    if (!(POOL_KEYS as readonly string[]).includes(k)) {
      throw invalid(`config ${key}.${k}`, `is not a pool setting (${POOL_KEYS.join(', ')})`, raw[k], `run pulumi config rm --path '${key}.${k}'`);
    }
  }
  const typed = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typedValue(`${key}.${k}`, k, v)]));
  const { kvCacheDtype, ...rest } = typed as PoolConfig;
  return { ...rest, ...(kvCacheDtype === undefined ? {} : { kvCacheDtype: KvCacheDtype.of(kvCacheDtype) }) };
}

const BOOLEAN_POOL_KEYS: ReadonlyArray<keyof PoolConfig> = ['scalingAdapter', 'enableChunkedPrefill', 'enableBlockReuse'];

/**
 * A pool value as the config stores it: `pulumi config set --path` keeps a value such as `0.8` as a
 * string (it converts only integers and booleans), so numeric and boolean keys are read back here,
 * and a value that is neither fails naming the config key.
 */
function typedValue(path: string, key: string, value: unknown): unknown {
  if (typeof value !== 'string' || key === 'kvCacheDtype') return value;
  if ((BOOLEAN_POOL_KEYS as readonly string[]).includes(key)) {
    if (value === 'true' || value === 'false') return value === 'true';
    throw invalid(`config ${path}`, 'must be true or false', value, `run pulumi config set --path '${path}' true`);
  }
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  throw invalid(`config ${path}`, 'must be a number', value, `run pulumi config set --path '${path}' <number>`);
}

function modelCache(config: pulumi.Config): ModelCache | undefined {
  const c = config.getObject<ModelCacheConfig>('modelCache');
  if (c === undefined) return undefined;
  if (c.existingClaim !== undefined) return ModelCache.fromExistingClaim(c.existingClaim);
  if (c.sizeGi === undefined || c.storageClass === undefined) {
    throw invalid('config modelCache', 'needs storageClass and sizeGi for a new volume, or existingClaim', c,
      "run pulumi config set --path 'modelCache.storageClass' efs-sc and pulumi config set --path 'modelCache.sizeGi' 200");
  }
  return ModelCache.newVolume({ storageClass: c.storageClass, size: Size.gibibytes(c.sizeGi) });
}

function cloud(config: pulumi.Config): Cloud | undefined {
  const c = config.getObject<Record<string, unknown>>('rdma');
  if (c === undefined) return undefined;
  for (const k of Object.keys(c)) {
    if (!(RDMA_KEYS as readonly string[]).includes(k)) {
      throw invalid(`config rdma.${k}`, `is not an rdma setting (${RDMA_KEYS.join(', ')})`, c[k], `run pulumi config rm --path 'rdma.${k}'`);
    }
  }
  const r = c as RdmaConfig;
  const fabric = choose('rdma.fabric', r.fabric ?? '', { infiniband: RdmaFabric.INFINIBAND, roce: RdmaFabric.ROCE, efa: RdmaFabric.EFA }, RdmaFabric.INFINIBAND);
  return Cloud.generic({ rdma: { fabric, resourceName: r.resourceName, devicesPerPod: r.devicesPerPod } });
}

/** Reads the stack config (project namespace `dynamo-constructs`). */
export function readStackConfig(config: pulumi.Config = new pulumi.Config()): StackSpec {
  const backends = Object.fromEntries(Backend.all().map((b) => [b.framework, b]));
  const mode = choose('mode', config.get('mode'), { aggregated: 'aggregated', disaggregated: 'disaggregated' } as const, 'aggregated');
  const routerMode = config.get('routerMode');
  const dynamoVersion = config.get('dynamoVersion');
  const hfTokenSecretName = config.get('hfTokenSecretName');
  const oldNixl = config.get('nixlBackend');
  if (oldNixl !== undefined) {
    throw invalid('config nixlBackend', 'is replaced by kvTransfer', oldNixl,
      `run pulumi config rm nixlBackend && pulumi config set kvTransfer nixl-${oldNixl.toLowerCase()}`);
  }
  const hfToken = config.getSecret('hfToken');
  if (hfToken !== undefined && hfTokenSecretName !== undefined) {
    throw invalid('config hfTokenSecretName', 'must not be set together with hfToken', hfTokenSecretName,
      'keep one: pulumi config rm hfToken (use the existing Secret) or pulumi config rm hfTokenSecretName');
  }
  return {
    mode,
    name: config.get('name') ?? 'llm',
    args: {
      model: config.require('model'),
      servedModelName: config.get('servedModelName'),
      modelRevision: config.get('modelRevision'),
      backend: choose('backend', config.get('backend'), backends, Backend.vllm()),
      dynamoVersion: dynamoVersion === undefined ? undefined : DynamoVersion.of(dynamoVersion),
      namespace: config.get('namespace'),
      createNamespace: config.getBoolean('createNamespace'),
      frontend: {
        replicas: config.getNumber('frontendReplicas'),
        routerMode: routerMode === undefined ? undefined : RouterMode.of(routerMode),
      },
      workers: pool(config, 'workers'),
      prefill: pool(config, 'prefill'),
      decode: pool(config, 'decode'),
      cloud: cloud(config),
      allowTcpKvTransfer: config.getBoolean('allowTcpKvTransfer'),
      kvTransfer: choose('kvTransfer', config.get('kvTransfer'), KV_TRANSFERS, undefined),
      disaggregationBootstrapPort: config.getNumber('disaggregationBootstrapPort'),
      hfToken: hfToken ?? (hfTokenSecretName === undefined ? undefined : HfToken.fromSecret(hfTokenSecretName)),
      modelCache: modelCache(config),
    },
  };
}
