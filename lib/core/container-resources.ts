import { Size } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-28';
import { sizeQuantity } from './quantity';

/**
 * A container's resources with the library's defaults: each of `cpu`, `memory` and
 * `ephemeralStorage` the user set (request, limit or both) replaces the default for that resource;
 * the others keep the default. A resource set with a limit only gets that limit as its request
 * from Kubernetes.
 * @internal
 */
export function withDefaultResources(user: ContainerResources | undefined, defaults: ContainerResources): ContainerResources {
  const pick = <T extends { readonly request?: unknown; readonly limit?: unknown }>(u: T | undefined, d: T | undefined): T | undefined =>
    u?.request !== undefined || u?.limit !== undefined ? u : d;
  return {
    cpu: pick(user?.cpu, defaults.cpu),
    memory: pick(user?.memory, defaults.memory),
    ephemeralStorage: pick(user?.ephemeralStorage, defaults.ephemeralStorage),
  };
}

/** Kubernetes `ResourceRequirements` JSON of a container's resources (quantities as strings). @internal */
export interface ResourceRequirementsJson {
  readonly requests?: Record<string, string>;
  readonly limits?: Record<string, string>;
}

/**
 * The `resources` of a container spec for cdk8s-plus `ContainerResources`: `cpu`, `memory` and
 * `ephemeral-storage`, each only where set.
 * @internal
 */
export function resourceRequirementsJson(r: ContainerResources): ResourceRequirementsJson {
  const q = (s: Size | undefined) => (s ? sizeQuantity(s) : undefined);
  const side = (cpu: string | undefined, memory: string | undefined, storage: string | undefined) => {
    const out: Record<string, string> = {};
    if (cpu !== undefined) out.cpu = cpu;
    if (memory !== undefined) out.memory = memory;
    if (storage !== undefined) out['ephemeral-storage'] = storage;
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const requests = side(r.cpu?.request?.amount, q(r.memory?.request), q(r.ephemeralStorage?.request));
  const limits = side(r.cpu?.limit?.amount, q(r.memory?.limit), q(r.ephemeralStorage?.limit));
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}
