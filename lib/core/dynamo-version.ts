import { invalid } from './errors';

/**
 * Facts that depend on the Dynamo release, in one table. Each row is the first release that has
 * the feature, with its source: `../shared/reference/dynamo-on-kubernetes.md` (§0, §1, §2, §5) up to
 * 1.4, `../shared/reference/dynamo-after-1.4.md` (§1.1) after it (ai-dynamo/dynamo pull requests).
 * Each row says whether the library acts on it; rows the library does not act on are read by the
 * docs and tests only.
 */
const FEATURES = {
  /** `nvidia.com/v1beta1` DynamoGraphDeployment is served (PR #8647, v1.2.0). Picks the default API generation. */
  v1beta1Api: '1.2.0',
  /** `runtimeVersionOverride` and the admission rule that requires it for non-semver tags (PR #10494, v1.4.0). Emitted. */
  runtimeVersionOverride: '1.4.0',
  /** The dedicated `dynamo-planner:<version>` image (v1.1.0). Picks the planner's default image. */
  plannerImage: '1.1.0',
  /** PlannerConfig `throughput_adjustment_interval_seconds` (v1.0 named it `throughput_adjustment_interval`; reference §5.1). Emitted. */
  plannerIntervalSeconds: '1.1.0',
  /**
   * The set of component names and `spec.backendFramework` cannot change after creation ("component
   * topology is immutable"; operator `internal/webhook/validation/dynamographdeployment.go`, since
   * December 2025, before v1.0.0). Not emitted: the Pulumi components' `replaceOnImmutableChange` reads it.
   */
  immutableTopology: '1.0.0',
  /**
   * A component's `type` (v1alpha1 `componentType`/`subComponentType`) cannot change after creation
   * (PR #13763). Not emitted: the Pulumi components' `replaceOnImmutableChange` reads it.
   */
  immutableComponentType: '1.5.0',
  /**
   * The v1alpha1 CRD rejects `spec.restart` on create (`oldSelf.hasValue() || !has(self.restart)`;
   * PR #10955, merged 2026-06-29, in 1.3.0). v1beta1 rejects it in every release (#14093).
   */
  restartRejectedOnCreate: '1.3.0',
  /**
   * The operator persists its workload provider choice in the `nvidia.com/workload-provider`
   * annotation, which is immutable afterwards, with no fallback from Grove to Deployment (PR #12942).
   * Not emitted: the Pulumi components' `replaceOnImmutableChange` reads it.
   */
  immutableWorkloadProvider: '1.5.0',
  /**
   * The v1alpha1 admission webhook endpoints are removed: DGD validation runs only on the v1beta1
   * form, and v1alpha1 is still served through the conversion webhook (PR #11177). Nothing to emit:
   * a v1alpha1 DGD is still accepted; read by the docs and tests.
   */
  v1beta1AdmissionOnly: '1.5.0',
  /**
   * `components[].roles[]` (exactly one `leader` and one `worker` for multinode; PR #14419). Not
   * emitted: the DGD CRD the library is checked against (`../shared/crds/dynamo`, 1.5.0-dev) has no
   * `roles`, and `multinode: {nodeCount}` alone is still valid.
   */
  componentRoles: '1.5.0',
  /** Role-specific pod templates: a multinode worker overrides the leader's pod (PR #14468). Not emitted. */
  rolePodTemplates: '1.6.0',
} as const;

/** A Dynamo feature whose availability depends on the release. */
export type DynamoFeature = keyof typeof FEATURES;

/**
 * Releases in Dynamo's release list, oldest first. Sources: R = `docs/fern/components/releases.data.ts`
 * (ai-dynamo/dynamo; 1.4.1 and later as quoted by `../shared/reference/dynamo-after-1.4.md` §1),
 * N = the v1.5.0 release notes `docs/fern/pages/reference/general/releases/dynamo-v1-5-0.mdx`,
 * D = docs.nvidia.com/dynamo.
 *
 * | version | date        | source                                                                      |
 * |---------|-------------|-----------------------------------------------------------------------------|
 * | 1.0.0   | 2026-03-12  | R                                                                           |
 * | 1.0.1   | 2026-03-16  | R                                                                           |
 * | 1.0.2   | 2026-04-22  | R                                                                           |
 * | 1.1.0   | 2026-05-01  | R                                                                           |
 * | 1.1.1   | 2026-05-05  | R                                                                           |
 * | 1.2.0   | 2026-06-02  | R                                                                           |
 * | 1.2.1   | 2026-06-13  | R                                                                           |
 * | 1.3.0   | 2026-07-20  | R                                                                           |
 * | 1.3.1   | 2026-08-05  | R                                                                           |
 * | 1.4.0   | 2026-08-14  | R                                                                           |
 * | 1.4.1   | 2026-08-21  | R                                                                           |
 * | 1.4.2   | 2026-08-28  | R (first release also published with the `-enterprise` suffix)             |
 * | 1.5.0   | 2026-09-18  | N; PRs #15108, #15113                                                       |
 * | 1.5.1   | 2026-10-06  | N, "Patch releases"                                                         |
 * | 1.6.0   | 2026-10-22  | D `/dynamo/latest/reference/releases/v1-6-0`                                |
 * | 1.6.1   | unpublished | D version index `/dynamo/v1.6.1/`                                           |
 * | 1.6.2   | unpublished | D version index `/dynamo/v1.6.2/`; the v1.7.0 page header says "Latest (v1.6.2)" |
 *
 * Only `stable` and `patch` entries of R are listed (no `-dev` previews or model builds). v1.7.0 is
 * not listed: its docs exist, but the docs still call v1.6.2 the latest (GA not confirmed).
 */
