import { ApiObject } from 'cdk8s';

/** The objects a cloud profile created for a deployment. */
export interface CloudObjects {
  /** Each pool's node pools, node classes or compute classes, by pool prop name. */
  readonly pools: Readonly<Record<string, readonly ApiObject[]>>;
  /** Objects the pools share (a custom NodeClass, RDMA networks). */
  readonly shared: readonly ApiObject[];
  /** The frontend's ingress objects (Ingress, Gateway, HTTPRoute, policies), with `ingress`. */
  readonly ingress: readonly ApiObject[];
}
