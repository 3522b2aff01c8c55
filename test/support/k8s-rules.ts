/**
 * Kubernetes object rules that JSON schema cannot express, applied to synthesized manifests: what the
 * API server (or the Dynamo operator, for what it derives from a DynamoGraphDeployment) would reject
 * or silently drop although every field has the right type.
 *
 * Sources (facts, not code):
 * - name, label and annotation syntax: k8s.io/apimachinery `pkg/util/validation/validation.go`
 *   (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue) and
 *   kubernetes.io/docs/concepts/overview/working-with-objects/{names,labels,annotations};
 * - pod rules: the field descriptions of `../shared/k8s-schemas/v1.30.0/_definitions.json`
 *   (Container.name "DNS_LABEL ... unique", Volume.name "DNS_LABEL and unique within the pod",
 *   VolumeMount.name "must match the Name of a Volume", Toleration key/operator/value/effect,
 *   ResourceRequirements.requests "Requests cannot exceed Limits") and `pkg/apis/core/validation`
 *   (unique mountPath per container; extended resources and huge pages: domain-qualified or `hugepages-<size>`, a
 *   request only with a limit of the same quantity (IsOvercommitAllowed);
 *   ValidateSecurityContext: `allowPrivilegeEscalation: false` with `privileged: true`, or with `capabilities.add`
 *   `CAP_SYS_ADMIN`, is rejected; the API server compares that literal spelling, so `SYS_ADMIN` passes it, and
 *   the library, which follows the API server, accepts it too);
 * - Job names are copied into the `batch.kubernetes.io/job-name` pod label, so at most 63
 *   characters (kubernetes.io/docs/concepts/workloads/controllers/job, "Writing a Job spec");
 * - Karpenter NodePool / NodeClass and GKE ComputeClass names become node label values
 *   (`karpenter.sh/nodepool`, `cloud.google.com/compute-class`, ...);
 * - Dynamo operator (upstream mirror, deploy/operator): Services and DynamoComponentDeployments are
 *   named `<dgd>-<lowercase component>`; every pod gets the labels
 *   `nvidia.com/dynamo-namespace: <namespace>-<dgd>` (api/v1beta1 ComputeDynamoNamespace, dots in the
 *   DGD name become '-') and `nvidia.com/dynamo-component: <component>` (internal/dynamo/graph.go), worker
 *   pods `nvidia.com/selector: <dgd>-<component>-<8-character hash>` (internal/controller/
 *   dynamocomponentdeployment_renderer.go); the
 *   main container gets the `shared-memory` volume at `/dev/shm` unless `sharedMemorySize` is 0, and
 *   drops any other mount there (internal/dynamo/shared_memory.go); a compilation cache mounts the
 *   claim `pvcName` as a volume of that name at `mountPath`, which has a default for vLLM only
 *   (`/root/.cache/vllm`; graph.go getDefaultCompilationCacheMountPoint).
 */
import type { Manifest } from './synth';

/** What a rule checks; a violation names one. */
export type K8sRule =
  | 'object-name' | 'derived-name' | 'label-key' | 'label-value' | 'annotation-key' | 'node-selector'
  | 'container-name' | 'volume-name' | 'volume-mount' | 'mount-path' | 'env-name' | 'toleration'
  | 'resources' | 'resource-name' | 'plain-credential' | 'compilation-cache' | 'security-context';

/** One broken rule in one object. */
export interface RuleViolation {
  /** `Kind/name`. */
  readonly object: string;
  /** JSON path inside the object, e.g. `$.spec.components[1].podTemplate.spec.tolerations[0]`. */
  readonly path: string;
  readonly rule: K8sRule;
  readonly message: string;
}

