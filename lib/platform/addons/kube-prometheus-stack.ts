import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { durationShape, durationString, wholeSeconds } from '../../core/duration';
import { invalid } from '../../core/errors';
import { booleanShape, FieldsOf } from '../../core/input-shape';
import { ISecretRef, secretRefShape } from '../../core/secret-ref';
import { CHART_CATALOG } from '../chart-catalog';
import { HelmValues } from '../merge-values';
import { PlatformRelease } from '../platform-release';
import { AddonContext, addonRelease, checkAddonOptions, CHART_OPTION_FIELDS, PlatformChartOptions } from './chart-options';

/**
 * Options of the kube-prometheus-stack add-on (Prometheus Operator, Prometheus, Alertmanager and
 * Grafana). The platform sets it up as Dynamo's install guide does, so that Prometheus picks up
 * the library's PodMonitors, ServiceMonitors and PrometheusRules in every namespace whatever their
 * labels, and Grafana loads the dashboards the library delivers as ConfigMaps
 * (`DashboardDelivery.configMap()`: label `grafana_dashboard: "1"`, any namespace).
 */
export interface KubePrometheusStackOptions extends PlatformChartOptions {
  /**
   * Install Grafana (`grafana.enabled`), with the dashboard sidecar searching every namespace.
   * @default true
   */
  readonly grafana?: boolean;
  /**
   * The Secret that holds Grafana's admin credentials, under the keys `admin-user` and
   * `admin-password`, in the add-on's namespace (`grafana.admin.existingSecret`, `userKey`,
   * `passwordKey`). Required while Grafana is on, so that the password is never the chart's: the
   * public `prom-operator` before chart 79.0.0, a random one from 79.0.0 that Argo CD (which
   * renders charts without Helm's `lookup`) makes anew each time it renders the chart.
   * @default - none: required when `grafana` is on, unless `values` sets `grafana.admin.existingSecret`
   */
  readonly grafanaAdminSecret?: ISecretRef;
  /**
   * How long Prometheus keeps samples (`prometheus.prometheusSpec.retention`).
   * @default - the chart's, 10 days
   */
  readonly retention?: Duration;
}

/** What an untyped caller may pass (the table the options check). @internal */
export const KUBE_PROMETHEUS_STACK_FIELDS: FieldsOf<KubePrometheusStackOptions> = {
  ...CHART_OPTION_FIELDS,
  grafana: booleanShape(),
  grafanaAdminSecret: secretRefShape(),
  retention: durationShape('Duration.days(15)'),
};

/**
 * Paths and defaults of kube-prometheus-stack's values (prometheus-community/helm-charts
 * `charts/kube-prometheus-stack/values.yaml` @cf408a2, chart 88.5.3) and its Grafana subchart
 * (grafana-community/helm-charts `charts/grafana/values.yaml`, chart 12.11.1):
 * - `prometheus.prometheusSpec.{podMonitor,serviceMonitor,rule,probe}SelectorNilUsesHelmValues`
 *   (default true: select only objects labelled `release: <release>`) and the matching
 *   `*NamespaceSelector` (`{}`: every namespace); Dynamo's install guide sets the PodMonitor and
 *   probe ones (install-dynamo.md, deploy/observability/setup-monitoring.sh);
 * - `grafana.sidecar.dashboards.{enabled,label,labelValue,searchNamespace}` (the chart sets true,
 *   grafana_dashboard, "1", ALL), `folderAnnotation` and `provider.foldersFromFilesStructure`
 *   (unset / false in the subchart: the library's `DashboardDelivery.configMap({ folder })` needs
 *   both, lib/observability/dashboard-delivery.ts);
 * - tolerations: `prometheusOperator.tolerations`, `prometheus.prometheusSpec.tolerations`,
 *   `alertmanager.alertmanagerSpec.tolerations`, `grafana.tolerations`,
 *   `kube-state-metrics.tolerations` (all `[]` by default);
 * - `grafana.admin.{existingSecret,userKey,passwordKey}` (both charts: `""`, `admin-user`,
 *   `admin-password`): the Secret the admin credentials are read from. Without one the subchart
 *   writes its own Secret from `grafana.adminUser` (`admin`) and `grafana.adminPassword`, which is
 *   unset from kube-prometheus-stack 79.0.0 (prometheus-community/helm-charts c215211, "Fix insecure
 *   default password in grafana", #5679; `prom-operator` before, UPGRADE.md "From 78.x to 79.x"):
 *   the subchart then makes a random password, kept across upgrades by Helm's `lookup`
 *   (`templates/_helpers.tpl` `grafana.password`, `templates/_config.tpl` `grafana.secretsData`),
 *   which `helm template`, as Argo CD runs it, answers with nothing (argoproj/argo-cd#5202), and a
 *   new password changes the Deployment's `checksum/secret` (`templates/deployment.yaml`).
 */
const DASHBOARD_SIDECAR = {
  enabled: true,
  label: 'grafana_dashboard',
  labelValue: '1',
  searchNamespace: 'ALL',
  folderAnnotation: 'grafana_folder',
  provider: { foldersFromFilesStructure: true },
} as const;

/**
 * The kube-prometheus-stack release.
 * @internal
 */
