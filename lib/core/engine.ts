import type { IConstruct } from 'constructs';

/**
 * The engine that builds a construct tree: `cdk8s` (the user's App, `cdk8s synth`) or `pulumi` (the
 * chart a component of `dynamo-constructs/pulumi` builds in-process). Only the texts of some fixes
 * depend on it (a credential is kept in a Secret with `kubectl create secret` in one, with
 * `config.requireSecret` in the other); the manifests never do.
 * @internal
 */
export type Engine = 'cdk8s' | 'pulumi';

/**
 * The construct context key that names the engine. The Pulumi chart host sets it to `pulumi` on the
 * App it creates; a tree without it is a cdk8s tree.
 * @internal
 */
export const ENGINE_CONTEXT_KEY = 'dynamo-constructs:engine';

/** The engine that builds `scope`'s tree, from the {@link ENGINE_CONTEXT_KEY} context. @internal */
export function engineOf(scope: IConstruct): Engine {
  return scope.node.tryGetContext(ENGINE_CONTEXT_KEY) === 'pulumi' ? 'pulumi' : 'cdk8s';
}

/** The fix of an error, as each engine's user applies it. @internal */
export interface EngineFixes {
  /** The fix in a cdk8s app. */
  readonly cdk8s: string;
  /** The fix in a Pulumi program. */
  readonly pulumi: string;
}

/**
 * Both fixes in one text, for an error raised where no construct tree says the engine (user code
 * that calls `HfToken.fromSecret('hf_...').envValue()` before any construct exists):
 * `in a cdk8s app: <cdk8s fix>; in a Pulumi program: <Pulumi fix>`.
 * @internal
 */
export function fixOfEitherEngine(fixes: EngineFixes): string {
  return `in a cdk8s app: ${fixes.cdk8s}; in a Pulumi program: ${fixes.pulumi}`;
}