const MAX_LABEL = 63;
const MAX_SUBDOMAIN = 253;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Env names as the library accepts them (Kubernetes 1.30 accepts any printable ASCII but '='; this is the portable set). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const TOLERATION_EFFECTS = new Set(['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute']);
/** Resource names without a domain that Kubernetes knows (plus `hugepages-<size>`). */
const NATIVE_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);
/** The operator's shared-memory volume and mount (deploy/operator/internal/consts/consts.go). */
const SHARED_MEMORY = { volume: 'shared-memory', mountPath: '/dev/shm' };
const VLLM_COMPILATION_CACHE = '/root/.cache/vllm';
/** Worker component types, whose pods the operator labels `nvidia.com/selector: <dgd>-<component>-<hash>`. */
const WORKER_TYPES = new Set(['worker', 'prefill', 'decode']);
/** The operator's worker hash: 8 hex characters (deploy/operator internal/dynamo/hash.go). */
const WORKER_HASH = 8;

/** Kinds whose names are labels, not subdomains: `group/Kind` (core group empty). */
const LABEL_NAMED: Readonly<Record<string, 'dns1035' | 'dns1123'>> = { '/Service': 'dns1035', '/Namespace': 'dns1123' };
/** Kinds whose name is copied into a label value, and the label. */
const NAME_AS_LABEL: Readonly<Record<string, string>> = {
  'batch/Job': 'batch.kubernetes.io/job-name',
  'karpenter.sh/NodePool': 'karpenter.sh/nodepool',
  'karpenter.k8s.aws/EC2NodeClass': 'karpenter.k8s.aws/ec2nodeclass',
  'karpenter.azure.com/AKSNodeClass': 'karpenter.azure.com/aksnodeclass',
  'eks.amazonaws.com/NodeClass': 'eks.amazonaws.com/nodeclass',
  'cloud.google.com/ComputeClass': 'cloud.google.com/compute-class',
};
/** Workload kinds and where their pod template is. */
const POD_TEMPLATE_AT: Readonly<Record<string, readonly string[]>> = {
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
};

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

// ---------------------------------------------------------------------------------------------------------------
// Syntax checks, each returning the problem or undefined
// ---------------------------------------------------------------------------------------------------------------

/** A DNS-1123 label (≤ 63), DNS-1035 label (≤ 63, starts with a letter) or DNS-1123 subdomain (≤ 253). */
export function nameProblem(form: 'dns1123' | 'dns1035' | 'subdomain', name: string): string | undefined {
  if (form === 'subdomain') {
    return name.length > MAX_SUBDOMAIN || !DNS1123_SUBDOMAIN.test(name) ? `"${name}" is not a DNS-1123 subdomain (≤ ${MAX_SUBDOMAIN} of [a-z0-9-.])` : undefined;
  }
  const re = form === 'dns1035' ? DNS1035_LABEL : DNS1123_LABEL;
  const what = form === 'dns1035' ? 'DNS-1035 label (≤ 63 of [a-z0-9-], starting with a letter)' : 'DNS-1123 label (≤ 63 of [a-z0-9-])';
  return name.length > MAX_LABEL || !re.test(name) ? `"${name}" (${name.length} chars) is not a ${what}` : undefined;
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63 of [A-Za-z0-9-_.]. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `"${key}" has more than one "/"`;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length > MAX_SUBDOMAIN || !DNS1123_SUBDOMAIN.test(prefix))) return `prefix of "${key}" is not a DNS-1123 subdomain`;
  if (name.length > MAX_LABEL || !QUALIFIED_NAME_PART.test(name)) return `name part of "${key}" must be 1-63 of [A-Za-z0-9-_.], alphanumeric at both ends`;
  return undefined;
}

/** A label value: empty, or ≤ 63 of [A-Za-z0-9-_.], alphanumeric at both ends. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `label value ${JSON.stringify(value)} is not a string`;
  return value.length > MAX_LABEL || !LABEL_VALUE.test(value) ? `label value "${value}" (${value.length} chars) must be ≤ 63 of [A-Za-z0-9-_.], alphanumeric at both ends` : undefined;
}

/**
 * Whether an env var name marks a credential: a `_`/`.`/`-`-separated part TOKEN, SECRET, PASSWORD,
 * PASSWD, APIKEY or CREDENTIAL(S), `API_KEY` anywhere, or a name ending in `_KEY` (issue 13: `*TOKEN*`,
 * `*SECRET*`, `*PASSWORD*`, `*API_KEY*`, `*_KEY`, as whole parts so that `TOKENIZERS_PARALLELISM` is not one).
 */
