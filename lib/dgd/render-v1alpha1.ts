import { k8s } from 'cdk8s-plus-28';
import { isZeroSize, sizeQuantity } from '../core/quantity';
import { ComponentState } from './dynamo-component';
import { compact, ifAnySet, Json, nonEmpty, renderEnv, renderMap, renderPodVolume, renderScheduling, renderVolumeMount } from './render-common';
import { resourceQuantities } from '../core/container-resources';
import { GraphState } from './render-v1beta1';

/**
 * Renders `spec` of a `nvidia.com/v1alpha1` DynamoGraphDeployment: a `services` map with
 * `componentType`, `resources` (`gpu`, `custom`), `envs`, `envFromSecret`, `pvcs` + `volumeMounts`,
 * `sharedMemory` and `extraPodSpec.mainContainer`.
 * @internal
 */
export function renderV1alpha1Spec(g: GraphState): Json {
  const claims: string[] = [];
  for (const c of g.components) {
    for (const v of c.volumes) if (v.claimName && !claims.includes(v.claimName)) claims.push(v.claimName);
    if (c.compilationCache && !claims.includes(c.compilationCache.claimName)) claims.push(c.compilationCache.claimName);
  }
  return {
    backendFramework: g.backendFramework,
    envs: renderEnv(g.env),
    pvcs: nonEmpty(claims.map((name) => ({ name, create: false }))),
    services: Object.fromEntries(g.components.map((c) => [c.name, renderService(c)])),
  };
}

function renderService(c: ComponentState): Json {
  const { requests, limits } = resourceQuantities(c.resources);
  const gpu = c.gpus > 0 ? String(c.gpus) : undefined;
  const custom: Record<string, string> = Object.fromEntries(c.extraResources);
  const item = (q: typeof requests) => ifAnySet({
    cpu: q.cpu,
    memory: q.memory,
    gpu,
    custom: compact({ 'ephemeral-storage': q.ephemeralStorage, ...custom }),
  });
  const pvcVolumes = c.volumes.filter((v) => v.kind === 'pvc');
  const podVolumes = c.volumes.filter((v) => v.kind !== 'pvc');
  const mounts: Json[] = pvcVolumes.map((v) => ({ name: v.name, mountPoint: v.mountPath }));
  if (c.compilationCache) {
    mounts.push({ name: c.compilationCache.claimName, mountPoint: c.compilationCache.mountPath, useAsCompilationCache: true });
  }
  const singleSecret = c.envFromSecrets.length === 1 ? c.envFromSecrets[0].name : undefined;
  const mainContainer: Json = {
    image: c.image,
    command: c.command ? [...c.command] : undefined,
    args: nonEmpty(c.args),
    workingDir: c.workingDir,
    envFrom: c.envFromSecrets.length > 1 ? c.envFromSecrets.map((s) => ({ secretRef: { name: s.name } })) : undefined,
    volumeMounts: nonEmpty(podVolumes.map(renderVolumeMount)),
    securityContext: c.securityContext ? k8s.toJson_SecurityContext(c.securityContext) : undefined,
  };
  return {
    componentType: c.type.v1alpha1ComponentType,
    subComponentType: c.type.v1alpha1SubComponentType,
    replicas: c.replicasOwnedByAdapter ? undefined : c.replicas,
    multinode: c.nodeCount > 1 ? { nodeCount: c.nodeCount } : undefined,
    resources: ifAnySet({ requests: item(requests), limits: item(limits) }),
    envs: renderEnv(c.env),
    envFromSecret: singleSecret,
    volumeMounts: nonEmpty(mounts),
    sharedMemory: c.sharedMemorySize
      ? (isZeroSize(c.sharedMemorySize) ? { disabled: true } : { size: sizeQuantity(c.sharedMemorySize) })
      : undefined,
    scalingAdapter: c.scalingAdapter ? { enabled: true } : undefined,
    runtimeVersionOverride: c.runtimeVersionOverride,
    extraPodMetadata: ifAnySet({ annotations: renderMap(c.podAnnotations), labels: renderMap(c.podLabels) }),
    extraPodSpec: {
      mainContainer,
      volumes: nonEmpty(podVolumes.map(renderPodVolume)),
      ...renderScheduling(c),
    },
  };
}
