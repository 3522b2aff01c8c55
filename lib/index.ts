// Engine-free domain facts and value types.
export * from './core/errors';
export * from './core/dynamo-version';
export * from './core/api-version';
export * from './core/component-type';
export * from './core/component-volume';
export * from './core/env-value';
export * from './core/nixl-backend';
export * from './core/router-mode';
export * from './core/secret-ref';
export { Backend, DYNAMO_REGISTRY } from './backends/backend';

// L2: the DynamoGraphDeployment and the objects around it.
export * from './dgd/dynamo-component';
export * from './dgd/dynamo-graph-deployment';
export * from './dgd/operator-labels';
export * from './model/hf-token';
export * from './model/model-cache';
export * from './model/compilation-cache';
export * from './model/model-download-job';

// Clouds: profiles, GPU catalogs, ingress and model storage.
export * from './cloud/gpu-type';
export * from './cloud/rdma-fabric';
export * from './cloud/capacity-type';
export * from './cloud/machine-shape';
export * from './cloud/frontend-ingress';
export * from './cloud/model-storage';
export * from './cloud/cloud';
export * from './cloud/generic/generic-profile';
export * from './cloud/eks/eks-profile';
export * from './cloud/eks/eks-auto-mode-profile';
export * from './cloud/eks/eks-shapes';
export * from './cloud/gke/gke-profile';
export * from './cloud/gke/gke-shapes';
export * from './cloud/aks/aks-profile';
export * from './cloud/aks/aks-shapes';

// Autoscaling: the SLA planner, KEDA and HPA on the scaling adapters.
export * from './autoscaling/scaling-metric';
export * from './autoscaling/scale-range';
export * from './autoscaling/dgd-scaled-object';
export * from './autoscaling/dgd-horizontal-pod-autoscaler';
export * from './autoscaling/autoscaling';
export * from './autoscaling/load-predictor';
export * from './autoscaling/planner';

// Observability: metric catalogue, SLOs, dashboards, monitors and alerts.
export * from './observability/metric-catalog';
export * from './observability/observed-deployment';
export * from './observability/slo';
export * from './observability/gpu-metrics';
export * from './observability/dashboard-delivery';
export * from './observability/llm-dashboard';
export * from './observability/scraping';
export * from './observability/dynamo-pod-monitors';
export * from './observability/llm-alert-rules';
export * from './observability/observability-options';

// L3 patterns.
export * from './patterns/llm-props';
export { BACKEND_FRAMEWORK_ANNOTATION, ENGINE_CONFIG_HASH_ANNOTATION, ENGINE_CONFIG_DIR, FRONTEND_PORT } from './patterns/llm-graph';
export * from './patterns/endpoint-card';
export * from './patterns/llm-pattern';
export * from './patterns/aggregated-llm';
export * from './patterns/disaggregated-llm';
