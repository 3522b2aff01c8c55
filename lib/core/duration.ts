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