export function isCredentialEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  const parts = upper.split(/[_.-]/);
  const words = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS'];
  return parts.some((p) => words.includes(p)) || upper.includes('API_KEY') || upper.endsWith('_KEY');
}

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E))?$/;
const SUFFIX: Readonly<Record<string, number>> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

/** A Kubernetes quantity as a number (`500m` → 0.5, `2Gi` → 2147483648), or undefined when unparsable. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return m[3] ? base * SUFFIX[m[3]] : base;
}

// ---------------------------------------------------------------------------------------------------------------
// Pod views: a pod template as the API server (or the operator) will see it
// ---------------------------------------------------------------------------------------------------------------

interface ContainerView {
  readonly path: string;
  readonly name: unknown;
  /** Each env entry with its path. */
  readonly env: ReadonlyArray<{ readonly path: string; readonly entry: Json }>;
  readonly mounts: ReadonlyArray<{ readonly path: string; readonly name: unknown; readonly mountPath: unknown; readonly implied?: string }>;
  /** requests/limits by resource name, with the path of the resources object. */
  readonly resources?: { readonly path: string; readonly requests: Json; readonly limits: Json };
  /** The container's security context, with its path. */
  readonly securityContext?: { readonly path: string; readonly value: Json };
}

interface PodView {
  readonly path: string;
  readonly labels: unknown;
  readonly annotations: unknown;
  readonly metadataPath: string;
  readonly spec: Json;
  readonly specPath: string;
  readonly containers: readonly ContainerView[];
  readonly volumes: ReadonlyArray<{ readonly path: string; readonly name: unknown; readonly implied?: string }>;
}

function containerView(path: string, c: Json): ContainerView {
  const r = isObject(c.resources) ? c.resources : undefined;
  return {
    path,
    name: c.name,
    env: list(c.env).map((entry, i) => ({ path: at(at(path, 'env'), i), entry })),
    mounts: list(c.volumeMounts).map((m, i) => ({ path: at(at(path, 'volumeMounts'), i), name: m.name, mountPath: m.mountPath })),
    resources: r ? { path: at(path, 'resources'), requests: isObject(r.requests) ? r.requests : {}, limits: isObject(r.limits) ? r.limits : {} } : undefined,
    securityContext: isObject(c.securityContext) ? { path: at(path, 'securityContext'), value: c.securityContext } : undefined,
  };
}

/** A plain pod template (`metadata` + `spec`). */
function plainPodView(path: string, template: Json): PodView {
  const metadata = isObject(template.metadata) ? template.metadata : {};
  const spec = isObject(template.spec) ? template.spec : {};
  const specPath = at(path, 'spec');
  const containers = [
    ...list(spec.initContainers).map((c, i) => containerView(at(at(specPath, 'initContainers'), i), c)),
    ...list(spec.containers).map((c, i) => containerView(at(at(specPath, 'containers'), i), c)),
  ];
  return {
    path, labels: metadata.labels, annotations: metadata.annotations, metadataPath: at(path, 'metadata'), spec, specPath, containers,
    volumes: list(spec.volumes).map((v, i) => ({ path: at(at(specPath, 'volumes'), i), name: v.name })),
  };
}

