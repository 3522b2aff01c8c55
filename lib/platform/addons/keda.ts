import { invalid } from '../../core/errors';
import { booleanShape, FieldsOf } from '../../core/input-shape';
import { CHART_CATALOG } from '../chart-catalog';
import { PlatformRelease } from '../platform-release';
import { AddonContext, addonRelease, checkAddonOptions, CHART_OPTION_FIELDS, PlatformChartOptions } from './chart-options';

/**
 * Options of the KEDA add-on (chart `kedacore/keda`), which runs the library's `DgdScaledObject`s
 * (Dynamo's recommended autoscaler, `kubernetes-operator/autoscaling.md`).
 */
export interface KedaOptions extends PlatformChartOptions {
  /**
   * Run KEDA's metrics API server (`metricsServer.enabled`), which serves the
   * `external.metrics.k8s.io` API that KEDA's ScaledObjects scale through. Only one server may hold
   * that API: with the `prometheusAdapter` add-on (whose external rules claim it too), Dynamo's
   * guide says to remove the adapter or set this to false, and then only ScaledJobs work.
   * @default true
   */
  readonly metricsServer?: boolean;
}

/** What an untyped caller may pass (the table the options check). @internal */
export const KEDA_FIELDS: FieldsOf<KedaOptions> = { ...CHART_OPTION_FIELDS, metricsServer: booleanShape() };

const PROMETHEUS_ADAPTER = CHART_CATALOG['prometheus-adapter'].id;

/**
 * KEDA's release. Its chart registers the APIService `v1beta1.external.metrics.k8s.io` when
 * `metricsServer.enabled` (kedacore/charts `keda/templates/metrics-server/apiservice.yaml` @v2.20.2),
 * and prometheus-adapter's registers the same one when it has external rules
 * (`charts/prometheus-adapter/templates/external-metrics-apiservice.yaml`): the second install
 * takes the API from the first. Dynamo's autoscaling guide: "If you have Prometheus Adapter
 * installed, either uninstall it first ... or install KEDA with `--set metricsServer.enabled=false`
 * to avoid API conflicts." `tolerations` is the chart's default for the operator, metrics server
 * and webhooks (`operator.tolerations | default .Values.tolerations` in each Deployment).
 * @internal
 */
export function kedaRelease(options: KedaOptions, ctx: AddonContext): PlatformRelease {
  const prop = 'keda';
  checkAddonOptions(prop, options, 'KedaOptions', KEDA_FIELDS);
  if (ctx.enabled.has(PROMETHEUS_ADAPTER) && options.metricsServer !== false) {
    throw invalid(`${prop}.metricsServer`, 'must be false when the prometheusAdapter add-on is on: both serve external.metrics.k8s.io and only one can',
      options.metricsServer,
      'autoscale with one of them: remove prometheusAdapter and use DgdScaledObject (KEDA, Dynamo\'s recommendation), or remove keda and use DgdHorizontalPodAutoscaler; keda.metricsServer: false keeps both but leaves KEDA only its ScaledJobs');
  }
  const values: Record<string, unknown> = {
    ...(options.metricsServer === false ? { metricsServer: { enabled: false } } : {}),
    ...(ctx.tolerations.length > 0 ? { tolerations: ctx.tolerations.map((t) => ({ ...t })) } : {}),
  };
  return addonRelease({ entry: CHART_CATALOG.keda, options, values });
}
