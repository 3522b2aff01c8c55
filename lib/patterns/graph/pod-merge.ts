import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { invalid } from '../../core/errors';
import { PoolWiring } from '../../cloud/cloud-profile';

/**
 * How a cloud profile's pod wiring and a pool's own props combine. Each function merges one field;
 * a user value that contradicts the profile's is an error naming the prop.
 */

/**
 * Merges a generated map with the user's, rejecting a key set to two different values.
 * @param prop the user's prop, e.g. `decode.nodeSelector`
 * @param source who set the generated keys, for the message, e.g. `Cloud.eks()`
 * @internal
 */
export function mergeMaps(prop: string, generated: Readonly<Record<string, string>> | undefined, user: Readonly<Record<string, string>> | undefined,
  source: string, fix = 'remove the key; the cloud profile sets it'): Record<string, string> {
  const merged: Record<string, string> = { ...generated };
  for (const [k, v] of Object.entries(user ?? {})) {
    if (k in merged && merged[k] !== v) {
      throw invalid(prop, `must not override ${k}, which ${source} sets to "${merged[k]}"`, v, fix);
    }
    merged[k] = v;
  }
  return merged;
}

/** The map, or undefined when it is empty (so the manifest leaves the field out). @internal */
export function nonEmptyMap(map: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(map).length > 0 ? map : undefined;
}

/** The profile's tolerations then the user's, each distinct toleration once; undefined when none. @internal */
export function mergeTolerations(generated: readonly k8s.Toleration[] | undefined, user: readonly k8s.Toleration[] | undefined): k8s.Toleration[] | undefined {
  const all = [...(generated ?? []), ...(user ?? [])];
  const seen = new Set<string>();
  const out = all.filter((t) => {
    const key = JSON.stringify([t.key, t.operator, t.value, t.effect, t.tolerationSeconds]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out.length > 0 ? out : undefined;
}

function concat<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined {
  return a || b ? [...(a ?? []), ...(b ?? [])] : undefined;
}

function mergePodTerms(a: k8s.PodAffinity | undefined, b: k8s.PodAffinity | undefined): k8s.PodAffinity | undefined {
  if (!a && !b) return undefined;
  return {
    requiredDuringSchedulingIgnoredDuringExecution: concat(a?.requiredDuringSchedulingIgnoredDuringExecution, b?.requiredDuringSchedulingIgnoredDuringExecution),
    preferredDuringSchedulingIgnoredDuringExecution: concat(a?.preferredDuringSchedulingIgnoredDuringExecution, b?.preferredDuringSchedulingIgnoredDuringExecution),
  };
}

function mergeNodeAffinity(g: k8s.NodeAffinity | undefined, u: k8s.NodeAffinity | undefined): k8s.NodeAffinity | undefined {
  if (!g || !u) return u ?? g;
  const gTerms = g.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const uTerms = u.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Node selector terms are ORed; AND the two lists by pairing every term of one with every term of the other.
  const terms = gTerms && uTerms
    ? gTerms.flatMap((a) => uTerms.map((b) => ({
      matchExpressions: concat(a.matchExpressions, b.matchExpressions),
      matchFields: concat(a.matchFields, b.matchFields),
    })))
    : gTerms ?? uTerms;
  return {
    requiredDuringSchedulingIgnoredDuringExecution: terms ? { nodeSelectorTerms: terms } : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: concat(g.preferredDuringSchedulingIgnoredDuringExecution, u.preferredDuringSchedulingIgnoredDuringExecution),
  };
}

/** Combines the profile's affinity with the user's: required node terms are ANDed, pod terms concatenated. @internal */
export function mergeAffinity(generated: k8s.Affinity | undefined, user: k8s.Affinity | undefined): k8s.Affinity | undefined {
  if (!generated) return user;
  if (!user) return generated;
  return {
    nodeAffinity: mergeNodeAffinity(generated.nodeAffinity, user.nodeAffinity),
    podAffinity: mergePodTerms(generated.podAffinity, user.podAffinity),
    podAntiAffinity: mergePodTerms(generated.podAntiAffinity, user.podAntiAffinity),
  };
}

/** Adds the profile's capabilities (and privileged, unless the user decided) to the user's security context. @internal */
export function mergeSecurityContext(w: PoolWiring, user: k8s.SecurityContext | undefined): k8s.SecurityContext | undefined {
  if (!w.capabilities?.length && !w.privileged) return user;
  const add = [...new Set([...(w.capabilities ?? []), ...(user?.capabilities?.add ?? [])])];
  return {
    ...user,
    capabilities: { ...user?.capabilities, add },
    ...(w.privileged && user?.privileged === undefined ? { privileged: true } : {}),
  };
}

/** Runs the profile's shell lines, then execs the launcher with the engine flags. @internal */
export function withShellPrelude(prelude: readonly string[] | undefined, command: string[]): string[] {
  if (!prelude || prelude.length === 0) return command;
  return ['/bin/sh', '-c', `${prelude.join('\n')}\nexec "$@"`, '--', ...command];
}

/** The larger of two sizes (either may be absent). @internal */
export function largerSize(a: Size | undefined, b: Size | undefined): Size | undefined {
  if (!a || !b) return a ?? b;
  return b.toMebibytes() > a.toMebibytes() ? b : a;
}
