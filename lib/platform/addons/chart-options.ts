import { k8s } from 'cdk8s-plus-28';
import { DynamoVersion } from '../../core/dynamo-version';
import { invalid } from '../../core/errors';
import { checkProps, FieldShapes, jsonObjectShape, stringShape } from '../../core/input-shape';
import { BUILT_IN_NAMESPACES, isDns1035Label, validateNamespace } from '../../core/names';
import { ChartCatalogEntry } from '../chart-catalog';
import { checkHelmValues, HelmValues, mergeValues } from '../merge-values';
import { PlatformManifest, PlatformRelease } from '../platform-release';

/** What every add-on chart of a {@link DynamoPlatform} takes. */
export interface PlatformChartOptions {
  /**
   * The chart version, exactly as its repository lists it (`v26.7.0` for the GPU Operator,
   * `88.5.3` for kube-prometheus-stack).
   * @default - the version the library pins for this chart (lib/platform/chart-catalog.ts)
   */
  readonly version?: string;
  /**
   * The namespace to install the chart into (created when missing).
   * @default - the chart's usual namespace (`gpu-operator`, `monitoring`, ...)
   */
  readonly namespace?: string;
  /**
   * The Helm release name.
   * @default - the chart's usual release name (`gpu-operator`, `prometheus`, ...)
   */
  readonly releaseName?: string;
  /**
   * Chart values merged over the ones the typed options set, as Helm merges `-f` files: objects
   * merge key by key, arrays and scalars replace, `null` deletes a key.
   * @default - none
   */
  readonly values?: Record<string, unknown>;
}

/**
 * What an add-on knows of the platform it belongs to.
 * @internal
 */
export interface AddonContext {
  /** The cloud profile id: `generic`, `eks`, `eks-auto-mode`, `gke`, `aks`, or a custom profile's. */
  readonly cloudId: string;
  /** The platform's Dynamo release. */
  readonly version: DynamoVersion;
  /** The namespace of the Dynamo platform chart. */
  readonly platformNamespace: string;
  /** Tolerations for the add-ons' controllers (spot nodes), added to the charts' own. */
  readonly tolerations: readonly k8s.Toleration[];
  /**
   * Tolerations of the taints the cloud's GPU nodes carry, for the DaemonSets that must run on
   * them (drivers, device plugins, feature discovery): AKS GPU pools are tainted `sku=gpu:NoSchedule`.
   */
  readonly gpuNodeTolerations?: readonly k8s.Toleration[];
  /** The ids of the platform's add-ons that are on (`gpu-operator`, `kube-prometheus-stack`, ...). */
  readonly enabled: ReadonlySet<string>;
  /**
   * Whether the GPU nodes of the platform's `cloud` come with the NVIDIA driver
   * (`CloudProfile.providesGpuDriver()`: EKS GPU AMIs, GKE, AKS' managed driver).
   * @default - undefined: the platform names no cloud, or its cloud does not know (generic, custom)
   */
  readonly cloudProvidesGpuDriver?: boolean;
  /**
   * The Prometheus URL of the platform: its explicit `prometheusEndpoint` when set (the one the
   * planner reads too), else kube-prometheus-stack's when that add-on is on.
   * @default - none: the platform has no Prometheus
   */
  readonly prometheusEndpoint?: string;
}

/** The shapes of the {@link PlatformChartOptions} fields, for the add-ons' own tables. @internal */
export const CHART_OPTION_FIELDS = {
  version: stringShape(),
  namespace: stringShape(),
  releaseName: stringShape(),
  values: jsonObjectShape('Helm values'),
} as const satisfies FieldShapes;

/** SemVer 2 with an optional leading v, which Helm accepts in chart versions. */
const CHART_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
/**
 * The longest release name Helm accepts (`releaseNameMaxLen = 53`, helm/helm pkg/action/install.go;
 * it names Secrets `sh.helm.release.v1.<name>.v<n>`), which Flux's HelmRelease schema also caps
 * `spec.releaseName` at (helm.toolkit.fluxcd.io/v2 CRD, `maxLength: 53`).
 */
const MAX_RELEASE_NAME = 53;

/**
 * Checks an add-on's options object (unknown keys, wrong types) and the chart options every add-on
 * shares. `fields` are the add-on's own shapes plus {@link CHART_OPTION_FIELDS}.
 * @internal
 */
export function checkAddonOptions(prop: string, options: unknown, typeName: string, fields: FieldShapes): void {
  checkProps(prop, options, typeName, fields);
  const o = options as PlatformChartOptions;
  if (o.version !== undefined) validateChartVersion(`${prop}.version`, o.version);
  if (o.namespace !== undefined) validateNamespace(`${prop}.namespace`, o.namespace);
  if (o.releaseName !== undefined) validateReleaseName(`${prop}.releaseName`, o.releaseName);
  if (o.values !== undefined) checkHelmValues(`${prop}.values`, o.values);
}

