import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentVolume } from '../../core/component-volume';
import { EnvValue } from '../../core/env-value';
import { ModelDownloadJob } from '../../model/model-download-job';
import { LlmCommonProps } from '../llm-props';
import { GraphLocation } from './cloud-step';

/** What the model cache gives the graph. @internal */
export interface ModelCacheResources {
  /** The claim the components mount, when there is a cache. */
  readonly claimName?: string;
  /** The download Job, when one is created. */
  readonly downloadJob?: ModelDownloadJob;
  /** `HF_HOME` on the cache, for every component. */
  readonly env: Readonly<Record<string, EnvValue>>;
  /** The cache volume, for every component. */
  readonly volumes: readonly ComponentVolume[];
  /** What the graph must wait for: the claim (and its StorageClass) and the download Job. */
  readonly dependencies: readonly Construct[];
}

/**
 * The model cache: a StorageClass (when a `ModelStorage` defines one), the claim, the download Job
 * (after the claim), and the mount and `HF_HOME` for every component.
 * @internal
 */
export function addModelCache(scope: Construct, props: LlmCommonProps, where: GraphLocation): ModelCacheResources {
  const cache = props.modelCache;
  if (!cache) return { env: {}, volumes: [], dependencies: [] };
  const claimName = cache.claimName ?? `${where.name}-model-cache`;
  const dependencies: Construct[] = [];
  let claim: ApiObject | undefined;
  if (cache.newVolume) {
    const storage = cache.newVolume.storage;
    const storageClass = storage?.bind(scope, `${where.dynamoNamespace}-model-cache`, cache.newVolume.size, props.labels);
    claim = new k8s.KubePersistentVolumeClaim(scope, 'ModelCache', {
      metadata: { name: claimName, namespace: props.namespace, labels: props.labels },
      spec: {
        accessModes: [cache.accessMode],
        storageClassName: storageClass?.name ?? cache.newVolume.storageClass,
        resources: { requests: { storage: k8s.Quantity.fromString(cache.newVolume.size.asString()) } },
      },
    });
    if (storageClass?.object) claim.node.addDependency(storageClass.object);
    dependencies.push(claim);
  }
  let downloadJob: ModelDownloadJob | undefined;
  if (cache.downloadJob) {
    downloadJob = new ModelDownloadJob(scope, 'ModelDownload', {
      model: props.model,
      revision: props.modelRevision,
      claimName,
      hfToken: props.hfToken,
      namePrefix: where.name,
      namespace: props.namespace,
      imagePullSecrets: props.imagePullSecrets,
      labels: props.labels,
    });
    if (claim) downloadJob.node.addDependency(claim);
    dependencies.push(downloadJob);
  }
  return {
    claimName,
    downloadJob,
    env: { HF_HOME: EnvValue.fromValue(cache.mountPath) },
    volumes: [ComponentVolume.fromPersistentVolumeClaim(claimName, cache.mountPath)],
    dependencies,
  };
}
