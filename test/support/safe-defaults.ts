/**
 * The safe-default rules (the kube-linter / Polaris family) that the library's output must follow,
 * checked on synthesized manifests:
 * - `requests`: every container and init container has cpu and memory requests (a limit alone
 *   counts, since Kubernetes then requests the limit): in Pods, workload templates and Jobs, and in
 *   DynamoGraphDeployments of both API generations (v1beta1 `components[].podTemplate`; v1alpha1
 *   `services.*.resources` for the `main` container, and `extraPodSpec` containers and init containers).
 * - `job-lifetime`: every Job sets `ttlSecondsAfterFinished` and `activeDeadlineSeconds`.
 * - `frontend-disruption-budget`: a DGD frontend of 2 replicas or more is covered by a
 *   PodDisruptionBudget in its namespace that selects its pods and lets a drain evict one.
 * - `frontend-spread`: such a frontend spreads over nodes (pod anti-affinity or a topology spread
 *   constraint on `kubernetes.io/hostname` that selects its own pods).
 */
import { Manifest } from './synth';

/** A safe-default rule. */
export type SafeDefaultRule = 'requests' | 'job-lifetime' | 'frontend-disruption-budget' | 'frontend-spread';

/** One broken rule on one object. */
export interface SafeDefaultViolation {
  readonly rule: SafeDefaultRule;
  /** `Kind namespace/name`. */
  readonly object: string;
  readonly message: string;
}

const HOSTNAME = 'kubernetes.io/hostname';
const GRAPH_LABEL = 'nvidia.com/dynamo-graph-deployment-name';
const COMPONENT_LABEL = 'nvidia.com/dynamo-component';
const COMPONENT_TYPE_LABEL = 'nvidia.com/dynamo-component-type';

/** A container to check: where it is, and its (Kubernetes-style) requests and limits. */
interface ContainerResources {
  readonly where: string;
  readonly requests?: Manifest;
  readonly limits?: Manifest;
}

/** A DGD component as the checks see it, in either API generation. */
interface DgdComponent {
  readonly name: string;
  readonly type?: string;
  readonly replicas?: number;
  readonly podLabels: Record<string, string>;
  readonly podSpec: Manifest;
  readonly containers: readonly ContainerResources[];
}

