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
 * new ClusterObject(chart, 'model-cache-class', {
 *   apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'model-cache' },
 *   provisioner: 'efs.csi.aws.com', parameters: { provisioningMode: 'efs-ap', fileSystemId: 'fs-0123456789abcdef0' },
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
