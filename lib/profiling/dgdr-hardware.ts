import { DynamoVersion } from '../core/dynamo-version';
import { invalid, requireInteger } from '../core/errors';
import { isDns1123Label } from '../core/names';
import { DgdrHardwareOptions, DgdrModelCacheOptions } from './dgdr-props';
import { dgdrFirstRelease, dgdrHas, requireDgdrFact } from './dgdr-releases';
import { INT32_MAX, requirePositive } from './dgdr-targets';

/** Where the operator mounts the model cache when `pvcMountPath` is left out (CRD default). @internal */
export const DEFAULT_PVC_MOUNT_PATH = '/opt/model-cache';

/**
 * `spec.hardware`: a SKU the release's CRD enum lists, positive memory, whole GPU counts (int32),
 * and the interconnect fields only where the operator has them.
 * @internal
 */
export function renderHardware(h: DgdrHardwareOptions | undefined, version: DynamoVersion, prop = 'hardware'): Record<string, unknown> | undefined {
  if (h === undefined) return undefined;
  if (h.gpuSku !== undefined && !h.gpuSku.supportedBy(version)) {
    throw invalid(`${prop}.gpuSku`, `needs Dynamo ${h.gpuSku.firstRelease} or newer, whose DGDR CRD lists it (dynamoVersion is ${version.version})`, h.gpuSku.id,
      'leave gpuSku out for the operator to discover the GPU, or raise dynamoVersion to the operator\'s release');
  }
  if (h.vramMb !== undefined) requirePositive(`${prop}.vramMb`, h.vramMb, 'give the memory per GPU in MiB as DCGM reports it, e.g. 81559 for an H100 80GB');
  if (h.totalGpus !== undefined) requireInteger(`${prop}.totalGpus`, h.totalGpus, 1, 'give the GPU budget as a whole number, e.g. 8', INT32_MAX);
  if (h.numGpusPerNode !== undefined) requireInteger(`${prop}.numGpusPerNode`, h.numGpusPerNode, 1, 'give the GPUs of one node, e.g. 8', INT32_MAX);
  if (h.interconnect !== undefined) {
    if (h.interconnect === '' || /\s/.test(h.interconnect)) {
      throw invalid(`${prop}.interconnect`, 'must be a word such as "nvlink" or "pcie"', h.interconnect, 'use "nvlink" or "pcie", or leave it out for discovery');
    }
    requireDgdrFact(`${prop}.interconnect`, version, 'hardwareInterconnect', h.interconnect, 'older DGDR CRDs have no such field', `remove ${prop}.interconnect`);
  }
  if (h.rdma !== undefined) requireDgdrFact(`${prop}.rdma`, version, 'hardwareInterconnect', h.rdma, 'older DGDR CRDs have no such field', `remove ${prop}.rdma`);
  return {
    gpuSku: h.gpuSku?.id, vramMb: h.vramMb, totalGpus: h.totalGpus, numGpusPerNode: h.numGpusPerNode, interconnect: h.interconnect, rdma: h.rdma,
  };
}

/**
 * `spec.modelCache`: the claim (a DNS label: the profiler names the generated graph's volume after it),
 * an absolute mount path, and a model path relative to the claim's root, which releases before 1.2
 * need (without it they double the path, Dynamo #8568). From Dynamo 1.5 the model path may also be
 * absolute under the mount path (`model_cache_paths.py`, PR #12493); an absolute path elsewhere the
 * profiler reads inside the claim, without its leading slash, so it is refused as ambiguous.
 * @internal
 */
