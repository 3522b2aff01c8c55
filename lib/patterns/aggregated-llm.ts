import { Construct } from 'constructs';
import { FieldsOf } from '../core/input-shape';
import { DynamoComponent } from '../dgd/dynamo-component';
import { checkPatternProps, LLM_COMMON_FIELDS, WORKER_POOL } from './graph/props-shape';
import { LlmPattern } from './llm-pattern';
import { LlmCommonProps, WorkerPoolOptions } from './llm-props';

/** Props of {@link AggregatedLlm}. */
export interface AggregatedLlmProps extends LlmCommonProps {
  /**
   * The worker pool; each worker does both prefill and decode.
   * @default - one worker with one GPU
   */
  readonly workers?: WorkerPoolOptions;
}

/** The shape of each {@link AggregatedLlmProps} field, for untyped callers. @internal */
export const AGGREGATED_LLM_FIELDS: FieldsOf<AggregatedLlmProps> = { ...LLM_COMMON_FIELDS, workers: WORKER_POOL };

/**
 * An LLM served by Dynamo with aggregated workers: a frontend (router) and one pool of workers that
 * each prefill and decode. Synthesizes the DynamoGraphDeployment, and, when asked, the model cache
 * PVC, its download Job and the engine config.
 *
 * @example
 * new AggregatedLlm(chart, 'qwen', {
 *   model: 'Qwen/Qwen3-0.6B',
 *   frontend: { routerMode: RouterMode.KV },
 *   hfToken: HfToken.fromSecret('hf-token-secret'),
 * });
 */
export class AggregatedLlm extends LlmPattern {
  /** The worker component. */
  public readonly workers: DynamoComponent;

  public constructor(scope: Construct, id: string, props: AggregatedLlmProps) {
    checkPatternProps(scope, id, props, 'AggregatedLlmProps', AGGREGATED_LLM_FIELDS);
    super(scope, id, props, [{ prop: 'workers', role: 'aggregated', options: props.workers ?? {} }], { allowTcpKvTransfer: false });
    this.workers = this.pool('workers');
  }
}