/** What the operator adds to a component's main container: the shared-memory and compilation-cache mounts. */
function operatorMounts(path: string, sharedMemoryOn: boolean, cache: { name: unknown; mountPath: unknown } | undefined): {
  mounts: ContainerView['mounts']; volumes: PodView['volumes'];
} {
  const mounts: Array<ContainerView['mounts'][number]> = [];
  const volumes: Array<PodView['volumes'][number]> = [];
  if (sharedMemoryOn) {
    mounts.push({ path, name: SHARED_MEMORY.volume, mountPath: SHARED_MEMORY.mountPath, implied: 'the operator\'s shared memory' });
    volumes.push({ path, name: SHARED_MEMORY.volume, implied: 'the operator\'s shared memory' });
  }
  if (cache) {
    mounts.push({ path: at(path, 'compilationCache'), name: cache.name, mountPath: cache.mountPath, implied: 'the compilation cache' });
    volumes.push({ path: at(path, 'compilationCache'), name: cache.name, implied: 'the compilation cache' });
  }
  return { mounts, volumes };
}

/** A v1beta1 component: its pod template, plus the operator's shared memory and compilation cache. */
function v1beta1ComponentView(path: string, comp: Json, backend: unknown): PodView {
  const template = isObject(comp.podTemplate) ? comp.podTemplate : {};
  const view = plainPodView(at(path, 'podTemplate'), template);
  const cache = isObject(comp.compilationCache)
    ? { name: comp.compilationCache.pvcName, mountPath: comp.compilationCache.mountPath ?? (backend === 'vllm' ? VLLM_COMPILATION_CACHE : undefined) }
    : undefined;
  const shm = comp.sharedMemorySize === undefined || parseQuantity(comp.sharedMemorySize) !== 0;
  const added = operatorMounts(path, shm, cache);
  const main = view.containers.findIndex((c) => c.name === 'main');
  const containers = view.containers.map((c, i) => (i === main ? { ...c, mounts: [...c.mounts, ...added.mounts] } : c));
  return { ...view, path, containers, volumes: [...view.volumes, ...added.volumes] };
}

/** v1alpha1 `resources` (`cpu`, `memory`, `gpu`, `custom`) as Kubernetes resource names. */
function v1alpha1Resources(r: unknown): Json {
  if (!isObject(r)) return {};
  const custom = isObject(r.custom) ? r.custom : {};
  return {
    ...(r.cpu !== undefined ? { cpu: r.cpu } : {}),
    ...(r.memory !== undefined ? { memory: r.memory } : {}),
    ...(r.gpu !== undefined ? { 'nvidia.com/gpu': r.gpu } : {}),
    ...custom,
  };
}

/**
 * A v1alpha1 service as the operator builds its pod: `extraPodMetadata`, `extraPodSpec` with the
 * `mainContainer` (named `main`, env from `envs`, resources from `resources`), the claim mounts of
 * `volumeMounts` (volume named after the claim), shared memory and the compilation cache.
 */
function v1alpha1ServiceView(path: string, svc: Json, backend: unknown): PodView {
  const metadata = isObject(svc.extraPodMetadata) ? svc.extraPodMetadata : {};
  const spec = isObject(svc.extraPodSpec) ? svc.extraPodSpec : {};
  const specPath = at(path, 'extraPodSpec');
  const mainPath = at(specPath, 'mainContainer');
  const mainJson = isObject(spec.mainContainer) ? spec.mainContainer : {};
  const base = containerView(mainPath, { ...mainJson, name: 'main' });
  const envs = list(svc.envs).map((entry, i) => ({ path: at(at(path, 'envs'), i), entry }));
  const claimMounts = list(svc.volumeMounts).filter((m) => m.useAsCompilationCache !== true)
    .map((m, i) => ({ path: at(at(path, 'volumeMounts'), i), name: m.name, mountPath: m.mountPoint }));
  const cacheMount = list(svc.volumeMounts).find((m) => m.useAsCompilationCache === true);
  const cache = cacheMount ? { name: cacheMount.name, mountPath: cacheMount.mountPoint ?? (backend === 'vllm' ? VLLM_COMPILATION_CACHE : undefined) } : undefined;
  const shm = !(isObject(svc.sharedMemory) && (svc.sharedMemory.disabled === true || parseQuantity(svc.sharedMemory.size) === 0));
  const added = operatorMounts(path, shm, cache);
  const r = isObject(svc.resources) ? svc.resources : undefined;
  const main: ContainerView = {
    ...base,
    env: [...base.env, ...envs],
    mounts: [...base.mounts, ...claimMounts, ...added.mounts],
    resources: r ? { path: at(path, 'resources'), requests: v1alpha1Resources(r.requests), limits: v1alpha1Resources(r.limits) } : base.resources,
  };
  const sidecars = list(spec.containers).map((c, i) => containerView(at(at(specPath, 'containers'), i), c));
  return {
    path, labels: metadata.labels, annotations: metadata.annotations, metadataPath: at(path, 'extraPodMetadata'), spec, specPath,
    containers: [main, ...sidecars],
    volumes: [
      ...list(spec.volumes).map((v, i) => ({ path: at(at(specPath, 'volumes'), i), name: v.name })),
      ...claimMounts.map((m) => ({ path: m.path, name: m.name, implied: 'a claim in volumeMounts' })),
      ...added.volumes,
    ],
  };
}

