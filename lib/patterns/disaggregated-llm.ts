import { Construct } from 'constructs';
import { KvTransfer } from '../core/kv-transfer';
import { NixlBackend } from '../core/nixl-backend';
import { booleanShape, checkedByOwnRule, FieldsOf } from '../core/input-shape';
import { KV_TRANSFER, NIXL_BACKEND } from '../core/value-shapes';
import { DynamoComponent } from '../dgd/dynamo-component';
import { checkPatternProps, LLM_COMMON_FIELDS, WORKER_POOL } from './graph/props-shape';
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
   * How the KV cache moves from prefill to decode: `KvTransfer.nixl()` on every backend,
   * `KvTransfer.mooncake()` on SGLang, `KvTransfer.ucxTransceiver()` on TensorRT-LLM. A NIXL plugin
   * is picked from the pools' fabric (LIBFABRIC on EFA, UCX on InfiniBand and RoCE); naming another
   * is an error. A transfer the fabric cannot carry over RDMA runs over TCP, which needs
   * `allowTcpKvTransfer` (Mooncake has no TCP fallback: it needs InfiniBand or RoCE).
   * @default KvTransfer.nixl() - NIXL with the fabric's plugin, else UCX
   */
  readonly kvTransfer?: KvTransfer;
  /**
   * The NIXL plugin for KV-cache transfer.
   * @deprecated use `kvTransfer: KvTransfer.nixl(plugin)`; setting both is an error
   * @default - the fabric's plugin, else NixlBackend.UCX
   */
  readonly nixlBackend?: NixlBackend;
  /**
   * SGLang only: the port prefill and decode workers pair up on (`--disaggregation-bootstrap-port`,
   * set on both pools), 1024-65535 and not a port the workers already use.
   * @default 12345 (Dynamo's examples)
   */
  readonly disaggregationBootstrapPort?: number;
  /**
   * Accept KV transfer over TCP when the pools have no RDMA fabric NIXL can use. The first token
   * then takes ~98 s instead of ~0.3 s at an 8k-token prompt (Dynamo's measurement on
   * Llama-3.1-8B), so it is only for functional tests or very short prompts.
   * @default false - a pool without usable RDMA is a synth-time error
   */
  readonly allowTcpKvTransfer?: boolean;
}

/** The shape of each {@link DisaggregatedLlmProps} field, for untyped callers. @internal */
export const DISAGGREGATED_LLM_FIELDS: FieldsOf<DisaggregatedLlmProps> = {
  ...LLM_COMMON_FIELDS,
  prefill: WORKER_POOL,
  decode: WORKER_POOL,
  kvTransfer: KV_TRANSFER,
  nixlBackend: NIXL_BACKEND,
  // Type and range checked by validateBootstrapPort (graph/engine-tuning.ts), its one place.
  disaggregationBootstrapPort: checkedByOwnRule('an integer between 1024 and 65535'),
  allowTcpKvTransfer: booleanShape(),
};

/**
 * An LLM served by Dynamo with disaggregated prefill and decode pools that move the KV cache over
 * NIXL (or the backend's own transfer engine). Synthesizes the DynamoGraphDeployment with the
 * backend's disaggregation flags (vLLM `--disaggregation-mode` + NixlConnector, SGLang
 * `--disaggregation-transfer-backend`, TensorRT-LLM `--disaggregation-mode` + an engine config),
 * and the model cache objects.
 *
 * @example
 * new DisaggregatedLlm(chart, 'llama', {
 *   model: 'meta-llama/Llama-3.3-70B-Instruct',
 *   cloud: Cloud.generic({ rdma: { fabric: RdmaFabric.INFINIBAND, resourceName: 'rdma/ib' } }),
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
  /** How the workers move the KV cache, resolved (a NIXL transfer with its plugin). */
  public readonly kvTransfer: KvTransfer;
  /**
   * The NIXL plugin the workers use, when the KV transfer is NIXL.
   * @deprecated read `kvTransfer.nixlPlugin`
   */
  public readonly nixlBackend: NixlBackend | undefined;

  public constructor(scope: Construct, id: string, props: DisaggregatedLlmProps) {
    checkPatternProps(scope, id, props, 'DisaggregatedLlmProps', DISAGGREGATED_LLM_FIELDS);
    super(scope, id, props, [
      { prop: 'prefill', role: 'prefill', options: props.prefill ?? {} },
      { prop: 'decode', role: 'decode', options: props.decode ?? {} },
    ], {
      kvTransfer: props.kvTransfer,
      nixlBackend: props.nixlBackend,
      allowTcpKvTransfer: props.allowTcpKvTransfer ?? false,
      bootstrapPort: props.disaggregationBootstrapPort,
    });
    this.kvTransfer = this.resolvedKvTransfer;
    this.nixlBackend = this.kvTransfer.nixlPlugin;
    this.prefill = this.pool('prefill');
    this.decode = this.pool('decode');
  }
}
