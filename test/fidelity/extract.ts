import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ComponentFacts, EngineConfigFact, EnvFact, FlagValue, GraphFacts, Role } from './facts';
import { parseScript } from './shell';

/**
 * Stage 1 of the normalizer, used on both sides: reads the facts of a DynamoGraphDeployment (either
 * API generation) and the ConfigMaps next to it. The upstream side runs it once, in
 * scripts/extract-upstream-fixture.ts, and the result is the fixture; the library side runs it on
 * every synth. Spelling is kept here (stage 2, canonical.ts, canonicalizes both sides).
 */

/** A Kubernetes object as parsed or synthesized. */
export type Manifest = Record<string, any>;

/** How to read a file baked into the runtime image, by absolute path (upstream: the repository file). */
export type ImageFileReader = (absolutePath: string) => string | undefined;

/**
 * The operator's launch line for a component that sets no command: `python3 -m dynamo.frontend`
 * for frontends (deploy/operator/internal/dynamo/component_frontend.go, FrontendDefaults).
 */
const OPERATOR_DEFAULT_ARGV: Partial<Record<Role, string[]>> = { frontend: ['python3', '-m', 'dynamo.frontend'] };

/** A component before its launch line is read, in one shape for both API generations. */
interface RawComponent {
  readonly name: string;
  readonly role: Role;
  readonly type: string;
  readonly replicas: number | null;
  readonly nodeCount: number;
  readonly resources: { requests: Record<string, string>; limits: Record<string, string> };
  readonly sharedMemory: string | null;
  readonly container: Manifest;
  readonly env: Record<string, EnvFact>;
  readonly envFrom: string[];
  readonly volumes: Record<string, string>;
  readonly runtimeVersionOverride?: string;
  readonly scalingAdapter: boolean;
}

/** The facts of the one DynamoGraphDeployment among `objects`. */
export function extractGraph(objects: readonly Manifest[], readImageFile: ImageFileReader = () => undefined): GraphFacts {
  const dgds = objects.filter((o) => o.kind === 'DynamoGraphDeployment');
  if (dgds.length !== 1) throw new Error(`expected one DynamoGraphDeployment, found ${dgds.length}`);
  const dgd = dgds[0];
  const configMaps = new Map<string, Record<string, string>>(
    objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name as string, (o.data ?? {}) as Record<string, string>]));
  const raw = dgd.apiVersion === 'nvidia.com/v1alpha1' ? v1alpha1Components(dgd) : v1beta1Components(dgd);
  return {
    name: dgd.metadata.name,
    apiVersion: dgd.apiVersion,
    components: raw.map((c) => componentFacts(c, configMaps, readImageFile)),
  };
}

function roleOf(type: string, sub?: string): Role {
  if (type === 'frontend' || type === 'planner' || type === 'prefill' || type === 'decode') return type;
  if (type === 'worker') return sub === 'prefill' || sub === 'decode' ? sub : 'aggregated';
  throw new Error(`component type ${JSON.stringify(type)} has no role the harness knows (frontend, worker, prefill, decode, planner)`);
}

/**
 * A v1alpha1 `componentType: main`: older manifests' name for a worker, still in some recipes (e.g.
 * recipes/gpt-oss-120b/trtllm/disagg/deploy.yaml, ai-dynamo/dynamo). v1beta1's enum has no such
 * type, so the role is read from the launch line (`--disaggregation-mode prefill|decode`, else an
 * aggregated worker) and the type is kept as written, so the comparison shows it.
 */
const LEGACY_MAIN_TYPE = 'main';

function legacyMainRole(container: Manifest): Role {
  const words = [...((container.command ?? []) as string[]), ...((container.args ?? []) as string[])].join(' ');
  const mode = /--disaggregation-mode[= ]+(prefill|decode)\b/.exec(words)?.[1];
  return mode === 'prefill' || mode === 'decode' ? mode : 'aggregated';
}

function envList(list: Manifest[] | undefined): Record<string, EnvFact> {
  const env: Record<string, EnvFact> = {};
  for (const e of list ?? []) {
    const from = e.valueFrom;
    if (from?.secretKeyRef) env[e.name] = { secretKeyRef: { name: from.secretKeyRef.name, key: from.secretKeyRef.key } };
    else if (from?.configMapKeyRef) env[e.name] = { configMapKeyRef: { name: from.configMapKeyRef.name, key: from.configMapKeyRef.key } };
    else if (from?.fieldRef) env[e.name] = { fieldRef: from.fieldRef.fieldPath };
    else env[e.name] = String(e.value ?? '');
  }
  return env;
}

function envFromList(list: Manifest[] | undefined): string[] {
  return (list ?? []).map((e) => (e.secretRef ? `secret/${e.secretRef.name}` : `configMap/${e.configMapRef.name}`));
}

