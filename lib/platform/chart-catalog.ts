import { DynamoVersion } from '../core/dynamo-version';

/**
 * One chart the platform knows how to install: where it comes from, the version the library pins
 * by default, and where it goes.
 * @internal
 */
export interface ChartCatalogEntry {
  /** The release id in a platform (`platform.releases[].id`, `dependsOn`), e.g. `gpu-operator`. */
  readonly id: string;
  /** For messages and docs, e.g. `NVIDIA GPU Operator`. */
  readonly displayName: string;
  /** An `https://` Helm repository (served `index.yaml`) or the `oci://` path that holds the chart. */
  readonly repository: string;
  /** The chart's name in that repository. */
  readonly chart: string;
  /** The default chart version, exactly as the repository lists it. */
  readonly version: string;
  /** The default namespace. */
  readonly namespace: string;
  /** The default Helm release name. */
  readonly releaseName: string;
  /** Where the facts of this row come from. */
  readonly source: string;
}

/** The ids of the charts in {@link CHART_CATALOG}. @internal */
export type CatalogChartId =
  | 'dynamo-platform' | 'gpu-operator' | 'network-operator' | 'aws-efa-k8s-device-plugin'
  | 'kube-prometheus-stack' | 'keda' | 'prometheus-adapter' | 'lws' | 'volcano';

/**
 * The charts of the platform and its add-ons (versions checked against upstream sources of
 * August 2026; each row cites them). A version here is the default only: every add-on takes
 * `version`.
 * @internal
 */
