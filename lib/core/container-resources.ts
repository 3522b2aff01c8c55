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

/** Resource quantities of one kind (requests or limits), by resource name, as Kubernetes writes them. @internal */
export interface ResourceQuantities {
  readonly cpu?: string;
  readonly memory?: string;
  readonly ephemeralStorage?: string;
}

/** The cdk8s-plus resources as quantity strings, split into requests and limits. @internal */
export function resourceQuantities(r: ContainerResources | undefined): { requests: ResourceQuantities; limits: ResourceQuantities } {
  const q = (s: Size | undefined) => (s ? sizeQuantity(s) : undefined);
  return {
    requests: { cpu: r?.cpu?.request?.amount, memory: q(r?.memory?.request), ephemeralStorage: q(r?.ephemeralStorage?.request) },
    limits: { cpu: r?.cpu?.limit?.amount, memory: q(r?.memory?.limit), ephemeralStorage: q(r?.ephemeralStorage?.limit) },
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
  const side = (x: ResourceQuantities) => {
    const out: Record<string, string> = {};
    if (x.cpu !== undefined) out.cpu = x.cpu;
    if (x.memory !== undefined) out.memory = x.memory;
    if (x.ephemeralStorage !== undefined) out['ephemeral-storage'] = x.ephemeralStorage;
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const split = resourceQuantities(r);
  const requests = side(split.requests);
  const limits = side(split.limits);
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}
