import { Size } from 'cdk8s';
import { ContainerResources, k8s } from 'cdk8s-plus-28';
import { invalid } from './errors';
import { propPath, shown } from './input-shape';
import { isDns1123Label, isLabelValue, isQualifiedName, MAX_DNS_LABEL, MAX_LABEL_VALUE } from './names';

/**
 * Pod and container rules the API server enforces (k8s.io/kubernetes pkg/apis/core/validation:
 * ValidateTolerations, ValidateSecurityContext, ValidateResourceRequirements,
 * validateContainerResourceName; pkg/apis/core/helper IsExtendedResourceName), checked where the
 * user's prop enters so that the error names it.
 */

/** Where the operator mounts the shared memory volume (its `shared-memory` emptyDir); it drops any other mount there. @internal */
export const SHARED_MEMORY_PATH = '/dev/shm';

const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Validates tolerations as the API server does. @param prop e.g. `decode.tolerations` @internal */
export function validateTolerations(prop: string, tolerations: readonly k8s.Toleration[] | undefined): void {
  (tolerations ?? []).forEach((t, i) => validateToleration(`${prop}[${i}]`, t));
}

/**
 * The fields of a Toleration (core/v1), each with the type the API server takes and an example for
 * the fix: `key`, `operator`, `value` and `effect` are strings, `tolerationSeconds` a whole number
 * (int64; a fraction is refused by its own rule below).
 */
const TOLERATION_FIELDS: Readonly<Record<keyof k8s.Toleration, { readonly type: 'a string' | 'a whole number of seconds'; readonly example: string }>> = {
  key: { type: 'a string', example: 'the taint key as a string, e.g. "nvidia.com/gpu"' },
  operator: { type: 'a string', example: '"Equal" or "Exists", e.g. "Exists"' },
  value: { type: 'a string', example: 'the taint value as a string (quote a number), e.g. "gpu"' },
  effect: { type: 'a string', example: '"NoSchedule", "PreferNoSchedule" or "NoExecute", e.g. "NoSchedule"' },
  tolerationSeconds: { type: 'a whole number of seconds', example: 'a number, e.g. 300' },
};

/**
 * Refuses a toleration of the wrong shape from an untyped caller (JavaScript, a config file): not
 * an object, a field that is not a Toleration field, or a field of the wrong type (`key: 1`).
 */
function checkTolerationShape(p: string, t: unknown): asserts t is k8s.Toleration {
  if (typeof t !== 'object' || t === null || Array.isArray(t)) {
    throw invalid(p, 'must be a Toleration object', shown(t), 'pass an object such as { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }');
  }
  const known = Object.keys(TOLERATION_FIELDS);
  for (const [field, value] of Object.entries(t)) {
    const rule = (TOLERATION_FIELDS as Readonly<Record<string, { readonly type: string; readonly example: string }>>)[field];
    if (rule === undefined) {
      throw invalid(propPath(p, field), 'is not a field of a Toleration', shown(value), `the fields are ${known.join(', ')}`);
    }
    if (value === undefined) continue;
    const ok = rule.type === 'a string' ? typeof value === 'string' : typeof value === 'number';
    if (!ok) throw invalid(propPath(p, field), `must be ${rule.type}`, shown(value), `use ${rule.example}`);
  }
}

