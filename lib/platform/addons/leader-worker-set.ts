import { invalid } from '../../core/errors';
import { booleanShape, FieldsOf } from '../../core/input-shape';
import { CHART_CATALOG } from '../chart-catalog';
import { PlatformRelease } from '../platform-release';
import { AddonContext, addonRelease, chartVersionAtLeast, checkAddonOptions, CHART_OPTION_FIELDS, PlatformChartOptions } from './chart-options';

/**
 * Options of the LeaderWorkerSet add-on (chart `oci://registry.k8s.io/lws/charts/lws`), the
 * multi-node orchestrator Dynamo uses for graphs that do not use Grove. The operator uses it only
 * when Volcano is installed too (the platform's `volcano` add-on), which then gang-schedules the
 * groups (Dynamo `install-dynamo.md`, "LWS + Volcano").
 */
export interface LeaderWorkerSetOptions extends PlatformChartOptions {
  /**
   * Install the DisaggregatedSet ClusterRoles and validating webhook (`enableDisaggregatedSet`; the
   * CRD and controller are always installed). Dynamo uses DisaggregatedSet, LWS 0.9.0 or newer, for
   * graphs annotated `nvidia.com/enable-disaggregatedset: "true"` (`../shared/reference/dynamo-after-1.4.md` §1).
   * @default false (the chart's default)
   */
  readonly disaggregatedSet?: boolean;
}

const VOLCANO = CHART_CATALOG.volcano.id;

/** What an untyped caller may pass (the table the options check). @internal */
export const LEADER_WORKER_SET_FIELDS: FieldsOf<LeaderWorkerSetOptions> = { ...CHART_OPTION_FIELDS, disaggregatedSet: booleanShape() };

/**
 * The LeaderWorkerSet release. Chart values (kubernetes-sigs/lws `charts/lws/values.yaml` @v0.10.0):
 * `enableDisaggregatedSet`, `tolerations` (the controller's), `gangSchedulingManagement` (in the
 * chart since v0.7.0): with the `volcano` add-on on, `schedulerProvider: volcano`, as Dynamo's
 * install guide sets it (`--set gangSchedulingManagement.schedulerProvider=volcano`, "LWS + Volcano"),
 * and installed after Volcano.
 * @internal
 */
export function leaderWorkerSetRelease(options: LeaderWorkerSetOptions, ctx: AddonContext): PlatformRelease {
  const prop = 'leaderWorkerSet';
  checkAddonOptions(prop, options, 'LeaderWorkerSetOptions', LEADER_WORKER_SET_FIELDS);
  const entry = CHART_CATALOG.lws;
  const version = options.version ?? entry.version;
  if (options.disaggregatedSet === true && !chartVersionAtLeast(version, 0, 9, 0)) {
    throw invalid(`${prop}.disaggregatedSet`, 'needs LeaderWorkerSet 0.9.0 or newer, the first to serve DisaggregatedSet', version,
      `set leaderWorkerSet.version to "${entry.version}" (or leave it out), or drop disaggregatedSet`);
  }
  const volcano = ctx.enabled.has(VOLCANO);
  if (volcano && !chartVersionAtLeast(version, 0, 7, 0)) {
    throw invalid(`${prop}.version`, 'must be 0.7.0 or newer with Volcano: Dynamo needs LeaderWorkerSet 0.7.0 or newer, the first whose chart takes gangSchedulingManagement', version,
      `set leaderWorkerSet.version to "${entry.version}" (or leave it out)`);
  }
  const values: Record<string, unknown> = {
    ...(options.disaggregatedSet !== undefined ? { enableDisaggregatedSet: options.disaggregatedSet } : {}),
    ...(ctx.tolerations.length > 0 ? { tolerations: ctx.tolerations.map((t) => ({ ...t })) } : {}),
    ...(volcano ? { gangSchedulingManagement: { schedulerProvider: 'volcano' } } : {}),
  };
  return addonRelease({ entry, options, values, dependsOn: volcano ? [VOLCANO] : [] });
}
