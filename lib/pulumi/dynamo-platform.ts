import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { invalid } from '../core/errors';
import { checkReleases } from '../platform/delivery/release-objects';
import { DynamoPlatform as DynamoPlatformConstruct } from '../platform/dynamo-platform';
import { DynamoPlatformProps } from '../platform/dynamo-platform-props';
import { ExistingDynamoPlatformOptions } from '../platform/existing-platform';
import { PlatformRelease } from '../platform/platform-release';
import { IDynamoPlatform } from '../platform/served-platform';
import { checkComponentArgs, DYNAMO_PLATFORM_ARGS_FIELDS } from './args-shape';
import { ChartHost, resourceName } from './chart-host';
import { goDurationSeconds, isGoDuration } from './go-duration';
import { reportingInputErrors } from './input-errors';
import { PLATFORM_COMPONENT_BRAND } from './platform-input';
import { KubeObject, resourceClassFor } from './resource-kinds';

/**
 * Args of the Pulumi {@link DynamoPlatform}: the props of the cdk8s `DynamoPlatform` (one props
 * type for both engines) without `delivery` and `manifestsChart`, which only a cdk8s app needs
 * (how GitOps objects are made), and how long Helm waits.
 */
export interface DynamoPlatformArgs extends Omit<DynamoPlatformProps, 'delivery' | 'manifestsChart'> {
  /**
   * How long Helm may take for each install or upgrade of a chart (a Go duration such as `15m`):
   * the `timeout` of each `kubernetes.helm.v3.Release`, which waits for the chart's hooks (the
   * platform chart's post-install KAI Queues) and, as Pulumi's Release awaits, for its workloads to
   * be ready (the operator applies the Dynamo CRDs from its `crd-apply` init container). Helm's own default is 5 minutes (`helm install --timeout`); the
   * first install on an empty cluster pulls the operator, scheduler and driver images onto new
   * nodes, so the default is longer, and the same as `PlatformDelivery.flux()`'s `timeout`.
   * Chosen, not measured.
   * @default '15m'
   */
  readonly timeout?: string;
}

/** The default of {@link DynamoPlatformArgs.timeout}, equal to `PlatformDelivery.flux()`'s default `timeout`. */
export const DEFAULT_HELM_TIMEOUT = '15m';

/**
 * The Dynamo platform (the `dynamo-platform` chart: operator, CRDs, Grove, KAI scheduler) and the
 * cluster add-ons its graphs rely on, as a Pulumi component (`dynamo-constructs:index:DynamoPlatform`).
 * It builds the cdk8s `DynamoPlatform` in-process from the same props (so an arg is validated the
 * same way, and reported as a `pulumi.InputPropertyError` naming it) and installs each of its
 * releases as a `kubernetes.helm.v3.Release` (Helm runs the charts' hooks), in dependency order:
 * each Release `dependsOn` the Releases it comes after, and the custom resources of those releases'
 * `manifests`. A release's `manifests` (the Network Operator's `NicClusterPolicy`) are registered
 * after their own Release, whose chart brings their CRD. A namespace that a release needs labelled
 * (Pod Security admission's `privileged` for the GPU and Network Operators) is a `Namespace` of the
 * component, created before its releases and deleted after them; other namespaces are created by
 * Helm (`createNamespace`) and left in place when the releases are uninstalled.
 *
 * **Deletion order.** Pass the component as a pattern's `platform` (`new AggregatedLlm(name, {
 * platform, ... })`): the pattern component then depends on every Release of the platform, so
 * `pulumi up` creates the graph after the platform, and `pulumi destroy` (or removing both from the
 * program) deletes the graph first: Pulumi deletes dependents before what they depend on, and a
 * component's children before the component. The operator is still running while it processes its
 * DynamoGraphDeployment's finalizers, and only then is the operator's Release uninstalled. Among
 * the releases, a release is uninstalled before the releases it depends on (the platform chart
 * before the Prometheus Operator whose CRDs its PodMonitors use). Graphs in another Pulumi program
 * or stack are not known here: delete them first.
 *
 * The Releases are children of the component, so Pulumi's `transforms` resource option on the
 * component reaches their args (an extra Helm flag, say).
 *
 * @example
 * // The platform with kube-prometheus-stack, whose Prometheus the planner then reads; Grafana's
 * // admin user and password are in a Secret created out of band (keys admin-user, admin-password).
 * const platform = new DynamoPlatform('dynamo', { kubePrometheusStack: { grafanaAdminSecret: SecretRef.fromSecretName('grafana-admin') } });
 * const llm = new AggregatedLlm('qwen', {
 *   model: 'Qwen/Qwen3-0.6B',
 *   namespace: 'llm',
 *   platform,
 *   planner: Planner.sla({ ttftMs: 300, itlMs: 30, maxGpus: 8 }),
 * });
 * export const releases = Object.keys(platform.releases);
 * export const endpoint = llm.endpoint;
 */