function objectName(o: Manifest): string {
  return `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

function podSpecContainers(spec: Manifest | undefined, prefix: string): ContainerResources[] {
  return (['containers', 'initContainers'] as const).flatMap((field) => ((spec?.[field] ?? []) as Manifest[])
    .map((c) => ({ where: `${prefix}${field === 'initContainers' ? 'init container' : 'container'} ${c.name}`, requests: c.resources?.requests, limits: c.resources?.limits })));
}

/** The pod spec of a built-in workload object, if it has one. */
function workloadPodSpec(o: Manifest): Manifest | undefined {
  if (o.kind === 'Pod') return o.spec;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController'].includes(o.kind)) return o.spec?.template?.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return undefined;
}

/** A DGD's components, in either API generation. */
export function dgdComponents(dgd: Manifest): DgdComponent[] {
  if (dgd.apiVersion === 'nvidia.com/v1beta1') {
    return ((dgd.spec?.components ?? []) as Manifest[]).map((c) => {
      const spec: Manifest = c.podTemplate?.spec ?? {};
      const containers = podSpecContainers(spec, `component ${c.name} `);
      // The operator adds the main container when the template has none: with no resources.
      if (!((spec.containers ?? []) as Manifest[]).some((x) => x.name === 'main')) containers.push({ where: `component ${c.name} container main` });
      return { name: c.name, type: c.type, replicas: c.replicas, podLabels: c.podTemplate?.metadata?.labels ?? {}, podSpec: spec, containers };
    });
  }
  return Object.entries((dgd.spec?.services ?? {}) as Record<string, Manifest>).map(([name, s]) => {
    const extra: Manifest = s.extraPodSpec ?? {};
    const main: Manifest = extra.mainContainer ?? {};
    // The operator builds the main container's requests and limits from `resources` (cpu, memory),
    // else from the main container's own.
    const pick = (kind: 'requests' | 'limits') => ({ ...main.resources?.[kind], ...s.resources?.[kind] });
    return {
      name,
      type: s.componentType,
      replicas: s.replicas,
      podLabels: s.extraPodMetadata?.labels ?? {},
      podSpec: extra,
      containers: [{ where: `service ${name} container main`, requests: pick('requests'), limits: pick('limits') }, ...podSpecContainers(extra, `service ${name} `)],
    };
  });
}

function isDgd(o: Manifest): boolean {
  return o.kind === 'DynamoGraphDeployment';
}

function missingRequests(c: ContainerResources): string[] {
  return ['cpu', 'memory'].filter((r) => c.requests?.[r] === undefined && c.limits?.[r] === undefined);
}

/** Whether a label selector matches a pod's labels (an empty selector matches every pod, as a PDB's does). */
export function selectorMatches(selector: Manifest | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabel = Object.entries((selector.matchLabels ?? {}) as Record<string, string>).every(([k, v]) => labels[k] === v);
  const byExpression = ((selector.matchExpressions ?? []) as Manifest[]).every((e) => {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In': return has && (e.values as string[]).includes(labels[e.key]);
      case 'NotIn': return !has || !(e.values as string[]).includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
  return byLabel && byExpression;
}

/** The labels the operator puts on a component's pods, with the pod labels of its template. */
function frontendPodLabels(dgd: Manifest, c: DgdComponent): Record<string, string> {
  return { ...c.podLabels, [GRAPH_LABEL]: dgd.metadata.name, [COMPONENT_LABEL]: c.name, [COMPONENT_TYPE_LABEL]: 'frontend' };
}

/** Whether a budget lets at least one of `replicas` pods be evicted (Kubernetes rounds percentages up). */
function allowsOneEviction(spec: Manifest, replicas: number): boolean {
  const count = (v: unknown) => (typeof v === 'string' && v.endsWith('%') ? Math.ceil((Number(v.slice(0, -1)) * replicas) / 100) : Number(v));
  if (spec.maxUnavailable !== undefined) return count(spec.maxUnavailable) >= 1;
  if (spec.minAvailable !== undefined) return count(spec.minAvailable) < replicas;
  return false;
}

function spreadsOverNodes(spec: Manifest, labels: Record<string, string>): boolean {
  const anti: Manifest = spec.affinity?.podAntiAffinity ?? {};
  const terms: Manifest[] = [
    ...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...((anti.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Manifest[]).map((p) => p.podAffinityTerm),
    ...(spec.topologySpreadConstraints ?? []),
  ];
  return terms.some((t) => t?.topologyKey === HOSTNAME && selectorMatches(t.labelSelector, labels));
}

function frontendViolations(dgd: Manifest, budgets: readonly Manifest[]): SafeDefaultViolation[] {
  const out: SafeDefaultViolation[] = [];
  const namespace = dgd.metadata.namespace ?? '';
  for (const c of dgdComponents(dgd)) {
    if (c.type !== 'frontend' || (c.replicas ?? 1) < 2) continue;
    const replicas = c.replicas ?? 1;
    const labels = frontendPodLabels(dgd, c);
    const covering = budgets.filter((b) => (b.metadata.namespace ?? '') === namespace && selectorMatches(b.spec?.selector, labels));
    if (covering.length === 0) {
      out.push({ rule: 'frontend-disruption-budget', object: objectName(dgd), message: `frontend ${c.name} (${replicas} replicas) has no PodDisruptionBudget selecting its pods` });
    } else if (covering.length > 1) {
      out.push({ rule: 'frontend-disruption-budget', object: objectName(dgd), message: `frontend ${c.name} is selected by ${covering.length} PodDisruptionBudgets (the eviction API refuses pods with more than one)` });
    } else if (!allowsOneEviction(covering[0].spec, replicas)) {
      out.push({ rule: 'frontend-disruption-budget', object: objectName(covering[0]), message: `the budget of frontend ${c.name} lets none of its ${replicas} pods be evicted, which blocks node drains` });
    }
    if (!spreadsOverNodes(c.podSpec, labels)) {
      out.push({ rule: 'frontend-spread', object: objectName(dgd), message: `frontend ${c.name} (${replicas} replicas) does not spread over nodes (${HOSTNAME})` });
    }
  }
  return out;
}

/** Every safe-default rule the manifests break. */
export function safeDefaultViolations(objs: readonly Manifest[]): SafeDefaultViolation[] {
  const out: SafeDefaultViolation[] = [];
  const budgets = objs.filter((o) => o.kind === 'PodDisruptionBudget');
  for (const o of objs) {
    const containers = isDgd(o) ? dgdComponents(o).flatMap((c) => c.containers) : podSpecContainers(workloadPodSpec(o), '');
    for (const c of containers) {
      const missing = missingRequests(c);
      if (missing.length > 0) out.push({ rule: 'requests', object: objectName(o), message: `${c.where} has no ${missing.join(' or ')} request` });
    }
    if (o.kind === 'Job') {
      for (const field of ['ttlSecondsAfterFinished', 'activeDeadlineSeconds']) {
        if (typeof o.spec?.[field] !== 'number') out.push({ rule: 'job-lifetime', object: objectName(o), message: `the Job sets no ${field}` });
      }
    }
    if (isDgd(o)) out.push(...frontendViolations(o, budgets));
  }
  return out;
}

/** Fails with every violation listed, one a line. */
export function assertSafeDefaults(objs: readonly Manifest[]): void {
  const violations = safeDefaultViolations(objs);
  if (violations.length > 0) {
    throw new Error(`${violations.length} safe-default violation(s):\n${violations.map((v) => `  [${v.rule}] ${v.object}: ${v.message}`).join('\n')}`);
  }
}
