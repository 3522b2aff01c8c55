import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { Cloud } from '../../cloud/cloud';
import { CloudBinding, CloudContext, CloudPoolContext, CloudProfile, IngressTarget, PoolWiring } from '../../cloud/cloud-profile';
import { EndpointAccess } from '../../access/endpoint-access';
import { rejectUnenforcedAccess } from '../../access/unenforced-access';
import { FrontendIngressOptions, unappliedIngressOption, validateIngress } from '../../cloud/frontend-ingress';
import { resolveKvTransfer } from '../../cloud/kv-transfer';
import { validateCapacityTypes } from '../../cloud/pool-placement';
import { resolvePool } from '../../cloud/pool-shapes';
import { RdmaFabric } from '../../cloud/rdma-fabric';
import { invalid } from '../../core/errors';
import { KvTransfer } from '../../core/kv-transfer';
import { NixlBackend } from '../../core/nixl-backend';
import { BackendDefinition } from '../../backends/backend-definition';
import { CloudObjects } from '../cloud-objects';
import { LlmCommonProps, LlmIngressOptions } from '../llm-props';
import { PoolPlan } from './pool-plan';

/** How a pattern moves the KV cache. @internal */
export interface KvTransferSpec {
  /** The transfer the user asked for. */
  readonly kvTransfer?: KvTransfer;
  /** The deprecated NIXL plugin prop. */
  readonly nixlBackend?: NixlBackend;
  readonly allowTcpKvTransfer: boolean;
  /** The SGLang bootstrap port the user asked for. */
  readonly bootstrapPort?: number;
}

/** A deployment placed on its cloud. @internal */
export interface CloudPlacement {
  readonly cloud: Cloud;
  /** What the profile was given (reused for the ingress). */
  readonly context: CloudContext;
  /** Each pool's wiring, by prop name. */
  readonly wiring: Readonly<Record<string, PoolWiring>>;
  /** How the workers move the KV cache, resolved. */
  readonly kvTransfer: KvTransfer;
  /** The node-pool objects (ingress objects are added later). */
  readonly objects: Pick<CloudObjects, 'pools' | 'shared'>;
}

/** Where a deployment's graph lives, for the cloud context. @internal */
export interface GraphLocation {
  readonly name: string;
  readonly namespace: string;
  readonly dynamoNamespace: string;
}

/**
 * Binds the deployment to its cloud. The cloud-independent rules apply here, around the profile:
 * placement props on a profile that provisions no nodes, capacity type lists, model storage the
 * profile accepts, and the KV transfer both KV pools agree on (or TCP, only when accepted).
 * @internal
 */
export function bindCloud(scope: Construct, props: LlmCommonProps, where: GraphLocation, plans: readonly PoolPlan[], kv: KvTransferSpec,
  backend: BackendDefinition): CloudPlacement {
  const cloud = props.cloud ?? Cloud.generic();
  const profile = cloud.profile;
  const pools = plans.map((p) => poolPlacement(p, profile, String(cloud)));
  const storage = props.modelCache?.newVolume?.storage;
  if (storage && !profile.acceptsModelStorage(storage)) {
    throw invalid('modelCache.storage', `must be storage of the deployment's cloud (${cloud})`, storage.displayName,
      'pick a ModelStorage factory for that cloud, or reference an existing class with ModelStorage.fromStorageClassName()');
  }
  const context: CloudContext = {
    scope,
    dgdName: where.name,
    namespace: where.namespace,
    dynamoNamespace: where.dynamoNamespace,
    labels: props.labels,
    allowTcpKvTransfer: kv.allowTcpKvTransfer,
    // Shapes the profile lists: each pool names one that exists, fits and (for KV transfer) has RDMA.
    pools: pools.map((pool) => ({ ...pool, shapes: profile.shapes.length > 0 ? resolvePool(profile, kv.allowTcpKvTransfer, pool).shapes : [] })),
  };
  const binding = checkBinding(profile.bind(context), context, String(cloud));
  const kvTransfer = resolveKvTransfer(context, binding, { kvTransfer: kv.kvTransfer, nixlBackend: kv.nixlBackend, backend }, String(cloud), profile.shapes);
  return {
    cloud,
    context,
    wiring: binding.pools,
    kvTransfer,
    objects: { pools: binding.poolObjects ?? {}, shared: binding.sharedObjects ?? [] },
  };
}

/** What an untyped (or buggy) profile returns from `bind`, checked before the pattern reads it. */
function checkBinding(binding: CloudBinding | undefined, ctx: CloudContext, name: string): CloudBinding {
  const fix = `return { pools: { <pool prop>: PoolWiring, ... } } from ${name}.bind`;
  if (typeof binding !== 'object' || binding === null || typeof binding.pools !== 'object' || binding.pools === null) {
    throw invalid('cloud', `must return a CloudBinding from bind (${name} returned none)`, binding === null ? null : typeof binding, fix);
  }
  for (const [prop, wiring] of Object.entries(binding.pools)) {
    if (!ctx.pools.some((p) => p.prop === prop)) throw invalid('cloud', `must wire only the deployment's pools (${ctx.pools.map((p) => p.prop).join(', ')})`, prop, fix);
    if (wiring.fabric !== undefined && !(wiring.fabric instanceof RdmaFabric)) {
      throw invalid('cloud', `must give each pool's wiring an RdmaFabric (${name} wired ${prop} with another value)`, String(wiring.fabric), 'use RdmaFabric.EFA, RdmaFabric.ROCE, RdmaFabric.INFINIBAND or RdmaFabric.custom(...)');
    }
  }
  const objects = [...Object.values(binding.poolObjects ?? {}).flat(), ...(binding.sharedObjects ?? [])];
  if (objects.some((o) => !(o instanceof ApiObject))) {
    throw invalid('cloud', `must list only ApiObjects in poolObjects and sharedObjects (${name} listed another value)`, objects.map((o) => typeof o), 'list the ApiObjects the profile added to ctx.scope');
  }
  return binding;
}

