import { PoolCapacity } from '../sizing/pool-capacity';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ParallelLayout, WorkerRole } from '../backends/backend-definition';
import { CloudPoolContext, PoolWiring } from '../cloud/cloud-profile';
import { KvTransfer } from '../core/kv-transfer';
import { DynamoComponent } from '../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { IDynamoPlatform } from '../platform/served-platform';
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
  /**
   * The pool as the cloud profile saw it (resolved shapes, capacity types, the user's placement props).
   * @default - none: no machine shapes are shown
   */
  readonly placement?: CloudPoolContext;
  /** The node pools, node classes or compute classes the profile created for the pool. */
  readonly objects: readonly ApiObject[];
  /**
   * The pool's KEDA ScaledObject or HPA construct.
   * @default - none: the pool is not autoscaled
   */
  readonly autoscaler?: Construct;
  /**
   * The pool's estimated capacity, when sized.
   * @default - not estimated
   */
  readonly capacity?: PoolCapacity;
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
  /** The port the frontend serves the OpenAI API on (`FRONTEND_PORT`). */
  readonly frontendPort: number;
  readonly pools: readonly TopologyPoolInput[];
  /** How the KV cache moves from prefill to decode, resolved. */
  readonly kvTransfer: KvTransfer;
  /** The frontend's ingress objects (Ingress, Gateway, HTTPRoute, policies), empty without `ingress`. */
  readonly ingress: readonly ApiObject[];
  /**
   * Who may call through the ingress, one line (`access`), e.g. `API keys (Authorization: Bearer), 600 requests/min per client`.
   * @default - none: no access control
   */
  readonly access?: string;
  /**
   * The planner component.
   * @default - none: no planner
   */
  readonly planner?: DynamoComponent;
  /** @default - none: no PodMonitors */
  readonly podMonitors?: DynamoPodMonitors;
  /** @default - none: no dashboard */
  readonly dashboard?: LlmDashboard;
  /** @default - none: no alert rules */
  readonly alertRules?: LlmAlertRules;
  /**
   * The model cache claim name.
   * @default - none: no model cache
   */
  readonly modelCacheClaimName?: string;
  /**
   * The PersistentVolumeClaim the pattern created for the cache.
   * @default - none: no cache, or an existing claim
   */
  readonly modelCacheClaim?: ApiObject;
  /**
   * The StorageClass the pattern created for the cache.
   * @default - none: the cache's `ModelStorage` defines none
   */
  readonly modelCacheStorageClass?: ApiObject;
  /** @default - none: no download Job */
  readonly downloadJob?: ModelDownloadJob;
  /**
   * The `modelRevision` the workers load.
   * @default - none: the revision is not pinned
   */
  readonly modelRevision?: string;
  /**
   * The Dynamo platform the graph runs on (the pattern's `platform`).
   * @default - none: the pattern names no platform
   */
  readonly platform?: IDynamoPlatform;
}
