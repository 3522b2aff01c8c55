/**
 * cdk8s constructs for NVIDIA Dynamo: the AggregatedLlm and DisaggregatedLlm patterns, the
 * DynamoGraphDeployment, clouds, autoscaling and observability.
 * @module dynamo-constructs
 */
// The public surface of `dynamo-constructs`, named explicitly: a value is reachable at run time only
// if it is listed here, so no internal helper (one the typings strip) can leak. Values use
// `export { ... }`, interfaces and types `export type { ... }`. A change here changes the API report
// (`api/dynamo-constructs.api.txt`): run `npm run api-report` and review the diff.
// (This header must not contain the internal tag itself: stripInternal would drop the first export.)

// Engine-free domain facts and value types.
export { DynamoValidationError } from './core/errors';
export { DynamoVersion } from './core/dynamo-version';
export type { DynamoFeature } from './core/dynamo-version';
export { DgdApiVersion } from './core/api-version';
export { ComponentType } from './core/component-type';
export { ComponentVolume } from './core/component-volume';
export type { ConfigMapVolumeOptions, EmptyDirVolumeOptions, HostPathVolumeOptions } from './core/component-volume';
export { EnvValue } from './core/env-value';
export type { EnvValueFromKeyOptions } from './core/env-value';
export { NixlBackend } from './core/nixl-backend';
export { KvTransfer } from './core/kv-transfer';
export type { KvTransferKind } from './core/kv-transfer';
export { KvCacheDtype } from './core/kv-cache-dtype';
export { RouterMode } from './core/router-mode';
export { SecretRef } from './core/secret-ref';
export type { ISecretRef } from './core/secret-ref';
export { Backend, DYNAMO_REGISTRY } from './backends/backend';
export type { EngineTuningOptions } from './backends/engine-tuning-options';

// L2: the DynamoGraphDeployment and the objects around it.
export { DynamoComponent } from './dgd/dynamo-component';
export type { CompilationCacheMount, DynamoComponentOptions } from './dgd/dynamo-component';
export { DYNAMO_VERSION_ANNOTATION, DynamoGraphDeployment, MAX_COMPONENTS } from './dgd/dynamo-graph-deployment';
export type { DynamoGraphDeploymentProps } from './dgd/dynamo-graph-deployment';
export { MAIN_CONTAINER, OperatorLabels } from './dgd/operator-labels';
export { HF_TOKEN_ENV, HfToken } from './model/hf-token';
export { DEFAULT_MODEL_CACHE_MOUNT, ModelCache } from './model/model-cache';
export type { ExistingModelCacheOptions, NewModelCacheOptions } from './model/model-cache';
export { CompilationCache } from './model/compilation-cache';
export type { CompilationCacheOptions } from './model/compilation-cache';
export { DEFAULT_DOWNLOAD_IMAGE, DEFAULT_HUGGINGFACE_HUB_VERSION, ModelDownloadJob } from './model/model-download-job';
export type { ModelDownloadJobProps } from './model/model-download-job';
export { ModelArchitecture } from './model/model-architecture';
export type { ModelArchitectureProps } from './model/model-architecture-props';
export { WeightDtype } from './model/weight-dtype';
export type { PoolCapacity, PrefillDecodeRatio } from './sizing/pool-capacity';

// Access control at the edge: credentials, allow lists and usage limits, and the gateways that enforce them.
export { AccessFeature } from './access/access-feature';
export { EndpointAccess } from './access/endpoint-access';
export type {
  ApiKeyAccessProps,
  CognitoAccessProps,
  EndpointAccessOptions,
  IapAccessProps,
  JwtAccessProps,
  OidcAccessProps,
} from './access/endpoint-access-props';
export type { EndpointAccessCard } from './access/access-card';
export { CLIENT_ID_HEADER } from './access/client-identity';
export { IngressController } from './cloud/ingress-controllers';
export { IngressControllerProfile } from './cloud/ingress-controller';
export type { IngressControllerBinding, IngressControllerContext } from './cloud/ingress-controller';
export type { EnvoyAiGatewayOptions, EnvoyGatewayOptions } from './cloud/envoy/envoy-gateway-options';

