import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { DynamoVersion, imageTag, imageTagVersion } from '../core/dynamo-version';
import { engineOf } from '../core/engine';
import { invalid, locate } from '../core/errors';
import { validateNamespace } from '../core/names';
import { validateTolerations } from '../core/pod-rules';
import { BundledChart } from './bundled-chart';
import { dynamoPlatformValues } from './dynamo-platform-values';
import { existingPlatform, ExistingDynamoPlatformOptions } from './existing-platform';
import { checkDynamoPlatformProps } from './platform-props-shape';
import { DynamoPlatformProps } from './dynamo-platform-props';

export type { DynamoPlatformProps, NamespaceRestrictionOptions } from './dynamo-platform-props';
import { PlatformDelivery } from './platform-delivery';
import { PlatformRelease } from './platform-release';
import { IDynamoPlatform, PlatformServing } from './served-platform';
import { validatePrometheusEndpoint } from './prometheus-endpoint';
import { resolveAddons } from './platform-addons';
import { dynamoPlatformRelease } from './dynamo-platform-release';
import { orderReleases } from './release-order';
import { CHART_CATALOG } from './chart-catalog';
import { AKS_SKU_GPU_TOLERATION } from '../cloud/aks/aks-profile';
import { checkDeviceResources } from './addons/extra-chart';

const PLATFORM_BRAND = Symbol.for('dynamo-constructs.DynamoPlatform');

/**
 * The Dynamo platform (the `dynamo-platform` chart: operator, CRDs, Grove, KAI scheduler) and the
 * cluster add-ons the graphs rely on (GPU Operator, Network Operator and its `NicClusterPolicy`,
 * EFA device plugin, kube-prometheus-stack, KEDA, prometheus-adapter, LeaderWorkerSet): each a
 * Helm release, in dependency order.
 *
 * In a cdk8s app each release becomes a GitOps object ({@link PlatformDelivery}); the Pulumi
 * component `DynamoPlatform` of `dynamo-constructs/pulumi` installs them as Helm releases. Pass the
 * platform as a pattern's `platform`: the graph must then use the platform's Dynamo release, its
 * planner reads the platform's Prometheus, its RDMA pools must find their device plugin, and GitOps
 * applies it after the platform.
 *
 * @example
 * const platform = new DynamoPlatform(chart, 'platform', {
 *   delivery: PlatformDelivery.flux(),
 *   // Grafana's admin user and password: a Secret created out of band (keys admin-user, admin-password).
 *   kubePrometheusStack: { grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') },
 * });
 * new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', platform });
 */
export class DynamoPlatform extends Construct implements IDynamoPlatform {
  /**
   * A platform installed without this library, for graphs to run on: its release, namespace,
   * Prometheus and the device resources its cluster advertises.
   */
  public static fromExisting(options: ExistingDynamoPlatformOptions): IDynamoPlatform {
    return existingPlatform(options);
  }

  /** Whether `x` is a DynamoPlatform (of any copy of this package). */
  public static isDynamoPlatform(x: unknown): x is DynamoPlatform {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[PLATFORM_BRAND] === true;
  }

  /** The Dynamo release of the chart and the operator. */
  public readonly version: DynamoVersion;
  /** The namespace of the operator. */
  public readonly namespace: string;
  /** The Prometheus the planner reads, when there is one. */
  public readonly prometheusEndpoint?: string;
  /** The extended resources the add-ons' device plugins advertise, sorted. */
  public readonly deviceResources: readonly string[];
  /** Every Helm release, dependencies first (the `dynamo-platform` chart's id is `dynamo-platform`). */
  public readonly releases: readonly PlatformRelease[];
  /** How a cdk8s app delivers the releases; undefined in a Pulumi program. */
  public readonly delivery?: PlatformDelivery;
  /** The GitOps objects of each release, by release id (empty in a Pulumi program). */
  public readonly objects: Readonly<Record<string, readonly ApiObject[]>>;
  /** @internal */
  public readonly _serving: PlatformServing;

