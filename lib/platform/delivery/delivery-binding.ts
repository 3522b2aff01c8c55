import type { ApiObject } from 'cdk8s';

/**
 * What a {@link PlatformDelivery} created for a platform's releases, and how the objects that the
 * platform serves (the patterns' DynamoGraphDeployments and their companions) are ordered after it.
 */
export interface PlatformDeliveryBinding {
  /**
   * The GitOps objects of each release, by release id, in the order they were created: the
   * release's own objects (a Flux `HelmRelease` and its source, an Argo CD `Application`) and then
   * the objects of its `manifests` (a `NicClusterPolicy`, say).
   */
  readonly objects: Readonly<Record<string, readonly ApiObject[]>>;

  /**
   * The annotations to add to every object of a graph that this platform serves, so that it is
   * applied after the platform, as a function of the object's `apiVersion` and `kind`. Argo CD: the
   * sync wave after the platform's last one, and `SkipDryRunOnMissingResource=true` on custom
   * resources (their CRD may not exist when the sync starts). Flux: none (order the graphs with a
   * Kustomization that depends on the platform's).
   */
  graphAnnotations(apiVersion: string, kind: string): Record<string, string>;
}
