/** Deploys the pattern a stack config describes, as the Pulumi component of its mode. */
import type * as pulumi from '@pulumi/pulumi';
import { AggregatedLlm, DisaggregatedLlm } from '../../lib/pulumi';
import type { StackSpec } from './config';
import { onConfigKeys } from './config/component-errors';

/**
 * The component of `spec`: an AggregatedLlm or a DisaggregatedLlm named `spec.name`. A value the
 * component refuses fails naming its config key and the `pulumi config` command that fixes it.
 */
export function deploy(spec: StackSpec, opts?: pulumi.ComponentResourceOptions): AggregatedLlm | DisaggregatedLlm {
  const { prefill, decode, kvTransfer, allowTcpKvTransfer, disaggregationBootstrapPort, workers, ...common } = spec.args;
  return onConfigKeys(spec.args, () => (spec.mode === 'aggregated'
    ? new AggregatedLlm(spec.name, { ...common, workers }, opts)
    : new DisaggregatedLlm(spec.name, { ...common, prefill, decode, kvTransfer, allowTcpKvTransfer, disaggregationBootstrapPort }, opts)));
}
