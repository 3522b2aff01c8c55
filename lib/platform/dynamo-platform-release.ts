import { DynamoVersion } from '../core/dynamo-version';
import { invalid } from '../core/errors';
import { MAX_DNS_LABEL } from '../core/names';
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
 * How the platform chart's operator subchart names its objects (ai-dynamo/dynamo
 * deploy/helm/charts/platform/components/operator/templates/_helpers.tpl, `dynamo-operator.fullname`):
 * the release name when it contains the chart name (`nameOverride`, else `dynamo-operator`, the
 * subchart's Chart.yaml `name`), else `<release>-<chart name>`, cut to 63 characters; and its
 * webhook Service `<fullname>-webhook-service` (templates/webhook-service.yaml), whose name must be
 * a DNS-1035 label of at most 63 characters.
 */
const OPERATOR_CHART = { values: 'dynamo-operator', name: 'dynamo-operator', webhookServiceSuffix: '-webhook-service' } as const;

/**
 * Checks that the operator's webhook Service gets a valid name from `releaseName`: at most 31
 * characters, or 47 when it contains `dynamo-operator`. A `fullnameOverride` in the values names
 * the objects instead, and is the user's own.
 */
function checkWebhookServiceName(releaseName: string, values: Readonly<Record<string, unknown>> | undefined): void {
  const operator = values?.[OPERATOR_CHART.values];
  const overrides = typeof operator === 'object' && operator !== null ? operator as Record<string, unknown> : {};
  if (typeof overrides.fullnameOverride === 'string' && overrides.fullnameOverride !== '') return;
  const name = typeof overrides.nameOverride === 'string' && overrides.nameOverride !== '' ? overrides.nameOverride : OPERATOR_CHART.name;
  const containsName = releaseName.includes(name);
  const fullname = (containsName ? releaseName : `${releaseName}-${name}`).slice(0, MAX_DNS_LABEL).replace(/-+$/, '');
  const service = `${fullname}${OPERATOR_CHART.webhookServiceSuffix}`;
  if (service.length <= MAX_DNS_LABEL) return;
  const max = MAX_DNS_LABEL - OPERATOR_CHART.webhookServiceSuffix.length - (containsName ? 0 : name.length + 1);
  throw invalid('releaseName', `must be at most ${max} characters${containsName ? '' : ` (or ${MAX_DNS_LABEL - OPERATOR_CHART.webhookServiceSuffix.length} when it contains "${name}")`}: `
    + `the dynamo-platform chart names the operator's webhook Service "<release>-${name}-webhook-service", which must fit a ${MAX_DNS_LABEL}-character DNS label (it would be ${service.length} characters)`,
  releaseName, `use a shorter release name, e.g. "dynamo-platform"`);
}

/**
 * The release of the `dynamo-platform` chart at the platform's Dynamo release (the chart version is
 * the release: `dynamo-platform-<version>.tgz`).
 * @internal
 */
export function dynamoPlatformRelease(input: DynamoPlatformReleaseInput): PlatformRelease {
  if (input.values !== undefined) checkHelmValues('values', input.values);
  if (input.releaseName !== undefined) {
    validateReleaseName('releaseName', input.releaseName);
    checkWebhookServiceName(input.releaseName, input.values);
  }
  return addonRelease({
    entry: CHART_CATALOG['dynamo-platform'],
    options: { version: input.version.version, namespace: input.namespace, releaseName: input.releaseName, values: input.values },
    values: input.typed,
    dependsOn: input.dependsOn,
  });
}