// Clouds: profiles, GPU catalogs, ingress and model storage.
export { GpuType } from './cloud/gpu-type';
export type { CustomGpuTypeOptions } from './cloud/gpu-type';
export { RdmaFabric } from './cloud/rdma-fabric';
export type { CustomRdmaFabricOptions } from './cloud/rdma-fabric';
export { CapacityType } from './cloud/capacity-type';
export type { MachineShape } from './cloud/machine-shape';
export { INGRESS_OPTION_NAMES, IngressApi } from './cloud/frontend-ingress';
export type { FrontendIngressOptions } from './cloud/frontend-ingress';
export { FilestoreTier, FsxDeploymentType, ModelStorage } from './cloud/model-storage';
export type {
  AzureFilesModelStorageOptions,
  EfsModelStorageOptions,
  FilestoreModelStorageOptions,
  FsxLustreModelStorageOptions,
} from './cloud/model-storage';
export { Cloud } from './cloud/cloud';
export { CloudProfile } from './cloud/cloud-profile';
export { ClusterObject } from './cloud/cluster-object';
export type { AccessSupport, CloudBinding, CloudContext, CloudPoolContext, IngressTarget, PoolWiring } from './cloud/cloud-profile';
export { DEFAULT_CAPACITY_TYPES } from './cloud/pool-placement';
export type { PoolPlacementOptions } from './cloud/pool-placement';
export type { WorkerRole } from './backends/backend-definition';
export type { GenericCloudOptions, GenericRdmaOptions } from './cloud/generic/generic-profile';
export { EfaInterfaces, EksAmi, NetworkInterfaceType } from './cloud/eks/eks-profile';
export type { EksNetworkInterface, EksOptions } from './cloud/eks/eks-profile';
export type { EksAutoModeOptions } from './cloud/eks/eks-auto-mode-profile';
export { EKS_SHAPES } from './cloud/eks/eks-shapes';
export { WhenUnsatisfiable } from './cloud/gke/gke-profile';
export type { GkeOptions, GkeRdmaNetworkOptions } from './cloud/gke/gke-profile';
export { GKE_SHAPES } from './cloud/gke/gke-shapes';
export { AksGpuDriver, AksImageFamily, AksRdmaResource } from './cloud/aks/aks-profile';
export type { AksOptions } from './cloud/aks/aks-profile';
export { AKS_SHAPES } from './cloud/aks/aks-shapes';

// Autoscaling: the SLA planner, KEDA and HPA on the scaling adapters.
export { ScalingMetric } from './autoscaling/scaling-metric';
export type {
  KvCacheUsageScalingOptions,
  LatencyScalingOptions,
  PromqlScalingOptions,
  QueueDepthScalingOptions,
} from './autoscaling/scaling-metric';
export type { PoolAutoscalerProps } from './autoscaling/scale-range';
export { DgdScaledObject } from './autoscaling/dgd-scaled-object';
export type { DgdScaledObjectProps } from './autoscaling/dgd-scaled-object';
export { DgdHorizontalPodAutoscaler } from './autoscaling/dgd-horizontal-pod-autoscaler';
export type { DgdHorizontalPodAutoscalerProps } from './autoscaling/dgd-horizontal-pod-autoscaler';
export { Autoscaling } from './autoscaling/autoscaling';
export type { HpaAutoscalingOptions, KedaAutoscalingOptions, PoolAutoscalingOptions } from './autoscaling/autoscaling';
export { LoadPredictor } from './autoscaling/load-predictor';
export { Planner } from './autoscaling/planner';
export type { SlaPlannerOptions } from './autoscaling/planner';

// Observability: metric catalogue, SLOs, dashboards, monitors and alerts.
export { METRICS } from './observability/metric-catalog';
export type { MetricFamily, MetricInfo, MetricType } from './observability/metric-catalog';
export type { ObservedComponent, ObservedDeployment, ObservedGateway } from './observability/observed-deployment';
export type { SloOptions } from './observability/slo';
export { GpuMetrics } from './observability/gpu-metrics';
export type { DcgmOptions } from './observability/gpu-metrics';
export { DashboardDelivery } from './observability/dashboard-delivery';
export type { GrafanaOperatorDashboardOptions, SidecarDashboardOptions } from './observability/dashboard-delivery';
export { dashboardExpressions, LlmDashboard } from './observability/llm-dashboard';
export type { DashboardRowSummary, LlmDashboardProps } from './observability/llm-dashboard';
export { Scraping } from './observability/scraping';
export type { PlatformScrapingOptions, PodMonitorScrapingOptions } from './observability/scraping';
export { DynamoPodMonitors } from './observability/dynamo-pod-monitors';
export type { DynamoPodMonitorsProps } from './observability/dynamo-pod-monitors';
export { LlmAlertRules } from './observability/llm-alert-rules';
export type { LlmAlertRulesProps } from './observability/llm-alert-rules';
export type { ObservabilityOptions } from './observability/observability-options';

