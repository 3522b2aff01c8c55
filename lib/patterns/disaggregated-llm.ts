import { Construct } from 'constructs';
import { Backend } from '../backends/backend';
import { NixlBackend } from '../core/nixl-backend';
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { ModelDownloadJob } from '../model/model-download-job';
import { buildLlmGraph } from './llm-graph';
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
export class DisaggregatedLlm extends Construct {
  /** The DynamoGraphDeployment (the default child: `ApiObject.of(llm)` patches it). */
  public readonly dgd: DynamoGraphDeployment;
  /** The frontend component. */
  public readonly frontend: DynamoComponent;
  /** The prefill component. */
  public readonly prefill: DynamoComponent;
  /** The decode component. */
  public readonly decode: DynamoComponent;
  /** The backend. */
  public readonly backend: Backend;
  /** The NIXL transport. */
  public readonly nixlBackend: NixlBackend;
  /** The model name clients send. */
  public readonly servedModelName: string;
  /** The frontend Service the operator creates: `<dgd>-frontend`. */
  public readonly frontendServiceName: string;
  /** The in-cluster OpenAI base URL: `http://<dgd>-frontend.<namespace>.svc.cluster.local:8000/v1`. */
  public readonly endpoint: string;
  /** The model cache claim, when a model cache is used. */
  public readonly modelCacheClaimName?: string;
  /** The download Job, when one is created. */
  public readonly downloadJob?: ModelDownloadJob;

  public constructor(scope: Construct, id: string, props: DisaggregatedLlmProps) {
    super(scope, id);
    this.nixlBackend = props.nixlBackend ?? NixlBackend.UCX;
    const g = buildLlmGraph(this, id, props, [
      { prop: 'prefill', role: 'prefill', options: props.prefill ?? {} },
      { prop: 'decode', role: 'decode', options: props.decode ?? {} },
    ], this.nixlBackend);
    this.dgd = g.dgd;
    this.frontend = g.frontend;
    this.prefill = g.workers.prefill;
    this.decode = g.workers.decode;
    this.backend = g.backend;
    this.servedModelName = g.servedModelName;
    this.frontendServiceName = g.frontendServiceName;
    this.endpoint = g.endpoint;
    this.modelCacheClaimName = g.modelCacheClaimName;
    this.downloadJob = g.downloadJob;
  }
}
