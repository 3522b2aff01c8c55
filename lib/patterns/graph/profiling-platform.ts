import { Cloud } from '../../cloud/cloud';
import { DynamoVersion } from '../../core/dynamo-version';
import { invalid } from '../../core/errors';
import { PLATFORM } from '../../platform/platform-shape';
import { IDynamoPlatform } from '../../platform/served-platform';
import { DgdrHardwareOptions } from '../../profiling/dgdr-props';

/** The platform's release as this copy's DynamoVersion (a platform of another copy of the package carries that copy's). */
function releaseOf(platform: IDynamoPlatform): DynamoVersion {
  const version: { readonly version: string } = platform.version;
  if (version instanceof DynamoVersion) return version;
  try {
    return DynamoVersion.of(version.version);
  } catch {
    throw invalid('platform.version', 'must be a Dynamo release this library supports', version.version,
      `make the platform with a release of DynamoVersion.KNOWN_RELEASES, e.g. DynamoVersion.LATEST (${DynamoVersion.LATEST.version})`);
  }
}

/**
 * The release a profiled deployment targets: the platform's (`dynamoVersion` may only repeat it: an
 * operator rejects the fields of a newer release, Dynamo #14074), else `dynamoVersion`, else LATEST.
 * @internal
 */
export function profiledRelease(platform: IDynamoPlatform | undefined, dynamoVersion: DynamoVersion | undefined): DynamoVersion {
  if (platform === undefined) return dynamoVersion ?? DynamoVersion.LATEST;
  PLATFORM.check('platform', platform);
  const release = releaseOf(platform);
  if (dynamoVersion !== undefined && dynamoVersion.version !== release.version) {
    throw invalid('dynamoVersion', `must be the platform's Dynamo release (${release.version}): an operator rejects the request fields of a newer release ("unknown field", Dynamo #14074)`,
      dynamoVersion.version, `remove dynamoVersion (the request takes the platform's), or upgrade the platform to ${dynamoVersion.version} first`);
  }
  return release;
}

/** The GPU fields a namespace-restricted operator cannot discover (its sample and README: gpuSku, vramMb, numGpusPerNode). */
const UNDISCOVERABLE = ['gpuSku', 'vramMb', 'numGpusPerNode'] as const;

/**
 * Checks the request against the platform: the same cloud, the namespace a restricted operator
 * watches, and, since such an operator cannot list nodes to discover GPUs (its admission webhook
 * requires `spec.hardware` then), the GPU fields the profiler needs.
 * @internal
 */
export function checkProfilingPlatform(platform: IDynamoPlatform | undefined, cloud: Cloud, namespace: string, hardware: DgdrHardwareOptions): void {
  const serving = platform?._serving;
  if (serving === undefined) return;
  if (serving.cloudId !== undefined && serving.cloudId !== cloud.id) {
    throw invalid('cloud', `must be the cloud ${serving.description} was made for (${serving.cloudId})`, cloud.id, `use the platform's cloud, or give the platform cloud: ${cloud}`);
  }
  if (serving.restrictedTo === undefined) return;
  if (namespace !== serving.restrictedTo) {
    throw invalid('namespace', `must be ${serving.restrictedTo}: ${serving.description} runs a namespace-restricted operator that watches only that namespace`,
      namespace, `set namespace: '${serving.restrictedTo}'`);
  }
  const missing = UNDISCOVERABLE.find((k) => hardware[k] === undefined);
  if (missing !== undefined) {
    throw invalid(`hardware.${missing}`, `is required with the namespace-restricted operator of ${serving.description}, which cannot list nodes to discover GPUs`, undefined,
      `set hardware.${missing}${missing === 'gpuSku' ? ' (e.g. GpuSku.H100_SXM), or workers.gpuType' : missing === 'vramMb' ? ' (MiB per GPU, e.g. 81559 for an H100 80GB), or workers.machineType' : ' (e.g. 8), or workers.machineType'}`);
  }
}
