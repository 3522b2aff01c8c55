import { ComponentFacts, EnvFact, FlagValue, GraphFacts } from './facts';
import {
  FLAG_DEFAULTS, FLAG_SPELLINGS, INERT_JSON_FLAGS, JSON_FLAG_DEFAULTS, JSON_FLAGS, KnownDefault, Launcher, OPERATOR_DEFAULTS, TRTLLM_ENGINE_DEFAULTS,
  TRTLLM_FLAG_KEYS,
} from './engine-facts';

/**
 * Stage 2 of the normalizer, run on both sides at test time: turns the facts of a graph into a flat
 * map from a path (`<role>.<field>...`) to a comparable value, with one spelling per flag, JSON flag
 * values split into keys, numbers in one notation, known defaults dropped, the TensorRT-LLM engine
 * config merged with its flag equivalents, and the frontend's effective router mode and port.
 */

/** A leaf value. */
export type Leaf = string | number | boolean | null;

/** Path (segments) -> value; the key is the rendered path. */
export type Flat = Map<string, { readonly path: readonly string[]; readonly value: Leaf }>;

/** A path as shown in diffs: `decode.flags.--tp-size`, `decode.resources.requests["nvidia.com/gpu"]`. */
export function renderPath(path: readonly string[]): string {
  return path.map((s, i) => (/^[A-Za-z0-9_-]+$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : `[${JSON.stringify(s)}]`)).join('');
}

function put(flat: Flat, path: readonly string[], value: Leaf): void {
  flat.set(renderPath(path), { path, value });
}

/** Numbers in one notation (`0.90` -> `0.9`), other strings as they are. */
export function canonicalScalar(v: unknown): Leaf {
  if (typeof v === 'string' && /^-?(\d+\.?\d*|\.\d+)$/.test(v)) return String(Number(v));
  if (typeof v === 'number') return String(v);
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

function isDefault(value: Leaf, d: KnownDefault | undefined): boolean {
  return d !== undefined && value === canonicalScalar(d.value);
}

/** Leaves of a JSON object under `prefix`, arrays kept whole. */
function leaves(value: unknown, prefix: readonly string[], out: [string[], Leaf][] = []): [string[], Leaf][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, [...prefix, k], out);
  } else {
    out.push([[...prefix], canonicalScalar(value)]);
  }
  return out;
}

function moduleOf(c: ComponentFacts): Launcher | undefined {
  const m = c.launcher[2];
  return m !== undefined && m in FLAG_SPELLINGS ? (m as Launcher) : undefined;
}

/** Whether a JSON flag's value makes it the same launch as no flag (INERT_JSON_FLAGS). */
function isInert(module: Launcher | undefined, flag: string, parsed: unknown): boolean {
  const inert = module ? INERT_JSON_FLAGS[module]?.[flag] : undefined;
  return inert !== undefined && parsed !== null && typeof parsed === 'object' && (parsed as Record<string, unknown>)[inert.key] === inert.value;
}

/** One spelling per flag, `--no-x` as `--x: false` (then spelled canonically), values as canonical scalars. */
function canonicalFlags(c: ComponentFacts): Map<string, unknown> {
  const module = moduleOf(c);
  const groups = module ? FLAG_SPELLINGS[module] : [];
  const flags = new Map<string, unknown>();
  for (const [written, value] of Object.entries(c.flags)) {
    let name = written;
    let v: FlagValue | boolean = value;
    if (name.startsWith('--no-') && value === true && !groups.some((g) => g.includes(name))) {
      name = `--${name.slice(5)}`;
      v = false;
    }
    name = groups.find((g) => g.includes(name))?.[0] ?? name;
    if (flags.has(name)) throw new Error(`${c.name}: flag ${name} is set twice (as ${written})`);
    flags.set(name, v);
  }
  return flags;
}

/** The TensorRT-LLM engine config as the worker runs it: its flag equivalents, then the file over them. */
function trtllmEngine(c: ComponentFacts, flags: Map<string, unknown>): Record<string, unknown> {
  const engine: Record<string, unknown> = {};
  for (const [flag, path] of Object.entries(TRTLLM_FLAG_KEYS)) {
    if (!flags.has(flag)) continue;
    let node = engine;
    for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]] = flags.get(flag);
    flags.delete(flag);
  }
  const merge = (target: Record<string, unknown>, source: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(source)) {
      const t = target[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && t && typeof t === 'object' && !Array.isArray(t)) merge(t as Record<string, unknown>, v as Record<string, unknown>);
      else target[k] = v;
    }
  };
  merge(engine, c.engineConfig?.values ?? {});
  const override = flags.get('--override-engine-args');
  if (typeof override === 'string') merge(engine, JSON.parse(override) as Record<string, unknown>);
  flags.delete('--override-engine-args');
  flags.delete('--extra-engine-args');
  return engine;
}

