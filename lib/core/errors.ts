import type { IConstruct } from 'constructs';
import { Engine, EngineFixes, engineOf, fixOfEitherEngine } from './engine';

/** The brand that marks a {@link DynamoValidationError}, shared by every copy of the package. */
const VALIDATION_ERROR_BRAND = Symbol.for('dynamo-constructs.DynamoValidationError');

/**
 * A synth-time validation error raised by dynamo-constructs.
 *
 * Every error names the prop that was wrong (`prop`), shows the value received and says how to
 * fix it. Messages are lowercase and follow the form
 * `<prop> <requirement> (got <value>); <fix>`. When the error is raised while a construct is
 * built, `constructPath` says which one (`my-chart/llama`).
 *
 * Recognise it with {@link DynamoValidationError.isDynamoValidationError}, which also works when two
 * copies of the package are loaded (where `instanceof` fails).
 */
export class DynamoValidationError extends Error {
  /** Whether `x` is a DynamoValidationError from any copy of this package. */
  public static isDynamoValidationError(x: unknown): x is DynamoValidationError {
    return typeof x === 'object' && x !== null && VALIDATION_ERROR_BRAND in x;
  }

  /** The user-facing prop path that was wrong, e.g. `decode.tensorParallelSize`. */
  public get prop(): string {
    return this.propPath;
  }

  /**
   * The path of the construct being built when the error was raised, e.g. `my-chart/llama`.
   * Undefined for an error raised outside any construct (a `Cloud.eks({...})` call, say).
   */
  public get constructPath(): string | undefined {
    return this.path;
  }

  private path: string | undefined;
  private propPath: string;
  /** The fix of each engine, when it depends on the engine; the message ends with one of them, or both ({@link fixOfEitherEngine}). */
  private engineFixes: EngineFixes | undefined;

  public constructor(prop: string, message: string, constructPath?: string) {
    super(message);
    this.name = 'DynamoValidationError';
    this.propPath = prop;
    this.path = constructPath;
    Object.defineProperty(this, VALIDATION_ERROR_BRAND, { value: true });
  }

  /**
   * Renames the prop to the path the user wrote (`components[VllmDecodeWorker].name` raised by the
   * graph becomes `decode.componentName` in the pattern), in `prop` and at the start of the message;
   * with `shown`, the value the message shows too (`(got "VllmDecodeWorker")` becomes the DGD name
   * when a default component name is blamed on `name`).
   * @internal
   */
  public _renameProp(prop: string, shown?: { readonly from: unknown; readonly to: unknown }): this {
    if (this.message.startsWith(this.propPath)) this.message = prop + this.message.slice(this.propPath.length);
    if (shown) this.message = this.message.replace(`(got ${formatValue(shown.from)})`, `(got ${formatValue(shown.to)})`);
    this.propPath = prop;
    return this;
  }

  /**
   * Records the construct being built, unless an inner construct already did, and picks the fix of
   * the engine that builds its tree ({@link _forEngine}).
   * @internal
   */
  public _locate(scope: IConstruct): this {
    this.path ??= scope.node.path;
    return this._forEngine(engineOf(scope));
  }

  /**
   * Declares the fix of each engine: the message must end with both ({@link fixOfEitherEngine}), as
   * {@link invalidForEngine} writes it, or with one of them.
   * @internal
   */
  public _withEngineFixes(fixes: EngineFixes): this {
    this.engineFixes = fixes;
    return this;
  }

  /**
   * Ends the message with the fix of `engine` in place of both (or of the other engine's), when the
   * fix depends on the engine: the Pulumi engine calls it for errors raised before any construct
   * exists (a component's args), and {@link _locate} for errors raised while a construct is built.
   * @internal
   */
  public _forEngine(engine: Engine): this {
    const fixes = this.engineFixes;
    if (fixes === undefined) return this;
    // Both first: that text ends with the Pulumi fix.
    const shown = [fixOfEitherEngine(fixes), fixes.cdk8s, fixes.pulumi].find((f) => this.message.endsWith(f));
    if (shown !== undefined) this.message = this.message.slice(0, this.message.length - shown.length) + fixes[engine];
    return this;
  }
}

/**
 * Runs `build` and stamps the construct path of `scope` on a DynamoValidationError it throws
 * (keeping the innermost path when a nested construct already stamped one).
 * @internal
 */
export function locate<T>(scope: IConstruct, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (DynamoValidationError.isDynamoValidationError(e)) e._locate(scope);
    throw e;
  }
}

/**
 * Runs `build` and gives a DynamoValidationError it throws the fix of `scope`'s engine, without
 * stamping a construct path: for a construct's methods (`addEnv`, `addComponent`), which its
 * constructor and the user's code both call.
 * @internal
 */
export function inEngineOf<T>(scope: IConstruct, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (DynamoValidationError.isDynamoValidationError(e) && typeof e._forEngine === 'function') e._forEngine(engineOf(scope));
    throw e;
  }
}

/**
 * Runs `build` and renames the prop of a DynamoValidationError it throws from the path an inner
 * construct uses to the path the user wrote: `renames` maps a prop prefix (`components[Frontend]`)
 * to the user's (`frontend`); the longest matching prefix wins, matched at a path boundary.
 * @internal
 */
export function asUserProp<T>(renames: Readonly<Record<string, string>>, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!DynamoValidationError.isDynamoValidationError(e)) throw e;
    const from = Object.keys(renames)
      .filter((k) => e.prop === k || e.prop.startsWith(`${k}.`) || e.prop.startsWith(`${k}[`))
      .sort((a, b) => b.length - a.length)[0];
    if (from !== undefined) e._renameProp(renames[from] + e.prop.slice(from.length));
    throw e;
  }
}

/**
 * Renders a value for an error message: strings quoted, objects as compact JSON.
 * @internal
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Builds the standard error: `<prop> <requirement> (got <value>); <fix>`.
 * @internal
 */
export function invalid(prop: string, requirement: string, value: unknown, fix: string): DynamoValidationError {
  return new DynamoValidationError(prop, `${prop} ${requirement} (got ${formatValue(value)}); ${fix}`);
}

/**
 * The standard error, for a fix that depends on the engine (a credential kept in a Secret:
 * `kubectl create secret` in cdk8s, `config.requireSecret` in Pulumi). The message carries both
 * fixes ({@link fixOfEitherEngine}) until the error learns its engine (`_locate`, or the Pulumi
 * components' error report); raised outside any construct tree, it keeps both.
 * @internal
 */
export function invalidForEngine(prop: string, requirement: string, value: unknown, fixes: EngineFixes): DynamoValidationError {
  return invalid(prop, requirement, value, fixOfEitherEngine(fixes))._withEngineFixes(fixes);
}

/**
 * Throws unless `value` is an integer in [min, max].
 * @internal
 */
export function requireInteger(prop: string, value: number, min: number, fix: string, max?: number): void {
  const ok = Number.isInteger(value) && value >= min && (max === undefined || value <= max);
  if (!ok) {
    const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
    throw invalid(prop, `must be an integer ${range}`, value, fix);
  }
}