/** A chart version: SemVer, as the repository lists it (no ranges: a platform pins its charts). @internal */
export function validateChartVersion(prop: string, version: string): void {
  if (!CHART_VERSION.test(version)) {
    throw invalid(prop, 'must be an exact chart version (SemVer, optionally with a leading v, as the repository lists it)', version,
      'pin the version the chart repository lists, e.g. "v26.7.0" or "88.5.3"; ranges would make the platform change under you');
  }
}

/**
 * A release name, checked once for every chart: Helm's rule (helm `pkg/chartutil/validate_name.go`:
 * DNS-1123 subdomain syntax, at most 53 characters) narrowed to a DNS-1035 label, because the name
 * also names the release's GitOps objects (a Flux `HelmRelease`, an Argo CD `Application`) and the
 * charts name their Services after it (`<release>-<chart>`), which must be DNS-1035 labels: no dots,
 * starting with a letter.
 * @internal
 */
export function validateReleaseName(prop: string, name: string): void {
  if (name.length > MAX_RELEASE_NAME || !isDns1035Label(name)) {
    throw invalid(prop, `must be a Helm release name that is also a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, no dots, at most ${MAX_RELEASE_NAME} characters): it names the release's GitOps objects and the chart's Services`,
      name, 'use a name such as "gpu-operator"');
  }
}

/**
 * The Pod Security admission label a namespace needs when a chart runs privileged pods (driver,
 * device plugin and OFED DaemonSets): https://kubernetes.io/docs/concepts/security/pod-security-admission/.
 * @internal
 */
export const PRIVILEGED_NAMESPACE: Readonly<Record<string, string>> = { 'pod-security.kubernetes.io/enforce': 'privileged' };

/**
 * Checks that a chart whose namespace the platform labels (and so owns: a Flux `Namespace` object,
 * a Pulumi `Namespace` resource) is not installed into a built-in namespace, which deleting the
 * platform would then delete.
 * @internal
 */
export function checkOwnNamespace(prop: string, namespace: string | undefined): void {
  if (namespace !== undefined && BUILT_IN_NAMESPACES.includes(namespace)) {
    throw invalid(`${prop}.namespace`, `must be a namespace of its own, not ${namespace}: its pods run privileged, so the platform labels the namespace for Pod Security admission and owns it (deleting the platform deletes it)`,
      namespace, 'leave namespace out for the chart\'s usual one, or name a new namespace');
  }
}

/** What an add-on computed, for {@link addonRelease}. @internal */
export interface AddonReleaseInput {
  /** The catalog row of the chart. */
  readonly entry: ChartCatalogEntry;
  /** The user's options (already checked). */
  readonly options: PlatformChartOptions;
  /** The values the typed options set. */
  readonly values: HelmValues;
  /** @default [] */
  readonly dependsOn?: readonly string[];
  /** @default [] */
  readonly manifests?: readonly PlatformManifest[];
  /** @default [] */
  readonly deviceResources?: readonly string[];
  /** @default - none */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

/**
 * The release of an add-on: the catalog's defaults overridden by the options, and the `values`
 * escape hatch merged over the typed values with Helm's rules.
 * @internal
 */
export function addonRelease(input: AddonReleaseInput): PlatformRelease {
  const { entry, options } = input;
  return {
    id: entry.id,
    displayName: entry.displayName,
    releaseName: options.releaseName ?? entry.releaseName,
    namespace: options.namespace ?? entry.namespace,
    ...(input.namespaceLabels !== undefined ? { namespaceLabels: { ...input.namespaceLabels } } : {}),
    source: { repository: entry.repository, chart: entry.chart, version: options.version ?? entry.version },
    values: options.values === undefined ? mergeValues({}, input.values) : mergeValues(input.values, options.values),
    dependsOn: [...(input.dependsOn ?? [])],
    manifests: [...(input.manifests ?? [])],
    deviceResources: [...(input.deviceResources ?? [])],
  };
}

/**
 * A chart's default tolerations followed by the platform's, without repeats: a list value replaces
 * the chart's default, so the defaults are restated.
 * @internal
 */
export function withTolerations(chartDefaults: readonly k8s.Toleration[], platform: readonly k8s.Toleration[]): k8s.Toleration[] {
  const out: k8s.Toleration[] = [];
  const seen = new Set<string>();
  for (const t of [...chartDefaults, ...platform]) {
    const key = JSON.stringify([t.key, t.operator, t.value, t.effect, t.tolerationSeconds]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...t });
  }
  return out;
}

/** Whether `version` (a chart version, `v` optional) is at least `major.minor.patch`. @internal */
export function chartVersionAtLeast(version: string, major: number, minor: number, patch: number): boolean {
  const m = CHART_VERSION.exec(version);
  if (!m) return false;
  const got = [Number(m[1]), Number(m[2]), Number(m[3])];
  const want = [major, minor, patch];
  for (let i = 0; i < 3; i++) if (got[i] !== want[i]) return got[i] > want[i];
  return m[4] === undefined; // a pre-release of the wanted version is older
}
