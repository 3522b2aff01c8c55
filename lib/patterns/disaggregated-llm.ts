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
   * The NIXL transport for KV-cache transfer. The cloud profile picks it from the fabric (LIBFABRIC
   * on EFA, UCX on InfiniBand and RoCE); setting a different one is an error.
   * @default - the fabric's backend, else NixlBackend.UCX
   */
  readonly nixlBackend?: NixlBackend;
  /**
   * Accept KV transfer over TCP when the pools have no RDMA fabric NIXL can use. The first token
   * then takes ~98 s instead of ~0.3 s at an 8k-token prompt (Dynamo's measurement on
   * Llama-3.1-8B), so it is only for functional tests or very short prompts.
   * @default false - a pool without usable RDMA is a synth-time error
   */
  readonly allowTcpKvTransfer?: boolean;
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
  /** The NIXL transport the workers use (the fabric's, the prop's, or UCX). */
  public readonly nixlBackend: NixlBackend;

  public constructor(scope: Construct, id: string, props: DisaggregatedLlmProps) {
    super(scope, id, props, [
      { prop: 'prefill', role: 'prefill', options: props.prefill ?? {} },
      { prop: 'decode', role: 'decode', options: props.decode ?? {} },
    ], { nixlBackend: props.nixlBackend, allowTcpKvTransfer: props.allowTcpKvTransfer ?? false });
    this.nixlBackend = this.resolvedNixlBackend;
    this.prefill = this.pool('prefill');
    this.decode = this.pool('decode');
  }
}
