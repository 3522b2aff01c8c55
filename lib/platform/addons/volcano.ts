import { FieldsOf } from '../../core/input-shape';
import { CHART_CATALOG } from '../chart-catalog';
import { PlatformRelease } from '../platform-release';
import { AddonContext, addonRelease, checkAddonOptions, CHART_OPTION_FIELDS, PlatformChartOptions } from './chart-options';

/**
 * Options of the Volcano add-on (chart `volcano-sh/volcano`), the gang scheduler of multi-node
 * workers on LeaderWorkerSet: the Dynamo operator uses LeaderWorkerSet only when Volcano's API
 * (`scheduling.volcano.sh`) is there too, and Dynamo's install guide installs both ("LWS + Volcano").
 */
export interface VolcanoOptions extends PlatformChartOptions {}

/** What an untyped caller may pass (the table the options check). @internal */
export const VOLCANO_FIELDS: FieldsOf<VolcanoOptions> = { ...CHART_OPTION_FIELDS };

/**
 * Volcano's release. `custom.default_tolerations` is the tolerations of every component that has
 * none of its own (volcano-sh/volcano `installer/helm/chart/volcano/values.yaml` @v1.15.0; each
 * template reads `or .Values.custom.<component>_tolerations .Values.custom.default_tolerations`).
 * @internal
 */
export function volcanoRelease(options: VolcanoOptions, ctx: AddonContext): PlatformRelease {
  checkAddonOptions('volcano', options, 'VolcanoOptions', VOLCANO_FIELDS);
  const values: Record<string, unknown> = ctx.tolerations.length > 0
    ? { custom: { default_tolerations: ctx.tolerations.map((t) => ({ ...t })) } }
    : {};
  return addonRelease({ entry: CHART_CATALOG.volcano, options, values });
}
