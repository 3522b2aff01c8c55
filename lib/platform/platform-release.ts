/**
 * Where a Helm chart comes from: a Helm repository served over HTTPS (an `index.yaml`), or an OCI
 * registry.
 */
export interface HelmChartSource {
  /**
   * The repository: `https://…` for a Helm repository (e.g. `https://helm.ngc.nvidia.com/nvidia`),
   * or `oci://…` for the OCI path that holds the chart (e.g. `oci://registry.k8s.io/lws/charts`).
   */
  readonly repository: string;
  /** The chart's name in that repository, e.g. `gpu-operator`. */
  readonly chart: string;
  /** The chart version, exactly as the repository lists it (e.g. `v26.3.0`, `0.8.0`). */
  readonly version: string;
}

/**
 * A Kubernetes object of a chart's own API (a custom resource such as the Network Operator's
 * `NicClusterPolicy`) that is applied after its chart is installed, since the chart brings its CRD.
 */
export interface PlatformManifest {
  /** e.g. `mellanox.com/v1alpha1`. */
  readonly apiVersion: string;
  /** e.g. `NicClusterPolicy`. */
  readonly kind: string;
  /** Its name, namespace (for namespaced kinds) and labels. */
  readonly metadata: {
    /** The object's name. */
    readonly name: string;
    /**
     * The object's namespace (namespaced kinds only).
     * @default - none: a cluster-scoped object
     */
    readonly namespace?: string;
    /**
     * The object's labels.
     * @default - none
     */
    readonly labels?: Readonly<Record<string, string>>;
  };
  /** The object's spec. */
  readonly spec: Readonly<Record<string, unknown>>;
}

/**
 * One Helm release of a {@link DynamoPlatform}: the chart, where it is installed, its values and
 * the releases it is installed after. Both engines deliver exactly this: in cdk8s a GitOps object
 * (a Flux `HelmRelease` or an Argo CD `Application`), in Pulumi a `kubernetes.helm.v3.Release`.
 */
export interface PlatformRelease {
  /** A stable id, unique in the platform, e.g. `dynamo-platform`, `gpu-operator`. */
  readonly id: string;
  /** A human-readable name for messages and docs, e.g. `NVIDIA GPU Operator`. */
  readonly displayName: string;
  /** The Helm release name, e.g. `gpu-operator`. */
  readonly releaseName: string;
  /** The namespace the chart is installed into (created when missing). */
  readonly namespace: string;
  /**
   * Labels the namespace must carry when it is created, e.g. the Pod Security admission label
   * `pod-security.kubernetes.io/enforce: privileged` for a chart whose pods run privileged.
   * @default - none
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** The chart and its version. */
  readonly source: HelmChartSource;
  /** The chart's values, as JSON (the typed options merged with the `values` escape hatch). */
  readonly values: Readonly<Record<string, unknown>>;
  /** The ids of the releases of the same platform that must be installed (and healthy) first. */
  readonly dependsOn: readonly string[];
  /** Objects of the chart's own API to apply once the chart is installed (e.g. a `NicClusterPolicy`). */
  readonly manifests: readonly PlatformManifest[];
  /**
   * The extended resources that the device plugins this release deploys advertise on nodes (e.g.
   * `vpc.amazonaws.com/efa`, `rdma/shared_ib`, `nvidia.com/gpu`); the patterns check their RDMA
   * pools' requests against them.
   */
  readonly deviceResources: readonly string[];
}
