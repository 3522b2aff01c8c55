import type { IDynamoPlatform } from '../platform/served-platform';
import { Size } from 'cdk8s';
import { ContainerResources, k8s } from 'cdk8s-plus-28';
import { Autoscaling } from '../autoscaling/autoscaling';
import { Planner } from '../autoscaling/planner';
import { Backend } from '../backends/backend';
import { EngineTuningOptions } from '../backends/engine-tuning-options';
import { Cloud } from '../cloud/cloud';
import type { EndpointAccess } from '../access/endpoint-access';
import { FrontendIngressOptions } from '../cloud/frontend-ingress';
import type { IngressController } from '../cloud/ingress-controllers';
import { PoolPlacementOptions } from '../cloud/pool-placement';
import { DgdApiVersion } from '../core/api-version';
import { DynamoVersion } from '../core/dynamo-version';
import { EnvValue } from '../core/env-value';
import { RouterMode } from '../core/router-mode';
import { ISecretRef } from '../core/secret-ref';
import { CompilationCache } from '../model/compilation-cache';
import { ObservabilityOptions } from '../observability/observability-options';
import { HfToken } from '../model/hf-token';
import { ModelArchitecture } from '../model/model-architecture';
import { ModelCache } from '../model/model-cache';

/** Pod scheduling shared by the frontend and worker pools. */
export interface PodSchedulingOptions {
  /**
   * Pod tolerations.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Pod node selector.
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Pod affinity and anti-affinity.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Pod annotations.
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Pod labels.
   * @default - none
   */
  readonly podLabels?: Record<string, string>;
}

/** The frontend: the OpenAI-compatible HTTP server and router (port 8000). */
export interface FrontendOptions extends PodSchedulingOptions {
  /**
   * Frontend replicas; at least 1. With 2 or more, the replicas spread over nodes (preferred pod
   * anti-affinity on `kubernetes.io/hostname`, added to `affinity`) and a PodDisruptionBudget
   * `<dgd>-<component>` (`minAvailable: replicas - 1`) keeps all but one up through a node drain.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * How requests are routed to workers. `RouterMode.KV` also makes the workers publish KV events;
   * `RouterMode.KV_APPROXIMATE` routes on the KV router's own prediction, without events.
   * @default RouterMode.ROUND_ROBIN (Dynamo's default)
   */
  readonly routerMode?: RouterMode;
  /**
   * CPU, memory and ephemeral-storage requests and limits; each resource you set (request, limit or
   * both) replaces its default.
   * @default - requests of 1 CPU and 2Gi memory (any node schedules them), a 16Gi memory limit, no CPU limit; production recipes request 4 CPU and 16Gi
   */
  readonly resources?: ContainerResources;
  /**
   * Extra `dynamo.frontend` flags, e.g. `['--migration-limit', '3']`.
   * @default - none
   */
  readonly extraArgs?: string[];
  /**
   * Environment variables.
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * The frontend image.
   * @default - the pattern's `image`, else the backend runtime image for `dynamoVersion`
   */
  readonly image?: string;
  /**
   * The component name.
   * @default Frontend
   */
  readonly componentName?: string;
}

/**
 * One pool of identical workers (aggregated workers, or the prefill or decode pool). Where its nodes
 * come from (`machineType`, `gpuType`, `capacityTypes`, `rdmaDevices`) is in {@link PoolPlacementOptions};
 * the engine's memory, KV cache and TensorRT-LLM engine config knobs are in {@link EngineTuningOptions}.
 */
