/** Deploys the pattern a stack config describes, as the Pulumi component of its mode. */
import type * as pulumi from '@pulumi/pulumi';
import { AggregatedLlm, DisaggregatedLlm } from '../../lib/pulumi';
import type { StackSpec } from './config';

/** The component of `spec`: an AggregatedLlm or a DisaggregatedLlm named `spec.name`. */
export function deploy(spec: StackSpec, opts?: pulumi.ComponentResourceOptions): AggregatedLlm | DisaggregatedLlm {
  const { prefill, decode, kvTransfer, allowTcpKvTransfer, disaggregationBootstrapPort, workers, ...common } = spec.args;
  return spec.mode === 'aggregated'
    ? new AggregatedLlm(spec.name, { ...common, workers }, opts)
    : new DisaggregatedLlm(spec.name, { ...common, prefill, decode, kvTransfer, allowTcpKvTransfer, disaggregationBootstrapPort }, opts);
}
