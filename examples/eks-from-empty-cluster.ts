/**
 * From an empty Amazon EKS cluster (self-managed Karpenter) to Llama 3.3 70B serving over EFA, in one
 * app: the Dynamo platform and the cluster add-ons it relies on, delivered by Argo CD, and the
 * disaggregated graph of `eks-llama-70b-efa` on it, with its dashboard, monitors and alerts.
 *
 * - `platform.k8s.yaml`: one Argo CD `Application` per Helm chart, ordered with sync waves. The
 *   first wave: the EFA device plugin (Karpenter nodes need it for `vpc.amazonaws.com/efa`; Auto
 *   Mode has its own) and kube-prometheus-stack (picks up the graph's PodMonitors, rules and
 *   dashboard ConfigMap in any namespace; its Prometheus becomes the platform's, which the operator
 *   passes to planners). The second, once Prometheus's CRDs are there: the GPU Operator (without its
 *   driver: the EKS AL2023 NVIDIA AMI has one; with GDRCopy, which NIXL over EFA uses; its DCGM
 *   exporter feeds the GPU panels) and the Dynamo platform chart, side by side.
 * - `graphs.k8s.yaml`: the graph's namespace (no wave: Argo CD creates it with the first wave) and
 *   the graph, each of its objects a sync wave after the platform's last.
 *
 * Prerequisites (not created here): the EKS cluster with Karpenter and Argo CD, the
 * `argoproj.io/Application` health check in `argocd-cm` (without it the waves do not wait) and an
 * app-of-apps Application that syncs this folder (docs/platform.md shows both), the Hugging Face
 * token Secret `hf-token-secret` in the namespace `llm`, the Secret `grafana-admin` with Grafana's
 * admin user and password (keys `admin-user`, `admin-password`) in the namespace `monitoring`, and the values of `eks-llama-70b-efa` (node
 * role, discovery tags, placement group, EFS file system, host, certificate) replaced with your
 * cluster's.
 */
import { App, Chart } from 'cdk8s';
import { ClusterObject, DashboardDelivery, DisaggregatedLlm, DisaggregatedLlmProps, DynamoPlatform, PlatformDelivery, SecretRef } from '../lib';
import { eksLlama70bEfa } from './eks-llama-70b-efa';

/** The graph's props: those of `eks-llama-70b-efa`, with its observability. */
function eksFromEmptyClusterGraphProps(): DisaggregatedLlmProps {
  if (eksLlama70bEfa.pattern !== 'disaggregated') throw new Error('eks-llama-70b-efa is a disaggregated example');
  return {
    ...eksLlama70bEfa.props,
    observability: {
      // The kube-prometheus-stack add-on's Grafana loads dashboards from ConfigMaps of any
      // namespace, in the folder their annotation names.
      dashboardDelivery: DashboardDelivery.configMap({ namespace: 'monitoring', folder: 'Dynamo' }),
    },
  };
}

/** Builds the app; `outdir` defaults to `dist` (or `CDK8S_OUTDIR`). */
export function eksFromEmptyClusterApp(outdir?: string): App {
  const app = new App({ outdir });
  const graphProps = eksFromEmptyClusterGraphProps();
  const platform = new DynamoPlatform(new Chart(app, 'platform'), 'dynamo', {
    cloud: graphProps.cloud,
    delivery: PlatformDelivery.argoCd(),
    efaDevicePlugin: {},
    // Grafana's admin user and password: the Secret grafana-admin in monitoring (see Prerequisites).
    kubePrometheusStack: { grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') },
    gpuOperator: { gdrcopy: true },
  });
  const graphs = new Chart(app, 'graphs', { namespace: eksLlama70bEfa.namespace });
  // The graph's namespace: nothing else creates it on an empty cluster (the HF token Secret goes there too).
  new ClusterObject(graphs, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: eksLlama70bEfa.namespace } });
  new DisaggregatedLlm(graphs, eksLlama70bEfa.id, { ...graphProps, platform });
  return app;
}

if (require.main === module) eksFromEmptyClusterApp().synth();