/** Mount path -> what is mounted, from a container's mounts and its pod's volumes. */
function mountsOf(container: Manifest, podVolumes: Manifest[] | undefined): Record<string, string> {
  const volumes: Record<string, string> = {};
  for (const m of (container.volumeMounts ?? []) as Manifest[]) {
    const v = (podVolumes ?? []).find((x) => x.name === m.name);
    let what = `volume/${m.name}`;
    if (v?.persistentVolumeClaim) what = `pvc/${v.persistentVolumeClaim.claimName}`;
    else if (v?.configMap) what = `configMap/${v.configMap.name}`;
    else if (v?.emptyDir) what = v.emptyDir.sizeLimit ? `emptyDir/${v.emptyDir.sizeLimit}` : 'emptyDir';
    else if (v?.hostPath) what = `hostPath/${v.hostPath.path}`;
    volumes[m.mountPath] = m.subPath ? `${what}:${m.subPath}` : what;
  }
  return volumes;
}

function quantities(q: Manifest | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q ?? {})) {
    if (k === 'custom') Object.assign(out, quantities(v as Manifest));
    else out[k === 'gpu' ? 'nvidia.com/gpu' : k] = String(v);
  }
  return out;
}

function v1beta1Components(dgd: Manifest): RawComponent[] {
  const graphEnv = envList(dgd.spec.env);
  return (dgd.spec.components as Manifest[]).map((c) => {
    const pod = c.podTemplate?.spec ?? {};
    const container = ((pod.containers ?? []) as Manifest[]).find((x) => x.name === 'main') ?? {};
    return {
      name: c.name,
      role: roleOf(c.type),
      type: c.type,
      replicas: c.replicas ?? null,
      nodeCount: c.multinode?.nodeCount ?? 1,
      resources: { requests: quantities(container.resources?.requests), limits: quantities(container.resources?.limits) },
      sharedMemory: c.sharedMemorySize === undefined ? null : String(c.sharedMemorySize),
      container,
      env: { ...graphEnv, ...envList(container.env) },
      envFrom: envFromList(container.envFrom),
      volumes: mountsOf(container, pod.volumes),
      ...(c.runtimeVersionOverride ? { runtimeVersionOverride: c.runtimeVersionOverride } : {}),
      scalingAdapter: c.scalingAdapter !== undefined,
    };
  });
}

function v1alpha1Components(dgd: Manifest): RawComponent[] {
  const graphEnv = envList(dgd.spec.envs);
  return Object.entries(dgd.spec.services as Record<string, Manifest>).map(([name, s]) => {
    const container = s.extraPodSpec?.mainContainer ?? {};
    const role = s.componentType === LEGACY_MAIN_TYPE ? legacyMainRole(container) : roleOf(s.componentType, s.subComponentType);
    const volumes = mountsOf(container, s.extraPodSpec?.volumes);
    for (const m of (s.volumeMounts ?? []) as Manifest[]) volumes[m.mountPoint] = `pvc/${m.name}`;
    const shm = s.sharedMemory?.disabled ? '0' : s.sharedMemory?.size;
    return {
      name,
      role,
      type: s.componentType === LEGACY_MAIN_TYPE ? LEGACY_MAIN_TYPE : role === 'aggregated' ? 'worker' : role,
      replicas: s.replicas ?? null,
      nodeCount: s.multinode?.nodeCount ?? 1,
      resources: {
        requests: { ...quantities(s.resources?.requests), ...quantities(container.resources?.requests) },
        limits: { ...quantities(s.resources?.limits), ...quantities(container.resources?.limits) },
      },
      sharedMemory: shm === undefined ? null : String(shm),
      container,
      env: { ...graphEnv, ...envList(s.envs), ...envList(container.env) },
      envFrom: [...(s.envFromSecret ? [`secret/${s.envFromSecret}`] : []), ...envFromList(container.envFrom)],
      volumes,
      ...(s.runtimeVersionOverride ? { runtimeVersionOverride: s.runtimeVersionOverride } : {}),
      scalingAdapter: s.scalingAdapter?.enabled === true,
    };
  });
}

/** The launch words of a container: the operator default, or command + args, with a shell script read. */
function launchWords(c: RawComponent): { words: string[]; shell: boolean; prelude: string[]; variables: string[] } {
  const command = (c.container.command ?? []) as string[];
  const args = (c.container.args ?? []) as string[];
  const argv = command.length === 0 ? [...(OPERATOR_DEFAULT_ARGV[c.role] ?? []), ...args] : [...command, ...args];
  if (!/^(\/bin\/)?(ba)?sh$/.test(argv[0] ?? '') || argv[1] !== '-c') return { words: argv, shell: false, prelude: [], variables: [] };
  const literal: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.env)) if (typeof v === 'string') literal[k] = v;
  // sh -c <script> <$0> <$1>...: "$@" is everything after $0.
  const used = new Set<string>();
  const commands = parseScript(argv[2] ?? '', literal, argv.slice(4), used);
  const launch = commands.findIndex((words) => words.some((w) => /^python3?$/.test(w)));
  if (launch < 0) throw new Error(`no python launcher in the shell script of ${c.name}: ${argv[2]}`);
  const words = commands[launch][0] === 'exec' ? commands[launch].slice(1) : commands[launch];
  return { words, shell: true, prelude: commands.slice(0, launch).map((w) => w.join(' ')), variables: [...used].sort() };
}