  public constructor(scope: Construct, id: string, props: DynamoPlatformProps = {}) {
    super(scope, id);
    Object.defineProperty(this, PLATFORM_BRAND, { value: true });
    const built = locate(this, () => build(this, props));
    this.version = built.version;
    this.namespace = built.namespace;
    this.prometheusEndpoint = built.prometheusEndpoint;
    this.releases = built.releases;
    this.deviceResources = [...new Set([...built.releases.flatMap((r) => r.deviceResources), ...(props.deviceResources ?? [])])].sort();
    this.delivery = props.delivery;
    const binding = props.delivery === undefined ? undefined
      : locate(this, () => props.delivery!.bind(this, built.releases, manifestScope(this, props)));
    this.objects = binding?.objects ?? {};
    this._serving = {
      description: `the DynamoPlatform at ${this.node.path}`,
      owner: 'the DynamoPlatform',
      cloudId: props.cloud?.id,
      multinode: built.grove.available || lwsWithVolcano(built),
      leaderWorkerSetWithoutVolcano: !built.grove.available && built.leaderWorkerSet === true && built.volcano === false,
      keda: built.keda,
      kedaWithoutMetricsServer: built.kedaWithoutMetricsServer,
      cloudProvidesGpuDriver: built.cloudProvidesGpuDriver,
      installsGpuDriver: built.installsGpuDriver,
      servesExternalMetric: built.servesExternalMetric,
      restrictedTo: built.restrictedTo,
      installedDeviceResources: [...new Set(built.releases.flatMap((r) => r.deviceResources))].sort(),
      installs: {
        grove: built.grove.mode,
        kaiScheduler: built.kaiScheduler.mode,
        addons: built.releases.filter((r) => r.id !== CHART_CATALOG['dynamo-platform'].id).map((r) => r.displayName),
        delivery: props.delivery === undefined ? 'Pulumi' : (DELIVERY_NAMES[props.delivery.id] ?? props.delivery.id),
      },
      graphAnnotations: (apiVersion, kind) => binding?.graphAnnotations(apiVersion, kind) ?? {},
    };
    this.node.addValidation({ validate: () => oneClusterWideOperator(this) });
  }

  /** The release of the `dynamo-platform` chart. */
  public get platformRelease(): PlatformRelease {
    return this.releases.find((r) => r.id === 'dynamo-platform')!;
  }
}

/**
 * Where the delivery creates the releases' manifests: beside the releases, or (when the delivery
 * applies them separately and there are some) in `manifestsChart` or a chart of their own.
 */
function manifestScope(platform: DynamoPlatform, props: DynamoPlatformProps): Construct {
  const delivery = props.delivery!;
  const hasManifests = platform.releases.some((r) => r.manifests.length > 0);
  if (!delivery.manifestsApplySeparately || !hasManifests) return platform;
  if (props.manifestsChart !== undefined) return props.manifestsChart;
  return new Chart(platform.node.root, `${Chart.of(platform).node.id}-${platform.node.id}-manifests`);
}

/** What the constructor keeps from the props. */
interface BuiltPlatform {
  readonly version: DynamoVersion;
  readonly namespace: string;
  readonly prometheusEndpoint?: string;
  readonly releases: readonly PlatformRelease[];
  readonly grove: BundledChart;
  readonly kaiScheduler: BundledChart;
  readonly restrictedTo?: string;
  readonly servesExternalMetric?: (name: string, query: string) => boolean;
  /** Whether LeaderWorkerSet is installed; undefined when an extra chart may install it. */
  readonly leaderWorkerSet?: boolean;
  /** Whether Volcano is installed; undefined when an extra chart may install it. */
  readonly volcano?: boolean;
  /** Whether KEDA is installed with its metrics server; undefined when an extra chart may install it. */
  readonly keda?: boolean;
  /** Whether KEDA is installed without its metrics server. */
  readonly kedaWithoutMetricsServer: boolean;
  /** Whether the GPU nodes of the platform's cloud come with the NVIDIA driver; undefined when not known. */
  readonly cloudProvidesGpuDriver?: boolean;
  /** Whether the GPU Operator installs the driver; undefined when an extra chart may install it. */
  readonly installsGpuDriver?: boolean;
}