/** Validates one toleration as the API server does (ValidateTolerations). @param p e.g. `decode.tolerations[0]` @internal */
export function validateToleration(p: string, t: k8s.Toleration): void {
  checkTolerationShape(p, t);
  const key = t.key ?? '';
  // An empty operator is Equal, as the API server reads it.
  const operator = t.operator === undefined || t.operator === '' ? 'Equal' : t.operator;
  if (!TOLERATION_OPERATORS.includes(operator)) {
    throw invalid(`${p}.operator`, 'must be "Equal" or "Exists"', t.operator, 'leave it unset for "Equal" (key and value match), or use "Exists" (any value)');
  }
  if (key !== '' && !isQualifiedName(key)) {
    throw invalid(`${p}.key`, `must be a taint key ([prefix/]name, the name at most ${MAX_LABEL_VALUE} letters, digits, "-", "_" or ".")`, key,
      'use the key of the node taint, e.g. "nvidia.com/gpu"');
  }
  if (key === '' && operator !== 'Exists') {
    throw invalid(`${p}.operator`, 'must be "Exists" when key is empty (a toleration of every taint)', operator,
      'set key to the taint key, or set operator: "Exists" to tolerate every taint');
  }
  if (operator === 'Exists' && (t.value ?? '') !== '') {
    throw invalid(`${p}.value`, 'must be empty when operator is "Exists"', t.value, 'remove value, or use operator "Equal" to match it');
  }
  if (operator === 'Equal' && !isLabelValue(t.value ?? '')) {
    throw invalid(`${p}.value`, `must be a taint value (at most ${MAX_LABEL_VALUE} letters, digits, "-", "_" or ".")`, t.value, 'use the value of the node taint');
  }
  if ((t.effect ?? '') !== '' && !TAINT_EFFECTS.includes(t.effect!)) {
    throw invalid(`${p}.effect`, `must be one of ${TAINT_EFFECTS.join(', ')} (or unset for every effect)`, t.effect, 'use the effect of the node taint');
  }
  if (t.tolerationSeconds !== undefined) {
    if (t.effect !== 'NoExecute') {
      throw invalid(`${p}.tolerationSeconds`, 'applies only with effect "NoExecute"', t.tolerationSeconds, 'set effect: "NoExecute", or remove tolerationSeconds');
    }
    if (!Number.isInteger(t.tolerationSeconds)) {
      throw invalid(`${p}.tolerationSeconds`, 'must be a whole number of seconds', t.tolerationSeconds, 'use e.g. 300');
    }
  }
}

/**
 * Refuses a security context the API server rejects: `privileged: true` with
 * `allowPrivilegeEscalation: false`, and `CAP_SYS_ADMIN` added with `allowPrivilegeEscalation: false`
 * (ValidateSecurityContext compares that exact spelling; `SYS_ADMIN` passes it).
 * @internal
 */
export function validateSecurityContext(prop: string, sc: k8s.SecurityContext | undefined): void {
  if (sc?.allowPrivilegeEscalation !== false) return;
  if (sc.privileged === true) {
    throw invalid(`${prop}.allowPrivilegeEscalation`, 'must not be false when privileged is true (the API server rejects the pair: a privileged container can always escalate)',
      false, 'remove allowPrivilegeEscalation, or drop privileged');
  }
  if ((sc.capabilities?.add ?? []).includes('CAP_SYS_ADMIN')) {
    throw invalid(`${prop}.allowPrivilegeEscalation`, 'must not be false when capabilities.add has CAP_SYS_ADMIN (the API server rejects the pair: a process with it can always escalate)',
      false, 'remove allowPrivilegeEscalation, or drop CAP_SYS_ADMIN');
  }
}