export interface WorkerPoolOptions extends PodSchedulingOptions, PoolPlacementOptions, EngineTuningOptions {
  /**
   * Worker replicas (each spanning `nodes` nodes). 0 keeps the pool defined but idle. Not allowed
   * when `autoscaling` or a planner owns the replicas.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Scale the pool with KEDA or an HPA through its DynamoGraphDeploymentScalingAdapter. The adapter
   * then owns the replicas: the manifest no longer sets them, and neither `replicas` nor a planner
   * may be set for the pool.
   * @default - fixed `replicas`
   */
  readonly autoscaling?: Autoscaling;
  /**
   * GPUs per node for one worker.
   * @default - tensor × pipeline (× data for vLLM) / nodes, or 1 when no parallel size is set
   */
  readonly gpus?: number;
  /**
   * Nodes per worker; more than 1 makes a multi-node worker (needs Grove or LeaderWorkerSet).
   * @default 1
   */
  readonly nodes?: number;
  /**
   * Tensor parallel size.
   * @default - nodes × gpus / (pipeline × data)
   */
  readonly tensorParallelSize?: number;
  /**
   * Pipeline parallel size.
   * @default 1
   */
  readonly pipelineParallelSize?: number;
  /**
   * Data parallel size (vLLM: replicas of the model inside one worker, using GPUs; SGLang: DP
   * attention inside the tensor-parallel group). TensorRT-LLM: not supported (use
   * `extraArgs: ['--enable-attention-dp']`).
   * @default 1
   */
  readonly dataParallelSize?: number;
  /**
   * Expert parallel size for MoE models. vLLM: must equal tensor × data (`--enable-expert-parallel`);
   * SGLang and TensorRT-LLM: must divide the tensor parallel size.
   * @default - no expert parallelism
   */
  readonly expertParallelSize?: number;
  /**
   * Maximum model (context) length: vLLM `--max-model-len`, SGLang `--context-length`, TensorRT-LLM `--max-seq-len`.
   * @default - the engine's default, usually the model's context length
   */
  readonly maxModelLen?: number;
  /**
   * Maximum concurrent sequences: vLLM `--max-num-seqs`, SGLang `--max-running-requests`, TensorRT-LLM `--max-batch-size`.
   * @default - the engine's default
   */
  readonly maxNumSeqs?: number;
  /**
   * CPU, memory and ephemeral-storage requests and limits; each resource you set (request, limit or
   * both) replaces its default.
   * @default - CPU and memory requests of the pod's share of its machine (the node's vCPUs and
   * memory less the system reserve, × the pod's GPUs / the machine's GPUs) where the cloud's catalog
   * records them, else 2 CPU and 8Gi; an ephemeral-storage request of 2Gi, as in Dynamo's examples; no limits
   */
  readonly resources?: ContainerResources;
  /**
   * Extended resources per pod, e.g. `{ 'vpc.amazonaws.com/efa': '16' }`.
   * @default - none
   */
  readonly extraResources?: Record<string, string>;
  /**
   * Size of `/dev/shm`. `Size.gibibytes(0)` disables it.
   * @default - the backend's size: 16Gi for vLLM and SGLang, 80Gi for TensorRT-LLM
   */
  readonly sharedMemorySize?: Size;
  /**
   * Extra engine flags appended after the generated ones. A flag the library already sets from a
   * prop is rejected with the prop to use instead.
   * @default - none
   */
  readonly extraArgs?: string[];
  /**
   * Environment variables.
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * The worker image.
   * @default - the pattern's `image`, else the backend runtime image for `dynamoVersion`
   */
  readonly image?: string;
  /**
   * The launcher that receives the generated engine flags as arguments. To wrap it in a shell, end
   * the script with `exec python3 -m dynamo.vllm "$@"` and pass `['/bin/sh', '-c', script, '--']`.
   * @default - `python3 -m dynamo.<backend>`
   */
  readonly command?: string[];
  /**
   * The working directory.
   * @default - the backend's examples directory in the runtime image (e.g. `/workspace/examples/backends/vllm`)
   */
  readonly workingDir?: string;
  /**
   * Security context of the worker container.
   * @default - none
   */
  readonly securityContext?: k8s.SecurityContext;
  /**
   * Hand this pool's replicas to a DynamoGraphDeploymentScalingAdapter (`<dgd>-<component>`) for an
   * autoscaler you manage yourself; `replicas` is then only the initial count. `autoscaling` and
   * `planner` turn it on.
   * @default false, true with `autoscaling` or a planner
   */
  readonly scalingAdapter?: boolean;
  /**
   * The component name.
   * @default - Dynamo's example name for the backend and role (e.g. `VllmPrefillWorker`)
   */
  readonly componentName?: string;
}

/**
 * The patterns' `ingress`: how the frontend is exposed outside the cluster ({@link FrontendIngressOptions}),
 * and by which gateway.
 */
export interface LlmIngressOptions extends FrontendIngressOptions {
  /**
   * A gateway installed in the cluster that serves the frontend instead of the cloud's load
   * balancer, on any cloud: `IngressController.envoyGateway()` or `IngressController.envoyAiGateway()`
   * (Envoy Gateway, and Envoy AI Gateway for token limits). It enforces the `access` features the
   * cloud's load balancer cannot (API keys, per-client request and token limits).
   * @default - the cloud's own: an ALB (EKS), the GKE Gateway, AKS app routing, the cluster's default class (generic)
   */
  readonly controller?: IngressController;
}

