import { invalid } from '../core/errors';

/**
 * Small helpers that keep the backend files declarative.
 * @internal
 */

/** `[flag, value]` when the value is defined, else nothing. */
export function opt(flag: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [flag, String(value)];
}

/** `[flag]` when the condition holds. */
export function when(condition: boolean, ...args: string[]): string[] {
  return condition ? args : [];
}

/** Compact JSON for flags that take JSON (`--kv-transfer-config`), with stable key order. */
export function jsonArg(value: Record<string, unknown>): string {
  return JSON.stringify(value);
}

/** The flags (`--x` or `--x=1`) that appear in an argument list, normalised to `--x`. */
export function flagsIn(args: readonly string[]): string[] {
  return args.filter((a) => /^--?[A-Za-z]/.test(a)).map((a) => a.split('=')[0]);
}

/** The HF cache snapshot directory of a model at a commit, below HF_HOME. */
export function hfSnapshotPath(hfHome: string, model: string, commit: string): string {
  return `${hfHome}/hub/models--${model.replace(/\//g, '--')}/snapshots/${commit}`;
}

/** Whether a revision is a full git commit sha. */
export function isCommitSha(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/** Which prop controls a generated flag, for error messages. */
const FLAG_PROPS: Record<string, string> = {
  '--model': 'model', '--model-path': 'model', '--served-model-name': 'servedModelName', '--revision': 'modelRevision',
  '--tensor-parallel-size': 'tensorParallelSize', '--tp': 'tensorParallelSize', '--tp-size': 'tensorParallelSize', '-tp': 'tensorParallelSize',
  '--pipeline-parallel-size': 'pipelineParallelSize', '--pp-size': 'pipelineParallelSize', '-pp': 'pipelineParallelSize',
  '--data-parallel-size': 'dataParallelSize', '--dp-size': 'dataParallelSize', '-dp': 'dataParallelSize',
  '--enable-expert-parallel': 'expertParallelSize', '--ep-size': 'expertParallelSize', '--expert-parallel-size': 'expertParallelSize',
  '--max-model-len': 'maxModelLen', '--context-length': 'maxModelLen', '--max-seq-len': 'maxModelLen',
  '--max-num-seqs': 'maxNumSeqs', '--max-running-requests': 'maxNumSeqs', '--max-batch-size': 'maxNumSeqs',
  '--trust-remote-code': 'trustRemoteCode',
  '--kv-events-config': 'frontend.routerMode', '--publish-events-and-metrics': 'frontend.routerMode', '--router-mode': 'frontend.routerMode',
  '--kv-transfer-config': 'nixlBackend', '--disaggregation-transfer-backend': 'nixlBackend',
  '--disaggregation-mode': 'the pattern (AggregatedLlm or DisaggregatedLlm)',
  '--extra-engine-args': 'the generated engine config (patch it with ApiObject.of(...).addJsonPatch)',
};

/**
 * Throws when `extra` (the `prop` extra args) repeats a flag that `generated` already sets, under any alias.
 * @internal
 */
export function assertNoDuplicateFlags(prop: string, generated: readonly string[], extra: readonly string[],
  aliases: readonly (readonly string[])[]): void {
  const canonical = (f: string) => aliases.find((group) => group.includes(f))?.[0] ?? f;
  const taken = new Set(flagsIn(generated).map(canonical));
  for (const flag of flagsIn(extra)) {
    if (taken.has(canonical(flag))) {
      const controlling = FLAG_PROPS[flag] ?? FLAG_PROPS[canonical(flag)] ?? 'the corresponding prop';
      throw invalid(prop, `must not repeat ${flag}, which the library sets`, flag, `set it through ${controlling}`);
    }
  }
}