function groupKind(obj: Manifest): string {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return `${group}/${String(obj.kind)}`;
}

function dig(obj: unknown, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), obj);
}

/** Every pod template of an object, with the operator's additions for a DynamoGraphDeployment. */
export function podViews(obj: Manifest): PodView[] {
  const gk = groupKind(obj);
  const spec = isObject(obj.spec) ? obj.spec : {};
  if (gk === 'nvidia.com/DynamoGraphDeployment') {
    if (Array.isArray(spec.components)) return list(spec.components).map((c, i) => v1beta1ComponentView(`$.spec.components[${i}]`, c, spec.backendFramework));
    if (isObject(spec.services)) {
      return Object.entries(spec.services).filter(([, s]) => isObject(s))
        .map(([name, s]) => v1alpha1ServiceView(at('$.spec.services', name), s as Json, spec.backendFramework));
    }
    return [];
  }
  if (gk === '/Pod') return [plainPodView('$', obj)];
  const keys = POD_TEMPLATE_AT[gk];
  if (!keys) return [];
  const template = dig(obj, keys);
  return isObject(template) ? [plainPodView(`$.${keys.join('.')}`, template)] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------------------

type Report = (path: string, rule: K8sRule, message: string) => void;

function checkLabels(labels: unknown, path: string, report: Report): void {
  if (!isObject(labels)) return;
  for (const [k, v] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem) report(at(path, k), 'label-key', keyProblem);
    const valueProblem = labelValueProblem(v);
    if (valueProblem) report(at(path, k), 'label-value', valueProblem);
  }
}

function checkAnnotations(annotations: unknown, path: string, report: Report): void {
  if (!isObject(annotations)) return;
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    const keyProblem = qualifiedNameProblem(k);
    if (keyProblem) report(at(path, k), 'annotation-key', keyProblem);
    total += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (total > 256 * 1024) report(path, 'annotation-key', `annotations total ${total} bytes, over 256 KiB`);
}

function checkMetadata(obj: Manifest, report: Report): void {
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const gk = groupKind(obj);
  const name = metadata.name;
  if (typeof name !== 'string') {
    report('$.metadata.name', 'object-name', 'missing metadata.name');
  } else {
    const problem = nameProblem(LABEL_NAMED[gk] ?? 'subdomain', name);
    if (problem) report('$.metadata.name', 'object-name', problem);
    const label = NAME_AS_LABEL[gk];
    const asLabel = label ? labelValueProblem(name) : undefined;
    if (label && asLabel) report('$.metadata.name', 'derived-name', `the name becomes the ${label} label: ${asLabel}`);
  }
  if (typeof metadata.namespace === 'string') {
    const problem = nameProblem('dns1123', metadata.namespace);
    if (problem) report('$.metadata.namespace', 'object-name', problem);
  }
  checkLabels(metadata.labels, '$.metadata.labels', report);
  checkAnnotations(metadata.annotations, '$.metadata.annotations', report);
}

