import { createHash } from 'crypto';
import { Yaml } from 'cdk8s';
import { BackendDefinition, WorkerRole } from '../../backends/backend-definition';
import { assertNoDuplicateFlags } from '../../backends/flags';
import { PoolWiring } from '../../cloud/cloud-profile';
import { MachineShape } from '../../cloud/machine-shape';
import { ComponentType } from '../../core/component-type';
import { ComponentVolume } from '../../core/component-volume';
import { KvTransfer } from '../../core/kv-transfer';
import { RouterMode } from '../../core/router-mode';
import { DynamoComponent } from '../../dgd/dynamo-component';
import { DynamoGraphDeployment } from '../../dgd/dynamo-graph-deployment';
import { LlmCommonProps } from '../llm-props';
import { ComponentInputs } from './component-inputs';
import {
  largerSize, mergeAffinity, mergeMaps, mergeSecurityContext, mergeTolerations, nonEmptyMap, withShellPrelude,
} from './pod-merge';
import { PoolPlan } from './pool-plan';
import { engineTuning } from './engine-tuning';
import { withDefaultResources } from '../../core/container-resources';
import { refuseTokenInArgs } from '../../core/credential-env';
import { defaultWorkerResources } from './worker-resources';

/** The pod annotation that restarts workers when their engine config changes. */
export const ENGINE_CONFIG_HASH_ANNOTATION = 'dynamo-constructs/engine-config-hash';
/** Where generated engine config files are mounted. */
export const ENGINE_CONFIG_DIR = '/opt/dynamo/engine-config';

const ROLE_TYPES: Record<WorkerRole, ComponentType> = {
  aggregated: ComponentType.WORKER,
  prefill: ComponentType.PREFILL,
  decode: ComponentType.DECODE,
};

/** What every worker pool of a graph shares. @internal */
export interface WorkerPoolContext {
  readonly dgd: DynamoGraphDeployment;
  readonly def: BackendDefinition;
  readonly props: LlmCommonProps;
  readonly inputs: ComponentInputs;
  /** The cache volumes every component mounts. */
  readonly volumes: readonly ComponentVolume[];
  /** Where HF_HOME points, with a model cache. */
  readonly hfHome?: string;
  readonly routerMode: RouterMode;
  readonly kvTransfer: KvTransfer;
  /** The SGLang bootstrap port the user set. */
  readonly bootstrapPort?: number;
  /** The ConfigMap that holds engine config files, `<dgd>-engine-config`. */
  readonly engineConfigName: string;
  /** The cloud profile, for messages: `Cloud.eks()`. */
  readonly cloudName: string;
}

/** One worker pool in the graph, and its engine config file if the backend wrote one. @internal */
export interface WorkerPoolResult {
  readonly component: DynamoComponent;
  /** `<role>.yaml` and its content, for the engine config ConfigMap. */
  readonly engineFile?: { readonly name: string; readonly content: string };
}

/**
 * One worker pool: the backend's launch line for the pool's layout, merged with the cloud wiring
 * and the pool's own props (each user value that contradicts the wiring is an error). Its CPU and
 * memory requests default to the pod's share of its machine `shapes` (the candidates the cloud
 * profile resolved for the pool; none on a cloud without a catalog), under the user's `resources`.
 * @internal
 */
export function addWorkerPool(c: WorkerPoolContext, p: PoolPlan, w: PoolWiring, shapes: readonly MachineShape[] = []): WorkerPoolResult {
  const o = p.options;
  const props = c.props;
  const launch = c.def.launch({
    pool: p.prop,
    role: p.role,
    model: props.model,
    servedModelName: props.servedModelName,
    modelRevision: props.modelRevision,
    hfHome: c.hfHome,
    layout: p.layout,
    maxModelLength: o.maxModelLen,
    maxNumSeqs: o.maxNumSeqs,
    trustRemoteCode: props.trustRemoteCode ?? false,
    // Dynamo's examples publish KV events from aggregated and prefill workers.
    kvEvents: c.routerMode.needsKvEvents && p.role !== 'decode',
    kvTransfer: c.kvTransfer,
    deploymentName: c.dgd.name,
    componentName: p.componentName,
    tuning: engineTuning(o),
    bootstrapPort: c.bootstrapPort,
    dynamoVersion: c.dgd.dynamoVersion,
    engineConfigPath: `${ENGINE_CONFIG_DIR}/${p.role}.yaml`,
  });
  refuseTokenInArgs(`${p.prop}.extraArgs`, o.extraArgs ?? []);
  assertNoDuplicateFlags(`${p.prop}.extraArgs`, launch.args, o.extraArgs ?? [], c.def.flags);
  const volumes = [...c.volumes, ...(w.volumes ?? [])];
  const podAnnotations = mergeMaps(`${p.prop}.podAnnotations`, w.podAnnotations, o.podAnnotations, c.cloudName);
  let engineFile: WorkerPoolResult['engineFile'];
  if (launch.engineConfig) {
    const content = Yaml.stringify(launch.engineConfig);
    engineFile = { name: `${p.role}.yaml`, content };
    volumes.push(ComponentVolume.fromConfigMap(c.engineConfigName, ENGINE_CONFIG_DIR));
    podAnnotations[ENGINE_CONFIG_HASH_ANNOTATION] = createHash('sha256').update(content).digest('hex').slice(0, 16);
  }
  const scaled = p.ownership.owner !== undefined;
  const component = c.dgd.addComponent({
    name: p.componentName,
    type: ROLE_TYPES[p.role],
    ...c.inputs.image(o.image, w.imageTagSuffix),
    // An autoscaler or the planner owns the replicas: leave them out of the manifest.
    replicas: scaled ? undefined : o.replicas ?? 1,
    command: withShellPrelude(w.shellPrelude, o.command ?? [...c.def.command]),
    args: [...launch.args, ...(o.extraArgs ?? [])],
    workingDir: o.workingDir ?? c.def.workingDir,
    env: c.inputs.env(p.prop, launch.env, o.env, w.env),
    gpus: p.layout.gpusPerNode,
    nodeCount: p.layout.nodes,
    resources: withDefaultResources(o.resources, defaultWorkerResources(shapes, p.layout.gpusPerNode)),
    extraResources: nonEmptyMap(mergeMaps(`${p.prop}.extraResources`, w.extraResources, o.extraResources, c.cloudName,
      'the cloud profile sets it from the fabric; size RDMA devices with rdmaDevices')),
    sharedMemorySize: o.sharedMemorySize ?? largerSize(c.def.defaultSharedMemory, w.minSharedMemory),
    volumes,
    imagePullSecrets: props.imagePullSecrets,
    tolerations: mergeTolerations(w.tolerations, o.tolerations),
    nodeSelector: nonEmptyMap(mergeMaps(`${p.prop}.nodeSelector`, w.nodeSelector, o.nodeSelector, c.cloudName,
      'the cloud profile pins the pool to its node pool; remove the key')),
    affinity: mergeAffinity(w.affinity, o.affinity),
    podAnnotations,
    podLabels: { ...props.labels, ...o.podLabels },
    securityContext: mergeSecurityContext(w, o.securityContext),
    scalingAdapter: scaled ? true : o.scalingAdapter,
    compilationCache: props.compilationCache
      ? { claimName: props.compilationCache.claimName, mountPath: props.compilationCache.mountPath }
      : undefined,
  });
  return { component, engineFile };
}