export const CHART_CATALOG: Readonly<Record<CatalogChartId, ChartCatalogEntry>> = {
  'dynamo-platform': {
    id: 'dynamo-platform',
    displayName: 'Dynamo platform',
    // A ChartMuseum repository (index.yaml): Dynamo's release workflow publishes with `helm cm-push`
    // (ai-dynamo/dynamo PR #12426); Dynamo's own deploy/observability/setup-monitoring.sh runs
    // `helm repo add nvidia-dynamo https://helm.ngc.nvidia.com/nvidia/ai-dynamo` then
    // `helm upgrade dynamo-platform nvidia-dynamo/dynamo-platform --version <ver>`; NVIDIA/aicr
    // recipes/registry.yaml uses the same repository + chart. The OCI path 404s (issue #12372).
    repository: 'https://helm.ngc.nvidia.com/nvidia/ai-dynamo',
    chart: 'dynamo-platform',
    // The chart version is the Dynamo release, without a leading v (docs/fern/components/releases.data.ts:
    // dynamo-platform-1.4.0.tgz); the platform passes its DynamoVersion.
    version: DynamoVersion.LATEST.version,
    namespace: 'dynamo-system',
    releaseName: 'dynamo-platform',
    source: 'ai-dynamo/dynamo docs/fern/pages/kubernetes/installation/install-dynamo.md, deploy/observability/setup-monitoring.sh @2a6da14',
  },
  'gpu-operator': {
    id: 'gpu-operator',
    displayName: 'NVIDIA GPU Operator',
    repository: 'https://helm.ngc.nvidia.com/nvidia',
    chart: 'gpu-operator',
    // Released charts carry the tag as their version, with the v (NVIDIA/gpu-operator
    // .github/workflows/release-rc-assets.yaml: `helm package --version "${RELEASE_TAG}"`); tag v26.7.0 of 2026-08-20.
    version: 'v26.7.0',
    namespace: 'gpu-operator',
    releaseName: 'gpu-operator',
    source: 'NVIDIA/gpu-operator tag v26.7.0 deployments/gpu-operator; Dynamo install-dynamo.md (`helm install gpu-operator nvidia/gpu-operator -n gpu-operator`)',
  },
  'network-operator': {
    id: 'network-operator',
    displayName: 'NVIDIA Network Operator',
    repository: 'https://helm.ngc.nvidia.com/nvidia',
    chart: 'network-operator',
    // Chart versions drop the tag's v (Mellanox/network-operator .github/workflows/ci.yaml: "VERSION
    // as 'v' prefix removed"; deployment/network-operator/Chart.yaml@v26.4.1 `version: 26.4.1`). The
    // newest GA tag is v26.4.1 (v26.7.0 is at rc.2); the NicClusterPolicy CRD in ../shared/crds is
    // from the same tag. Dynamo's AKS guide pins v26.1.0.
    version: '26.4.1',
    namespace: 'nvidia-network-operator',
    releaseName: 'network-operator',
    source: 'Mellanox/network-operator tag v26.4.1 deployment/network-operator; Dynamo rdma-setup/infiniband-on-azure.mdx',
  },
  'aws-efa-k8s-device-plugin': {
    id: 'aws-efa-k8s-device-plugin',
    displayName: 'AWS EFA Kubernetes device plugin',
    repository: 'https://aws.github.io/eks-charts',
    chart: 'aws-efa-k8s-device-plugin',
    // stable/aws-efa-k8s-device-plugin/Chart.yaml @ aws/eks-charts 52396092 (2026-08-03): version v0.5.30, image v0.5.20.
    version: 'v0.5.30',
    namespace: 'kube-system',
    releaseName: 'aws-efa-k8s-device-plugin',
    source: 'aws/eks-charts stable/aws-efa-k8s-device-plugin/Chart.yaml @5239609; ../shared/reference/clouds-gpu-rdma.md §1.5',
  },
  'kube-prometheus-stack': {
    id: 'kube-prometheus-stack',
    displayName: 'kube-prometheus-stack',
    repository: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: '88.5.3',
    namespace: 'monitoring',
    // Dynamo's docs install it as release `prometheus` in `monitoring`, which gives the Prometheus
    // URL they use (http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090).
    releaseName: 'prometheus',
    source: 'prometheus-community/helm-charts charts/kube-prometheus-stack/Chart.yaml @cf408a2 (tag kube-prometheus-stack-88.5.3); Dynamo install-dynamo.md',
  },
  'keda': {
    id: 'keda',
    displayName: 'KEDA',
    repository: 'https://kedacore.github.io/charts',
    chart: 'keda',
    version: '2.20.2',
    namespace: 'keda',
    releaseName: 'keda',
    source: 'kedacore/charts keda/Chart.yaml @1444d00 (tag v2.20.2); Dynamo kubernetes-operator/autoscaling.md (`helm install keda kedacore/keda -n keda`)',
  },
  'prometheus-adapter': {
    id: 'prometheus-adapter',
    displayName: 'Prometheus Adapter',
    repository: 'https://prometheus-community.github.io/helm-charts',
    chart: 'prometheus-adapter',
    version: '5.3.0',
    namespace: 'monitoring',
    releaseName: 'prometheus-adapter',
    source: 'prometheus-community/helm-charts charts/prometheus-adapter/Chart.yaml @cf408a2 (appVersion v0.12.0); Dynamo kubernetes-operator/autoscaling.md',
  },
  'lws': {
    id: 'lws',
    displayName: 'LeaderWorkerSet',
    repository: 'oci://registry.k8s.io/lws/charts',
    chart: 'lws',
    // The released chart is listed without the v (kubernetes-sigs/lws site/content/en/docs/installation/_index.md
    // @v0.10.0: CHART_VERSION=0.10.0; Makefile: "Version used for Helm which is not using the leading v").
    // Dynamo's docs show 0.8.0; DisaggregatedSet (Dynamo's third orchestrator) needs >= 0.9.0
    // (../shared/reference/dynamo-after-1.4.md §1, Dynamo PR #12352).
    version: '0.10.0',
    namespace: 'lws-system',
    releaseName: 'lws',
    source: 'kubernetes-sigs/lws tag v0.10.0 (2026-08-11) charts/lws, site/content/en/docs/installation/_index.md',
  },
  'volcano': {
    id: 'volcano',
    displayName: 'Volcano',
    // Dynamo install-dynamo.md "LWS + Volcano": `helm repo add volcano-sh https://volcano-sh.github.io/helm-charts`,
    // `helm install volcano volcano-sh/volcano -n volcano-system --create-namespace`.
    repository: 'https://volcano-sh.github.io/helm-charts',
    chart: 'volcano',
    // The newest release the repository's index.yaml lists (volcano-sh/helm-charts index.yaml @be34e95,
    // 2026-06-01: volcano 1.15.0, appVersion 1.15.0); volcano-sh/volcano tag v1.15.0
    // installer/helm/chart/volcano/Chart.yaml: `version: "1.15.0"`.
    version: '1.15.0',
    namespace: 'volcano-system',
    releaseName: 'volcano',
    source: 'volcano-sh/helm-charts index.yaml @be34e95; volcano-sh/volcano tag v1.15.0 installer/helm/chart/volcano; Dynamo install-dynamo.md (LWS + Volcano)',
  },
};