/** The names the operator derives from a DynamoGraphDeployment: Services, DCDs and pod labels. */
function checkDgdDerivedNames(obj: Manifest, report: Report): void {
  if (groupKind(obj) !== 'nvidia.com/DynamoGraphDeployment') return;
  const dgd = String(obj.metadata?.name ?? '');
  const namespace = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : 'default';
  const dynamoNamespace = `${namespace}-${dgd.replaceAll('.', '-')}`;
  const nsProblem = labelValueProblem(dynamoNamespace);
  if (nsProblem) report('$.metadata.name', 'derived-name', `the operator's nvidia.com/dynamo-namespace pod label <namespace>-<dgd>: ${nsProblem}`);
  const spec = isObject(obj.spec) ? obj.spec : {};
  const components: Array<[string, string, boolean]> = Array.isArray(spec.components)
    ? list(spec.components).map((c, i) => [`$.spec.components[${i}].name`, String(c.name), WORKER_TYPES.has(String(c.type))])
    : Object.entries(isObject(spec.services) ? spec.services : {})
      .map(([n, svc]) => [at('$.spec.services', n), n, isObject(svc) && svc.componentType === 'worker']);
  for (const [path, component, worker] of components) {
    const service = `${dgd}-${component.toLowerCase()}`;
    const problem = nameProblem('dns1035', service);
    if (problem) report(path, 'derived-name', `the operator's Service / DynamoComponentDeployment name <dgd>-<component>: ${problem}`);
    const label = labelValueProblem(component);
    if (label) report(path, 'derived-name', `the operator's nvidia.com/dynamo-component pod label: ${label}`);
    const selector = labelValueProblem(`${service}-${'0'.repeat(WORKER_HASH)}`);
    if (worker && selector) report(path, 'derived-name', `the operator's nvidia.com/selector worker pod label <dgd>-<component>-<8-character hash>: ${selector}`);
  }
}

function checkEnvList(entries: ReadonlyArray<{ path: string; entry: Json }>, report: Report): void {
  const seen = new Set<string>();
  for (const { path, entry } of entries) {
    const name = entry.name;
    if (typeof name !== 'string' || !ENV_NAME.test(name)) {
      report(path, 'env-name', `env name ${JSON.stringify(name)} is not a valid environment variable name`);
      continue;
    }
    if (seen.has(name)) report(path, 'env-name', `env ${name} is set twice in one container (the last one silently wins)`);
    seen.add(name);
    if (isCredentialEnvName(name) && typeof entry.value === 'string' && entry.value !== '') {
      report(path, 'plain-credential', `env ${name} marks a credential but has a literal value: it sits in plain text in the manifest`);
    }
  }
}

function checkToleration(t: Json, path: string, report: Report): void {
  const key = typeof t.key === 'string' ? t.key : '';
  const operator = typeof t.operator === 'string' ? t.operator : '';
  const value = typeof t.value === 'string' ? t.value : '';
  const effect = typeof t.effect === 'string' ? t.effect : '';
  if (key !== '') {
    const problem = qualifiedNameProblem(key);
    if (problem) report(path, 'toleration', `key: ${problem}`);
  }
  if (operator !== '' && operator !== 'Equal' && operator !== 'Exists') report(path, 'toleration', `operator "${operator}" must be Equal or Exists`);
  if (key === '' && operator !== 'Exists') report(path, 'toleration', 'an empty key matches every taint only with operator Exists');
  if (operator === 'Exists' && value !== '') report(path, 'toleration', `operator Exists must have no value (got "${value}")`);
  if (operator !== 'Exists') {
    const problem = labelValueProblem(value);
    if (problem) report(path, 'toleration', `value: ${problem}`);
  }
  if (!TOLERATION_EFFECTS.has(effect)) report(path, 'toleration', `effect "${effect}" must be NoSchedule, PreferNoSchedule or NoExecute`);
  if (t.tolerationSeconds !== undefined && effect !== 'NoExecute') report(path, 'toleration', 'tolerationSeconds applies to effect NoExecute only');
}

