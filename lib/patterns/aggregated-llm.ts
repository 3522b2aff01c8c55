import { Construct } from 'constructs';
import { Backend } from '../backends/backend';
import { NixlBackend } from '../core/nixl-backend';
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { ModelDownloadJob } from '../model/model-download-job';
import { buildLlmGraph } from './llm-graph';
import { LlmCommonProps, WorkerPoolOptions } from './llm-props';

/** Props of {@link AggregatedLlm}. */
export interface AggregatedLlmProps extends LlmCommonProps {
  /**
   * The worker pool; each worker does both prefill and decode.
   * @default - one worker with one GPU
   */
  readonly workers?: WorkerPoolOptions;
}

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
export class AggregatedLlm extends Construct {
  /** The DynamoGraphDeployment (the default child: `ApiObject.of(llm)` patches it). */
  public readonly dgd: DynamoGraphDeployment;
  /** The frontend component. */
  public readonly frontend: DynamoComponent;
  /** The worker component. */
  public readonly workers: DynamoComponent;
  /** The backend. */
  public readonly backend: Backend;
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

  public constructor(scope: Construct, id: string, props: AggregatedLlmProps) {
    super(scope, id);
    const g = buildLlmGraph(this, id, props, [{ prop: 'workers', role: 'aggregated', options: props.workers ?? {} }], NixlBackend.UCX);
    this.dgd = g.dgd;
    this.frontend = g.frontend;
    this.workers = g.workers.workers;
    this.backend = g.backend;
    this.servedModelName = g.servedModelName;
    this.frontendServiceName = g.frontendServiceName;
    this.endpoint = g.endpoint;
    this.modelCacheClaimName = g.modelCacheClaimName;
    this.downloadJob = g.downloadJob;
  }
}