/** The launcher (`python3 -m <module>`, else the words before the first flag), then the rest. */
function splitLauncher(words: string[]): { launcher: string[]; rest: string[] } {
  const firstFlag = words.findIndex((w) => w.startsWith('-'));
  const cut = /^python3?$/.test(words[0] ?? '') && words[1] === '-m' ? 3 : firstFlag < 0 ? words.length : Math.max(1, firstFlag);
  return { launcher: words.slice(0, cut), rest: words.slice(cut) };
}

/** Flags as written: `--x v`, `--x=v`, `-tp v`; a flag followed by another flag (or nothing) is `true`. */
export function parseFlags(rest: readonly string[]): { flags: Record<string, FlagValue>; positional: string[] } {
  const flags: Record<string, FlagValue> = {};
  const positional: string[] = [];
  const isFlag = (w: string | undefined) => w !== undefined && /^--?[A-Za-z]/.test(w);
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (!isFlag(w)) {
      positional.push(w);
      continue;
    }
    let name = w;
    let value: string | true = true;
    const eq = w.indexOf('=');
    if (eq > 0) {
      name = w.slice(0, eq);
      value = w.slice(eq + 1);
    } else if (i + 1 < rest.length && !isFlag(rest[i + 1])) {
      value = rest[++i];
    }
    const prior = flags[name];
    flags[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return { flags, positional };
}

function componentFacts(c: RawComponent, configMaps: Map<string, Record<string, string>>, readImageFile: ImageFileReader): ComponentFacts {
  const { words, shell, prelude, variables } = launchWords(c);
  const { launcher, rest } = splitLauncher(words);
  const { flags, positional } = parseFlags(rest);
  const volumes = { ...c.volumes };
  const engineConfig = launcher.join(' ').endsWith('dynamo.trtllm')
    ? engineConfigOf(flags['--extra-engine-args'], c, volumes, configMaps, readImageFile)
    : undefined;
  return {
    name: c.name,
    role: c.role,
    type: c.type,
    replicas: c.replicas,
    nodeCount: c.nodeCount,
    resources: c.resources,
    sharedMemory: c.sharedMemory,
    launcher,
    shell,
    ...(prelude.length > 0 ? { shellPrelude: prelude } : {}),
    ...(variables.length > 0 ? { shellVariables: variables } : {}),
    ...(positional.length > 0 ? { positional } : {}),
    flags,
    env: c.env,
    envFrom: c.envFrom,
    volumes,
    ...(c.runtimeVersionOverride ? { runtimeVersionOverride: c.runtimeVersionOverride } : {}),
    ...(c.scalingAdapter ? { scalingAdapter: true } : {}),
    ...(engineConfig ? { engineConfig } : {}),
  };
}

/**
 * The engine config a TensorRT-LLM worker reads: the ConfigMap key mounted at the path (its volume
 * then leaves `volumes`: it is this fact's source), else the file baked into the image.
 */
function engineConfigOf(flag: FlagValue | undefined, c: RawComponent, volumes: Record<string, string>,
  configMaps: Map<string, Record<string, string>>, readImageFile: ImageFileReader): EngineConfigFact | undefined {
  if (typeof flag !== 'string') return undefined;
  const path = posix.resolve((c.container.workingDir as string | undefined) ?? '/', flag);
  for (const [mountPath, what] of Object.entries(volumes)) {
    const m = /^configMap\/([^:]+)(?::(.+))?$/.exec(what);
    if (!m) continue;
    const key = m[2] !== undefined ? (mountPath === path ? m[2] : undefined) : (posix.dirname(path) === mountPath ? posix.basename(path) : undefined);
    if (key === undefined) continue;
    const text = configMaps.get(m[1])?.[key];
    if (text === undefined) throw new Error(`${c.name}: --extra-engine-args ${flag} is mounted from ConfigMap ${m[1]}, which has no key ${key}`);
    delete volumes[mountPath];
    return { source: `configMap ${m[1]}/${key}`, values: parseYaml(text) as Record<string, unknown> };
  }
  const text = readImageFile(path);
  if (text === undefined) throw new Error(`${c.name}: --extra-engine-args ${flag} (${path}) is neither a mounted ConfigMap key nor a known image file`);
  return { source: `image ${path}`, values: parseYaml(text) as Record<string, unknown> };
}