function resourceNameProblem(name: string): string | undefined {
  if (NATIVE_RESOURCES.has(name) || /^hugepages-/.test(name)) return undefined;
  if (!name.includes('/')) return `"${name}" is neither a native resource (cpu, memory, ephemeral-storage, hugepages-*) nor domain-qualified (e.g. vpc.amazonaws.com/efa)`;
  return qualifiedNameProblem(name);
}

function checkResources(r: NonNullable<ContainerView['resources']>, report: Report): void {
  for (const [kind, map] of [['requests', r.requests], ['limits', r.limits]] as const) {
    for (const [name, q] of Object.entries(map)) {
      const problem = resourceNameProblem(name);
      if (problem) report(at(at(r.path, kind), name), 'resource-name', problem);
      if (parseQuantity(q) === undefined) report(at(at(r.path, kind), name), 'resources', `${JSON.stringify(q)} is not a quantity`);
    }
  }
  for (const [name, q] of Object.entries(r.requests)) {
    // Extended resources and huge pages cannot be overcommitted: a request needs a limit, and equals it (IsOvercommitAllowed).
    const overcommit = NATIVE_RESOURCES.has(name);
    if (!overcommit && r.limits[name] === undefined) {
      report(at(at(r.path, 'requests'), name), 'resources', `${name} cannot be overcommitted: a request needs a limit (of the same quantity)`);
      continue;
    }
    const request = parseQuantity(q);
    const limit = parseQuantity(r.limits[name]);
    if (request === undefined || limit === undefined) continue;
    if (!overcommit && request !== limit) report(at(at(r.path, 'requests'), name), 'resources', `${name} cannot be overcommitted: request ${String(q)} must equal limit ${String(r.limits[name])}`);
    else if (request > limit) report(at(at(r.path, 'requests'), name), 'resources', `${name} request ${String(q)} exceeds its limit ${String(r.limits[name])}`);
  }
}

/** A container security context the API server rejects as contradictory: no escalation, yet privileged or with CAP_SYS_ADMIN. */
function checkSecurityContext(sc: NonNullable<ContainerView['securityContext']>, report: Report): void {
  if (sc.value.allowPrivilegeEscalation !== false) return;
  if (sc.value.privileged === true) {
    report(sc.path, 'security-context', 'allowPrivilegeEscalation false with privileged true: a privileged container can always escalate (the API server rejects the pair)');
  }
  const capabilities = isObject(sc.value.capabilities) && Array.isArray(sc.value.capabilities.add) ? sc.value.capabilities.add : [];
  if (capabilities.includes('CAP_SYS_ADMIN')) {
    report(sc.path, 'security-context', 'allowPrivilegeEscalation false with capabilities.add CAP_SYS_ADMIN: a process with it can always escalate (the API server rejects the pair)');
  }
}