/** Where the frontend's ingress points, and who may call it. @internal */
export interface IngressRequest {
  readonly options: LlmIngressOptions;
  readonly target: IngressTarget;
  readonly servedModelName: string;
  readonly access?: EndpointAccess;
}

/** The frontend's ingress objects, and what enforces `access` (for the endpoint card). @internal */
export interface AddedIngress {
  readonly objects: readonly ApiObject[];
  /** What enforces access, e.g. `the ALB of Cloud.eks()`; undefined without access. */
  readonly enforcer?: string;
  /** What the endpoint card should warn about the enforcement (`AccessSupport.warnings`, `IngressControllerBinding.warnings`). */
  readonly accessWarnings?: readonly string[];
  /** The header in which the gateway forwards the client's id (`IngressControllerBinding.clientIdHeader`). */
  readonly clientIdHeader?: string;
}

/**
 * The frontend's ingress: through `ingress.controller` when set, else through the cloud profile.
 * The options every cloud shares are checked first, then any option the implementation does not
 * apply, then every `access` feature it does not enforce (an error naming the implementations that
 * can).
 * @internal
 */
export function addCloudIngress(placement: CloudPlacement, request: IngressRequest): AddedIngress {
  const { controller, ...options } = request.options;
  const { target, access } = request;
  const seconds = validateIngress(options);
  if (controller !== undefined) {
    const impl = controller.profile;
    rejectUnapplied(options, impl.ingressOptions, impl.displayName, `remove it, or apply it in the controller's bind and list it in its ingressOptions (${impl.ingressOptions.join(', ') || 'none'})`);
    rejectUnenforcedAccess(access, impl.accessFeatures, impl.displayName);
    const binding = impl.bind({ cloud: placement.context, options, timeoutSeconds: seconds, target, servedModelName: request.servedModelName, access });
    const objects = [...binding.objects];
    return access ? { objects, enforcer: impl.displayName, accessWarnings: binding.warnings ?? [], clientIdHeader: binding.clientIdHeader } : { objects };
  }
  const profile = placement.cloud.profile;
  // A profile without ingress support says so itself (CloudProfile.addIngress refuses).
  if (profile.addIngress !== CloudProfile.prototype.addIngress) {
    rejectUnapplied(options, profile.ingressOptions, String(placement.cloud),
      `remove it, or apply it in the profile's addIngress and list it in its ingressOptions (${profile.ingressOptions.join(', ') || 'none'})`);
  }
  const support = typeof profile.accessSupport === 'function' ? profile.accessSupport(options, access) : undefined;
  const enforcer = support?.enforcer ?? `the ingress of ${String(placement.cloud)}`;
  rejectUnenforcedAccess(access, support?.features ?? [], enforcer);
  const objects = [...profile.addIngress(placement.context, options, target, access)];
  return access ? { objects, enforcer, accessWarnings: support?.warnings ?? [] } : { objects };
}

/** Refuses an ingress option the implementation does not apply. */
function rejectUnapplied(options: FrontendIngressOptions, applied: readonly (keyof FrontendIngressOptions)[], where: string, fix: string): void {
  for (const key of Object.keys(options) as (keyof FrontendIngressOptions)[]) {
    if (options[key] === undefined || applied.includes(key)) continue;
    throw unappliedIngressOption(options, key, where, fix);
  }
}

/** A pool's placement before shapes: the placement props the profile can honour, and its capacity types. */
function poolPlacement(p: PoolPlan, profile: CloudProfile, cloudName: string): Omit<CloudPoolContext, 'shapes'> {
  const o = p.options;
  if (profile.shapes.length === 0) rejectUnselectablePlacement(p, profile.selectsGpuType === true, cloudName);
  return {
    prop: p.prop,
    role: p.role,
    componentName: p.componentName,
    options: o,
    capacityTypes: validateCapacityTypes(p.prop, o.capacityTypes, profile.capacityTypes, cloudName),
    maxReplicas: p.ownership.maxReplicas,
    gpusPerNode: p.layout.gpusPerNode,
    nodes: p.layout.nodes,
    kvTransfer: p.kvTransfer,
  };
}

/**
 * A profile without machine shapes cannot place a pool by `machineType`, and places it by `gpuType`
 * only when it selects nodes by GPU type itself (`CloudProfile.selectsGpuType`, e.g. Cloud.generic()).
 */
function rejectUnselectablePlacement(p: PoolPlan, selectsGpuType: boolean, cloudName: string): void {
  const o = p.options;
  if (o.machineType !== undefined) {
    throw invalid(`${p.prop}.machineType`, 'needs a cloud profile that provisions nodes (Cloud.eks(), Cloud.gke(), Cloud.aks())', o.machineType, selectsGpuType
      ? `on ${cloudName} name the GPU with ${p.prop}.gpuType instead (e.g. GpuType.H100_80GB), or select GPU nodes with ${p.prop}.nodeSelector`
      : `on ${cloudName} select GPU nodes with ${p.prop}.nodeSelector instead`);
  }
  if (o.gpuType !== undefined && !selectsGpuType) {
    throw invalid(`${p.prop}.gpuType`, 'needs a cloud profile that provisions nodes or selects them by GPU type (Cloud.eks(), Cloud.gke(), Cloud.aks(), Cloud.generic())',
      o.gpuType.displayName, `on ${cloudName} select GPU nodes with ${p.prop}.nodeSelector instead, or set selectsGpuType in the profile and place the pool in its bind`);
  }
}
