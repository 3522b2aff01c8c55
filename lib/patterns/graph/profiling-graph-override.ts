import { k8s } from 'cdk8s-plus-28';
import { Backend } from '../../backends/backend';
import { DgdApiVersion } from '../../core/api-version';
import { DynamoVersion } from '../../core/dynamo-version';
import { ISecretRef } from '../../core/secret-ref';
import { MAIN_CONTAINER } from '../../dgd/operator-labels';
import { addressedWorkers, GENERATED_WORKERS } from '../../profiling/dgdr-generated-components';
import { dgdrHas } from '../../profiling/dgdr-releases';
import { WorkerScheduling } from './profiling-cloud';

/** The Secret the operator's profiling Job and the profiler's graph templates read the token from, and its key. @internal */
export const OPERATOR_TOKEN_SECRET = { name: 'hf-token-secret', key: 'HF_TOKEN' } as const;

/** The frontend component of every graph the profiler generates. @internal */
export const GENERATED_FRONTEND = 'Frontend';

/** The planner component the profiler adds with `features.planner` (`DgdPlannerComponentConfig`, `DgdPlannerServiceConfig` before 1.5). @internal */
export const GENERATED_PLANNER = 'Planner';

/**
 * The worker component names the override addresses for a backend (every backend's for `auto`): the
 * generated names of every release and the other spellings of {@link GENERATED_WORKERS}, plus the
 * mocker's. An override entry for a component the generated graph lacks is skipped by the profiler
 * (with a warning), so the union is safe.
 * @internal
 */
export function generatedWorkerNames(backend: Backend | undefined): string[] {
  return addressedWorkers(backend?.framework);
}

/** What the generated graph gets through `overrides.dgd`. @internal */
export interface GraphOverrideInput {
  readonly version: DynamoVersion;
  readonly backend?: Backend;
  /** The model cache claim and its mount path. */
  readonly cache?: { readonly claimName: string; readonly mountPath: string };
  /** The GPU workers' scheduling, from the cloud and `workers`. */
  readonly scheduling?: WorkerScheduling;
  /** Reference `hf-token-secret` optionally, so that a public model needs no Secret (v1beta1 only). */
  readonly optionalToken: boolean;
  readonly imagePullSecrets?: readonly ISecretRef[];
  /** Whether the graph gets the profiler's Planner, which then gets the pull secrets too. */
  readonly planner?: boolean;
}

/** The value without its undefined fields (recursively) and without the objects left empty; undefined when nothing is left. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(compact);
  if (typeof v !== 'object' || v === null) return v;
  const entries = Object.entries(v).map(([k, x]) => [k, compact(x)] as const).filter(([, x]) => x !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

const isEmpty = (o: object | undefined) => o === undefined || Object.values(o).every((v) => v === undefined);
const toleration = (t: k8s.Toleration) => k8s.toJson_Toleration(t);
const affinity = (a: k8s.Affinity | undefined) => (a ? k8s.toJson_Affinity(a) : undefined);
const pullSecrets = (s: readonly ISecretRef[] | undefined) => (s?.length ? s.map((r) => ({ name: r.name })) : undefined);

/** A v1beta1 component fragment: the cache volume and mount with `HF_HOME`, the token reference, and for workers their scheduling. */
function v1beta1Component(name: string, worker: boolean, i: GraphOverrideInput): Record<string, unknown> {
  const s = worker ? i.scheduling : undefined;
  const cache = i.cache;
  const main = {
    name: MAIN_CONTAINER,
    volumeMounts: cache ? [{ name: cache.claimName, mountPath: cache.mountPath }] : undefined,
    env: cache ? [{ name: 'HF_HOME', value: cache.mountPath }] : undefined,
    envFrom: i.optionalToken ? [{ secretRef: { name: OPERATOR_TOKEN_SECRET.name, optional: true } }] : undefined,
  };
  const spec = {
    nodeSelector: s?.nodeSelector,
    tolerations: s?.tolerations?.map(toleration),
    affinity: affinity(s?.affinity),
    imagePullSecrets: pullSecrets(i.imagePullSecrets),
    volumes: cache ? [{ name: cache.claimName, persistentVolumeClaim: { claimName: cache.claimName } }] : undefined,
    containers: cache || i.optionalToken ? [main] : undefined,
  };
  const metadata = { labels: s?.podLabels, annotations: s?.podAnnotations };
  return { name, podTemplate: { metadata: isEmpty(metadata) ? undefined : metadata, spec } };
}

