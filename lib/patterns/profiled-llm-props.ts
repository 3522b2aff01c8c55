import { SearchStrategy } from '../profiling/search-strategy';
import { Backend } from '../backends/backend';
import { Cloud } from '../cloud/cloud';
import { PoolPlacementOptions } from '../cloud/pool-placement';
import { DynamoVersion } from '../core/dynamo-version';
import { ISecretRef } from '../core/secret-ref';
import { HfToken } from '../model/hf-token';
import { ModelArchitecture } from '../model/model-architecture';
import { ModelCache } from '../model/model-cache';
import type { IDynamoPlatform } from '../platform/served-platform';
import {
  DgdrGpuOptions, DgdrProfilingJobOptions, DgdrSlaOptions, DgdrWorkloadOptions,
} from '../profiling/dgdr-props';
import { PodSchedulingOptions } from './llm-props';

/**
 * Where the generated graph's GPU workers run (and the candidate workers `thorough` profiling
 * benchmarks, in releases that apply the override to them): a pattern pool's placement and pod
 * scheduling, without `rdmaDevices` (the library does not wire the generated graph for RDMA).
 */
export interface ProfiledWorkerOptions extends PodSchedulingOptions, Omit<PoolPlacementOptions, 'rdmaDevices'> {}

/** Props of {@link ProfiledLlm}. */
export interface ProfiledLlmProps {
  /** The model: a Hugging Face id such as `Qwen/Qwen3-32B`. */
  readonly model: string;
  /**
   * The GPU budget for profiling and for the graph it generates (`spec.hardware.totalGpus`); the
   * cloud's node pools are sized for it.
   */
  readonly totalGpus: number;
  /**
   * The model revision the download Job fetches (commit sha recommended). A commit sha also names the
   * model's directory in the cache (`pvcModelPath`), which Dynamo < 1.2 needs with a model cache.
   * @default - the repository's default branch
   */
  readonly modelRevision?: string;
  /**
   * The model's architecture, for the budget check: `totalGpus` GPUs must hold its weights.
   * @default - `ModelArchitecture.lookup(model)`; nothing is checked for a model the catalog lacks
   */
  readonly modelArchitecture?: ModelArchitecture;
  /**
   * The backend to profile and deploy.
   * @default Backend.vllm()
   */
  readonly backend?: Backend;
  /**
   * The Dynamo release of the operator; it gates the request's fields and picks the profiler image.
   * @default - the `platform`'s release, else DynamoVersion.LATEST
   */
  readonly dynamoVersion?: DynamoVersion;
  /**
   * The Dynamo platform the request runs on: its release, the namespace a restricted operator
   * watches (which also cannot discover GPUs: the GPU, its memory and GPUs per node must then be
   * known), its cloud, and GitOps ordering after it.
   * @default - none: the cluster's platform is not checked
   */
  readonly platform?: IDynamoPlatform;
  /**
   * The request's name (`metadata.name`, at most 55 characters). The generated graph is `<name>-dgd`
   * unless `graphName` names it, and from Dynamo 1.1 the profiler refuses, after profiling, a graph
   * whose name plus its longest component is over 45 characters: with vLLM (`VllmPrefillWorker`, 17)
   * the name is then at most 24 characters, with SGLang 33, with TRT-LLM 22 on 1.1 and 29 from 1.2.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The Kubernetes namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Where the graph runs: its GPU node pools and the workers' scheduling follow from it.
   * @default Cloud.generic() - any cluster with the NVIDIA device plugin
   */
  readonly cloud?: Cloud;
  /**
   * The GPU workers' placement (`gpuType`, `machineType`, `capacityTypes`) and pod scheduling.
   * Required with a cloud that provisions GPU nodes (`Cloud.eks()`, `Cloud.gke()`, `Cloud.aks()`):
   * `workers.machineType` or `workers.gpuType`.
   * @default - none: on `Cloud.generic()` any GPU node of the cluster (the operator discovers the GPUs); the provisioning clouds refuse it
   */
  readonly workers?: ProfiledWorkerOptions;
  /**
   * The GPUs the profiler plans for; each field left out is derived from `workers` and the cloud's
   * machine shapes where they tell it, else discovered by the operator.
   * @default - derived, else discovered
   */
  readonly hardware?: DgdrGpuOptions;
  /**
   * Service-level targets, ms.
   * @default - the profiler's: 2000 ms TTFT, 30 ms ITL
   */
  readonly sla?: DgdrSlaOptions;
  /**
   * The expected traffic.
   * @default - 4000 input and 1000 output tokens
   */
  readonly workload?: DgdrWorkloadOptions;
  /**
   * How deep the profiler searches.
   * @default SearchStrategy.RAPID
   */
  readonly searchStrategy?: SearchStrategy;
  /**
   * Create the generated graph when profiling is done. With `false` the request stops at `Ready`,
   * for review (`generatedGraphCommand`).
   * @default true
   */
  readonly autoApply?: boolean;
  /**
   * Dynamo's planner in the generated graph, with this PlannerConfig (snake_case keys); its `backend`
   * is the pattern's.
   * @default - no planner
   */
  readonly planner?: Record<string, unknown>;
  /**
   * Simulated workers instead of real engines, to test without GPUs.
   * @default false
   */
  readonly mocker?: boolean;
  /**
   * The Hugging Face token. The operator's profiling Job and the profiler's generated graph read it
   * from the Secret `hf-token-secret` (key `HF_TOKEN`), so the reference must name that Secret.
   * @default - none: a public model (the token is referenced optionally; Dynamo >= 1.4)
   */
  readonly hfToken?: HfToken;
  /**
   * A shared Hugging Face cache (ReadWriteMany) the download Job fills before the request is
   * applied; the profiler reads it, and the generated graph mounts it with `HF_HOME` on it.
   * @default - none: the profiler and every pod download the weights
   */
  readonly modelCache?: ModelCache;
  /**
   * The profiler image.
   * @default - `nvcr.io/nvidia/ai-dynamo/dynamo-planner:<dynamoVersion>` (Dynamo >= 1.1), `dynamo-frontend:<dynamoVersion>` before
   */
  readonly image?: string;
  /**
   * The Dynamo runtime version of the generated components (`MAJOR.MINOR.PATCH`), required when `image`
   * has no semantic-version tag; Dynamo >= 1.4.
   * @default - derived by the operator from the image tag
   */
  readonly runtimeVersionOverride?: string;
  /**
   * Image pull secrets for the profiler, the download Job and the generated graph (its Planner too, with `planner`).
   * @default - none
   */
  readonly imagePullSecrets?: ISecretRef[];
  /**
   * The profiler pod's scheduling and environment (it needs no GPU).
   * @default - the operator's Job
   */
  readonly profilingJob?: DgdrProfilingJobOptions;
  /**
   * The generated graph's name (Dynamo >= 1.0.2). From Dynamo 1.1 it and the longest component the
   * profiler generates for the backend may total at most 45 characters (see `name`).
   * @default - `<name>-dgd`
   */
  readonly graphName?: string;
  /**
   * Labels on every object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations on the request.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}
