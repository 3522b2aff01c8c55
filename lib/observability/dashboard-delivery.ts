import { ApiObject, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { durationString } from '../core/duration';
import { durationShape } from '../core/duration';
import { invalid } from '../core/errors';
import { booleanShape, checkProps, FieldsOf, recordShape, stringShape } from '../core/input-shape';
import { validateNamespace } from '../core/names';
import { isLabelKey, isLabelValue } from './monitoring-support';

/** Options of {@link DashboardDelivery.configMap}. */
export interface SidecarDashboardOptions {
  /**
   * The namespace of the ConfigMap. The kube-prometheus-stack sidecar searches all namespaces by
   * default (`grafana.sidecar.dashboards.searchNamespace: ALL`); set this when yours watches only
   * some, e.g. `monitoring`.
   * @default - the deployment's namespace
   */
  readonly namespace?: string;
  /**
   * The label the sidecar selects dashboards by (`grafana.sidecar.dashboards.label`).
   * @default 'grafana_dashboard'
   */
  readonly label?: string;
  /**
   * The value of that label (`grafana.sidecar.dashboards.labelValue`).
   * @default '1'
   */
  readonly labelValue?: string;
  /**
   * The Grafana folder to place the dashboard in, set as the `folderAnnotation` annotation. The sidecar
   * honours it only when the cluster sets `grafana.sidecar.dashboards.folderAnnotation` (the chart's
   * default is unset) and `grafana.sidecar.dashboards.provider.foldersFromFilesStructure: true`;
   * otherwise the dashboard lands in the General folder whatever this says.
   * @default - none: Grafana's General folder
   */
  readonly folder?: string;
  /**
   * The annotation key the sidecar reads the folder from (`grafana.sidecar.dashboards.folderAnnotation`).
   * Only used with `folder`.
   * @default 'grafana_folder'
   */
  readonly folderAnnotation?: string;
}

/** Options of {@link DashboardDelivery.grafanaOperator}. */
export interface GrafanaOperatorDashboardOptions {
  /** Labels of the `Grafana` resources to import the dashboard into (`spec.instanceSelector.matchLabels`), e.g. `{ dashboards: 'grafana' }`. */
  readonly instanceSelector: Record<string, string>;
  /**
   * The title of the Grafana folder to place the dashboard in; the operator creates it if missing.
   * @default - none: Grafana's General folder
   */
  readonly folder?: string;
  /**
   * The namespace of the GrafanaDashboard. A Grafana in another namespace imports it only with
   * `allowCrossNamespaceImport`.
   * @default - the deployment's namespace
   */
  readonly namespace?: string;
  /**
   * How often the operator re-applies the dashboard to Grafana (`spec.resyncPeriod`), in whole seconds.
   * @default - the operator's default (10m)
   */
  readonly resyncPeriod?: Duration;
  /**
   * Whether `Grafana` instances in other namespaces may import the dashboard (`spec.allowCrossNamespaceImport`).
   * Turning it off later requires recreating the GrafanaDashboard.
   * @default false
   */
  readonly allowCrossNamespaceImport?: boolean;
}

// What an untyped caller may pass to each factory; the factories' rules then check the values.
const SIDECAR_FIELDS: FieldsOf<SidecarDashboardOptions> = {
  namespace: stringShape(), label: stringShape(), labelValue: stringShape(), folder: stringShape(), folderAnnotation: stringShape(),
};
const GRAFANA_OPERATOR_FIELDS: FieldsOf<GrafanaOperatorDashboardOptions> = {
  instanceSelector: recordShape(stringShape()),
  folder: stringShape(),
  namespace: stringShape(),
  resyncPeriod: durationShape('Duration.minutes(10)'),
  allowCrossNamespaceImport: booleanShape(),
};

/** A ConfigMap's total size limit (data, keys and metadata), bytes. */
const CONFIGMAP_LIMIT_BYTES = 1024 * 1024;
/** Room left under the limit for the object's metadata. */
const CONFIGMAP_METADATA_ALLOWANCE = 8 * 1024;


/**
 * How a dashboard reaches Grafana: a ConfigMap the kube-prometheus-stack Grafana sidecar imports,
 * or a Grafana Operator `GrafanaDashboard`.
 */
export class DashboardDelivery {
  /**
   * A ConfigMap labelled for the Grafana dashboard sidecar (kube-prometheus-stack's default
   * `grafana_dashboard: "1"`), with the dashboard JSON under the data key `<dashboard uid>.json`:
   * the uid is unique per Grafana, so two deployments never overwrite each other's file in the
   * sidecar's folder. Fails when the dashboard does not fit in a ConfigMap (1 MiB).
   */
  public static configMap(options: SidecarDashboardOptions = {}): DashboardDelivery {
    checkProps('delivery', options, 'SidecarDashboardOptions', SIDECAR_FIELDS);
    const label = options.label ?? 'grafana_dashboard';
    const labelValue = options.labelValue ?? '1';
    const folderAnnotation = options.folderAnnotation ?? 'grafana_folder';
    if (options.namespace !== undefined) validateNamespace('delivery.namespace', options.namespace);
    validateKey('delivery.label', label, 'use the sidecar\'s label, e.g. "grafana_dashboard"');
    if (!isLabelValue(labelValue)) {
      throw invalid('delivery.labelValue', 'must be a Kubernetes label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)', labelValue,
        'use the sidecar\'s labelValue, e.g. "1"');
    }
    validateKey('delivery.folderAnnotation', folderAnnotation, 'use the sidecar\'s folderAnnotation, e.g. "grafana_folder"');
    if (options.folder !== undefined) validateFolder('delivery.folder', options.folder);
    return new DashboardDelivery({ kind: 'configMap', label, labelValue, folderAnnotation, namespace: options.namespace, folder: options.folder });
  }

  /**
   * A Grafana Operator `GrafanaDashboard` (`grafana.integreatly.org/v1beta1`) with the dashboard
   * JSON inline in `spec.json`, imported into the `Grafana` instances matching `instanceSelector`.
   */
  public static grafanaOperator(options: GrafanaOperatorDashboardOptions): DashboardDelivery {
    checkProps('delivery', options, 'GrafanaOperatorDashboardOptions', GRAFANA_OPERATOR_FIELDS, ['instanceSelector']);
    const selector = options.instanceSelector ?? {};
    const entries = Object.entries(selector);
    if (entries.length === 0) {
      throw invalid('delivery.instanceSelector', 'must select at least one label', selector,
        'pass the labels of your Grafana resource, e.g. { dashboards: "grafana" }; an empty selector would match no instance');
    }
    for (const [key, value] of entries) {
      validateKey('delivery.instanceSelector', key, 'use a label key of your Grafana resource, e.g. "dashboards"');
      if (!isLabelValue(value)) {
        throw invalid(`delivery.instanceSelector.${key}`, 'must be a Kubernetes label value', value, 'use the label value of your Grafana resource, e.g. "grafana"');
      }
    }
    if (options.namespace !== undefined) validateNamespace('delivery.namespace', options.namespace);
    if (options.folder !== undefined) validateFolder('delivery.folder', options.folder);
    let resyncPeriod: string | undefined;
    if (options.resyncPeriod !== undefined) {
      const seconds = options.resyncPeriod.toSeconds({ integral: false });
      if (!(Number.isInteger(seconds) && seconds >= 1)) {
        throw invalid('delivery.resyncPeriod', 'must be whole seconds, at least 1 s', `${seconds}s`, 'use e.g. Duration.minutes(10), the operator\'s default');
      }
      resyncPeriod = durationString(seconds);
    }
    return new DashboardDelivery({
      kind: 'grafanaOperator',
      matchLabels: Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      namespace: options.namespace,
      folder: options.folder,
      resyncPeriod,
      allowCrossNamespaceImport: options.allowCrossNamespaceImport,
    });
  }

  private readonly spec: DeliverySpec;

  private constructor(spec: DeliverySpec) {
    this.spec = spec;
  }

  /** Whether this is a sidecar ConfigMap (else a GrafanaDashboard). */
  public get isConfigMap(): boolean {
    return this.spec.kind === 'configMap';
  }

  /**
   * Emits the object that carries the dashboard.
   * @param name the object name
   * @param namespace the deployment's namespace, used unless the options set one
   * @param uid the dashboard uid (the ConfigMap data key is `<uid>.json`)
   * @param dashboardJson the dashboard as JSON text
   * @param labels labels of the object (the sidecar label is added to them)
   * @internal
   */
  public _emit(scope: Construct, id: string, name: string, namespace: string, uid: string, dashboardJson: string, labels: Record<string, string> = {}): ApiObject {
    const s = this.spec;
    if (s.kind === 'configMap') {
      const key = `${uid}.json`;
      const bytes = Buffer.byteLength(dashboardJson, 'utf8') + Buffer.byteLength(key, 'utf8');
      if (bytes > CONFIGMAP_LIMIT_BYTES - CONFIGMAP_METADATA_ALLOWANCE) {
        throw invalid('delivery', `must fit the dashboard in a ConfigMap (at most ${CONFIGMAP_LIMIT_BYTES - CONFIGMAP_METADATA_ALLOWANCE} bytes of data)`, `${bytes} bytes`,
          'use DashboardDelivery.grafanaOperator(), or drop rows (e.g. gpuMetrics: GpuMetrics.NONE)');
      }
      return new k8s.KubeConfigMap(scope, id, {
        metadata: {
          name,
          namespace: s.namespace ?? namespace,
          labels: { ...labels, [s.label]: s.labelValue },
          ...(s.folder !== undefined ? { annotations: { [s.folderAnnotation]: s.folder } } : {}),
        },
        data: { [key]: dashboardJson },
      });
    }
    return new ApiObject(scope, id, {
      apiVersion: 'grafana.integreatly.org/v1beta1',
      kind: 'GrafanaDashboard',
      metadata: { name, namespace: s.namespace ?? namespace, labels: { ...labels } },
      spec: {
        instanceSelector: { matchLabels: { ...s.matchLabels } },
        ...(s.folder !== undefined ? { folder: s.folder } : {}),
        ...(s.resyncPeriod !== undefined ? { resyncPeriod: s.resyncPeriod } : {}),
        ...(s.allowCrossNamespaceImport !== undefined ? { allowCrossNamespaceImport: s.allowCrossNamespaceImport } : {}),
        json: dashboardJson,
      },
    });
  }

  /** `configMap` or `grafanaOperator`. */
  public toString(): string {
    return this.spec.kind;
  }
}

/** What a delivery was configured with, defaults applied. */
type DeliverySpec =
  | { readonly kind: 'configMap'; readonly label: string; readonly labelValue: string; readonly folderAnnotation: string; readonly namespace?: string; readonly folder?: string }
  | { readonly kind: 'grafanaOperator'; readonly matchLabels: Record<string, string>; readonly namespace?: string; readonly folder?: string;
    readonly resyncPeriod?: string; readonly allowCrossNamespaceImport?: boolean };

function validateKey(prop: string, key: string, fix: string): void {
  if (!isLabelKey(key)) {
    throw invalid(prop, 'must be a Kubernetes label or annotation key (optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or ".")', key, fix);
  }
}

function validateFolder(prop: string, folder: string): void {
  if (folder.trim().length === 0) {
    throw invalid(prop, 'must be a non-empty Grafana folder title', folder, 'use a title such as "Dynamo", or leave it unset for the General folder');
  }
}
