import { invalid } from '../core/errors';

/**
 * Small helpers that keep the backend files declarative.
 * @internal
 */

/** `[flag, value]` when the value is defined, else nothing. @internal */
export function opt(flag: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [flag, String(value)];
}

/** `[flag]` when the condition holds. @internal */
export function when(condition: boolean, ...args: string[]): string[] {
  return condition ? args : [];
}

/** Compact JSON for flags that take JSON (`--kv-transfer-config`), with stable key order. @internal */
export function jsonArg(value: Record<string, unknown>): string {
  return JSON.stringify(value);
}

/** The flags (`--x` or `--x=1`) that appear in an argument list, normalised to `--x`. @internal */
export function flagsIn(args: readonly string[]): string[] {
  return args.filter((a) => /^--?[A-Za-z]/.test(a)).map((a) => a.split('=')[0]);
}

/** The HF cache snapshot directory of a model at a commit, relative to HF_HOME: `hub/models--<org>--<name>/snapshots/<sha>`. @internal */
export function hfSnapshotDir(model: string, commit: string): string {
  return `hub/models--${model.replace(/\//g, '--')}/snapshots/${commit}`;
}

/** The HF cache snapshot directory of a model at a commit, below HF_HOME. @internal */
export function hfSnapshotPath(hfHome: string, model: string, commit: string): string {
  return `${hfHome}/${hfSnapshotDir(model, commit)}`;
}

/** Whether a revision is a full git commit sha. @internal */
export function isCommitSha(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/**
 * The flags one launcher generates: which spellings mean the same flag, and which prop controls
 * each, so that a flag repeated in `extraArgs` is caught under any spelling and the error names
 * the prop to use instead.
 * @internal
 */
export interface FlagTable {
  /** Groups of spellings of one flag; the first of a group is the canonical one. */
  readonly aliases: readonly (readonly string[])[];
  /** Flag -> the prop that controls it, as the error's fix reads: `set it through <prop>`. */
  readonly props: Readonly<Record<string, string>>;
  /**
   * Flags the launcher accepts for settings a prop owns (in the engine config file the library
   * writes, or in another component), with that prop: `extraArgs` may never pass them, whether or
   * not the library generates them, so each setting has one owner. A key ending in `.` is a prefix (`--trtllm.`
   * covers `--trtllm.kv_cache_config.dtype`).
   */
  readonly owned?: Readonly<Record<string, string>>;
}

/**
 * The router's KV-events switch (`--router-kv-events`, obsolete `--kv-events`, both negatable),
 * which the frontend and the workers accept (common/configuration/groups/kv_router_args.py): it
 * belongs to `frontend.routerMode`, since whether the router uses KV events must match whether the
 * workers publish them.
 * @internal
 */
export const ROUTER_KV_EVENTS_OWNED: Readonly<Record<string, string>> = Object.fromEntries(
  ['--router-kv-events', '--no-router-kv-events', '--kv-events', '--no-kv-events'].map((f) => [f, 'frontend.routerMode']));

/**
 * The model's name and revision, which the engine flags take only when the props are set: the
 * rest of the deployment reads the props (the endpoint card's model name and curl, the dashboards,
 * the download Job's revision), so a worker told another name or revision through `extraArgs`
 * would serve what nothing else expects.
 * @internal
 */
export const MODEL_IDENTITY_OWNED: Readonly<Record<string, string>> = {
  '--served-model-name': 'servedModelName',
  '--revision': 'modelRevision',
};

/**
 * The flags the library passes to `python3 -m dynamo.frontend`. Neither has another spelling in
 * `components/src/dynamo/frontend/frontend_args.py` or the router group it shares with
 * `dynamo.router` (ai-dynamo/dynamo).
 * @internal
 */
export const FRONTEND_FLAGS: FlagTable = {
  // `--kv-events` is the obsolete spelling of `--router-kv-events` (common/configuration/groups/kv_router_args.py).
  aliases: [['--router-kv-events', '--no-router-kv-events', '--kv-events', '--no-kv-events']],
  owned: {
    ...ROUTER_KV_EVENTS_OWNED,
    // The router's block size must be the workers': both come from the pools' kvBlockSize.
    '--kv-cache-block-size': 'kvBlockSize',
  },
  props: {
    '--kv-cache-block-size': 'kvBlockSize',
    '--router-kv-events': 'frontend.routerMode',
    '--http-port': 'remove the flag: the frontend listens on FRONTEND_PORT (8000), which its Service, probes and ingress use',
    '--router-mode': 'frontend.routerMode',
  },
};

/**
 * What controls a worker's role flag (`--disaggregation-mode`): the pattern, not a prop.
 * @internal
 */
export const ROLE_PROP = 'the pattern (AggregatedLlm or DisaggregatedLlm)';

/** The prop that owns a flag through the engine config, by exact flag or by prefix. */
function ownerOf(flag: string, table: FlagTable): string | undefined {
  const owned = Object.entries(table.owned ?? {});
  return owned.find(([f]) => f === flag)?.[1] ?? owned.find(([f]) => f.endsWith('.') && flag.startsWith(f))?.[1];
}

/** The group of spellings `flag` belongs to, or just `flag`. */
function spellingsOf(flag: string, table: FlagTable): readonly string[] {
  return table.aliases.find((group) => group.includes(flag)) ?? [flag];
}

/**
 * Throws when `extra` (the `prop` extra args) repeats a flag that `generated` already sets, under
 * any spelling of `table`; the error names the prop that controls the flag.
 * @internal
 */
export function assertNoDuplicateFlags(prop: string, generated: readonly string[], extra: readonly string[], table: FlagTable): void {
  const canonical = (f: string) => spellingsOf(f, table)[0];
  const taken = new Set(flagsIn(generated).map(canonical));
  for (const flag of flagsIn(extra)) {
    const owner = ownerOf(flag, table);
    if (owner !== undefined) {
      throw invalid(prop, `must not pass ${flag}, a setting the library owns through ${owner}`, flag, `set it through ${owner}`);
    }
    if (taken.has(canonical(flag))) {
      // Every generated flag has an entry (test/flag-tables.test.ts); the fallback only says what to do.
      const controlling = spellingsOf(flag, table).map((f) => table.props[f]).find((p) => p !== undefined) ?? 'remove it: the library generates it';
      const fix = controlling.startsWith('remove ') ? controlling : `set it through ${controlling}`;
      const set = flagsIn(generated).find((f) => canonical(f) === canonical(flag))!;
      // `--no-x` against a generated `--x` turns the library's setting off rather than repeating it.
      const negates = flag.startsWith('--no-') !== set.startsWith('--no-');
      throw invalid(prop, negates ? `must not negate ${set}, which the library sets` : `must not repeat ${flag}, which the library sets`, flag, fix);
    }
  }
}