function envValue(v: EnvFact): Leaf {
  if (typeof v === 'string') return v;
  if ('secretKeyRef' in v) return `secretKeyRef ${v.secretKeyRef.name}/${v.secretKeyRef.key}`;
  if ('configMapKeyRef' in v) return `configMapKeyRef ${v.configMapKeyRef.name}/${v.configMapKeyRef.key}`;
  return `fieldRef ${v.fieldRef}`;
}

/** The flat facts of one component. */
function componentFlat(flat: Flat, c: ComponentFacts): void {
  const r = c.role;
  const module = moduleOf(c);
  put(flat, [r, 'name'], c.name);
  put(flat, [r, 'type'], c.type);
  put(flat, [r, 'replicas'], c.replicas);
  put(flat, [r, 'nodeCount'], c.nodeCount);
  put(flat, [r, 'gpusPerNode'], Number(c.resources.limits['nvidia.com/gpu'] ?? c.resources.requests['nvidia.com/gpu'] ?? 0));
  for (const kind of ['requests', 'limits'] as const) {
    for (const [k, v] of Object.entries(c.resources[kind])) put(flat, [r, 'resources', kind, k], v);
  }
  put(flat, [r, 'sharedMemory'], c.sharedMemory ?? OPERATOR_DEFAULTS.sharedMemory.value);
  put(flat, [r, 'launcher'], c.launcher.join(' '));
  for (const [i, p] of (c.shellPrelude ?? []).entries()) put(flat, [r, 'shellPrelude', String(i)], p);
  if (c.positional) put(flat, [r, 'positional'], c.positional.join(' '));
  const flags = canonicalFlags(c);
  if (module === 'dynamo.trtllm') {
    if (c.engineConfig) put(flat, [r, 'engineConfigSource'], c.engineConfig.source);
    for (const [path, value] of leaves(trtllmEngine(c, flags), [])) {
      if (!isDefault(value, TRTLLM_ENGINE_DEFAULTS[path.join('.')])) put(flat, [r, 'engine', ...path], value);
    }
  }
  for (const [name, value] of flags) {
    if (JSON_FLAGS.has(name) && typeof value === 'string') {
      const parsed = JSON.parse(value) as unknown;
      if (isInert(module, name, parsed)) continue;
      for (const [path, leaf] of leaves(parsed, [])) {
        const d = module ? JSON_FLAG_DEFAULTS[module]?.[name]?.[path.join('.')] : undefined;
        if (!isDefault(leaf, d)) put(flat, [r, 'flags', name, ...path], leaf);
      }
    } else {
      const leaf = Array.isArray(value) ? JSON.stringify(value) : canonicalScalar(value);
      if (!isDefault(leaf, module ? FLAG_DEFAULTS[module][name] : undefined)) put(flat, [r, 'flags', name], leaf);
    }
  }
  if (r === 'frontend') frontendEffective(flat, c, flags);
  const scriptOnly = new Set(c.shellVariables ?? []);
  for (const [k, v] of Object.entries(c.env)) if (!scriptOnly.has(k)) put(flat, [r, 'env', k], envValue(v));
  for (const s of c.envFrom) put(flat, [r, 'envFrom', s], true);
  for (const [mount, what] of Object.entries(c.volumes)) {
    // The operator replaces a mount at /dev/shm with its own (sharedMemory above) unless shm is off.
    if (mount === OPERATOR_DEFAULTS.sharedMemoryMount.value && c.sharedMemory !== '0') continue;
    put(flat, [r, 'volumes', mount], what);
  }
  if (c.runtimeVersionOverride) put(flat, [r, 'runtimeVersionOverride'], c.runtimeVersionOverride);
  if (c.scalingAdapter) put(flat, [r, 'scalingAdapter'], true);
}

/** The router mode and port the frontend runs with: flag, else env, else the default. */
function frontendEffective(flat: Flat, c: ComponentFacts, flags: Map<string, unknown>): void {
  const env = (name: string) => (typeof c.env[name] === 'string' ? (c.env[name] as string) : undefined);
  const mode = flags.get('--router-mode') ?? env('DYN_ROUTER_MODE') ?? OPERATOR_DEFAULTS.routerMode.value;
  const port = flags.get('--http-port') ?? env('DYN_HTTP_PORT') ?? OPERATOR_DEFAULTS.httpPort.value;
  put(flat, ['frontend', 'routerMode'], canonicalScalar(mode));
  put(flat, ['frontend', 'httpPort'], canonicalScalar(port));
}

/** The flat, canonical facts of a graph; one component per role. */
export function canonicalize(g: GraphFacts): Flat {
  const flat: Flat = new Map();
  const seen = new Set<string>();
  for (const c of g.components) {
    if (seen.has(c.role)) throw new Error(`${g.name}: two components have the role ${c.role}; the harness matches components by role`);
    seen.add(c.role);
    componentFlat(flat, c);
  }
  return flat;
}
