import { DynamoVersion, imageHasSemverTag } from '../core/dynamo-version';
import { invalid } from '../core/errors';

/** `spec.runtimeVersionOverride`: the CRD's pattern. */
const RUNTIME_VERSION = /^(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})$/;

/**
 * The profiler image of a release: the dedicated `dynamo-planner` image from Dynamo 1.1 (it carries
 * the profiler's dependencies; operator `dynamographdeploymentrequest_types.go`: "For Dynamo < 1.1.0,
 * use dynamo-frontend"; the operator's defaulting webhook picks `dynamo-planner:<operator version>`),
 * `dynamo-frontend` before (the v1.0 profiler guide's `dynamo-frontend:1.0.0`).
 * @internal
 */
export function defaultProfilerImage(version: DynamoVersion): string {
  const repo = version.supports('plannerImage') ? 'dynamo-planner' : 'dynamo-frontend';
  return `nvcr.io/nvidia/ai-dynamo/${repo}:${version.version}`;
}

/**
 * The image and runtime version the request carries, after the operator's admission rules
 * (`internal/webhook/validation/dynamographdeploymentrequest.go`): a `spec.image` without a
 * semantic-version tag needs `runtimeVersionOverride` (Dynamo >= 1.4), which an older operator
 * rejects as an unknown field. An unlisted release needs an explicit image.
 * @internal
 */
export function profilerImage(version: DynamoVersion, image: string | undefined, runtimeVersionOverride: string | undefined): { image: string; runtimeVersionOverride?: string } {
  if (image !== undefined && (image === '' || /\s/.test(image))) {
    throw invalid('image', 'must be a container image reference', image, `use e.g. "${defaultProfilerImage(version)}"`);
  }
  if (image === undefined && !version.isKnownRelease) {
    throw invalid('dynamoVersion', `must be a known Dynamo release (${DynamoVersion.KNOWN_RELEASES.join(', ')}) when the library picks the profiler image`,
      version.version, `use DynamoVersion.LATEST (${DynamoVersion.LATEST.version}) or a listed release, or name the image: image`);
  }
  const chosen = image ?? defaultProfilerImage(version);
  const first = DynamoVersion.firstReleaseWith('runtimeVersionOverride');
  if (runtimeVersionOverride !== undefined) {
    if (!RUNTIME_VERSION.test(runtimeVersionOverride)) {
      throw invalid('runtimeVersionOverride', 'must be MAJOR.MINOR.PATCH', runtimeVersionOverride, `use the Dynamo release inside the image, e.g. "${version.version}"`);
    }
    if (!version.supports('runtimeVersionOverride')) {
      throw invalid('runtimeVersionOverride', `needs Dynamo ${first} or newer: the operator of ${version.version} rejects the request with "unknown field spec.runtimeVersionOverride" (Dynamo #14074)`,
        runtimeVersionOverride, 'remove runtimeVersionOverride (this release derives nothing from the tag), or raise dynamoVersion to the operator\'s release');
    }
    return { image: chosen, runtimeVersionOverride };
  }
  if (version.supports('runtimeVersionOverride') && !imageHasSemverTag(chosen)) {
    throw invalid('image', `must have a semantic-version tag unless runtimeVersionOverride is set (Dynamo >= ${first} admission rule for spec.image)`,
      chosen, `tag the image with its Dynamo version (e.g. ":${version.version}") or set runtimeVersionOverride: "${version.version}"`);
  }
  return { image: chosen };
}
