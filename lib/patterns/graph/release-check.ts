import { DynamoVersion } from '../../core/dynamo-version';
import { invalid } from '../../core/errors';
import { LlmCommonProps, WorkerPoolOptions } from '../llm-props';

/** A worker pool as the release check sees it: its prop name and options. @internal */
export interface ReleaseCheckPool {
  /** The prop name, e.g. `decode`. */
  readonly prop: string;
  readonly options: WorkerPoolOptions;
}

/**
 * Checks that the pattern only picks images of releases it knows: with a `dynamoVersion` that is
 * not in {@link DynamoVersion.KNOWN_RELEASES}, the user must name every image the pattern would
 * otherwise derive from the release (the frontend's, each pool's, and the planner's).
 * @throws DynamoValidationError of `dynamoVersion` naming the image props that are missing.
 * @internal
 */
export function checkKnownRelease(props: LlmCommonProps, pools: readonly ReleaseCheckPool[]): void {
  const version = props.dynamoVersion ?? DynamoVersion.LATEST;
  if (version.isKnownRelease) return;
  const missing = missingImages(props, pools, version);
  if (missing.length === 0) return;
  const latest = DynamoVersion.LATEST.version;
  throw invalid('dynamoVersion', `must be a known Dynamo release (${DynamoVersion.KNOWN_RELEASES.join(', ')}) when the library picks the images`,
    version.version,
    `use DynamoVersion.LATEST (${latest}) or a listed release; for a release this library does not list, name the images: ${missing.join(', ')}`);
}

/**
 * The image props the user left to the library, in the order the pattern adds the components. The
 * pattern's `image` covers the frontend, the pools, and the planner of a release without the
 * dedicated planner image (it runs the runtime image there); when it is missing too, the message
 * offers it as the one prop that covers them.
 */
function missingImages(props: LlmCommonProps, pools: readonly ReleaseCheckPool[], version: DynamoVersion): string[] {
  const coveredByImage = [
    ...(props.frontend?.image === undefined ? ['frontend.image'] : []),
    ...pools.filter((p) => p.options.image === undefined).map((p) => `${p.prop}.image`),
  ];
  const plannerMissing = props.planner !== undefined && !props.planner._namesImage;
  // Dynamo >= 1.1 runs the planner on its own image (`dynamo-planner:<version>`), which `image` does not replace.
  const ownPlannerImage = plannerMissing && version.supports('plannerImage');
  if (plannerMissing && !ownPlannerImage) coveredByImage.push('planner.image');
  const missing = props.image === undefined && coveredByImage.length > 0 ? [`image (or ${coveredByImage.join(' and ')})`] : [];
  return ownPlannerImage ? [...missing, 'planner.image'] : missing;
}