/** Validates the props and resolves every release. */
function build(scope: Construct, props: DynamoPlatformProps): BuiltPlatform {
  checkDynamoPlatformProps(props);
  if (props.delivery === undefined && engineOf(scope) === 'cdk8s') {
    throw invalid('delivery', 'is required in a cdk8s app: cdk8s does not run Helm, so each chart is delivered as a GitOps object', undefined,
      'set delivery: PlatformDelivery.flux() or PlatformDelivery.argoCd() (or install with the Pulumi component DynamoPlatform of dynamo-constructs/pulumi)');
  }
  const version = props.version ?? DynamoVersion.LATEST;
  if (!version.isKnownRelease) {
    throw invalid('version', `must be a released Dynamo version (${DynamoVersion.KNOWN_RELEASES.join(', ')}): the chart is fetched by it`, version.version,
      `use DynamoVersion.LATEST (${DynamoVersion.LATEST.version}) or a listed release`);
  }
  const namespace = props.namespace ?? 'dynamo-system';
  validateNamespace('namespace', namespace);
  validateTolerations('tolerations', props.tolerations);
  const restrictedTo = props.namespaceRestriction === undefined ? undefined : (props.namespaceRestriction.targetNamespace ?? namespace);
  if (restrictedTo !== undefined) validateNamespace('namespaceRestriction.targetNamespace', restrictedTo);
  const operatorImage = props.operatorImage === undefined ? undefined : parseOperatorImage(props.operatorImage, version);

  if (props.prometheusEndpoint !== undefined) validatePrometheusEndpoint('prometheusEndpoint', props.prometheusEndpoint);
  if (props.deviceResources !== undefined) checkDeviceResources('deviceResources', props.deviceResources);
  const grove = bundledChart('grove', 'Grove', props.grove, restrictedTo);
  const kaiScheduler = bundledChart('kaiScheduler', 'the KAI scheduler', props.kaiScheduler, restrictedTo);
  const profile = props.cloud?.profile;
  const cloudProvidesGpuDriver = typeof profile?.providesGpuDriver === 'function' ? profile.providesGpuDriver() : undefined;
  const addons = resolveAddons(props, {
    cloudId: props.cloud?.id ?? 'generic', cloudProvidesGpuDriver, version, platformNamespace: namespace, tolerations: props.tolerations ?? [],
    gpuNodeTolerations: props.cloud?.id === 'aks' ? [AKS_SKU_GPU_TOLERATION] : [],
    prometheusEndpoint: props.prometheusEndpoint,
  });
  const prometheusEndpoint = props.prometheusEndpoint ?? addons.prometheusEndpoint;
  const platform = dynamoPlatformRelease({
    version, namespace, releaseName: props.releaseName, values: props.values,
    typed: dynamoPlatformValues({
      version,
      grove,
      kaiScheduler,
      prometheusEndpoint,
      operatorImage,
      restrictedTo,
      tolerations: props.tolerations ?? [],
      imagePullSecrets: (props.imagePullSecrets ?? []).map((s) => s.name),
      podMonitors: addons.installsPrometheusOperator,
    }),
    dependsOn: addons.releases.filter((r) => PLATFORM_AFTER.includes(r.id)).map((r) => r.id),
  });
  return {
    version, namespace, prometheusEndpoint, grove, kaiScheduler, restrictedTo,
    releases: orderReleases([...addons.releases, platform], (id) => {
      const i = (props.charts ?? []).findIndex((c) => c.id === id);
      return i === -1 ? id : `charts[${i}]`;
    }),
    servesExternalMetric: addons.servesExternalMetric,
    leaderWorkerSet: addons.leaderWorkerSet,
    volcano: addons.volcano,
    keda: addons.keda,
    kedaWithoutMetricsServer: addons.kedaWithoutMetricsServer,
    installsGpuDriver: addons.installsGpuDriver,
    cloudProvidesGpuDriver,
  };
}

/**
 * How the platform chart gets Grove or KAI. Both are cluster-scoped (CRDs, ClusterRoles, webhooks):
 * the cluster-wide platform's release owns them, so a namespace-restricted platform uses its
 * (`EXTERNAL` by default) and must not install them again (Helm refuses objects another release owns).
 */
