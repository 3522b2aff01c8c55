import { OptimizationType, SearchStrategy } from './search-strategy';
import { ContainerResources, k8s } from 'cdk8s-plus-28';
import { Backend } from '../backends/backend';
import { DgdApiVersion } from '../core/api-version';
import { DynamoVersion } from '../core/dynamo-version';
import { EnvValue } from '../core/env-value';
import { ISecretRef } from '../core/secret-ref';
import { GpuSku } from './gpu-sku';


/** Service-level targets the profiler picks a configuration for (`spec.sla`), in milliseconds. */
export interface DgdrSlaOptions {
  /**
   * Time to first token, ms (`ttft`); not with `e2eLatency`.
   * @default - the profiler's 2000 unless `e2eLatency` is set (also when `itl` alone is)
   */
  readonly ttft?: number;
  /**
   * Inter-token latency, ms (`itl`); not with `e2eLatency`.
   * @default - the profiler's 30 unless `e2eLatency` is set (also when `ttft` alone is)
   */
  readonly itl?: number;
  /**
   * End-to-end request latency, ms (`e2eLatency`), instead of `ttft` and `itl` (neither may be set with it).
   * @default - none: `ttft` and `itl`
   */
  readonly e2eLatency?: number;
  /**
   * Optimize for latency or throughput (`optimizationType`; Dynamo >= 1.1).
   * @default - the profiler's choice
   */
  readonly optimizationType?: OptimizationType;
}

/** The expected traffic (`spec.workload`). */
export interface DgdrWorkloadOptions {
  /**
   * Input sequence length, tokens (`isl`).
   * @default 4000
   */
  readonly isl?: number;
  /**
   * Output sequence length, tokens (`osl`).
   * @default 1000
   */
  readonly osl?: number;
  /**
   * Target concurrent requests (`concurrency`); not with `requestRate`.
   * @default - none: the profiler's maximum-throughput selection (or the planner's)
   */
  readonly concurrency?: number;
  /**
   * Target request rate, requests per second (`requestRate`); not with `concurrency`.
   * @default - none: the profiler's maximum-throughput selection (or the planner's)
   */
  readonly requestRate?: number;
}

/**
 * The GPUs the profiler plans for (`spec.hardware`), except the budget. Every field is discovered by
 * the operator when left out (from DCGM or GPU Feature Discovery labels), which a namespace-restricted
 * operator cannot do: it needs `gpuSku`, `vramMb` and `numGpusPerNode`.
 */
export interface DgdrGpuOptions {
  /**
   * The GPU (`gpuSku`); also selects the nodes discovery counts.
   * @default - discovered: the GPU on most nodes, then the one with most memory
   */
  readonly gpuSku?: GpuSku;
  /**
   * Memory per GPU, MiB (`vramMb`), as DCGM reports it (81559 for an H100 80GB).
   * @default - discovered
   */
  readonly vramMb?: number;
  /**
   * GPUs per node (`numGpusPerNode`).
   * @default - discovered
   */
  readonly numGpusPerNode?: number;
  /**
   * The GPU-to-GPU interconnect inside a node (`interconnect`, e.g. `nvlink` or `pcie`); capability
   * metadata for the profiler, it configures nothing. Dynamo >= 1.2.
   * @default - discovered from DCGM's NVLink link count where available
   */
  readonly interconnect?: string;
  /**
   * Whether RDMA networking is available between nodes (`rdma`); capability metadata, it configures
   * nothing. Dynamo >= 1.2.
   * @default - discovered where available
   */
  readonly rdma?: boolean;
}

/** `spec.hardware`: the GPUs and the GPU budget. */
export interface DgdrHardwareOptions extends DgdrGpuOptions {
  /**
   * The GPU budget for profiling and for the generated graph (`totalGpus`).
   * @default - the GPUs discovery counts on nodes of the SKU, capped at 32
   */
  readonly totalGpus?: number;
}

/** `spec.modelCache`: a claim that holds the model's weights. */
export interface DgdrModelCacheOptions {
  /** The PersistentVolumeClaim (in the DGDR's namespace). */
  readonly pvcName: string;
  /**
   * The model's directory inside the claim, relative to its root (e.g.
   * `hub/models--Qwen--Qwen3-0.6B/snapshots/<sha>` in a Hugging Face cache), or from Dynamo 1.5 the
   * absolute path of that directory under `pvcMountPath` (e.g. `/opt/model-cache/hub/...`).
   * @default - none: the workers get the model id and use the claim as their Hugging Face cache (Dynamo >= 1.2; before, the path doubles, #8568)
   */
  readonly pvcModelPath?: string;
  /**
   * Where the claim is mounted in the profiler and the workers.
   * @default /opt/model-cache
   */
  readonly pvcMountPath?: string;
}

/** `spec.overrides.profilingJob`: the scheduling and environment of the profiler's pod. */
export interface DgdrProfilingJobOptions {
  /**
   * Tolerations of the profiler pod.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Node selector of the profiler pod.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Affinity of the profiler pod.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Image pull secrets, besides the operator's `nvcr-imagepullsecret`.
   * @default - none
   */
  readonly imagePullSecrets?: ISecretRef[];
  /**
   * Environment variables of the `profiler` container; one of the operator's (`HUGGING_FACE_HUB_TOKEN`) is replaced.
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * CPU, memory and ephemeral-storage of the `profiler` container.
   * @default - the operator's (none)
   */
  readonly resources?: ContainerResources;
}

