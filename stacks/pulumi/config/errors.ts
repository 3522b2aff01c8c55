/**
 * The errors of the stack config: each names the config key (`config decode.capacityTypes[0]`),
 * the value received, what is allowed, and the `pulumi config` command that fixes it.
 */
import { asUserProp, DynamoValidationError, invalid } from '../../../lib/core/errors';
import { suggestedValue } from './suggested-value';

/** Whether a config path is a key of its own (`model`) rather than a path into one (`decode.gpus`). */
function isTopLevel(at: string): boolean {
  return !/[.[]/.test(at);
}

/** Quotes a value for a shell command line when it needs it. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./<>-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/** `pulumi config set model Qwen/Qwen3-0.6B`, `pulumi config set --path 'decode.gpus' 4`. */
export function setCommand(at: string, example: string): string {
  return isTopLevel(at) ? `pulumi config set ${at} ${shellWord(example)}` : `pulumi config set --path '${at}' ${shellWord(example)}`;
}

/** `pulumi config rm model`, `pulumi config rm --path 'decode.gpu'`. */
export function rmCommand(at: string): string {
  return isTopLevel(at) ? `pulumi config rm ${at}` : `pulumi config rm --path '${at}'`;
}

/**
 * A config value that is not what the key takes: `config <at> <requirement> (got <value>); run
 * pulumi config set ... <example>`. `shown` replaces the value in the message (`<redacted>`).
 */
export function configError(at: string, requirement: string, value: unknown, example: string): DynamoValidationError {
  return invalid(`config ${at}`, requirement, value, `run ${setCommand(at, example)}`);
}

/**
 * The whole `pulumi config` fix of a library error on the config key `prop` with `message` (`set the
 * other with ..., or remove it with ...`), or undefined for the default (`change it with pulumi
 * config set ...`).
 */
export type LibraryFix = (prop: string, message: string) => string | undefined;

/**
 * Runs a library call the config feeds (`Cloud.eks({...})`, `Planner.sla({...})`) and reports its
 * validation error on the config key: the library's prop is renamed to the config path (`renames`
 * maps a library prop prefix, e.g. `interTokenLatency`, to the config path it came from) and the
 * command that changes the value is appended: the fix `example` gives when it is a
 * {@link LibraryFix} that has one, else the command that sets `example` when it is a value, else the
 * value the library's message suggests (`e.g. 500`, `Size.gibibytes(200)` as `200Gi`), else
 * `<value>`. An error of the config itself (a reader run inside `make`: its prop is already
 * `config <key>`) is passed on as it is, so that its key and command are not renamed twice.
 */
export function fromLibrary<T>(renames: Readonly<Record<string, string>>, make: () => T, example?: string | LibraryFix): T {
  try {
    return asUserProp(renames, make);
  } catch (e) {
    if (!DynamoValidationError.isDynamoValidationError(e) || e.prop.startsWith('config ')) throw e;
    const own = typeof example === 'function' ? example(e.prop, e.message) : undefined;
    const value = (typeof example === 'string' ? example : undefined) ?? suggestedValue(e.message, e.prop) ?? '<value>';
    const error = new DynamoValidationError(`config ${e.prop}`, `config ${e.message}; ${own ?? `change it with ${setCommand(e.prop, value)}`}`);
    error.stack = e.stack;
    throw error;
  }
}
