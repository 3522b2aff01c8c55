import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ParallelLayout, WorkerRole } from '../backends/backend-definition';
import { CloudPoolContext, PoolWiring } from '../cloud/cloud-profile';
import { KvTransfer } from '../core/kv-transfer';
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { ModelDownloadJob } from '../model/model-download-job';
import { DynamoPodMonitors } from '../observability/dynamo-pod-monitors';
import { LlmAlertRules } from '../observability/llm-alert-rules';
import { LlmDashboard } from '../observability/llm-dashboard';

/** One worker pool as the pattern built it. @internal */
export interface TopologyPoolInput {
  /** The prop name: `workers`, `prefill` or `decode`. */
  readonly prop: string;
  readonly role: WorkerRole;
  readonly component: DynamoComponent;
  readonly layout: ParallelLayout;
  /** What the cloud profile added to the pool's pods (fabric, node selector, extended resources). */
  readonly wiring: PoolWiring;
  /** The pool as the cloud profile saw it (resolved shapes, capacity types, the user's placement props). */
  readonly placement?: CloudPoolContext;
  /** The node pools, node classes or compute classes the profile created for the pool. */
  readonly objects: readonly ApiObject[];
  /** The pool's KEDA ScaledObject or HPA construct, when it is autoscaled. */
  readonly autoscaler?: Construct;
}

/** What a pattern built, as the topology reads it. Every value comes from the constructs the pattern created. @internal */
export interface TopologyInput {
  /** The pattern's construct id. */
  readonly id: string;
  readonly dgd: DynamoGraphDeployment;
  /** The model name clients send. */
  readonly servedModelName: string;
  /** The backend's display name, e.g. `vLLM`. */
  readonly backend: string;
  /** The frontend's router mode, e.g. `kv`. */
  readonly routerMode: string;
  readonly frontend: DynamoComponent;
  readonly pools: readonly TopologyPoolInput[];
  /** How the KV cache moves from prefill to decode, resolved. */
  readonly kvTransfer: KvTransfer;
  /** The frontend's ingress objects (Ingress, Gateway, HTTPRoute, policies), empty without `ingress`. */
  readonly ingress: readonly ApiObject[];
  /** The planner component, when there is one. */
  readonly planner?: DynamoComponent;
  readonly podMonitors?: DynamoPodMonitors;
  readonly dashboard?: LlmDashboard;
  readonly alertRules?: LlmAlertRules;
  /** The model cache claim name, when there is a cache. */
  readonly modelCacheClaimName?: string;
  /** The PersistentVolumeClaim the pattern created for the cache (absent for an existing claim). */
  readonly modelCacheClaim?: ApiObject;
  /** The StorageClass the pattern created for the cache, when its `ModelStorage` defines one. */
  readonly modelCacheStorageClass?: ApiObject;
  readonly downloadJob?: ModelDownloadJob;
  /** The `modelRevision` the workers load, when set. */
  readonly modelRevision?: string;
}
