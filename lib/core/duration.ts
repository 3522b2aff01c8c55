import { Duration } from 'cdk8s';
import { invalid } from './errors';
import { methodsShape, Shape } from './input-shape';

/**
 * Whole seconds in the largest unit that divides them (`1h`, `10m`, `90s`): the duration syntax
 * Prometheus, Go (`time.ParseDuration`) and Karpenter all accept.
 * @internal
 */
export function durationString(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/**
 * A cdk8s `Duration`, as an untyped caller must pass it (not `"5m"` or `300`), recognised by its
 * methods so a Duration from another copy of cdk8s passes.
 * @internal
 */
export function durationShape(example = 'Duration.minutes(5)'): Shape {
  return methodsShape('Duration', ['toSeconds', 'toMinutes'], `a cdk8s Duration such as ${example}`);
}

/**
 * The whole seconds of a duration, at least `min`; anything else is an error naming `prop` with an
 * example of a duration that works.
 * @internal
 */
export function wholeSeconds(prop: string, d: Duration, min: number, example: string): number {
  const seconds = d.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min) {
    throw invalid(prop, `must be whole seconds, at least ${min}`, `${seconds}s`, `use e.g. ${example}`);
  }
  return seconds;
}
