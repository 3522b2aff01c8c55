import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { WorkerRole } from '../backends/backend-definition';
import { ComponentVolume } from '../core/component-volume';
import { NixlBackend } from '../core/nixl-backend';
import type { WorkerPoolOptions } from '../patterns/llm-props';
import type { FrontendIngressOptions } from './frontend-ingress';
import { MachineShape } from './machine-shape';

/** One worker pool as a cloud profile sees it. @internal */
export interface CloudPoolContext {
  /** The prop name, e.g. `decode`. */
  readonly prop: string;
  readonly role: WorkerRole;
  /** The DGD component name, e.g. `VllmDecodeWorker` (the `nvidia.com/dynamo-component` pod label). */
  readonly componentName: string;
  readonly options: WorkerPoolOptions;
  /** The most workers the pool may run: `replicas`, or the autoscaler's or planner's maximum. Node pools are sized for it. */
  readonly maxReplicas: number;
  /** GPUs per pod (per node of a multi-node worker). */
  readonly gpusPerNode: number;
  /** Nodes per worker. */
  readonly nodes: number;
  /** Whether the pool moves the KV cache over NIXL (prefill and decode pools). */
  readonly kvTransfer: boolean;
}

/** What a pattern hands its cloud profile. @internal */
export interface CloudContext {
  /** Where cloud objects (node pools, networks, ingress) are added: the pattern construct. */
  readonly scope: Construct;
  readonly dgdName: string;
  /** The Kubernetes namespace of the DGD. */
  readonly namespace: string;
  /** `<namespace>-<dgd>`: the prefix of cluster-scoped object names, unique per deployment. */
  readonly dynamoNamespace: string;
  readonly labels?: Record<string, string>;
  /** The user accepted KV transfer over TCP (`allowTcpKvTransfer`). */
  readonly allowTcpKvTransfer: boolean;
  readonly pools: readonly CloudPoolContext[];
}

/** What a profile adds to one worker pool's pods. Merged with the pool's own props. @internal */
export interface PoolWiring {
  readonly tolerations?: k8s.Toleration[];
  readonly nodeSelector?: Record<string, string>;
  readonly affinity?: k8s.Affinity;
  readonly podAnnotations?: Record<string, string>;
  /** Extended resources per pod (requests = limits). */
  readonly extraResources?: Record<string, string>;
  /** Environment variables, each with why it is set (shown when a user env var collides). */
  readonly env?: Record<string, string>;
  readonly volumes?: ComponentVolume[];
  /** Linux capabilities added to the `main` container. */
  readonly capabilities?: string[];
  /** Run the `main` container privileged. */
  readonly privileged?: boolean;
  /** A minimum `/dev/shm` size. */
  readonly minSharedMemory?: Size;
  /** Shell lines run before the engine starts (e.g. `ldconfig` on GKE); the command is exec'd after them. */
  readonly shellPrelude?: string[];
  /** A suffix for the default runtime image tag, e.g. `-efa`. */
  readonly imageTagSuffix?: string;
  /** One line for the endpoint card and docs, e.g. `p5.48xlarge (8 × H100 80GB), EFA × 16, LIBFABRIC`. */
  readonly summary?: string;
}

/** A profile's decisions for one pattern. @internal */
export interface CloudBinding {
  /** The NIXL backend the fabric needs (undefined: NIXL's default or the user's choice). */
  readonly nixlBackend?: NixlBackend;
  /** Wiring per pool, by prop name. */
  readonly pools: Readonly<Record<string, PoolWiring>>;
}

/** Where the frontend ingress points. @internal */
export interface IngressTarget {
  /** The frontend Service, `<dgd>-frontend`. */
  readonly serviceName: string;
  readonly port: number;
  /** Health check path (`/health`). */
  readonly healthPath: string;
}

/**
 * One cloud's decisions, in one place: GPU node pools, worker scheduling, RDMA wiring and NIXL
 * backend, ingress objects. Implementations live one per file (`lib/cloud/<cloud>/`).
 * @internal
 */
export interface CloudProfile {
  /** A stable id: `generic`, `eks`, `eks-auto-mode`, `gke`, `aks`. */
  readonly id: string;
  /** How users wrote it, for messages: `Cloud.eks()`. */
  readonly displayName: string;
  /** The machine shapes pools may name (catalog plus user additions). */
  readonly shapes: readonly MachineShape[];
  /** Ids of the {@link ModelStorage} clouds this profile accepts (`generic` accepts all). */
  readonly storageClouds: readonly string[];
  /** Validates the pools, adds the cloud objects to `ctx.scope` and returns each pool's wiring. */
  bind(ctx: CloudContext): CloudBinding;
  /** Adds the frontend's ingress objects to `ctx.scope`. */
  addIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget): void;
}
