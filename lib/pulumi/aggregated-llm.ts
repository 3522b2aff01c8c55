import type * as pulumi from '@pulumi/pulumi';
import { AggregatedLlm as AggregatedLlmConstruct, AggregatedLlmProps } from '../patterns/aggregated-llm';
import { checkComponentArgs, AGGREGATED_LLM_ARGS_FIELDS } from './args-shape';
import { EngineArgs, LlmComponent } from './llm-component';

/** Args of the Pulumi {@link AggregatedLlm}: the cdk8s `AggregatedLlmProps`, plus the Pulumi-native `LlmEngineArgs`. */
export interface AggregatedLlmArgs extends EngineArgs<AggregatedLlmProps, AggregatedLlmConstruct> {}

/**
 * An LLM served by Dynamo with aggregated workers, as a Pulumi component
 * (`dynamo-constructs:index:AggregatedLlm`). The manifests are those of the cdk8s `AggregatedLlm`
 * for the same props; each is registered as a child resource.
 *
 * @example
 * const config = new pulumi.Config();
 * const llm = new AggregatedLlm('qwen3', {
 *   model: 'Qwen/Qwen3-0.6B',
 *   namespace: 'dynamo',
 *   hfToken: config.requireSecret('hfToken'),
 * });
 * export const endpoint = llm.endpoint;
 */
export class AggregatedLlm extends LlmComponent<AggregatedLlmProps, AggregatedLlmConstruct> {
  public constructor(name: string, args: AggregatedLlmArgs, opts?: pulumi.ComponentResourceOptions) {
    checkComponentArgs(args, 'AggregatedLlmArgs', AGGREGATED_LLM_ARGS_FIELDS, ['model']);
    super('dynamo-constructs:index:AggregatedLlm', name, args, (chart, props) => new AggregatedLlmConstruct(chart, name, props), opts);
  }
}
