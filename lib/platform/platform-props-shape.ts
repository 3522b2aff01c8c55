import { Chart } from 'cdk8s';
import { cloudShape } from '../cloud/cloud';
import { arrayShape, checkProps, FieldsOf, guardShape, instanceShape, jsonObjectShape, objectShape, stringShape } from '../core/input-shape';
import { DYNAMO_VERSION, SECRET_REFS, TOLERATIONS } from '../core/value-shapes';
import { BundledChart } from './bundled-chart';
import type { DynamoPlatformProps, NamespaceRestrictionOptions } from './dynamo-platform-props';
import { PlatformDelivery } from './platform-delivery';

const BUNDLED = instanceShape(BundledChart, 'BundledChart.INSTALL, BundledChart.EXTERNAL or BundledChart.OFF');
/** @internal */
export const NAMESPACE_RESTRICTION_FIELDS: FieldsOf<NamespaceRestrictionOptions> = { targetNamespace: stringShape() };
/** An add-on's options: a plain object here; the add-on checks its own fields. */
const ADDON = (name: string) => jsonObjectShape(name);

/** What an untyped caller may pass as DynamoPlatformProps (each add-on then checks its own options). */
const FIELDS: FieldsOf<DynamoPlatformProps> = {
  version: DYNAMO_VERSION,
  namespace: stringShape(),
  releaseName: stringShape(),
  cloud: cloudShape(),
  delivery: guardShape('a PlatformDelivery', (v) => v instanceof PlatformDelivery || isDeliveryLike(v),
    'use PlatformDelivery.flux() or PlatformDelivery.argoCd()'),
  manifestsChart: guardShape('a cdk8s Chart', (v) => Chart.isChart(v), 'pass a Chart of the same app, e.g. new Chart(app, "platform-manifests")'),
  grove: BUNDLED,
  kaiScheduler: BUNDLED,
  prometheusEndpoint: stringShape(),
  operatorImage: stringShape(),
  namespaceRestriction: objectShape('NamespaceRestrictionOptions', NAMESPACE_RESTRICTION_FIELDS),
  tolerations: TOLERATIONS,
  imagePullSecrets: SECRET_REFS,
  values: jsonObjectShape('Helm values'),
  gpuOperator: ADDON('GpuOperatorOptions'),
  networkOperator: ADDON('NetworkOperatorOptions'),
  efaDevicePlugin: ADDON('EfaDevicePluginOptions'),
  kubePrometheusStack: ADDON('KubePrometheusStackOptions'),
  keda: ADDON('KedaOptions'),
  prometheusAdapter: ADDON('PrometheusAdapterOptions'),
  leaderWorkerSet: ADDON('LeaderWorkerSetOptions'),
  volcano: ADDON('VolcanoOptions'),
  deviceResources: arrayShape(stringShape(), '["vpc.amazonaws.com/efa"]'),
  charts: arrayShape(jsonObjectShape('HelmChartOptions'), '[{ id: "cert-manager", repository: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.19.1", namespace: "cert-manager" }]'),
};

/** A delivery of another copy of the package, or a user's subclass: it has `id` and `bind`. */
function isDeliveryLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { bind?: unknown }).bind === 'function' && typeof (v as { id?: unknown }).id === 'string';
}

/** The shapes of the {@link DynamoPlatformProps} fields, for the Pulumi component's args table. @internal */
export const DYNAMO_PLATFORM_PROPS_FIELDS: FieldsOf<DynamoPlatformProps> = FIELDS;

/** Checks the shape of the props an untyped caller passed: unknown keys, wrong types, `null`. @internal */
export function checkDynamoPlatformProps(props: DynamoPlatformProps): void {
  checkProps('', props, 'DynamoPlatformProps', FIELDS);
}