export class DynamoPlatform extends pulumi.ComponentResource {
  /**
   * A platform installed without this library, for graphs to run on (`platform` of a pattern
   * component): its release, namespace, Prometheus and the device resources its cluster
   * advertises. The same as the package root's `DynamoPlatform.fromExisting`; a pattern given it
   * depends on nothing.
   */
  public static fromExisting(options: ExistingDynamoPlatformOptions): IDynamoPlatform {
    return reportingInputErrors(() => DynamoPlatformConstruct.fromExisting(options));
  }

  /** Whether `x` is this component (of any copy of the package). */
  public static isDynamoPlatform(x: unknown): x is DynamoPlatform {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[PLATFORM_COMPONENT_BRAND] === true;
  }

  /**
   * The cdk8s construct the releases come from (its `releases` are what is installed). A pattern
   * given this component reads it for the platform's release, Prometheus and device plugins.
   */
  public readonly platform: DynamoPlatformConstruct;
  /** The Helm Release of each of the platform's releases, by release id (`dynamo-platform`, `gpu-operator`, ...). */
  public readonly releases: Readonly<Record<string, k8s.helm.v3.Release>>;
  /**
   * Every resource of the component in registration order: the Releases, their manifests' custom
   * resources, and the Namespaces of the releases that need labels on theirs.
   */
  public readonly resources: readonly pulumi.CustomResource[];
  /** The Dynamo release of the chart and the operator, e.g. `1.1.0`, once the platform chart is installed. */
  public readonly version: pulumi.Output<string>;
  /** The namespace of the operator, once the platform chart is installed. */
  public readonly namespace: pulumi.Output<string>;
  /** The Prometheus the planner reads (undefined when there is none), once the platform chart is installed. */
  public readonly prometheusEndpoint: pulumi.Output<string | undefined>;

  /**
   * @throws pulumi.InputPropertyError when an arg is invalid: `propertyPath` is the args path (e.g.
   *   `gpuOperator.driver`, `namespace`, `timeout`, or `delivery` and `manifestsChart`, which only a cdk8s app takes), `reason` the validation message.
   *   Nothing is registered then.
   * @throws pulumi.InputPropertiesError when the construct's validation fails.
   */
  public constructor(name: string, args: DynamoPlatformArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    refuseCdk8sOnlyProps(args);
    checkComponentArgs(args, 'DynamoPlatformArgs', DYNAMO_PLATFORM_ARGS_FIELDS);
    const { timeout, ...props } = args;
    const timeoutSeconds = helmTimeoutSeconds(timeout);
    // The construct in a chart whose App tells it the engine: it then needs no delivery, creates no
    // GitOps objects, and its errors carry Pulumi's fixes.
    const host = new ChartHost({});
    const platform = reportingInputErrors(() => {
      const built = new DynamoPlatformConstruct(host.chart, name, props);
      checkReleases(built.releases);
      return built;
    });
    // Validated as `cdk8s synth` would before anything is registered: invalid args register nothing.
    host.synth();

    super('dynamo-constructs:index:DynamoPlatform', name, {}, opts);
    Object.defineProperty(this, PLATFORM_COMPONENT_BRAND, { value: true });
    this.platform = platform;
    const { releases, resources } = registerReleases(this, name, platform.releases, timeoutSeconds);
    this.releases = releases;
    this.resources = resources;

    // Known at plan time, but resolved through the platform chart's Release so that dependents wait for it.
    const afterPlatform = <V>(value: V): pulumi.Output<V> => releases[platform.platformRelease.id].urn.apply(() => value);
    this.version = afterPlatform(platform.version.version);
    this.namespace = afterPlatform(platform.namespace);
    this.prometheusEndpoint = afterPlatform(platform.prometheusEndpoint);
    this.registerOutputs({
      version: this.version,
      namespace: this.namespace,
      prometheusEndpoint: this.prometheusEndpoint,
      releases: Object.fromEntries(Object.entries(releases).map(([id, r]) => [id, r.name])),
    });
  }
}

/** The props only the cdk8s construct takes: named, with the engine's fix, rather than as unknown keys. */
const CDK8S_ONLY_PROPS = ['delivery', 'manifestsChart'] as const;

function refuseCdk8sOnlyProps(args: unknown): void {
  if (typeof args !== 'object' || args === null) return;
  for (const prop of CDK8S_ONLY_PROPS) {
    const value = (args as Record<string, unknown>)[prop];
    if (value === undefined) continue;
    reportingInputErrors(() => {
      throw invalid(prop, 'is for a cdk8s app (GitOps objects): the Pulumi component installs each chart as a kubernetes.helm.v3.Release itself',
        String(value), `remove ${prop}`);
    });
  }
}

