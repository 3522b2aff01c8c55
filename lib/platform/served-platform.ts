import { DynamoVersion } from '../core/dynamo-version';

/**
 * What a pattern checks a platform against, and how it orders its objects after it. A
 * {@link DynamoPlatform} knows all of it; a platform from `DynamoPlatform.fromExisting` knows only
 * what the user declared, and each undefined member means "not declared: not checked".
 * @internal
 */
export interface PlatformServing {
  /** The construct path or description, for messages (`DynamoPlatform at app/platform/platform`). */
  readonly description: string;
  /** Where the user changes the platform, for fixes: `the DynamoPlatform` or `DynamoPlatform.fromExisting(...)`. */
  readonly owner: string;
  /** The cloud profile id the platform was made for, when given explicitly. */
  readonly cloudId?: string;
  /**
   * Whether Grove, or LeaderWorkerSet with Volcano, is there for multi-node workers; undefined when
   * not declared.
   */
  readonly multinode?: boolean;
  /**
   * Whether the platform has LeaderWorkerSet but not Volcano (and no Grove), which the operator
   * does not use for multi-node workers then.
   * @default false
   */
  readonly leaderWorkerSetWithoutVolcano?: boolean;
  /** Whether the platform installs the NVIDIA driver on GPU nodes (the GPU Operator's `driver`); undefined when not declared. */
  readonly installsGpuDriver?: boolean;
  /**
   * Whether the GPU nodes of the platform's own `cloud` come with the NVIDIA driver.
   * @default - undefined: not known
   */
  readonly cloudProvidesGpuDriver?: boolean;
  /** Whether KEDA is installed with its metrics server, so that it runs ScaledObjects; undefined when not declared. */
  readonly keda?: boolean;
  /**
   * Whether KEDA is installed without its metrics server (`keda.metricsServer: false`): it runs
   * ScaledJobs only.
   * @default false
   */
  readonly kedaWithoutMetricsServer?: boolean;
  /**
   * Whether the platform's metrics adapter serves an HPA's External metric (name and query as the
   * HPA renders it for its deployment); undefined when not declared. False for every metric when
   * the platform has no adapter.
   */
  readonly servesExternalMetric?: (name: string, query: string) => boolean;
  /** The extended resources the device plugins the platform installs advertise (its releases'; not the ones only declared). */
  readonly installedDeviceResources?: readonly string[];
  /** The only namespace a namespace-restricted operator watches. */
  readonly restrictedTo?: string;
  /**
   * What the platform installs, as a pattern's topology picture shows it.
   * @default - none: the library did not install the platform (`DynamoPlatform.fromExisting`)
   */
  readonly installs?: PlatformInstalls;
  /** Annotations for an object of a graph the platform serves, so that GitOps applies it after the platform. */
  graphAnnotations(apiVersion: string, kind: string): Record<string, string>;
}

/**
 * What a {@link DynamoPlatform} installs, read by a pattern's topology.
 * @internal
 */
export interface PlatformInstalls {
  /** How the platform chart gets Grove: its subchart (`install`), installed separately (`external`), or not at all (`off`). */
  readonly grove: 'install' | 'external' | 'off';
  /** How the platform chart gets the KAI scheduler, as for `grove`. */
  readonly kaiScheduler: 'install' | 'external' | 'off';
  /** The display names of the add-on releases (every release but the platform chart's), dependencies first. */
  readonly addons: readonly string[];
  /** Who installs the releases: `Flux`, `Argo CD`, a custom delivery's id, or `Pulumi` in a Pulumi program. */
  readonly delivery: string;
}

/**
 * A Dynamo platform that graphs run on: one the library installs ({@link DynamoPlatform}) or one
 * that exists already ({@link DynamoPlatform.fromExisting}). Pass it as a pattern's `platform`.
 */
export interface IDynamoPlatform {
  /** The Dynamo release of the operator (and of the chart). Graphs on the platform must use it. */
  readonly version: DynamoVersion;
  /** The namespace of the operator. */
  readonly namespace: string;
  /** The Prometheus the planner and the autoscalers read, e.g. `http://prometheus-kube-prometheus-prometheus.monitoring.svc.cluster.local:9090`. */
  readonly prometheusEndpoint?: string;
  /**
   * The extended resources the cluster's device plugins advertise (e.g. `vpc.amazonaws.com/efa`,
   * `rdma/shared_ib`); undefined when not declared. RDMA pools check their devices against it.
   */
  readonly deviceResources?: readonly string[];
  /** @internal */
  readonly _serving?: PlatformServing;
}
