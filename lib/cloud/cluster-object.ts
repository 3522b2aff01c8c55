import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { checkApiObjectProps } from './cluster-object-shape';

/**
 * A cluster-scoped object (NodePool, StorageClass, ComputeClass, ...). cdk8s stamps the chart's
 * namespace on every object; a cluster-scoped object must not carry one (kubectl and Pulumi would
 * treat it as namespaced or reject it), so it is removed when rendering. Cloud profiles create their
 * node pools, node classes and networks with it.
 *
 * @example
 * const nodePool = new ClusterObject(ctx.scope, `NodePool-${pool.prop}`, {
 *   apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: `${ctx.dynamoNamespace}-${pool.prop}` }, spec: { ... },
 * });
 */
export class ClusterObject extends ApiObject {
  public constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, checkApiObjectProps(props));
  }

  /** The manifest, without `metadata.namespace`. */
  public toJson(): ReturnType<ApiObject['toJson']> {
    const json = super.toJson();
    if (json.metadata) delete json.metadata.namespace;
    return json;
  }
}