/**
 * A v1alpha1 service fragment, for releases whose profiler deep-merges the override into a v1alpha1
 * graph as a dict (lists replace lists): the cache mount (as the profiler itself writes it, volume
 * named after the claim), and for workers their scheduling. No env: a list would replace the
 * generated one (`HF_HOME` is the profiler's own from 1.2, PR #8449; before, `pvcModelPath` is set).
 */
function v1alpha1Service(worker: boolean, i: GraphOverrideInput): Record<string, unknown> {
  const s = worker ? i.scheduling : undefined;
  const extraPodSpec = { nodeSelector: s?.nodeSelector, tolerations: s?.tolerations?.map(toleration), affinity: affinity(s?.affinity), imagePullSecrets: pullSecrets(i.imagePullSecrets) };
  const extraPodMetadata = { labels: s?.podLabels, annotations: s?.podAnnotations };
  return {
    volumeMounts: i.cache ? [{ name: i.cache.claimName, mountPoint: i.cache.mountPath }] : undefined,
    extraPodSpec: isEmpty(extraPodSpec) ? undefined : extraPodSpec,
    extraPodMetadata: isEmpty(extraPodMetadata) ? undefined : extraPodMetadata,
  };
}

/**
 * The API generation of the pattern's override: v1beta1 from Dynamo 1.4, whose profiler merges it
 * structurally in its own generation (a v1alpha1 graph is converted to it and back), v1alpha1 before.
 * @internal
 */
export function profiledOverrideApiVersion(version: DynamoVersion): DgdApiVersion {
  return dgdrHas(version, 'versionedGraphOverride') ? DgdApiVersion.V1BETA1 : DgdApiVersion.V1ALPHA1;
}

/**
 * The spec of `overrides.dgd` that gives the generated graph what the profiler leaves out or may
 * leave out: the model cache mounted on every component with `HF_HOME` on it (the claim was mounted
 * only in the profiling Job before Dynamo 1.0, #5467 and #4980; the profilers since mount it when
 * they build the graph from a model cache, which the override repeats with the same volume and mount),
 * the GPU workers' node selector, tolerations and affinity (the profiler copies only the profiling
 * Job's tolerations, Dynamo #6947), the pull secrets (also on the Planner, when there is one), and an
 * optional token reference. In {@link profiledOverrideApiVersion}; undefined when there is nothing to add.
 * @internal
 */
export function profiledGraphOverride(i: GraphOverrideInput): { apiVersion: DgdApiVersion; spec: Record<string, unknown> } | undefined {
  const workers = generatedWorkerNames(i.backend);
  const hasScheduling = i.scheduling !== undefined && !isEmpty(i.scheduling);
  if (!i.cache && !hasScheduling && !i.optionalToken && !i.imagePullSecrets?.length) return undefined;
  const apiVersion = profiledOverrideApiVersion(i.version);
  const planner = i.planner === true && i.imagePullSecrets?.length ? [GENERATED_PLANNER] : [];
  if (apiVersion === DgdApiVersion.V1BETA1) {
    const components = [v1beta1Component(GENERATED_FRONTEND, false, i), ...workers.map((w) => v1beta1Component(w, true, i)), ...planner.map(plannerComponent(i))]
      .map((c) => ({ name: c.name, ...(compact({ ...c, name: undefined }) as object | undefined) }))
      .filter((c) => Object.keys(c).length > 1);
    return { apiVersion, spec: { components } };
  }
  const services = Object.fromEntries([[GENERATED_FRONTEND, v1alpha1Service(false, i)], ...workers.map((w) => [w, v1alpha1Service(true, i)]),
    ...planner.map((p) => [p, { extraPodSpec: { imagePullSecrets: pullSecrets(i.imagePullSecrets) } }])]
    .map(([name, service]) => [name, compact(service)]).filter(([, service]) => service !== undefined));
  const spec = compact({ pvcs: i.cache ? [{ name: i.cache.claimName, create: false }] : undefined, services }) as Record<string, unknown>;
  return { apiVersion, spec };
}

/** The Planner's v1beta1 fragment: only the pull secrets (it reads no model and runs on CPU). */
function plannerComponent(i: GraphOverrideInput): (name: string) => Record<string, unknown> {
  return (name) => ({ name, podTemplate: { spec: { imagePullSecrets: pullSecrets(i.imagePullSecrets) } } });
}
