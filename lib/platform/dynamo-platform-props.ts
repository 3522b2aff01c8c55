import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Cloud } from '../cloud/cloud';
import { DynamoVersion } from '../core/dynamo-version';
import { ISecretRef } from '../core/secret-ref';
import { BundledChart } from './bundled-chart';
import { PlatformAddonsProps } from './platform-addons';
import { PlatformDelivery } from './platform-delivery';

/** Options of {@link DynamoPlatformProps.namespaceRestriction}. */
export interface NamespaceRestrictionOptions {
  /**
   * The one namespace the operator watches; graphs on this platform must be in it.
   * @default - the platform's namespace
   */
  readonly targetNamespace?: string;
}

/** Props of {@link DynamoPlatform}: the `dynamo-platform` chart and the cluster add-ons it relies on. */
export interface DynamoPlatformProps extends PlatformAddonsProps {
  /**
   * The Dynamo release: the `dynamo-platform` chart version and the operator image tag. Graphs on
   * this platform must use the same release.
   * @default DynamoVersion.LATEST
   */
  readonly version?: DynamoVersion;
  /**
   * The namespace of the operator (created when missing).
   * @default 'dynamo-system'
   */
  readonly namespace?: string;
  /**
   * The Helm release name of the platform chart. The operator's webhook Service is named after it
   * (`<release>-dynamo-operator-webhook-service`, so at most 31 characters), and so are the chart's
   * GitOps objects (HelmRelease, Application): give a second platform of one chart its own.
   * @default 'dynamo-platform'
   */
  readonly releaseName?: string;
  /**
   * The cloud the cluster runs on. It picks cloud-aware add-on defaults (the GPU Operator leaves the
   * driver to EKS, GKE and AKS) and refuses add-ons the cloud provides itself (the EFA device plugin
   * and the GPU Operator on EKS Auto Mode). Graphs on this platform must use the same cloud.
   * @default - Cloud.generic(), and graphs may use any cloud
   */
  readonly cloud?: Cloud;
  /**
   * How a cdk8s app delivers the charts: `PlatformDelivery.flux()` (HelmRepository/OCIRepository and
   * HelmRelease objects) or `PlatformDelivery.argoCd()` (Applications with sync waves). cdk8s does
   * not run Helm: a rendered chart loses its post-install hooks' order (the KAI scheduler's Queues,
   * applied before the CRDs they need) and its `lookup` checks, which only an install in the cluster
   * runs. Required in a cdk8s app; the Pulumi component installs each chart as a
   * `kubernetes.helm.v3.Release` instead and does not take it.
   * @default - none: required in a cdk8s app
   */
  readonly delivery?: PlatformDelivery;
  /**
   * The chart for the objects of the add-ons' own APIs (the Network Operator's `NicClusterPolicy`)
   * when the delivery applies them in a separate step (Flux: a Kustomization dry-runs all its
   * objects first, so a custom resource beside the HelmRelease that brings its CRD would block
   * both). Point a second Kustomization that `dependsOn` the platform's at its output.
   * @default - a chart `<platform's chart id>-manifests` added to the app, when there are such objects
   */
  readonly manifestsChart?: Chart;
  /**
   * Grove, the default multi-node orchestrator (a multi-node worker needs Grove, or LeaderWorkerSet
   * with Volcano). Its objects are cluster-scoped, so a namespace-restricted platform uses the
   * cluster-wide platform's: `BundledChart.INSTALL` is an error there.
   * @default BundledChart.INSTALL - the chart's subchart, at the version the release pins;
   *   BundledChart.EXTERNAL with `namespaceRestriction`
   */
  readonly grove?: BundledChart;
  /**
   * The KAI scheduler, for gang scheduling of multi-node workers with Grove. Cluster-scoped like
   * Grove: `BundledChart.INSTALL` is an error on a namespace-restricted platform.
   * @default BundledChart.INSTALL - the chart's subchart, at the version the release pins;
   *   BundledChart.EXTERNAL with `namespaceRestriction`
   */
  readonly kaiScheduler?: BundledChart;
  /**
   * The Prometheus the planner reads (`dynamo-operator.dynamo.metrics.prometheusEndpoint`; the
   * operator injects it into every planner as `PROMETHEUS_ENDPOINT`). Graphs with a planner on this
   * platform need one. Set together with `kubePrometheusStack`, it wins: the planner and the
   * `prometheusAdapter` add-on read it, not kube-prometheus-stack's.
   * @default - the kube-prometheus-stack add-on's Prometheus when it is on, else none
   */
  readonly prometheusEndpoint?: string;
  /**
   * The operator image, to pull it from a mirror: `registry/path/kubernetes-operator` (the tag
   * stays the chart's) or with a tag, which must be the platform's release (a tag pinned across
   * chart versions crash-loops the operator, "flag provided but not defined").
   * @default - nvcr.io/nvidia/ai-dynamo/kubernetes-operator at the chart's version
   */
  readonly operatorImage?: string;
  /**
   * Restrict the operator to one namespace (`dynamo-operator.namespaceRestriction`). Dynamo calls
   * this mode development-only and deprecated it in 1.4; it does not apply CRDs
   * (`upgradeCRD: false`), so a cluster-wide install must have brought them, and Grove and the KAI
   * scheduler (cluster-scoped) are the cluster-wide platform's.
   * @default - a cluster-wide operator (one per cluster)
   */
  readonly namespaceRestriction?: NamespaceRestrictionOptions;
  /**
   * Tolerations of the platform's controllers (the operator, and Grove and KAI when the chart
   * installs them, and the add-ons that have a controller toleration value), to let them run on
   * tainted nodes such as spot capacity.
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Secrets to pull the operator image with (a mirror that needs credentials).
   * @default - none
   */
  readonly imagePullSecrets?: ISecretRef[];
  /**
   * The extended resources that device plugins installed outside this platform advertise (an EKS
   * managed add-on, a cluster's own SR-IOV plugin), e.g. `['vpc.amazonaws.com/efa']`. The
   * platform's `deviceResources` include them with its add-ons', and RDMA pools that request them
   * pass.
   * @default - none: only the add-ons' and `charts`' device resources
   */
  readonly deviceResources?: string[];
  /**
   * Values of the `dynamo-platform` chart, merged over the ones the props set (objects merge, lists
   * and scalars replace, `null` removes a key): the escape hatch for what the props do not cover.
   * @default - none
   */
  readonly values?: Record<string, unknown>;
}
