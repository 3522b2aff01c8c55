/**
 * The DynamoGraphDeployment API generation to render.
 *
 * - `V1BETA1`: `spec.components[]` with a plain `podTemplate` (container `main`). Served from Dynamo
 *   1.2.0, the storage version from 1.4.0.
 * - `V1ALPHA1`: `spec.services` map with `extraPodSpec.mainContainer`, `envs`, `pvcs`/`volumeMounts`
 *   and `sharedMemory`. The only API up to Dynamo 1.1; still served (and converted) later.
 */
export class DgdApiVersion {
  /** `nvidia.com/v1beta1`. */
  public static readonly V1BETA1 = new DgdApiVersion('v1beta1');
  /** `nvidia.com/v1alpha1`. */
  public static readonly V1ALPHA1 = new DgdApiVersion('v1alpha1');

  private constructor(
    /** The version part, `v1beta1` or `v1alpha1`. */
    public readonly version: 'v1beta1' | 'v1alpha1',
  ) {}

  /** The full `apiVersion`, e.g. `nvidia.com/v1beta1`. */
  public get apiVersion(): string {
    return `nvidia.com/${this.version}`;
  }

  /** The apiVersion, e.g. `nvidia.com/v1beta1`. */
  public toString(): string {
    return this.apiVersion;
  }
}
