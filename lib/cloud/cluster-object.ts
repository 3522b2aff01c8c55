import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * A cluster-scoped object (NodePool, StorageClass, ComputeClass, ...). cdk8s stamps the chart's
 * namespace on every object; a cluster-scoped object must not carry one (kubectl and Pulumi would
 * treat it as namespaced or reject it), so it is removed when rendering.
 * @internal
 */
export class ClusterObject extends ApiObject {
  public constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, props);
  }

  public toJson(): any {
    const json = super.toJson();
    if (json.metadata) delete json.metadata.namespace;
    return json;
  }
}
