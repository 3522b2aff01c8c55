import { Construct } from 'constructs';
import { NixlBackend } from '../core/nixl-backend';
import { DynamoComponent } from '../dgd/dynamo-component';
import { LlmPattern } from './llm-pattern';
import { LlmCommonProps, WorkerPoolOptions } from './llm-props';

/** Props of {@link DisaggregatedLlm}. */
export interface DisaggregatedLlmProps extends LlmCommonProps {
  /**
   * The prefill pool (compute-bound: processes prompts and hands the KV cache over NIXL).
   * @default - one worker with one GPU
   */
  readonly prefill?: WorkerPoolOptions;
  /**
   * The decode pool (memory-bound: generates tokens from the transferred KV cache).
   * @default - one worker with one GPU
   */
  readonly decode?: WorkerPoolOptions;
  /**
   * The NIXL transport for KV-cache transfer. Use `NixlBackend.LIBFABRIC` on AWS EFA.
   * @default NixlBackend.UCX
   */
  readonly nixlBackend?: NixlBackend;
}

/**
 * An LLM served by Dynamo with disaggregated prefill and decode pools that move the KV cache over
 * NIXL. Synthesizes the DynamoGraphDeployment with the backend's disaggregation flags
 * (vLLM `--disaggregation-mode` + NixlConnector, SGLang `--disaggregation-transfer-backend nixl`,
 * TensorRT-LLM `--disaggregation-mode` + an engine config), and the model cache objects.
 *
 * @example
 * new DisaggregatedLlm(chart, 'llama', {
 *   model: 'meta-llama/Llama-3.3-70B-Instruct',
 *   prefill: { replicas: 2, gpus: 4 },
 *   decode: { replicas: 4, gpus: 4, maxNumSeqs: 256 },
 *   frontend: { replicas: 2, routerMode: RouterMode.KV },
 *   hfToken: HfToken.fromSecret('hf-token-secret'),
 * });
 */
export class DisaggregatedLlm extends LlmPattern {
  /** The prefill component. */
  public readonly prefill: DynamoComponent;
  /** The decode component. */
  public readonly decode: DynamoComponent;
  /** The NIXL transport. */
  public readonly nixlBackend: NixlBackend;

  public constructor(scope: Construct, id: string, props: DisaggregatedLlmProps) {
    const nixlBackend = props.nixlBackend ?? NixlBackend.UCX;
    super(scope, id, props, [
      { prop: 'prefill', role: 'prefill', options: props.prefill ?? {} },
      { prop: 'decode', role: 'decode', options: props.decode ?? {} },
    ], nixlBackend);
    this.nixlBackend = nixlBackend;
    this.prefill = this.pool('prefill');
    this.decode = this.pool('decode');
  }
}