const KNOWN_RELEASES = [
  '1.0.0', '1.0.1', '1.0.2', '1.1.0', '1.1.1', '1.2.0', '1.2.1', '1.3.0', '1.3.1',
  '1.4.0', '1.4.1', '1.4.2', '1.5.0', '1.5.1', '1.6.0', '1.6.1', '1.6.2',
] as const;

/** The first release with `feature`; an unknown feature (an untyped caller) is a named error. */
function featureRelease(feature: DynamoFeature): string {
  if (typeof feature !== 'string' || !Object.prototype.hasOwnProperty.call(FEATURES, feature)) {
    throw invalid('feature', 'must be a DynamoFeature', feature, `use one of ${Object.keys(FEATURES).join(', ')}`);
  }
  return FEATURES[feature];
}

/** The oldest release whose Kubernetes API this library renders (v1alpha1 of the v1.0 era). */
const OLDEST_SUPPORTED = '1.0.0';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

function parse(version: string): [number, number, number] {
  const m = SEMVER.exec(version);
  if (!m) throw new Error(`not a semantic version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function compare(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}

/**
 * A Dynamo release. It decides the DynamoGraphDeployment API generation, the runtime image tags and
 * which flags and fields exist.
 *
 * There is a constant for the first release of each minor and for the newest listed patch of each
 * minor (e.g. `V1_6_0` and `V1_6_2`); every other release in {@link DynamoVersion.KNOWN_RELEASES}
 * (e.g. `1.6.1`) is `DynamoVersion.of('1.6.1')`.
 *
 * @example
 * DynamoVersion.LATEST            // the default: 1.6.2
 * DynamoVersion.V1_4_2            // a listed release
 * DynamoVersion.of('1.6.1')       // a listed release without a constant
 */
export class DynamoVersion {
  /** Dynamo 1.0.0 (March 2026): v1alpha1 only. */
  public static readonly V1_0_0 = new DynamoVersion('1.0.0');
  /** Dynamo 1.0.2 (April 2026), the last 1.0 patch. */
  public static readonly V1_0_2 = new DynamoVersion('1.0.2');
  /** Dynamo 1.1.0 (May 2026): v1alpha1 only; dedicated planner image. */
  public static readonly V1_1_0 = new DynamoVersion('1.1.0');
  /** Dynamo 1.1.1 (May 2026), the last 1.1 patch. */
  public static readonly V1_1_1 = new DynamoVersion('1.1.1');
  /** Dynamo 1.2.0 (June 2026): v1beta1 served. */
  public static readonly V1_2_0 = new DynamoVersion('1.2.0');
  /** Dynamo 1.2.1 (June 2026), the last 1.2 patch. */
  public static readonly V1_2_1 = new DynamoVersion('1.2.1');
  /** Dynamo 1.3.0 (July 2026). */
  public static readonly V1_3_0 = new DynamoVersion('1.3.0');
  /** Dynamo 1.3.1 (August 2026), the last 1.3 patch. */
  public static readonly V1_3_1 = new DynamoVersion('1.3.1');
  /** Dynamo 1.4.0 (August 2026): v1beta1 is the storage version; `runtimeVersionOverride`. */
  public static readonly V1_4_0 = new DynamoVersion('1.4.0');
  /** Dynamo 1.4.2 (August 2026), the last 1.4 patch; the first with `-enterprise` images. */
  public static readonly V1_4_2 = new DynamoVersion('1.4.2');
  /**
   * Dynamo 1.5.0 (September 2026): v1alpha1 admission endpoints removed (v1alpha1 still served
   * through conversion); a component's type and the workload provider are immutable.
   */
  public static readonly V1_5_0 = new DynamoVersion('1.5.0');
  /** Dynamo 1.5.1 (October 2026), the last 1.5 patch. */
  public static readonly V1_5_1 = new DynamoVersion('1.5.1');
  /** Dynamo 1.6.0 (October 2026): role-specific pod templates for multinode components. */
  public static readonly V1_6_0 = new DynamoVersion('1.6.0');
  /** Dynamo 1.6.2, the last 1.6 patch (the docs' "Latest" release). */
  public static readonly V1_6_2 = new DynamoVersion('1.6.2');

  /**
   * The newest release the sources back (the Dynamo docs call v1.6.2 "Latest"), and the default
   * everywhere: the patterns pick the images `nvcr.io/nvidia/ai-dynamo/<backend>-runtime:1.6.2` and
   * `nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.6.2`. Changing it is a one-line change here, and the
   * tests pin their expectations to it.
   */
  public static readonly LATEST = DynamoVersion.V1_6_2;

  /** The releases in Dynamo's release list (stable and patch releases), oldest first. */
  public static readonly KNOWN_RELEASES: readonly string[] = KNOWN_RELEASES;

  /**
   * Any release from 1.0.0 on, as `MAJOR.MINOR.PATCH`.
   *
   * A release that is not in {@link DynamoVersion.KNOWN_RELEASES} is accepted here (the
   * `DynamoGraphDeployment` construct takes your images), but the patterns (`AggregatedLlm`,
   * `DisaggregatedLlm`) reject it unless you name every image they would otherwise pick (`image`, or
   * `frontend.image` and each pool's `image`, and the planner's `image`): the library does not know
   * whether images of that release exist. Features are gated by comparing releases, so an unlisted
   * release newer than {@link DynamoVersion.LATEST} gets LATEST's behaviour.
   */
  public static of(version: string): DynamoVersion {
    if (typeof version !== 'string' || !SEMVER.test(version)) {
      throw invalid('dynamoVersion', 'must be a release version MAJOR.MINOR.PATCH', version, `use for example DynamoVersion.of('${DynamoVersion.LATEST.version}')`);
    }
    if (compare(version, OLDEST_SUPPORTED) < 0) {
      throw invalid('dynamoVersion', `must be ${OLDEST_SUPPORTED} or newer`, version,
        `releases before ${OLDEST_SUPPORTED} need NATS/etcd and an older CRD layout that this library does not render; upgrade Dynamo`);
    }
    return new DynamoVersion(version);
  }

  private constructor(
    /** The release, `MAJOR.MINOR.PATCH`. */
    public readonly version: string,
  ) {}

  /** Whether this release has the given feature. */
  public supports(feature: DynamoFeature): boolean {
    return compare(this.version, featureRelease(feature)) >= 0;
  }

  /** The first release with the given feature. */
  public static firstReleaseWith(feature: DynamoFeature): string {
    return featureRelease(feature);
  }

  /** Whether this release is older than `other`. */
  public isOlderThan(other: DynamoVersion): boolean {
    return compare(this.version, other.version) < 0;
  }

  /** Whether this release is in Dynamo's release list. */
  public get isKnownRelease(): boolean {
    return (KNOWN_RELEASES as readonly string[]).includes(this.version);
  }

  /** The release, e.g. `1.6.2`. */
  public toString(): string {
    return this.version;
  }
}

/**
 * A tag the operator reads as a runtime version: strict semantic version (no leading zeros, no empty
 * pre-release or build identifiers), with an optional `v` or `V` (`internal/runtimeversion/runtimeversion.go`
 * `imageTagPattern`, from PR #10494).
 */
const SEMVER_TAG = /^[vV]?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Whether an image reference has a tag that parses as a semantic version (`1.4.0`, `v1.4.0-efa`,
 * `1.4.0@sha256:...`), as the operator decides it. A digest alone and tags such as `latest` or
 * `my-tag` do not.
 * @internal
 */
export function imageHasSemverTag(image: string): boolean {
  const tag = imageTag(image);
  return tag !== undefined && SEMVER_TAG.test(tag.trim());
}

/**
 * The runtime version a semver image tag names (`1.4.0-efa` gives `1.4.0`), if any.
 * @internal
 */
export function imageTagVersion(image: string): string | undefined {
  if (!imageHasSemverTag(image)) return undefined;
  const m = /^[vV]?(\d+\.\d+\.\d+)/.exec(imageTag(image)!.trim());
  return m ? m[1] : undefined;
}

/**
 * The tag of an image reference, or undefined for an untagged reference or a digest alone; a digest
 * after the tag is ignored, as the operator does (the text after the last ':' following the last '/',
 * before any '@').
 * @internal
 */
export function imageTag(image: string): string | undefined {
  const at = image.indexOf('@');
  const ref = at === -1 ? image : image.slice(0, at);
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon <= lastSlash ? undefined : ref.slice(colon + 1);
}
