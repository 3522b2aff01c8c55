/**
 * The stack config of the model's storage: `modelCache` (a new volume, on an existing StorageClass or
 * on cloud storage the library creates a class for, or an existing claim) and `compilationCache`.
 */
import { PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import {
  AzureFilesModelStorageOptions, CompilationCache, EfsModelStorageOptions, ExistingModelCacheOptions, FilestoreModelStorageOptions, FilestoreTier,
  FsxDeploymentType, FsxLustreModelStorageOptions, ModelCache, ModelStorage, NewModelCacheOptions,
} from '../../../lib';
import { invalid } from '../../../lib/core/errors';
import { shown } from '../../../lib/core/input-shape';
import { fromLibrary, rmCommand, setCommand } from './errors';
import { resources } from './resources';
import { bool, choice, constantsOf, duration, list, num, object, Read, size, text, variant } from './values';

/** `storage: { kind: efs | fsxLustre | filestore | azureFiles | azureBlobNfs, ...its options }` (or the kind alone). */
const storage: Read<ModelStorage> = variant('model storage', {
  efs: (v, at) => {
    const o = object<EfsModelStorageOptions>('EfsModelStorageOptions', { fileSystemId: text, directoryPerms: text }, ['fileSystemId'],
      { fileSystemId: 'fs-0123456789abcdef0' })(v, at);
    return fromLibrary({ 'modelCache.storage': at }, () => ModelStorage.efs(o));
  },
  fsxLustre: (v, at) => {
    const o = object<FsxLustreModelStorageOptions>('FsxLustreModelStorageOptions', {
      subnetId: text, securityGroupIds: list(text, 'sg-0123456789abcdef0'), deploymentType: choice(constantsOf(FsxDeploymentType)), perUnitStorageThroughput: num,
    }, ['subnetId', 'securityGroupIds'], { subnetId: 'subnet-0123456789abcdef0', securityGroupIds: '[sg-0123456789abcdef0]' })(v, at);
    return fromLibrary({ 'modelCache.storage': at }, () => ModelStorage.fsxLustre(o));
  },
  filestore: (v, at) => {
    const o = object<FilestoreModelStorageOptions>('FilestoreModelStorageOptions', { tier: choice(constantsOf(FilestoreTier)), network: text })(v, at);
    return fromLibrary({ 'modelCache.storage': at }, () => ModelStorage.filestore(o));
  },
  azureFiles: (v, at) => {
    const o = object<AzureFilesModelStorageOptions>('AzureFilesModelStorageOptions', { premium: bool })(v, at);
    return fromLibrary({ 'modelCache.storage': at }, () => ModelStorage.azureFiles(o));
  },
  azureBlobNfs: (v, at) => {
    object<Record<string, never>>('ModelStorage.azureBlobNfs()', {})(v, at);
    return ModelStorage.azureBlobNfs();
  },
});

const accessMode = choice(Object.fromEntries(Object.values(PersistentVolumeAccessMode).map((m) => [m, m])));

const DOWNLOAD = { accessMode, downloadJob: bool, mountPath: text, downloadResources: resources, downloadTimeout: duration };

const newVolume = object<NewModelCacheOptions>('a new model cache volume', {
  ...DOWNLOAD, storageClass: text, storage, size, claimName: text,
}, ['size'], { size: '200Gi' });

/** An existing claim: `existingClaim` and the options of `ModelCache.fromExistingClaim`. */
type ExistingClaimConfig = ExistingModelCacheOptions & { readonly existingClaim: string };
const existingClaim = object<ExistingClaimConfig>('an existing model cache claim', { ...DOWNLOAD, existingClaim: text });

/**
 * `modelCache`: `{ size: 200Gi, storageClass: efs-sc }` or `{ size, storage: {...} }` for a new
 * volume, `{ existingClaim: model-cache }` for a claim that exists; with the download settings.
 */
export const modelCache: Read<ModelCache> = (v, at) => {
  const raw = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (raw.sizeGi !== undefined) {
    throw invalid(`config ${at}.sizeGi`, `is replaced by ${at}.size, a size such as 200Gi`, shown(raw.sizeGi),
      `run ${rmCommand(`${at}.sizeGi`)} && ${setCommand(`${at}.size`, `${String(raw.sizeGi)}Gi`)}`);
  }
  if (raw.existingClaim === undefined) {
    const o = newVolume(v, at);
    return fromLibrary({ modelCache: at }, () => ModelCache.newVolume(o));
  }
  const { existingClaim: claim, ...options } = existingClaim(v, at);
  return fromLibrary({ 'modelCache.claimName': `${at}.existingClaim`, 'modelCache': at }, () => ModelCache.fromExistingClaim(claim, options));
};

/** `compilationCache: { existingClaim: compile-cache, mountPath: /cache }`. */
export const compilationCache: Read<CompilationCache> = (v, at) => {
  const o = object<{ existingClaim: string; mountPath?: string }>('a compilation cache claim', { existingClaim: text, mountPath: text }, ['existingClaim'],
    { existingClaim: 'compile-cache' })(v, at);
  return fromLibrary({ 'compilationCache.claimName': `${at}.existingClaim`, 'compilationCache': at },
    () => CompilationCache.fromExistingClaim(o.existingClaim, o.mountPath === undefined ? {} : { mountPath: o.mountPath }));
};