export function kubePrometheusStackRelease(options: KubePrometheusStackOptions, ctx: AddonContext): PlatformRelease {
  const prop = 'kubePrometheusStack';
  checkAddonOptions(prop, options, 'KubePrometheusStackOptions', KUBE_PROMETHEUS_STACK_FIELDS);
  const retention = options.retention === undefined ? undefined
    : durationString(wholeSeconds(`${prop}.retention`, options.retention, 3600, 'Duration.days(15)'));
  const tolerations: k8s.Toleration[] = ctx.tolerations.map((t) => ({ ...t }));
  const tolerate = tolerations.length > 0 ? { tolerations } : {};
  const grafana = options.grafana ?? true;
  const grafanaAdmin = grafanaAdminValues(prop, options, grafana);
  const values: HelmValues = {
    prometheus: {
      prometheusSpec: {
        podMonitorSelectorNilUsesHelmValues: false,
        podMonitorNamespaceSelector: {},
        serviceMonitorSelectorNilUsesHelmValues: false,
        serviceMonitorNamespaceSelector: {},
        ruleSelectorNilUsesHelmValues: false,
        ruleNamespaceSelector: {},
        probeSelectorNilUsesHelmValues: false,
        probeNamespaceSelector: {},
        ...(retention !== undefined ? { retention } : {}),
        ...tolerate,
      },
    },
    grafana: { enabled: grafana, ...grafanaAdmin, ...(grafana ? { sidecar: { dashboards: DASHBOARD_SIDECAR } } : {}), ...(grafana ? tolerate : {}) },
    ...(tolerations.length > 0 ? {
      'prometheusOperator': { tolerations },
      'alertmanager': { alertmanagerSpec: { tolerations } },
      'kube-state-metrics': { tolerations },
    } : {}),
  };
  return addonRelease({ entry: CHART_CATALOG['kube-prometheus-stack'], options, values });
}

/** The keys of Grafana's admin Secret: the charts' defaults, restated so the contract holds whatever the chart's. */
const GRAFANA_ADMIN_KEYS = { userKey: 'admin-user', passwordKey: 'admin-password' } as const;

/**
 * `grafana.admin` for the Secret of Grafana's admin credentials; refuses Grafana on without one
 * (given here or as `values.grafana.admin.existingSecret`), and the Secret with Grafana off.
 */
function grafanaAdminValues(prop: string, options: KubePrometheusStackOptions, grafana: boolean): HelmValues {
  const secret = options.grafanaAdminSecret;
  if (!grafana) {
    if (secret !== undefined) {
      throw invalid(`${prop}.grafanaAdminSecret`, 'is only read by Grafana, which grafana: false leaves out', secret.name,
        'leave grafanaAdminSecret out, or turn Grafana on');
    }
    return {};
  }
  if (secret !== undefined) return { admin: { existingSecret: secret.name, ...GRAFANA_ADMIN_KEYS } };
  if (stringAt(options.values, 'grafana', 'admin', 'existingSecret') !== undefined) return {};
  const ns = options.namespace ?? CHART_CATALOG['kube-prometheus-stack'].namespace;
  throw invalid(`${prop}.grafanaAdminSecret`,
    'must name the Secret that holds Grafana\'s admin credentials while Grafana is on: without one the chart picks the admin password, the public default '
    + '"prom-operator" before chart 79.0.0, and from 79.0.0 a random one that Argo CD, which renders charts without Helm\'s lookup, makes anew each time it renders the chart',
    undefined,
    `create a Secret with keys admin-user and admin-password in ${ns} (kubectl create secret generic grafana-admin -n ${ns} --from-literal=admin-user=admin `
    + '--from-file=admin-password=<a file holding the password>) and pass grafanaAdminSecret: SecretRef.fromSecretName("grafana-admin"), or set grafana: false');
}

/** A value of `values` at `path`, if it is a string. */
function stringAt(values: Readonly<HelmValues> | undefined, ...path: string[]): string | undefined {
  let v: unknown = values;
  for (const k of path) v = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as HelmValues)[k] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The in-cluster URL of the Prometheus that a kube-prometheus-stack release serves, named as the
 * chart names its Service (prometheus-community/helm-charts `charts/kube-prometheus-stack/templates/_helpers.tpl`
 * `kube-prometheus-stack.fullname` and `templates/prometheus/service.yaml` @cf408a2): the fullname is
 * `fullnameOverride`, else the release name when it contains the chart name (`nameOverride`, default
 * `kube-prometheus-stack`), else `<release>-<chart name>`; truncated to 26 characters, a trailing
 * '-' trimmed. The Service is `<fullname>-prometheus` in `namespaceOverride` or the release's
 * namespace, on `prometheus.service.port` (default 9090).
 *
 * Release `prometheus` in `monitoring` gives the URL of Dynamo's docs,
 * `http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090`.
 * @internal
 */
export function kubePrometheusStackPrometheusUrl(releaseName: string, namespace: string, values?: Readonly<HelmValues>): string {
  const chartName = stringAt(values, 'nameOverride') ?? 'kube-prometheus-stack';
  const fullnameOverride = stringAt(values, 'fullnameOverride');
  const full = fullnameOverride ?? (releaseName.includes(chartName) ? releaseName : `${releaseName}-${chartName}`);
  const fullname = full.slice(0, 26).replace(/-$/, ''); // trunc 26 | trimSuffix "-" (one dash)
  const ns = stringAt(values, 'namespaceOverride') ?? namespace;
  const service = (values?.prometheus as HelmValues | undefined)?.service as HelmValues | undefined;
  const port = typeof service?.port === 'number' ? service.port : 9090;
  return `http://${fullname}-prometheus.${ns}.svc.cluster.local:${port}`;
}

/**
 * The Prometheus URL of a kube-prometheus-stack release.
 * @internal
 */
export function prometheusUrlOf(release: PlatformRelease): string {
  return kubePrometheusStackPrometheusUrl(release.releaseName, release.namespace, release.values);
}
