import { Size } from 'cdk8s';
import { DynamoVersion } from '../core/dynamo-version';
import { NixlBackend } from '../core/nixl-backend';

/**
 * What a worker pool does in the graph.
 * @internal
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
  readonly nixlBackend: NixlBackend;
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
}

/**
 * The facts about one inference backend, as data plus the functions that turn props into its
 * flags. Adding a backend means adding one file that exports one of these.
 * @internal
 */
export interface BackendDefinition {
  /** `spec.backendFramework`. */
  readonly framework: 'vllm' | 'sglang' | 'trtllm';
  readonly displayName: string;
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
  /** How data parallelism relates to GPUs: `multiplies` (vLLM), `within-tensor` (SGLang DP attention), or unsupported. */
  readonly dataParallel: 'multiplies' | 'within-tensor' | 'unsupported';
  /** How expert parallelism is expressed: it equals tensor × data (vLLM's `--enable-expert-parallel`) or divides tensor. */
  readonly expertParallel: 'tensor-times-data' | 'divides-tensor';
  /** Flags that mean the same thing, so a duplicate in `extraArgs` is caught under any spelling. */
  readonly flagAliases: readonly (readonly string[])[];
  /** The engine flags for one pool. */
  launch(ctx: LaunchContext): WorkerLaunch;
  /** Throws a DynamoValidationError when the pool is outside the backend's support matrix. */
  checkSupport(ctx: SupportContext): void;
}
