/** The stack config of `observability`: dashboard, scraping, alerts and their objectives. */
import {
  DashboardDelivery, DcgmOptions, GpuMetrics, GrafanaOperatorDashboardOptions, ObservabilityOptions, PlatformScrapingOptions, PodMonitorScrapingOptions,
  Scraping, SidecarDashboardOptions, SloOptions,
} from '../../../lib';
import { fromLibrary } from './errors';
import { bool, duration, map, num, object, Read, text, variant } from './values';

const LABELS = map(text, 'release', 'prometheus');

/** `dashboardDelivery: configMap | { kind: configMap, ... } | { kind: grafanaOperator, instanceSelector, ... }`. */
const dashboardDelivery: Read<DashboardDelivery> = variant('dashboard delivery', {
  configMap: (v, at) => {
    const o = object<SidecarDashboardOptions>('SidecarDashboardOptions', {
      namespace: text, label: text, labelValue: text, folder: text, folderAnnotation: text,
    })(v, at);
    return fromLibrary({ delivery: at }, () => DashboardDelivery.configMap(o));
  },
  grafanaOperator: (v, at) => {
    const o = object<GrafanaOperatorDashboardOptions>('GrafanaOperatorDashboardOptions', {
      instanceSelector: map(text, 'dashboards', 'grafana'), folder: text, namespace: text, resyncPeriod: duration, allowCrossNamespaceImport: bool,
    }, ['instanceSelector'])(v, at);
    return fromLibrary({ delivery: at }, () => DashboardDelivery.grafanaOperator(o));
  },
});

/** `gpuMetrics: dcgm | none | { kind: dcgm, podLabel, namespaceLabel }`. */
const gpuMetrics: Read<GpuMetrics> = variant('GPU metrics source', {
  dcgm: (v, at) => {
    const o = object<DcgmOptions>('DcgmOptions', { podLabel: text, namespaceLabel: text })(v, at);
    return fromLibrary({ gpuMetrics: at }, () => GpuMetrics.dcgm(o));
  },
  none: (v, at) => {
    object<Record<string, never>>('GpuMetrics.NONE', {})(v, at);
    return GpuMetrics.NONE;
  },
});

/** `scraping: platform | podMonitors | { kind: platform, nixlTelemetry } | { kind: podMonitors, interval }`. */
const scraping: Read<Scraping> = variant('scraping', {
  platform: (v, at) => {
    const o = object<PlatformScrapingOptions>('PlatformScrapingOptions', { nixlTelemetry: bool })(v, at);
    return fromLibrary({ scraping: at }, () => Scraping.platform(o));
  },
  podMonitors: (v, at) => {
    const o = object<PodMonitorScrapingOptions>('PodMonitorScrapingOptions', { interval: duration })(v, at);
    return fromLibrary({ scraping: at }, () => Scraping.podMonitors(o));
  },
});

/** `observability`: every `ObservabilityOptions` setting. */
export const observability: Read<ObservabilityOptions> = object<ObservabilityOptions>('ObservabilityOptions', {
  slo: object<SloOptions>('SloOptions', {
    ttftMs: num, itlMs: num, latencyPercentile: num, availability: num, kvCacheUsageWarning: num, queueDepthWarning: num, minKvTransferGBps: num,
  }),
  dashboard: bool,
  dashboardDelivery,
  gpuMetrics,
  scraping,
  alerts: bool,
  monitorLabels: LABELS,
  alertLabels: map(text, 'team', 'llm-serving'),
  runbookUrl: text,
});
