import { invalid } from './errors';

/**
 * Facts that depend on the Dynamo release, in one table. Each row is the first release that has
 * the feature; sources are in `../shared/reference/dynamo-on-kubernetes.md` (§0, §1, §2, §5).
 */
const FEATURES = {
  /** `nvidia.com/v1beta1` DynamoGraphDeployment is served (PR #8647, v1.2.0). */
  v1beta1Api: '1.2.0',
  /** `runtimeVersionOverride` and the admission rule that requires it for non-semver tags (PR #10494, v1.4.0). */
  runtimeVersionOverride: '1.4.0',
  /** The dedicated `dynamo-planner:<version>` image (v1.1.0). */
  plannerImage: '1.1.0',
  /** PlannerConfig `throughput_adjustment_interval_seconds` (v1.0 named it `throughput_adjustment_interval`; reference §5.1). */
  plannerIntervalSeconds: '1.1.0',
} as const;

/** A Dynamo feature whose availability depends on the release. */
export type DynamoFeature = keyof typeof FEATURES;

/** Releases in Dynamo's release list (`docs/fern/components/releases.data.ts`), oldest first. */
const KNOWN_RELEASES = ['1.0.0', '1.0.1', '1.1.0', '1.1.1', '1.2.0', '1.3.0', '1.3.1', '1.4.0'] as const;

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
 * @example
 * DynamoVersion.V1_4_0            // the default
 * DynamoVersion.of('1.4.2')       // a patch release not listed here
 */
export class DynamoVersion {
  /** Dynamo 1.0.0 (March 2026): v1alpha1 only. */
  public static readonly V1_0_0 = new DynamoVersion('1.0.0');
  /** Dynamo 1.1.0 (May 2026): v1alpha1 only; dedicated planner image. */
  public static readonly V1_1_0 = new DynamoVersion('1.1.0');
  /** Dynamo 1.2.0 (June 2026): v1beta1 served. */
  public static readonly V1_2_0 = new DynamoVersion('1.2.0');
  /** Dynamo 1.3.0 (July 2026). */
  public static readonly V1_3_0 = new DynamoVersion('1.3.0');
  /** Dynamo 1.3.1 (August 2026). */
  public static readonly V1_3_1 = new DynamoVersion('1.3.1');
  /** Dynamo 1.4.0 (August 2026): v1beta1 is the storage version; `runtimeVersionOverride`. */
  public static readonly V1_4_0 = new DynamoVersion('1.4.0');

  /**
   * The newest release this library was checked against, and the default everywhere. Changing it is
   * a one-line change here, and the tests pin their expectations to it.
   */
  public static readonly LATEST = DynamoVersion.V1_4_0;

  /** The releases in Dynamo's release list, oldest first. */
  public static readonly KNOWN_RELEASES: readonly string[] = KNOWN_RELEASES;

  /**
   * Any release from 1.0.0 on, as `MAJOR.MINOR.PATCH`.
   *
   * Releases newer than {@link DynamoVersion.LATEST} are accepted and treated like it.
   */
  public static of(version: string): DynamoVersion {
    if (!SEMVER.test(version)) {
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
    return compare(this.version, FEATURES[feature]) >= 0;
  }

  /** The first release with the given feature. */
  public static firstReleaseWith(feature: DynamoFeature): string {
    return FEATURES[feature];
  }

  /** Whether this release is older than `other`. */
  public isOlderThan(other: DynamoVersion): boolean {
    return compare(this.version, other.version) < 0;
  }

  /** Whether this release is in Dynamo's release list. */
  public get isKnownRelease(): boolean {
    return (KNOWN_RELEASES as readonly string[]).includes(this.version);
  }

  public toString(): string {
    return this.version;
  }
}

/**
 * Whether an image reference has a tag that parses as a semantic version (`1.4.0`, `1.4.0-efa`).
 * Digests and tags such as `latest` or `my-tag` do not.
 * @internal
 */
export function imageHasSemverTag(image: string): boolean {
  const tag = imageTag(image);
  return tag !== undefined && /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(tag);
}

/**
 * The runtime version a semver image tag names (`1.4.0-efa` gives `1.4.0`), if any.
 * @internal
 */
export function imageTagVersion(image: string): string | undefined {
  if (!imageHasSemverTag(image)) return undefined;
  const m = /^v?(\d+\.\d+\.\d+)/.exec(imageTag(image)!);
  return m ? m[1] : undefined;
}

/**
 * The tag of an image reference, or undefined for digests and untagged references.
 * @internal
 */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}