/** The seconds of the `timeout` arg. */
function helmTimeoutSeconds(timeout: string | undefined): number {
  const value = timeout ?? DEFAULT_HELM_TIMEOUT;
  return reportingInputErrors(() => {
    if (!isGoDuration(value) || goDurationSeconds(value) < 1 || !Number.isInteger(goDurationSeconds(value))) {
      throw invalid('timeout', 'must be a duration of whole seconds such as "15m" or "1h"', value, 'use a number followed by h, m or s');
    }
    return goDurationSeconds(value);
  });
}

/**
 * Registers the Release of each release (given in dependency order) and its manifests' resources.
 * A Release depends on the Releases of its `dependsOn` and on their manifests' resources (as an
 * Argo CD sync wave comes after them), and on the Namespace of its namespace when the release
 * needs labels on it; a manifest's resource on its own Release.
 */
function registerReleases(parent: pulumi.ComponentResource, name: string, releases: readonly PlatformRelease[], timeoutSeconds: number): {
  releases: Record<string, k8s.helm.v3.Release>; resources: pulumi.CustomResource[];
} {
  const byId: Record<string, k8s.helm.v3.Release> = {};
  const manifestsOf: Record<string, pulumi.CustomResource[]> = {};
  const resources: pulumi.CustomResource[] = [];
  const namespaces = labelledNamespaces(releases);
  const namespaceResources = new Map<string, k8s.core.v1.Namespace>();
  for (const release of releases) {
    const labels = namespaces.get(release.namespace);
    let namespace = namespaceResources.get(release.namespace);
    if (labels !== undefined && namespace === undefined) {
      namespace = new k8s.core.v1.Namespace(resourceName(name, { name: release.namespace }), { metadata: { name: release.namespace, labels } }, { parent });
      namespaceResources.set(release.namespace, namespace);
      resources.push(namespace);
    }
    const dependsOn = [...(namespace ? [namespace] : []), ...release.dependsOn.flatMap((id) => [byId[id], ...manifestsOf[id]])];
    const resource = new k8s.helm.v3.Release(`${name}/${release.id}`, releaseArgs(release, timeoutSeconds), {
      parent,
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
      // Renamed or moved, the new release would be installed before the old one is uninstalled, and
      // Helm refuses objects another release owns (the cluster-scoped CRDs, roles and webhooks).
      deleteBeforeReplace: true,
    });
    byId[release.id] = resource;
    resources.push(resource);
    manifestsOf[release.id] = release.manifests.map((m) => {
      const manifest: KubeObject = { apiVersion: m.apiVersion, kind: m.kind, metadata: { ...m.metadata }, spec: m.spec };
      const ResourceClass = resourceClassFor(manifest);
      return new ResourceClass(resourceName(`${name}/${release.id}`, m.metadata), manifest, { parent, dependsOn: [resource] });
    });
    resources.push(...manifestsOf[release.id]);
  }
  return { releases: byId, resources };
}

/**
 * The labels of each namespace that a release needs labelled (Pod Security admission's `privileged`
 * for the GPU and Network Operators), merged over the releases it holds. Helm's `createNamespace`
 * makes a namespace without labels, so such a namespace is a resource of its own, as in the Flux
 * delivery (Argo CD sets them with `managedNamespaceMetadata`); it is deleted after its releases.
 */
function labelledNamespaces(releases: readonly PlatformRelease[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const r of releases) {
    if (r.namespaceLabels === undefined || Object.keys(r.namespaceLabels).length === 0) continue;
    out.set(r.namespace, { ...out.get(r.namespace), ...r.namespaceLabels });
  }
  return out;
}

/**
 * The Release args of a release: the chart from its https:// Helm repository (`repositoryOpts.repo`,
 * as `helm install --repo`), or an OCI chart by its full reference (`chart: oci://<path>/<chart>`
 * with `version`; OCI registries came to Pulumi's Release with pulumi/pulumi-kubernetes PR #1892). The
 * release is installed into its namespace, created when missing, and its Helm release Secrets are
 * kept there (as Flux's `storageNamespace` does). The values go to Helm exactly as the GitOps
 * objects carry them (`allowNullValues`: a null in a list is kept).
 */
function releaseArgs(release: PlatformRelease, timeoutSeconds: number): k8s.helm.v3.ReleaseArgs {
  const { repository, chart, version } = release.source;
  const oci = repository.startsWith('oci://');
  return {
    name: release.releaseName,
    namespace: release.namespace,
    createNamespace: true,
    ...(oci ? { chart: `${repository.replace(/\/+$/, '')}/${chart}` } : { chart, repositoryOpts: { repo: repository } }),
    version,
    values: structuredClone(release.values) as Record<string, unknown>,
    allowNullValues: true,
    timeout: timeoutSeconds,
  };
}