/** Multipliers of the Kubernetes quantity suffixes. */
const QUANTITY_SUFFIXES: Readonly<Record<string, number>> = {
  '': 1, 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** The number a Kubernetes quantity stands for (`500m` is 0.5, `2Gi` is 2^31), or undefined when it is not one. @internal */
export function quantityNumber(q: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(q);
  if (!m) return undefined;
  const n = Number.parseFloat(m[1]);
  return m[2] !== undefined ? n * 10 ** Number.parseInt(m[2].slice(1), 10) : n * QUANTITY_SUFFIXES[m[3] ?? ''];
}

/** The request and limit of one resource as quantities, when both are set. */
function requestAndLimit(pair: { request?: Size; limit?: Size } | undefined): [string, string] | undefined {
  return pair?.request && pair.limit ? [pair.request.asString(), pair.limit.asString()] : undefined;
}

/**
 * Refuses a cpu, memory or ephemeral-storage request above its limit (the API server rejects it).
 * @param prop e.g. `frontend.resources`
 * @internal
 */
export function validateResources(prop: string, resources: ContainerResources | undefined): void {
  const cpu = resources?.cpu?.request && resources.cpu.limit ? [resources.cpu.request.amount, resources.cpu.limit.amount] as [string, string] : undefined;
  const pairs: [string, [string, string] | undefined][] = [
    ['cpu', cpu],
    ['memory', requestAndLimit(resources?.memory)],
    ['ephemeralStorage', requestAndLimit(resources?.ephemeralStorage)],
  ];
  for (const [name, pair] of pairs) {
    if (!pair) continue;
    const [request, limit] = pair.map(quantityNumber);
    if (request !== undefined && limit !== undefined && request > limit) {
      throw invalid(`${prop}.${name}`, 'must not request more than its limit (the API server rejects it)', { request: pair[0], limit: pair[1] },
        `lower the request to at most ${pair[1]} or raise the limit`);
    }
  }
}

/** Resource names set by other props, with the prop to use. */
const NOT_EXTENDED: Readonly<Record<string, string>> = {
  'nvidia.com/gpu': 'use the gpus option',
  'cpu': 'use the resources option',
  'memory': 'use the resources option',
  'ephemeral-storage': 'use the resources option',
};

/**
 * Validates extended resources (requests = limits): each name fully qualified (`vendor.com/name`
 * or `rdma/ib`), outside the `kubernetes.io` domain, not `requests.`-prefixed, and a whole-number
 * quantity; or a `hugepages-<size>` with a size.
 * @param prop e.g. `decode.extraResources`
 * @internal
 */
export function validateExtendedResources(prop: string, resources: Readonly<Record<string, unknown>> | undefined): void {
  for (const [name, quantity] of Object.entries(resources ?? {})) {
    const fix = NOT_EXTENDED[name];
    if (fix !== undefined) throw invalid(prop, `must not set ${name}`, name, fix);
    const hugePages = /^hugepages-/.test(name);
    if (!hugePages) checkExtendedResourceName(prop, name);
    const n = typeof quantity === 'string' ? quantityNumber(quantity) : undefined;
    if (n === undefined || n < 0) {
      throw invalid(propPath(prop, name), 'must be a Kubernetes quantity', quantity, hugePages ? 'use a size such as "2Gi"' : 'use a count such as "16"');
    }
    if (!hugePages && !Number.isInteger(n)) {
      throw invalid(propPath(prop, name), 'must be a whole number (extended resources are counted in units)', quantity, 'use a count such as "16"');
    }
  }
}

/**
 * Whether `name` is an extended resource name (IsExtendedResourceName): domain-prefixed, outside
 * the kubernetes.io domain, not `requests.`-prefixed, and a qualified name once so prefixed.
 * @internal
 */
export function isExtendedResourceName(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.') && isQualifiedName(`requests.${name}`);
}

function checkExtendedResourceName(prop: string, name: string): void {
  if (!name.includes('/')) {
    throw invalid(prop, 'must name extended resources with their domain (vendor.com/name), as device plugins advertise them', name,
      'use the device plugin\'s resource name, e.g. "vpc.amazonaws.com/efa" or "rdma/ib"');
  }
  if (name.includes('kubernetes.io/')) {
    throw invalid(prop, 'must not use the kubernetes.io domain, which Kubernetes reserves for its own resources', name, 'use the device plugin\'s own domain');
  }
  if (name.startsWith('requests.') || !isQualifiedName(`requests.${name}`)) {
    throw invalid(prop, `must have extended resource names (a DNS subdomain, "/", then at most ${MAX_LABEL_VALUE} letters, digits, "-", "_" or "."; no "requests." prefix)`, name,
      'use the device plugin\'s resource name, e.g. "vpc.amazonaws.com/efa"');
  }
}

/** One mount of a container: where, and which prop put it there. @internal */
export interface MountUse {
  /** The prop that chose the path, as the user wrote it: `modelCache.mountPath`. */
  readonly prop: string;
  readonly path: string;
}

/** A path without trailing or repeated slashes, so `/opt/models/` and `/opt/models` compare equal. */
function normalizedPath(path: string): string {
  return path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/**
 * Refuses two mounts at one path in one container (the API server rejects it, and the operator
 * silently drops a mount at `/dev/shm`), naming both props.
 * @internal
 */
export function validateMountPaths(mounts: readonly MountUse[]): void {
  const seen = new Map<string, MountUse>();
  for (const m of mounts) {
    const key = normalizedPath(m.path);
    const first = seen.get(key);
    if (first) {
      throw invalid(m.prop, `must not mount at ${key}, where ${first.prop} mounts`, m.path, `give ${m.prop} a path of its own`);
    }
    seen.set(key, m);
  }
}

/**
 * A claim whose name the operator gives the pod volume (the compilation cache; every claim with the
 * v1alpha1 API) must be a DNS label.
 * @param fix the way out besides a shorter name, e.g. `or apiVersion: DgdApiVersion.V1BETA1`
 * @internal
 */
export function validateOperatorNamedClaim(prop: string, claimName: string, fix = ''): void {
  if (!isDns1123Label(claimName)) {
    throw invalid(prop, `must be a DNS label (at most ${MAX_DNS_LABEL} lowercase letters, digits and "-"): the operator names the pod volume after the claim`,
      claimName, `use a claim whose name has no dots and at most ${MAX_DNS_LABEL} characters${fix ? `, ${fix}` : ''}`);
  }
}
