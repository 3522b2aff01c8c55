import type * as pulumi from '@pulumi/pulumi';
import { DisaggregatedLlm as DisaggregatedLlmConstruct, DisaggregatedLlmProps } from '../patterns/disaggregated-llm';
import { checkComponentArgs, DISAGGREGATED_LLM_ARGS_FIELDS } from './args-shape';
import { EngineArgs, LlmComponent } from './llm-component';

/** Args of the Pulumi {@link DisaggregatedLlm}: the cdk8s `DisaggregatedLlmProps`, plus the Pulumi-native `LlmEngineArgs`. */
export interface DisaggregatedLlmArgs extends EngineArgs<DisaggregatedLlmProps, DisaggregatedLlmConstruct> {}

/**
 * An LLM served by Dynamo with disaggregated prefill and decode pools, as a Pulumi component
 * (`dynamo-constructs:index:DisaggregatedLlm`). The manifests are those of the cdk8s
 * `DisaggregatedLlm` for the same props; each is registered as a child resource.
 *
 * @example
 * const config = new pulumi.Config();
 * const llm = new DisaggregatedLlm('llama', {
 *   model: 'meta-llama/Llama-3.3-70B-Instruct',
 *   namespace: 'llm',
 *   cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
 *   prefill: { replicas: 2, gpus: 4 },
 *   decode: { replicas: 4, gpus: 4, scalingAdapter: true },
 *   hfToken: config.requireSecret('hfToken'),
 * });
 * export const card = llm.endpointCard;
 */
export class DisaggregatedLlm extends LlmComponent<DisaggregatedLlmProps, DisaggregatedLlmConstruct> {
  public constructor(name: string, args: DisaggregatedLlmArgs, opts?: pulumi.ComponentResourceOptions) {
    checkComponentArgs(args, 'DisaggregatedLlmArgs', DISAGGREGATED_LLM_ARGS_FIELDS, ['model']);
    super('dynamo-constructs:index:DisaggregatedLlm', name, args, (chart, props) => new DisaggregatedLlmConstruct(chart, name, props), opts);
  }
}
