import { k8s } from 'cdk8s-plus-28';
import { ComponentVolume } from '../core/component-volume';
import { EnvValue } from '../core/env-value';
import { ComponentState } from './dynamo-component';

/** Plain JSON, as rendered into manifests. @internal */
export type Json = Record<string, unknown>;

/** An env map as a Kubernetes `EnvVar` list, in insertion order. @internal */
export function renderEnv(env: ReadonlyMap<string, EnvValue>): Json[] | undefined {
  if (env.size === 0) return undefined;
  return [...env.entries()].map(([name, value]) => value._toEnvVar(name));
}

/** A string map, or undefined when empty. @internal */
export function renderMap(map: ReadonlyMap<string, string>): Record<string, string> | undefined {
  return map.size === 0 ? undefined : Object.fromEntries(map);
}

/** A list, or undefined when empty. @internal */
export function nonEmpty<T>(list: readonly T[]): T[] | undefined {
  return list.length === 0 ? undefined : [...list];
}

/** The pod volume for a component volume. @internal */
export function renderPodVolume(v: ComponentVolume): Json {
  return { name: v.name, ...v.source };
}

/** The container volume mount for a component volume. @internal */
export function renderVolumeMount(v: ComponentVolume): Json {
  return { name: v.name, mountPath: v.mountPath, ...(v.readOnly ? { readOnly: true } : {}) };
}

/** Pod-level scheduling fields shared by both generations. @internal */
export function renderScheduling(c: ComponentState): Json {
  return {
    tolerations: nonEmpty(c.tolerations.map((t) => k8s.toJson_Toleration(t))),
    nodeSelector: renderMap(c.nodeSelector),
    affinity: c.affinity ? k8s.toJson_Affinity(c.affinity) : undefined,
    imagePullSecrets: nonEmpty(c.imagePullSecrets.map((s) => ({ name: s.name }))),
  };
}


/** Drops undefined values so a map renders only what is set. @internal */
export function compact(map: Record<string, string | undefined>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The object when any of its fields is set, else undefined (so empty sections are not rendered). @internal */
export function ifAnySet<T extends object>(o: T): T | undefined {
  return Object.values(o).some((v) => v !== undefined) ? o : undefined;
}