/**
 * `spec.overrides.dgd`: a partial DynamoGraphDeployment merged into the one the profiler generates.
 * Only components the generated graph has are merged (others are skipped with a warning).
 */
export interface DgdrGraphOverride {
  /**
   * The API generation of `spec`. From Dynamo 1.4 the override is merged structurally in its own
   * generation (the generated graph is converted to it and back), so either works; before, the
   * profiler deep-merges it into its v1alpha1 graph as it is, so only v1alpha1 works there.
   * @default - the generated graph's: v1beta1 for Dynamo >= 1.5, v1alpha1 before
   */
  readonly apiVersion?: DgdApiVersion;
  /**
   * The generated graph's name (`metadata.name`; Dynamo >= 1.0.2). From Dynamo 1.1 it and the longest
   * component the profiler generates may total at most 45 characters (see `name`).
   * @default - `<dgdr name>-dgd`
   */
  readonly name?: string;
  /**
   * Labels merged into the generated graph's.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations merged into the generated graph's.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * The partial spec, in the shape of `apiVersion`.
   * @default - none
   */
  readonly spec?: Record<string, unknown>;
}

/** Props of {@link DynamoGraphDeploymentRequest}, in the DGDR's own terms. */
export interface DynamoGraphDeploymentRequestProps {
  /** The model: a Hugging Face id (`Qwen/Qwen3-0.6B`) or a private model name (`spec.model`). */
  readonly model: string;
  /**
   * `metadata.name`: a DNS label of at most 55 characters (the profiling Job is `profile-<name>`).
   * The generated graph is `<name>-dgd` unless `graphOverride.name` names it, and from Dynamo 1.1 the
   * profiler refuses, after profiling, a graph whose name plus its longest component is over 45
   * characters: with vLLM (`VllmPrefillWorker`, 17) the name is then at most 24 characters, with
   * SGLang (`Frontend`, 8) 33, with TRT-LLM 22 on 1.1 (`TRTLLMPrefillWorker`, 19) and 29 from 1.2
   * (`TRTLLMWorker`, 12), with the backend left to the profiler the shortest of these.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The Kubernetes namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The Dynamo release of the operator; it gates fields an older operator rejects and picks the profiler image.
   * @default DynamoVersion.LATEST
   */
  readonly dynamoVersion?: DynamoVersion;
  /**
   * The backend to profile and deploy (`spec.backend`).
   * @default - `auto`: the profiler picks one (not with `SearchStrategy.THOROUGH`)
   */
  readonly backend?: Backend;
  /**
   * The profiler image (`spec.image`). A tag that is not a semantic version needs `runtimeVersionOverride` (Dynamo >= 1.4).
   * @default - `nvcr.io/nvidia/ai-dynamo/dynamo-planner:<dynamoVersion>` (Dynamo >= 1.1), `dynamo-frontend:<dynamoVersion>` before
   */
  readonly image?: string;
  /**
   * The Dynamo runtime version of the generated graph's components (`spec.runtimeVersionOverride`,
   * `MAJOR.MINOR.PATCH`); required when `image` has no semantic-version tag. Dynamo >= 1.4: an older
   * operator rejects the field ("unknown field", Dynamo #14074).
   * @default - derived by the operator from the image tag
   */
  readonly runtimeVersionOverride?: string;
  /**
   * How deep the profiler searches (`spec.searchStrategy`).
   * @default SearchStrategy.RAPID
   */
  readonly searchStrategy?: SearchStrategy;
  /**
   * Create the generated DynamoGraphDeployment when profiling is done (`spec.autoApply`). With `false`
   * the request stops at `Ready` with the graph in `status.profilingResults.selectedConfig`, for review.
   * @default true
   */
  readonly autoApply?: boolean;
  /**
   * Service-level targets (`spec.sla`).
   * @default - the profiler's: 2000 ms TTFT, 30 ms ITL
   */
  readonly sla?: DgdrSlaOptions;
  /**
   * The expected traffic (`spec.workload`).
   * @default - 4000 input and 1000 output tokens
   */
  readonly workload?: DgdrWorkloadOptions;
  /**
   * The GPUs and the budget (`spec.hardware`).
   * @default - discovered by the operator
   */
  readonly hardware?: DgdrHardwareOptions;
  /**
   * A claim holding the weights (`spec.modelCache`), mounted read-only into the profiler.
   * @default - none: the profiler downloads the model
   */
  readonly modelCache?: DgdrModelCacheOptions;
  /**
   * Dynamo's planner in the generated graph, with this PlannerConfig (`spec.features.planner`; keys
   * in the planner's snake_case, e.g. `{ optimization_target: 'sla', enable_load_scaling: false }`).
   * Its `backend` defaults to the request's.
   * @default - no planner
   */
  readonly planner?: Record<string, unknown>;
  /**
   * Deploy simulated (mocker) workers instead of real engines (`spec.features.mocker.enabled`), to test without GPUs.
   * @default false
   */
  readonly mocker?: boolean;
  /**
   * The profiler pod's scheduling and environment (`spec.overrides.profilingJob`).
   * @default - the operator's Job
   */
  readonly profilingJob?: DgdrProfilingJobOptions;
  /**
   * A partial DynamoGraphDeployment merged into the generated one (`spec.overrides.dgd`).
   * @default - none
   */
  readonly graphOverride?: DgdrGraphOverride;
  /**
   * Labels on the request.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations on the request.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}
