/**
 * A synth-time validation error raised by dynamo-constructs.
 *
 * Every error names the prop that was wrong (`prop`), shows the value received and says how to
 * fix it. Messages are lowercase and follow the form
 * `<prop> <requirement> (got <value>); <fix>`.
 */
export class DynamoValidationError extends Error {
  /** The user-facing prop path that was wrong, e.g. `decode.tensorParallelSize`. */
  public readonly prop: string;

  public constructor(prop: string, message: string) {
    super(message);
    this.name = 'DynamoValidationError';
    this.prop = prop;
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