function checkPod(view: PodView, report: Report): void {
  checkLabels(view.labels, at(view.metadataPath, 'labels'), report);
  checkAnnotations(view.annotations, at(view.metadataPath, 'annotations'), report);
  if (isObject(view.spec.nodeSelector)) {
    for (const [k, v] of Object.entries(view.spec.nodeSelector)) {
      const problem = qualifiedNameProblem(k) ?? labelValueProblem(v);
      if (problem) report(at(at(view.specPath, 'nodeSelector'), k), 'node-selector', problem);
    }
  }
  list(view.spec.tolerations).forEach((t, i) => checkToleration(t, at(at(view.specPath, 'tolerations'), i), report));

  const volumes = new Set<string>();
  for (const v of view.volumes) {
    const name = String(v.name);
    const problem = nameProblem('dns1123', name);
    if (problem) report(v.path, 'volume-name', `volume${v.implied ? ` (${v.implied})` : ''}: ${problem}`);
    // The operator replaces a volume of its own name; a pod volume may repeat only through that.
    if (volumes.has(name) && !v.implied) report(v.path, 'volume-name', `volume "${name}" is defined twice in the pod`);
    volumes.add(name);
  }
  const containers = new Set<string>();
  for (const c of view.containers) {
    const name = String(c.name);
    const problem = nameProblem('dns1123', name);
    if (problem) report(at(c.path, 'name'), 'container-name', problem);
    if (containers.has(name)) report(at(c.path, 'name'), 'container-name', `container "${name}" is defined twice in the pod`);
    containers.add(name);
    checkEnvList(c.env, report);
    if (c.resources) checkResources(c.resources, report);
    if (c.securityContext) checkSecurityContext(c.securityContext, report);
    const paths = new Map<string, string>();
    for (const m of c.mounts) {
      if (typeof m.mountPath !== 'string' || m.mountPath === '') {
        report(m.path, m.implied === 'the compilation cache' ? 'compilation-cache' : 'volume-mount',
          `mount of "${String(m.name)}"${m.implied ? ` (${m.implied})` : ''} has no mountPath${m.implied === 'the compilation cache' ? ': the operator has a default for vLLM only' : ''}`);
        continue;
      }
      if (!volumes.has(String(m.name))) report(m.path, 'volume-mount', `mount of "${String(m.name)}" refers to no volume of the pod`);
      const earlier = paths.get(m.mountPath);
      if (earlier !== undefined) {
        report(m.path, 'mount-path', `"${m.mountPath}" is mounted twice in container "${name}" (${earlier} and ${m.implied ?? String(m.name)})`);
      }
      paths.set(m.mountPath, m.implied ?? String(m.name));
    }
  }
}

/** Node labels a Karpenter NodePool (or similar) puts on its nodes: `spec.template.metadata.labels`. */
function checkNodeTemplate(obj: Manifest, report: Report): void {
  if (groupKind(obj) !== 'karpenter.sh/NodePool') return;
  checkLabels(dig(obj, ['spec', 'template', 'metadata', 'labels']), '$.spec.template.metadata.labels', report);
}

/** Graph-level env of a DynamoGraphDeployment (`spec.env`, v1alpha1 `spec.envs`), merged into every main container. */
function checkGraphEnv(obj: Manifest, report: Report): void {
  if (groupKind(obj) !== 'nvidia.com/DynamoGraphDeployment' || !isObject(obj.spec)) return;
  for (const key of ['env', 'envs']) {
    checkEnvList(list(obj.spec[key]).map((entry, i) => ({ path: `$.spec.${key}[${i}]`, entry })), report);
  }
}

/** Every rule violation in one object. */
export function objectRuleViolations(obj: Manifest): RuleViolation[] {
  const object = `${String(obj.kind)}/${String(obj.metadata?.name)}`;
  const out: RuleViolation[] = [];
  const report: Report = (path, rule, message) => out.push({ object, path, rule, message });
  checkMetadata(obj, report);
  checkDgdDerivedNames(obj, report);
  checkGraphEnv(obj, report);
  checkNodeTemplate(obj, report);
  for (const view of podViews(obj)) checkPod(view, report);
  return out;
}

/** Every rule violation in a list of synthesized objects. */
export function k8sRuleViolations(objs: readonly Manifest[]): RuleViolation[] {
  return objs.flatMap(objectRuleViolations);
}

/** Throws an Error listing every violation (object, path, rule, message) when any. */
export function assertK8sRules(objs: readonly Manifest[]): void {
  const violations = k8sRuleViolations(objs);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `  - ${v.object} at ${v.path} [${v.rule}]: ${v.message}`);
  throw new Error(`${violations.length} Kubernetes rule violation(s):\n${lines.join('\n')}`);
}
