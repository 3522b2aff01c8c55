import { Size } from 'cdk8s';
import { DynamoVersion } from '../core/dynamo-version';
import { KvTransfer, KvTransferKind } from '../core/kv-transfer';
import { EngineMemoryModel } from './engine-memory';
import { EngineTuningOptions } from './engine-tuning-options';
import { FlagTable } from './flags';

/**
 * What a worker pool does in the graph: `aggregated` workers prefill and decode, `prefill` and
 * `decode` workers split the two and move the KV cache between them over NIXL.
 */
export type WorkerRole = 'aggregated' | 'prefill' | 'decode';

/**
 * The resolved parallel layout of one worker (one replica, possibly over several nodes).
 * @internal
 */
export interface ParallelLayout {
  readonly gpusPerNode: number;
  readonly nodes: number;
  readonly tensorParallelSize: number;
  readonly pipelineParallelSize: number;
  readonly dataParallelSize: number;
  readonly expertParallelSize?: number;
}

/**
 * Engine tuning a pool sets through typed props (checked for type and range by the pattern before
 * the backend sees them). A backend that has no equivalent lists the prop in `unsupported`.
 * @internal
 */
export type EngineTuning = EngineTuningOptions;

/** A pool or pattern prop a backend may have no equivalent for. @internal */
export type TuningProp = keyof EngineTuning | 'disaggregationBootstrapPort';

/**
 * Everything a backend needs to write one pool's launch line.
 * @internal
 */
export interface LaunchContext {
  /** The prop prefix for errors, e.g. `decode`. */
  readonly pool: string;
  readonly role: WorkerRole;
  readonly model: string;
  readonly servedModelName?: string;
  readonly modelRevision?: string;
  /** Where HF_HOME points when a model cache is mounted. */
  readonly hfHome?: string;
  readonly layout: ParallelLayout;
  readonly maxModelLength?: number;
  readonly maxNumSeqs?: number;
  readonly trustRemoteCode: boolean;
  /** Whether this pool publishes KV events for the KV router. */
  readonly kvEvents: boolean;
  /**
   * How the KV cache moves between prefill and decode (disaggregated pools only). Resolved: a NIXL
   * transfer always has its plugin.
   */
  readonly kvTransfer: KvTransfer;
  /** The DynamoGraphDeployment name. */
  readonly deploymentName: string;
  /** The pool's component name in the graph. */
  readonly componentName: string;
  /** The pool's typed engine tuning. */
  readonly tuning: EngineTuning;
  /** The bootstrap port prefill and decode pair up on (SGLang), when the user set one. */
  readonly bootstrapPort?: number;
  readonly dynamoVersion: DynamoVersion;
  /** Absolute path of the engine config file, when the backend asked for one. */
  readonly engineConfigPath: string;
}

/**
 * One pool's launch: engine flags, env and an optional engine config file.
 * @internal
 */
export interface WorkerLaunch {
  readonly args: string[];
  readonly env: Record<string, string>;
  /** Engine config as a YAML-able object, written to a ConfigMap and passed by path. */
  readonly engineConfig?: Record<string, unknown>;
}

/**
 * What the support matrix needs to know about a pool.
 * @internal
 */
export interface SupportContext {
  readonly pool: string;
  readonly role: WorkerRole;
  readonly disaggregated: boolean;
  readonly layout: ParallelLayout;
  readonly modelRevision?: string;
  /** `true` for a ReadWriteMany model cache, `false` for another access mode, `undefined` without a cache. */
  readonly sharedModelCache?: boolean;
  /** The most replicas the pool can have (its `replicas`, or its autoscaler's or planner's maximum). */
  readonly maxReplicas: number;
  /** What else can change the replica count: the pool's `autoscaling`, the `planner`, or its `scalingAdapter`. */
  readonly scaledBy?: 'autoscaling' | 'planner' | 'scalingAdapter';
}

/**
 * How data parallelism relates to a backend's GPUs.
 * - `multiplies`: each data-parallel rank is a full model replica, so the GPUs are
 *   tensor × pipeline × data (vLLM's `--data-parallel-size`).
 * - `within-tensor`: data-parallel attention splits the tensor-parallel group and adds no GPUs, so
 *   data must divide tensor (SGLang's `--dp-size` with DP attention).
 * - `unsupported`: `dataParallelSize` is rejected with `fix`, the backend's own way to get there.
 * @internal
 */
export type DataParallelRule =
  | { readonly mode: 'multiplies' }
  | { readonly mode: 'within-tensor' }
  | {
    readonly mode: 'unsupported';
    /** The error's fix when a pool sets `dataParallelSize` above 1, in the backend's own terms. */
    readonly fix: string;
  };

/**
 * How expert parallelism is expressed: it equals tensor × data (a switch that spreads the experts
 * over all ranks, with the reason shown in the error), or divides tensor (an explicit size).
 * @internal
 */
export type ExpertParallelRule =
  | {
    readonly mode: 'tensor-times-data';
    /** Why the size must equal tensor × data, in the backend's own terms, for the error. */
    readonly why: string;
  }
  | { readonly mode: 'divides-tensor' };

/**
 * The facts about one inference backend, as data plus the functions that turn props into its
 * flags. Adding a backend means adding one file that exports one of these and listing it in
 * `BACKENDS` (registry.ts).
 * @internal
 */
export interface BackendDefinition {
  /** `spec.backendFramework`, unique among the registered backends. */
  readonly framework: string;
  /** A human-readable name for messages, e.g. `TensorRT-LLM`. */
  readonly displayName: string;
  /** The planner's name for this backend (its config `backend`, the `--backend` of older releases). */
  readonly plannerBackend: string;
  /** Image name under `nvcr.io/nvidia/ai-dynamo/`. */
  readonly runtimeImageName: string;
  /** The worker launcher. */
  readonly command: readonly string[];
  /** The examples' working directory inside the runtime image. */
  readonly workingDir: string;
  /** Component names used by Dynamo's examples for this backend. */
  readonly componentNames: Readonly<Record<WorkerRole, string>>;
  /** `/dev/shm` size when the user gives none. */
  readonly defaultSharedMemory: Size;
  /**
   * Where the operator mounts a compilation cache given without a `mountPath` (its
   * `getDefaultCompilationCacheMountPoint`, deploy/operator/internal/dynamo/graph.go). Undefined
   * where the operator has no default: it then fails to render a graph whose cache has no path.
   */
  readonly compilationCachePath?: string;
  /** How data parallelism relates to GPUs, and the fix where it is unsupported. */
  readonly dataParallel: DataParallelRule;
  /** How expert parallelism relates to tensor and data parallelism. */
  readonly expertParallel: ExpertParallelRule;
  /** Every flag `launch` generates, its other spellings and the prop that controls it. */
  readonly flags: FlagTable;
  /** The KV transfer engines its disaggregation can use (`KvTransfer`), the default first. */
  readonly kvTransfers: readonly KvTransferKind[];
  /** The spelling of each built-in KvCacheDtype it accepts, by name (a missing name is rejected). */
  readonly kvCacheDtypes: Readonly<Record<string, string>>;
  /** How the engine divides GPU memory, for the fit checks and the card's capacity. */
  readonly memory: EngineMemoryModel;
  /** Tuning props it has no equivalent for, each with the fix in its own terms. */
  readonly unsupported: Readonly<Partial<Record<TuningProp, string>>>;
  /** The engine flags for one pool. */
  launch(ctx: LaunchContext): WorkerLaunch;
  /** Throws a DynamoValidationError when the pool is outside the backend's support matrix. */
  checkSupport(ctx: SupportContext): void;
}
