import { CHART_CATALOG } from './chart-catalog';
import { AddonContext } from './addons/chart-options';
import { EfaDevicePluginOptions, efaDevicePluginRelease } from './addons/efa-device-plugin';
import { extraChartRelease, HelmChartOptions } from './addons/extra-chart';
import { GpuOperatorOptions, gpuOperatorRelease } from './addons/gpu-operator';
import { KedaOptions, kedaRelease } from './addons/keda';
import { KubePrometheusStackOptions, kubePrometheusStackRelease, prometheusUrlOf } from './addons/kube-prometheus-stack';
import { LeaderWorkerSetOptions, leaderWorkerSetRelease } from './addons/leader-worker-set';
import { NetworkOperatorOptions, networkOperatorRelease } from './addons/network-operator';
import { externalRulesOf, externalRulesServe, PrometheusAdapterOptions, prometheusAdapterRelease } from './addons/prometheus-adapter';
import { VolcanoOptions, volcanoRelease } from './addons/volcano';
import { PlatformRelease } from './platform-release';

/** The cluster add-ons of a {@link DynamoPlatform}: each is installed when its prop is given (`{}` for its defaults). */
export interface PlatformAddonsProps {
  /**
   * The NVIDIA GPU Operator: driver (where the cloud does not install one), container toolkit,
   * device plugin and DCGM exporter. Refused on EKS Auto Mode, which runs its own.
   * @default - not installed
   */
  readonly gpuOperator?: GpuOperatorOptions;
  /**
   * The NVIDIA Network Operator with a `NicClusterPolicy`: the RDMA device plugins that advertise
   * InfiniBand or RoCE devices (`rdma/shared_ib`, `rdma/ib`) and, optionally, the DOCA driver.
   * @default - not installed
   */
  readonly networkOperator?: NetworkOperatorOptions;
  /**
   * The AWS EFA device plugin, which advertises `vpc.amazonaws.com/efa` on EFA instances (EKS with
   * Karpenter, or self-managed EC2 nodes with `Cloud.generic()` or a custom cloud; EKS Auto Mode
   * has it built in, GKE and AKS have no EFA).
   * @default - not installed
   */
  readonly efaDevicePlugin?: EfaDevicePluginOptions;
  /**
   * kube-prometheus-stack, set to pick up the library's PodMonitors, PrometheusRules and dashboard
   * ConfigMaps in every namespace; its Prometheus becomes the platform's `prometheusEndpoint`.
   * @default - not installed
   */
  readonly kubePrometheusStack?: KubePrometheusStackOptions;
  /**
   * KEDA, which runs the ScaledObjects of `Autoscaling.keda(...)` (with its metrics server, which
   * `keda.metricsServer: false` turns off).
   * @default - not installed
   */
  readonly keda?: KedaOptions;
  /**
   * prometheus-adapter with the External metric rules of the HPAs of `Autoscaling.hpa(...)`.
   * @default - not installed
   */
  readonly prometheusAdapter?: PrometheusAdapterOptions;
  /**
   * LeaderWorkerSet, the multi-node orchestrator for graphs that do not use Grove (and the API of
   * DisaggregatedSet from LWS 0.9). The operator uses it for multi-node workers only with Volcano
   * (`volcano`), which gang-schedules its groups.
   * @default - not installed
   */
  readonly leaderWorkerSet?: LeaderWorkerSetOptions;
  /**
   * Volcano, the gang scheduler of LeaderWorkerSet: the Dynamo operator enables LeaderWorkerSet
   * only when Volcano's API is there too. With `leaderWorkerSet` on, LWS is set to schedule through
   * Volcano (`gangSchedulingManagement.schedulerProvider: volcano`).
   * @default - not installed
   */
  readonly volcano?: VolcanoOptions;
  /**
   * Other charts to install with the platform (cert-manager, a CSI driver, a device plugin): the
   * escape hatch for add-ons the library does not type. A device plugin's chart lists the
   * resources it advertises in `deviceResources`.
   * @default - none
   */
  readonly charts?: HelmChartOptions[];
}

/** The add-ons in the order they are resolved (kube-prometheus-stack first: others read its Prometheus). */
const ADDONS: ReadonlyArray<{
  readonly prop: keyof Omit<PlatformAddonsProps, 'charts'>;
  readonly id: string;
  readonly release: (options: never, ctx: AddonContext) => PlatformRelease;
}> = [
  { prop: 'kubePrometheusStack', id: CHART_CATALOG['kube-prometheus-stack'].id, release: kubePrometheusStackRelease },
  { prop: 'networkOperator', id: CHART_CATALOG['network-operator'].id, release: networkOperatorRelease },
  { prop: 'gpuOperator', id: CHART_CATALOG['gpu-operator'].id, release: gpuOperatorRelease },
  { prop: 'efaDevicePlugin', id: CHART_CATALOG['aws-efa-k8s-device-plugin'].id, release: efaDevicePluginRelease },
  { prop: 'volcano', id: CHART_CATALOG.volcano.id, release: volcanoRelease },
  { prop: 'leaderWorkerSet', id: CHART_CATALOG.lws.id, release: leaderWorkerSetRelease },
  { prop: 'keda', id: CHART_CATALOG.keda.id, release: kedaRelease },
  { prop: 'prometheusAdapter', id: CHART_CATALOG['prometheus-adapter'].id, release: prometheusAdapterRelease },
];