function bundledChart(prop: string, name: string, given: BundledChart | undefined, restrictedTo: string | undefined): BundledChart {
  if (restrictedTo === undefined) return given ?? BundledChart.INSTALL;
  if (given?.mode === 'install') {
    throw invalid(prop, `must not be BundledChart.INSTALL on a namespace-restricted platform: ${name} is cluster-scoped, and the release of the cluster-wide platform owns it (Helm refuses to install objects another release owns)`,
      'BundledChart.INSTALL', `leave ${prop} out (BundledChart.EXTERNAL, the cluster-wide platform's ${name}), or set BundledChart.OFF`);
  }
  return given ?? BundledChart.EXTERNAL;
}

/**
 * Whether LeaderWorkerSet serves multi-node workers: the operator enables it only when Volcano's
 * API is there too (ai-dynamo/dynamo `deploy/operator/internal/features/gates.go`: LWS defaults to
 * `lwsAvailable && volcanoAvailable`). Undefined when an extra chart may install either.
 */
function lwsWithVolcano(built: BuiltPlatform): boolean | undefined {
  if (built.leaderWorkerSet === false || built.volcano === false) return false;
  if (built.leaderWorkerSet === true && built.volcano === true) return true;
  return undefined;
}

/** The names of the library's deliveries, by id, for the topology picture; a custom delivery shows its id. */
const DELIVERY_NAMES: Readonly<Record<string, string>> = { 'flux': 'Flux', 'argo-cd': 'Argo CD' };

/**
 * The add-ons the platform chart is installed after: the Prometheus Operator (whose CRDs the chart's
 * PodMonitors need), LeaderWorkerSet and Volcano (whose APIs the operator detects when it starts).
 */
const PLATFORM_AFTER: readonly string[] = [CHART_CATALOG['kube-prometheus-stack'].id, CHART_CATALOG.lws.id, CHART_CATALOG.volcano.id];

/** The operator image as the chart's repository and tag values. */
function parseOperatorImage(image: string, version: DynamoVersion): { repository: string; tag?: string } {
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image)) {
    throw invalid('operatorImage', 'must be an image reference', image, 'use e.g. "my-registry.example.com/nvidia/kubernetes-operator"');
  }
  if (image.includes('@')) {
    throw invalid('operatorImage', 'must not be a digest: the chart composes the image as <repository>:<tag>', image,
      `use the repository, optionally with the tag ${version.version}`);
  }
  const tag = imageTag(image);
  if (tag === undefined) return { repository: image };
  if (imageTagVersion(image) !== version.version) {
    throw invalid('operatorImage', `must carry the platform's release as its tag (${version.version}), or no tag`, image,
      `leave the tag out (the chart uses its own version) or use :${version.version}; an operator image of another release than its chart crash-loops ("flag provided but not defined")`);
  }
  return { repository: image.slice(0, image.length - tag.length - 1), tag };
}

/**
 * Only one cluster-wide operator per cluster (it takes the shared lease kube-system/dynamo.nvidia.com
 * and the chart refuses a second): two cluster-wide platforms in one chart, which is applied to one
 * cluster, are an error. Charts of one app may target different clusters, so they are not compared.
 */
function oneClusterWideOperator(platform: DynamoPlatform): string[] {
  if (platform._serving.restrictedTo !== undefined) return [];
  const chart = Chart.of(platform);
  const others = chart.node.findAll().filter((c: IConstruct) => c !== platform && DynamoPlatform.isDynamoPlatform(c)
    && c._serving.restrictedTo === undefined && Chart.of(c) === chart);
  if (others.length === 0) return [];
  return [invalid('namespaceRestriction', 'must be set on all but one DynamoPlatform of a chart: a cluster runs one cluster-wide Dynamo operator (the chart refuses a second)',
    others.map((o) => o.node.path), 'keep one cluster-wide DynamoPlatform per cluster, and give graphs elsewhere DynamoPlatform.fromExisting(...)').message];
}
