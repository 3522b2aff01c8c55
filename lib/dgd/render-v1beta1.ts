import { k8s } from 'cdk8s-plus-28';
import { EnvValue } from '../core/env-value';
import { isZeroSize, sizeQuantity } from '../core/quantity';
import { ComponentState } from './dynamo-component';
import { resourceQuantities } from '../core/container-resources';
import { compact, ifAnySet, Json, nonEmpty, renderEnv, renderMap, renderPodVolume, renderScheduling, renderVolumeMount } from './render-common';

/** The graph-level inputs of a v1beta1 spec. @internal */
export interface GraphState {
  readonly backendFramework?: string;
  readonly env: ReadonlyMap<string, EnvValue>;
  readonly components: readonly ComponentState[];
}

/**
 * Renders `spec` of a `nvidia.com/v1beta1` DynamoGraphDeployment: `components[]`, each with a plain
 * pod template whose first container is `main`.
 * @internal
 */
export function renderV1beta1Spec(g: GraphState): Json {
  return {
    backendFramework: g.backendFramework,
    env: renderEnv(g.env),
    components: g.components.map(renderComponent),
  };
}

function renderComponent(c: ComponentState): Json {
  const { requests, limits } = resourceQuantities(c.resources);
  const extended: Record<string, string> = {};
  if (c.gpus > 0) extended['nvidia.com/gpu'] = String(c.gpus);
  for (const [k, v] of c.extraResources) extended[k] = v;
  const main: Json = {
    name: 'main',
    image: c.image,
    command: c.command ? [...c.command] : undefined,
    args: nonEmpty(c.args),
    workingDir: c.workingDir,
    env: renderEnv(c.env),
    envFrom: nonEmpty(c.envFromSecrets.map((s) => ({ secretRef: { name: s.name } }))),
    resources: ifAnySet({
      requests: compact({ 'cpu': requests.cpu, 'memory': requests.memory, 'ephemeral-storage': requests.ephemeralStorage, ...extended }),
      limits: compact({ 'cpu': limits.cpu, 'memory': limits.memory, 'ephemeral-storage': limits.ephemeralStorage, ...extended }),
    }),
    volumeMounts: nonEmpty(c.volumes.map(renderVolumeMount)),
    securityContext: c.securityContext ? k8s.toJson_SecurityContext(c.securityContext) : undefined,
  };
  const metadata = ifAnySet({ annotations: renderMap(c.podAnnotations), labels: renderMap(c.podLabels) });
  return {
    name: c.name,
    type: c.type.v1beta1Type,
    replicas: c.replicasOwnedByAdapter ? undefined : c.replicas,
    multinode: c.nodeCount > 1 ? { nodeCount: c.nodeCount } : undefined,
    sharedMemorySize: c.sharedMemorySize ? (isZeroSize(c.sharedMemorySize) ? '0' : sizeQuantity(c.sharedMemorySize)) : undefined,
    scalingAdapter: c.scalingAdapter ? {} : undefined,
    runtimeVersionOverride: c.runtimeVersionOverride,
    compilationCache: c.compilationCache ? { pvcName: c.compilationCache.claimName, mountPath: c.compilationCache.mountPath } : undefined,
    podTemplate: {
      metadata,
      spec: {
        containers: [main],
        volumes: nonEmpty(c.volumes.map(renderPodVolume)),
        ...renderScheduling(c),
      },
    },
  };
}
