import * as pulumi from '@pulumi/pulumi';
import { DynamoValidationError } from '../core/errors';

/**
 * The `pulumi.InputPropertyError` that reports a {@link DynamoValidationError} of a component's
 * args: `propertyPath` is the error's `prop` (the args path the user wrote, e.g.
 * `decode.tensorParallelSize`) unless `propertyPath` is given, and `reason` its message, with the
 * Pulumi fix where the fix depends on the engine. The original error is kept as `cause` (it carries
 * the `constructPath`).
 * @internal
 */
export function inputPropertyError(e: DynamoValidationError, propertyPath: string = e.prop): pulumi.InputPropertyError {
  // Raised in a Pulumi program: the fix is Pulumi's where it depends on the engine (an error raised
  // before the component's chart exists, from its args, never learnt it from the construct tree).
  if (typeof e._forEngine === 'function') e._forEngine('pulumi');
  const error = new pulumi.InputPropertyError({ propertyPath, reason: e.message });
  Object.defineProperty(error, 'cause', { value: e, enumerable: false, writable: true, configurable: true });
  return error;
}

/**
 * Runs `build` and rethrows a {@link DynamoValidationError} it throws (from any copy of the
 * package) as a `pulumi.InputPropertyError` (see {@link inputPropertyError}); any other error,
 * including an `InputPropertyError` already reported by a nested call, passes through unchanged.
 *
 * @param propertyPath The property to blame instead of the error's own `prop` (e.g. `customize`
 *   for errors raised by the user's callback, whose `prop` names a construct method's argument).
 * @internal
 */
export function reportingInputErrors<T>(build: () => T, propertyPath?: string): T {
  try {
    return build();
  } catch (e) {
    if (DynamoValidationError.isDynamoValidationError(e)) throw inputPropertyError(e, propertyPath ?? e.prop);
    throw e;
  }
}
