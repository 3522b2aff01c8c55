import { DynamoVersion } from '../core/dynamo-version';
import { invalid } from '../core/errors';

/**
 * What the `DynamoGraphDeploymentRequest` accepts and does, by Dynamo release: each row is the first
 * release with the fact and its source (ai-dynamo/dynamo pull requests, as listed in the release notes
 * `docs/fern/pages/reference/general/releases/dynamo-v1-*.mdx`, and the history of
 * `deploy/operator/config/crd/bases/nvidia.com_dynamographdeploymentrequests.yaml`). The
 * `nvidia.com/v1beta1` DGDR itself is served by every release this library renders (PR #6352, preview
 * in 1.0.0, "graduated" in 1.2.0); `runtimeVersionOverride` is the library-wide row of
 * {@link DynamoVersion} (PR #10494, backported to 1.4.0 by PR #12427).
 * @internal
 */
const DGDR_FACTS = {
  /** The DGD the operator creates is named `<dgdr>-dgd`, or `overrides.dgd.metadata.name` (PR #7778, in 1.0.2 as #7835). Before: `<backend>-<agg|disagg>`. */
  predictableGraphName: '1.0.2',
  /** `sla.optimizationType` (PR #8796 in 1.1.0 as #8837); 1.0.0 lists it as a known issue ("not yet implemented"). */
  optimizationType: '1.1.0',
  /**
   * The profiler refuses, after profiling, a generated graph whose name plus a component's name is
   * over 45 characters (`profile_sla.py` `_validate_dgd_service_name_lengths`; PR #8807, in 1.1.0 as #8838).
   */
  graphNameLengthChecked: '1.1.0',
  /** TRT-LLM's disaggregated workers are generated as `prefill`/`decode`, not `TRTLLMPrefillWorker`/`TRTLLMDecodeWorker` (PR #8563). */
  shortTrtllmWorkerNames: '1.2.0',
  /** `hardware.interconnect` and `hardware.rdma` (PR #7551). */
  hardwareInterconnect: '1.2.0',
  /** A model cache without `pvcModelPath` no longer doubles the model path (`/opt/model-cache/opt/model-cache`; issue #8568, PR #8449). */
  modelCacheWithoutModelPath: '1.2.0',
  /**
   * `overrides.dgd` is merged structurally in the override's own API version, `v1alpha1` or `v1beta1`
   * (the generated graph is converted to it and back), with its `metadata.labels` and `annotations`
   * (Go override engine PR #11124 and docs PR #11487, both in the 1.4.0 release notes; the profiler's
   * use of it, PR #11187, merged before the 1.4.0 branch). Before, the override is deep-merged into the
   * v1alpha1 graph as a plain dict: lists replace lists.
   */
  versionedGraphOverride: '1.4.0',
  /** The profiler generates a v1beta1 graph (PR #12506, merged after the 1.4.0 branch). Before, v1alpha1. */
  v1beta1GeneratedGraph: '1.5.0',
  /**
   * An absolute `pvcModelPath` under `pvcMountPath` is taken as the container path (PR #12493, merged
   * after the 1.4.0 branch). Before, a leading slash is dropped and the path is read inside the claim.
   */
  absoluteModelPath: '1.5.0',
} as const;

/** A fact about the DGDR that depends on the Dynamo release. @internal */
export type DgdrFact = keyof typeof DGDR_FACTS;

/** Whether `version` has the fact. @internal */
export function dgdrHas(version: DynamoVersion, fact: DgdrFact): boolean {
  return !version.isOlderThan(DynamoVersion.of(DGDR_FACTS[fact]));
}

/** The first release with the fact. @internal */
export function dgdrFirstRelease(fact: DgdrFact): string {
  return DGDR_FACTS[fact];
}

/**
 * Throws unless the release has the fact: `prop` needs Dynamo `<first>` or newer.
 * @internal
 */
export function requireDgdrFact(prop: string, version: DynamoVersion, fact: DgdrFact, value: unknown, what: string, fix: string): void {
  if (dgdrHas(version, fact)) return;
  throw invalid(prop, `needs Dynamo ${DGDR_FACTS[fact]} or newer (dynamoVersion is ${version.version}): ${what}`, value, fix);
}
