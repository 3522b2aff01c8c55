import { Construct } from 'constructs';
import { Cloud } from '../../cloud/cloud';
import { CloudBinding, CloudContext, CloudPoolContext, PoolWiring } from '../../cloud/cloud-profile';
import { resolveKvTransferBackend } from '../../cloud/kv-transfer';
import { validateCapacityTypes } from '../../cloud/pool-placement';
import { invalid } from '../../core/errors';
import { NixlBackend } from '../../core/nixl-backend';
import { CloudObjects } from '../cloud-objects';
import { LlmCommonProps } from '../llm-props';
import { PoolPlan } from './pool-plan';

/** How a pattern moves the KV cache. @internal */
export interface KvTransferSpec {
  /** The backend the user asked for. */
  readonly nixlBackend?: NixlBackend;
  readonly allowTcpKvTransfer: boolean;
}

/** A deployment placed on its cloud. @internal */
export interface CloudPlacement {
  readonly cloud: Cloud;
  /** What the profile was given (reused for the ingress). */
  readonly context: CloudContext;
  /** Each pool's wiring, by prop name. */
  readonly wiring: Readonly<Record<string, PoolWiring>>;
  /** The NIXL backend the workers use. */
  readonly nixlBackend: NixlBackend;
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
 * profile accepts, and the NIXL backend both KV pools agree on (or TCP, only when accepted).
 * @internal
 */
export function bindCloud(scope: Construct, props: LlmCommonProps, where: GraphLocation, plans: readonly PoolPlan[], kv: KvTransferSpec): CloudPlacement {
  const cloud = props.cloud ?? Cloud.generic();
  if (!(cloud instanceof Cloud)) {
    throw invalid('cloud', 'must be a Cloud', typeof cloud, 'use Cloud.generic(), Cloud.eks({...}), Cloud.gke(), Cloud.aks() or Cloud.custom(profile)');
  }
  const profile = cloud.profile;
  const context: CloudContext = {
    scope,
    dgdName: where.name,
    namespace: where.namespace,
    dynamoNamespace: where.dynamoNamespace,
    labels: props.labels,
    allowTcpKvTransfer: kv.allowTcpKvTransfer,
    pools: plans.map((p) => poolContext(p, String(cloud), profile.shapes.length > 0, profile.capacityTypes)),
  };
  const storage = props.modelCache?.newVolume?.storage;
  if (storage && !profile.acceptsModelStorage(storage)) {
    throw invalid('modelCache.storage', `must be storage of the deployment's cloud (${cloud})`, storage.displayName,
      'pick a ModelStorage factory for that cloud, or reference an existing class with ModelStorage.fromStorageClassName()');
  }
  const binding: CloudBinding = profile.bind(context);
  const nixlBackend = resolveKvTransferBackend(context, binding, kv.nixlBackend, String(cloud));
  return {
    cloud,
    context,
    wiring: binding.pools,
    nixlBackend,
    objects: { pools: binding.poolObjects ?? {}, shared: binding.sharedObjects ?? [] },
  };
}

function poolContext(p: PoolPlan, cloudName: string, provisions: boolean, supported: CloudContext['pools'][number]['capacityTypes']): CloudPoolContext {
  const o = p.options;
  if (!provisions && (o.machineType !== undefined || o.gpuType !== undefined)) {
    const prop = o.machineType !== undefined ? 'machineType' : 'gpuType';
    throw invalid(`${p.prop}.${prop}`, 'needs a cloud profile that provisions nodes (Cloud.eks(), Cloud.gke(), Cloud.aks())', o.machineType ?? o.gpuType?.displayName,
      `on ${cloudName} select GPU nodes with ${p.prop}.nodeSelector instead`);
  }
  return {
    prop: p.prop,
    role: p.role,
    componentName: p.componentName,
    options: o,
    capacityTypes: validateCapacityTypes(p.prop, o.capacityTypes, supported, cloudName),
    maxReplicas: p.ownership.maxReplicas,
    gpusPerNode: p.layout.gpusPerNode,
    nodes: p.layout.nodes,
    kvTransfer: p.kvTransfer,
  };
}