export function renderModelCache(mc: DgdrModelCacheOptions | undefined, version: DynamoVersion, model: string, prop = 'modelCache'): Record<string, unknown> | undefined {
  if (mc === undefined) return undefined;
  if (!isDns1123Label(mc.pvcName)) {
    throw invalid(`${prop}.pvcName`, 'must be a DNS label (lowercase letters, digits and "-", at most 63 characters): the profiler names the generated graph\'s volume after the claim',
      mc.pvcName, 'use a claim named like "model-cache"');
  }
  if (mc.pvcMountPath !== undefined && (!mc.pvcMountPath.startsWith('/') || mc.pvcMountPath.split('/').includes('..'))) {
    throw invalid(`${prop}.pvcMountPath`, 'must be an absolute path without ".."', mc.pvcMountPath, `use e.g. "${DEFAULT_PVC_MOUNT_PATH}"`);
  }
  if (mc.pvcModelPath !== undefined) {
    checkModelPath(`${prop}.pvcModelPath`, mc.pvcModelPath, mc.pvcMountPath ?? DEFAULT_PVC_MOUNT_PATH, version, model);
  } else if (!dgdrHas(version, 'modelCacheWithoutModelPath')) {
    throw invalid(`${prop}.pvcModelPath`, `is required with Dynamo < ${dgdrFirstRelease('modelCacheWithoutModelPath')} (dynamoVersion is ${version.version}): without it the profiler doubles the model path (/opt/model-cache/opt/model-cache, Dynamo #8568)`,
      undefined, 'give the model\'s directory in the claim, e.g. "hub/models--Qwen--Qwen3-0.6B/snapshots/<commit sha>"');
  }
  return { pvcName: mc.pvcName, pvcModelPath: mc.pvcModelPath, pvcMountPath: mc.pvcMountPath };
}

/**
 * The model's snapshot directory in a Hugging Face cache at the claim's root (`HF_HOME` on the mount
 * path, as the model download Job fills it): what a release that requires the model path reads.
 */
function snapshotDirectory(model: string): string {
  return `hub/models--${model.replace(/\//g, '--')}/snapshots/<commit sha>`;
}

/** A model path inside the claim: relative to its root, or (Dynamo >= 1.5) absolute under the mount path. */
function checkModelPath(prop: string, p: string, mountPath: string, version: DynamoVersion, model: string): void {
  const example = 'hub/models--Qwen--Qwen3-0.6B/snapshots/<commit sha>';
  if (p === '' || p.split('/').includes('..') || /\s/.test(p)) {
    throw invalid(prop, 'must be a path in the claim without ".." or spaces', p, `give the directory that holds config.json, e.g. "${example}"`);
  }
  if (!p.startsWith('/')) return;
  const mount = mountPath.replace(/\/+$/, '');
  const relative = p.replace(/^\/+/, '');
  const trimmed = p.replace(/\/+$/, '');
  if (mount === '') return; // the claim mounted at /: the path is the same either way
  if (trimmed !== mount && !trimmed.startsWith(`${mount}/`)) {
    throw invalid(prop, `must be relative to the claim's root, or an absolute path under the mount path ${mount}: the profiler reads any other absolute path inside the claim, as "${relative}"`,
      p, `give "${relative}" if that is the directory in the claim, or the path under ${mount}, e.g. "${mount}/${example}"`);
  }
  if (!dgdrHas(version, 'absoluteModelPath')) {
    const inClaim = trimmed === mount ? '' : trimmed.slice(mount.length + 1);
    throw invalid(prop, `must be relative to the claim's root before Dynamo ${dgdrFirstRelease('absoluteModelPath')} (dynamoVersion is ${version.version}): that profiler drops the leading slash and reads "${mount}/${relative}" (PR #12493 takes a path under the mount path as it is)`,
      p, inClaim !== '' ? `give it relative to the claim: "${inClaim}"`
        // The claim's root is a Hugging Face cache; a release that requires the path reads the model's directory in it.
        : dgdrHas(version, 'modelCacheWithoutModelPath') ? 'leave pvcModelPath out for the claim\'s root'
          : `give the model's directory relative to the claim, e.g. "${snapshotDirectory(model)}" (Dynamo ${version.version} requires pvcModelPath)`);
  }
}
