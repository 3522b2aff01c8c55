/** Deploys the pattern a stack config describes, as the Pulumi component of its mode, on the platform the config names. */
import type * as pulumi from '@pulumi/pulumi';
import { DynamoPlatform as DynamoPlatformConstruct, IDynamoPlatform } from '../../lib';
import { AggregatedLlm, DisaggregatedLlm, DynamoPlatform } from '../../lib/pulumi';
import type { StackSpec } from './config';
import { onConfigKeys } from './config/component-errors';
import { fromLibrary } from './config/errors';

/** What {@link deploy} creates: the pattern's component, and the platform's when the config installs one. */
export interface Deployment {
  /** The pattern: an AggregatedLlm or a DisaggregatedLlm. */
  readonly llm: AggregatedLlm | DisaggregatedLlm;
  /** The Pulumi DynamoPlatform of `platform.install`; undefined otherwise. */
  readonly platform?: DynamoPlatform;
}

/**
 * The platform of `spec.platform`: the Pulumi DynamoPlatform of `platform.install` (named
 * `<name>-platform`, on the stack's `cloud`; its release is the stack's `dynamoVersion` unless
 * `platform.install.version` names one), or `DynamoPlatform.fromExisting` of `platform.existing`.
 */
function platformOf(spec: StackSpec, opts?: pulumi.ComponentResourceOptions): DynamoPlatform | IDynamoPlatform | undefined {
  const { install, existing } = spec.platform ?? {};
  if (existing !== undefined) return fromLibrary({ platform: 'platform.existing' }, () => DynamoPlatformConstruct.fromExisting(existing));
  if (install === undefined) return undefined;
  const args = {
    ...install,
    ...(install.version === undefined && spec.args.dynamoVersion !== undefined ? { version: spec.args.dynamoVersion } : {}),
    ...(spec.args.cloud !== undefined ? { cloud: spec.args.cloud } : {}),
  };
  return onConfigKeys(args, () => new DynamoPlatform(`${spec.name}-platform`, args, opts), 'platform.install');
}

/**
 * The components of `spec`: the platform's when `platform.install` is set, then an AggregatedLlm or
 * a DisaggregatedLlm named `spec.name` on it. A value a component refuses fails naming its config
 * key and the `pulumi config` command that fixes it.
 */
export function deployment(spec: StackSpec, opts?: pulumi.ComponentResourceOptions): Deployment {
  const platform = platformOf(spec, opts);
  const { prefill, decode, kvTransfer, allowTcpKvTransfer, disaggregationBootstrapPort, workers, ...common } = spec.args;
  const shared = { ...common, ...(platform !== undefined ? { platform } : {}) };
  // The platform's settings too, for the fixes of the pattern's checks of the platform.
  const llm = onConfigKeys({ ...spec.args, platform: spec.platform }, () => (spec.mode === 'aggregated'
    ? new AggregatedLlm(spec.name, { ...shared, workers }, opts)
    : new DisaggregatedLlm(spec.name, { ...shared, prefill, decode, kvTransfer, allowTcpKvTransfer, disaggregationBootstrapPort }, opts)));
  return { llm, ...(DynamoPlatform.isDynamoPlatform(platform) ? { platform } : {}) };
}

/** The pattern's component of `spec` (and the platform's before it, when the config installs one): see {@link deployment}. */
export function deploy(spec: StackSpec, opts?: pulumi.ComponentResourceOptions): AggregatedLlm | DisaggregatedLlm {
  return deployment(spec, opts).llm;
}