/** Props shared by {@link AggregatedLlm} and {@link DisaggregatedLlm}. */
export interface LlmCommonProps {
  /** The model: a Hugging Face id such as `meta-llama/Llama-3.3-70B-Instruct`, or a path in the image or cache. */
  readonly model: string;
  /**
   * The model's architecture, for the GPU fit checks and the endpoint card's capacity: each GPU
   * pool's weights must fit its GPUs (else an error on `<pool>.gpus` or `<pool>.tensorParallelSize`)
   * and one sequence of `maxModelLen` its KV cache (else an error on `<pool>.maxModelLen`). Give
   * `ModelArchitecture.custom({...})` for a model the catalog lacks or a local path.
   * @default - `ModelArchitecture.lookup(model)`; for a model the catalog lacks nothing is checked and the endpoint card says so
   */
  readonly modelArchitecture?: ModelArchitecture;
  /**
   * The name clients use in requests.
   * @default - the model id
   */
  readonly servedModelName?: string;
  /**
   * The model revision (commit sha recommended) for the workers and the download Job. Anything but
   * a commit sha moves with the repository: the endpoint card's `modelRevisionPinned` and `warnings` say so.
   * @default - the repository's default branch, resolved at each download (`unpinned` on the endpoint card)
   */
  readonly modelRevision?: string;
  /**
   * The inference backend.
   * @default Backend.vllm()
   */
  readonly backend?: Backend;
  /**
   * The Dynamo release the cluster runs; picks the API generation and image tags. A release outside
   * `DynamoVersion.KNOWN_RELEASES` is an error unless every image is named (`image`, or
   * `frontend.image` and each pool's `image`, and the planner's image).
   * @default - the `platform`'s release, else DynamoVersion.LATEST
   */
  readonly dynamoVersion?: DynamoVersion;
  /**
   * The Dynamo platform the graph runs on: a `DynamoPlatform` the app installs, or
   * `DynamoPlatform.fromExisting({ version, namespace, prometheusEndpoint })` for a cluster that has
   * one. The graph then uses the platform's release (`dynamoVersion` may only repeat it), its
   * planner reads the platform's Prometheus, its RDMA pools must find a device plugin for the
   * devices they request (from the platform's add-ons, the cloud, or `deviceResources` of an
   * existing platform), multi-node pools need Grove or LeaderWorkerSet, KEDA and HPA autoscaling
   * need KEDA and a metrics adapter that serves their metrics, and with Argo CD delivery every
   * object of the graph carries a sync wave after the platform's releases.
   * @default - none: the cluster's platform is not checked
   */
  readonly platform?: IDynamoPlatform;
  /**
   * The DynamoGraphDeployment API generation.
   * @default - v1beta1 for Dynamo >= 1.2, v1alpha1 before
   */
  readonly apiVersion?: DgdApiVersion;
  /**
   * The DynamoGraphDeployment name (and prefix of the other objects).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The Kubernetes namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The frontend.
   * @default - one replica, round-robin routing
   */
  readonly frontend?: FrontendOptions;
  /**
   * Dynamo's SLA planner: it sizes the worker pools from observed load to hold TTFT and ITL targets
   * within a GPU budget. It owns every pool's replicas, so no pool may set `replicas` or `autoscaling`.
   * @default - none: fixed replicas, or per-pool `autoscaling`
   */
  readonly planner?: Planner;
  /**
   * Dashboards, scraping and alerts for the deployment.
   * @default - none
   */
  readonly observability?: ObservabilityOptions;
  /**
   * Where the deployment runs: GPU node pools, worker scheduling, RDMA wiring for KV transfer,
   * ingress and model storage follow from it.
   * @default Cloud.generic() - any cluster with the NVIDIA device plugin
   */
  readonly cloud?: Cloud;
  /**
   * Expose the frontend outside the cluster through the cloud's load balancer.
   * @default - none: the frontend is reachable in the cluster (`endpoint`) or by port-forward
   */
  readonly ingress?: LlmIngressOptions;
  /**
   * Who may call the endpoint through `ingress`, enforced at the gateway: a credential
   * (`EndpointAccess.apiKeys`, `jwt`, `oidc`, `cognito`, `iap`) or none (`EndpointAccess.open`), a
   * source allow list and per-client request and token limits. What the chosen ingress cannot
   * enforce is an error naming the implementations that can. In-cluster callers reach the frontend
   * Service directly, without these checks.
   * @default - none: whoever reaches the load balancer may call
   */
  readonly access?: EndpointAccess;
  /**
   * The Hugging Face token, by Secret reference.
   * @default - none (public models only)
   */
  readonly hfToken?: HfToken;
  /**
   * Image pull secrets for every pod.
   * @default - none
   */
  readonly imagePullSecrets?: ISecretRef[];
  /**
   * A shared Hugging Face cache mounted on every component, with `HF_HOME` on it.
   * @default - none: every pod downloads the weights into its own filesystem
   */
  readonly modelCache?: ModelCache;
  /**
   * A PVC for the engines' compilation cache.
   * @default - none
   */
  readonly compilationCache?: CompilationCache;
  /**
   * The image for the frontend and workers.
   * @default - `nvcr.io/nvidia/ai-dynamo/<backend>-runtime:<dynamoVersion>`
   */
  readonly image?: string;
  /**
   * Let the engine run code shipped in the model repository (`--trust-remote-code`).
   * @default false
   */
  readonly trustRemoteCode?: boolean;
  /**
   * Labels on every object and pod.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations on the DynamoGraphDeployment.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}