/** What the platform needs to know of its add-ons. @internal */
export interface ResolvedAddons {
  /** The add-ons' releases and the extra charts', in the order given (the platform orders them). */
  readonly releases: readonly PlatformRelease[];
  /** kube-prometheus-stack's Prometheus, when it is on. */
  readonly prometheusEndpoint?: string;
  /** Whether kube-prometheus-stack is on (the Prometheus Operator CRDs will exist). */
  readonly installsPrometheusOperator: boolean;
  /** Whether KEDA is on with its metrics server (so it runs ScaledObjects); undefined when an extra chart may install it. */
  readonly keda?: boolean;
  /** Whether KEDA is on without its metrics server (`keda.metricsServer: false`). */
  readonly kedaWithoutMetricsServer: boolean;
  /** Whether the GPU Operator installs the driver; undefined when an extra chart may install it. */
  readonly installsGpuDriver?: boolean;
  /** Whether LeaderWorkerSet is on; undefined when an extra chart may install it. */
  readonly leaderWorkerSet?: boolean;
  /** Whether Volcano is on; undefined when an extra chart may install it. */
  readonly volcano?: boolean;
  /** Whether the adapter serves an HPA metric; undefined when an extra chart may install an adapter. */
  readonly servesExternalMetric?: (name: string, query: string) => boolean;
}

/** The platform's context the add-ons read, before the add-on set is known. @internal */
export type AddonContextBase = Omit<AddonContext, 'enabled' | 'prometheusEndpoint'> & { readonly prometheusEndpoint?: string };

/** Resolves the add-ons that are on into releases. @internal */
export function resolveAddons(props: PlatformAddonsProps, base: AddonContextBase): ResolvedAddons {
  const on = ADDONS.filter((a) => props[a.prop] !== undefined);
  const enabled = new Set(on.map((a) => a.id));
  const releases: PlatformRelease[] = [];
  let prometheusEndpoint: string | undefined;
  for (const addon of on) {
    // The platform's explicit endpoint wins: the planner reads it, so the adapter reads the same Prometheus.
    const ctx: AddonContext = { ...base, enabled, prometheusEndpoint: base.prometheusEndpoint ?? prometheusEndpoint };
    const release = addon.release(props[addon.prop] as never, ctx);
    if (addon.id === CHART_CATALOG['kube-prometheus-stack'].id) prometheusEndpoint = prometheusUrlOf(release);
    releases.push(release);
  }
  const extras = (props.charts ?? []).map((c, i) => extraChartRelease(c, `charts[${i}]`));
  // An extra chart of the same name may install what the typed add-on would: the platform then does not know.
  const extraCharts = new Set(extras.map((r) => r.source.chart));
  const unknownIfExtra = (chart: string, value: boolean) => (!value && extraCharts.has(chart) ? undefined : value);
  const adapter = releases.find((r) => r.id === CHART_CATALOG['prometheus-adapter'].id);
  const rules = adapter === undefined ? [] : externalRulesOf(adapter);
  const keda = releases.find((r) => r.id === CHART_CATALOG.keda.id);
  const kedaWithoutMetricsServer = keda !== undefined && !metricsServerOf(keda);
  return {
    releases: [...releases, ...extras],
    prometheusEndpoint,
    installsPrometheusOperator: enabled.has(CHART_CATALOG['kube-prometheus-stack'].id),
    keda: unknownIfExtra(CHART_CATALOG.keda.chart, enabled.has(CHART_CATALOG.keda.id) && !kedaWithoutMetricsServer),
    kedaWithoutMetricsServer,
    installsGpuDriver: unknownIfExtra(CHART_CATALOG['gpu-operator'].chart, gpuDriverOf(releases.find((r) => r.id === CHART_CATALOG['gpu-operator'].id))),
    leaderWorkerSet: unknownIfExtra(CHART_CATALOG.lws.chart, enabled.has(CHART_CATALOG.lws.id)),
    volcano: unknownIfExtra(CHART_CATALOG.volcano.chart, enabled.has(CHART_CATALOG.volcano.id)),
    servesExternalMetric: adapter === undefined && extraCharts.has(CHART_CATALOG['prometheus-adapter'].chart)
      ? undefined
      : (name, query) => externalRulesServe(rules, name, query),
  };
}

/** Whether a GPU Operator release installs the driver (`driver.enabled`, whose chart default is true). */
function gpuDriverOf(release: PlatformRelease | undefined): boolean {
  if (release === undefined) return false;
  const driver = release.values.driver as { enabled?: unknown } | undefined;
  return driver?.enabled !== false;
}

/** Whether a KEDA release runs its metrics server (`metricsServer.enabled`, whose chart default is true). */
function metricsServerOf(release: PlatformRelease): boolean {
  const server = release.values.metricsServer as { enabled?: unknown } | undefined;
  return server?.enabled !== false;
}
