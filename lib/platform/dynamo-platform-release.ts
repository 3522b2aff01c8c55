import { DynamoVersion } from '../core/dynamo-version';
import { addonRelease } from './addons/chart-options';
import { validateReleaseName } from './addons/chart-options';
import { CHART_CATALOG } from './chart-catalog';
import { checkHelmValues } from './merge-values';
import { PlatformRelease } from './platform-release';

/** What the `dynamo-platform` release is made of. @internal */
export interface DynamoPlatformReleaseInput {
  readonly version: DynamoVersion;
  readonly namespace: string;
  readonly releaseName?: string;
  /** The values the typed props set. */
  readonly typed: Record<string, unknown>;
  /** The user's `values`, merged over the typed ones. */
  readonly values?: Record<string, unknown>;
  /** The add-ons installed first. */
  readonly dependsOn: readonly string[];
}

/**
 * The release of the `dynamo-platform` chart at the platform's Dynamo release (the chart version is
 * the release: `dynamo-platform-<version>.tgz`).
 * @internal
 */
export function dynamoPlatformRelease(input: DynamoPlatformReleaseInput): PlatformRelease {
  if (input.releaseName !== undefined) validateReleaseName('releaseName', input.releaseName);
  if (input.values !== undefined) checkHelmValues('values', input.values);
  return addonRelease({
    entry: CHART_CATALOG['dynamo-platform'],
    options: { version: input.version.version, namespace: input.namespace, releaseName: input.releaseName, values: input.values },
    values: input.typed,
    dependsOn: input.dependsOn,
  });
}