// The Dynamo platform and its cluster add-ons, delivered by GitOps (cdk8s) or Helm releases (Pulumi).
export { DynamoPlatform } from './platform/dynamo-platform';
export type { DynamoPlatformProps, NamespaceRestrictionOptions } from './platform/dynamo-platform-props';
export type { IDynamoPlatform } from './platform/served-platform';
export type { ExistingDynamoPlatformOptions } from './platform/existing-platform';
export { BundledChart } from './platform/bundled-chart';
export type { PlatformAddonsProps } from './platform/platform-addons';
export type { PlatformChartOptions } from './platform/addons/chart-options';
export type { GpuOperatorOptions } from './platform/addons/gpu-operator';
export type { NetworkOperatorOptions, RdmaSharedDevicePluginOptions, SriovDevicePluginOptions } from './platform/addons/network-operator';
export type { EfaDevicePluginOptions } from './platform/addons/efa-device-plugin';
export type { KubePrometheusStackOptions } from './platform/addons/kube-prometheus-stack';
export type { KedaOptions } from './platform/addons/keda';
export type { PrometheusAdapterOptions } from './platform/addons/prometheus-adapter';
export type { LeaderWorkerSetOptions } from './platform/addons/leader-worker-set';
export type { VolcanoOptions } from './platform/addons/volcano';
export type { HelmChartOptions } from './platform/addons/extra-chart';
export type { HelmChartSource, PlatformManifest, PlatformRelease } from './platform/platform-release';
export { PlatformDelivery } from './platform/platform-delivery';
export type { PlatformDeliveryBinding } from './platform/delivery/delivery-binding';
export type { FluxDeliveryOptions } from './platform/delivery/flux-delivery';
export type { ArgoCdDeliveryOptions } from './platform/delivery/argo-cd-delivery';

// L3 patterns.
export type { FrontendOptions, LlmCommonProps, LlmIngressOptions, PodSchedulingOptions, WorkerPoolOptions } from './patterns/llm-props';
export type { CloudObjects } from './patterns/cloud-objects';
export {
  BACKEND_FRAMEWORK_ANNOTATION,
  ENGINE_CONFIG_DIR,
  ENGINE_CONFIG_HASH_ANNOTATION,
  FRONTEND_PORT,
} from './patterns/llm-graph';
export type { ComponentCard, ComponentShape, EndpointCard } from './patterns/endpoint-card';
export { LlmPattern } from './patterns/llm-pattern';
export { AggregatedLlm } from './patterns/aggregated-llm';
export type { AggregatedLlmProps } from './patterns/aggregated-llm';
export { DisaggregatedLlm } from './patterns/disaggregated-llm';
export type { DisaggregatedLlmProps } from './patterns/disaggregated-llm';

// SLA-driven profiling: Dynamo's profiler generates the graph.
export { DynamoGraphDeploymentRequest, MAX_DGDR_NAME } from './profiling/dynamo-graph-deployment-request';
export type {
  DgdrGpuOptions, DgdrGraphOverride, DgdrHardwareOptions, DgdrModelCacheOptions, DgdrProfilingJobOptions, DgdrSlaOptions, DgdrWorkloadOptions,
  DynamoGraphDeploymentRequestProps,
} from './profiling/dgdr-props';
export { GpuSku } from './profiling/gpu-sku';
export { OptimizationType, SearchStrategy } from './profiling/search-strategy';
export { ProfiledLlm } from './patterns/profiled-llm';
export type { ProfiledLlmProps, ProfiledWorkerOptions } from './patterns/profiled-llm-props';

// Dynamo's published recipes as pattern props.
export { LlmRecipes } from './recipes/llm-recipes';
export type { DeepseekR1SglangRecipeOptions } from './recipes/deepseek-r1-sglang';
export type { GptOssTrtllmRecipeOptions } from './recipes/gpt-oss-120b-trtllm';
export type { GptOssVllmRecipeOptions } from './recipes/gpt-oss-120b-vllm';
export type { Llama33VllmRecipeOptions } from './recipes/llama-70b-vllm';
export type { Qwen3TrtllmRecipeOptions } from './recipes/qwen3-32b-fp8-trtllm';

// Topology pictures of the patterns: data, Mermaid text and SVG.
export { Topology } from './topology/topology';
export type {
  TopologyEdge, TopologyEdgeKind, TopologyNode, TopologyNodeKind, TopologyScaler, TopologyWorkerPool,
} from './topology/topology-model';
