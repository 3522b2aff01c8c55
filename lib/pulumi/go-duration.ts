/** Seconds per unit of a Go duration (`time.ParseDuration`), the syntax of Pulumi's custom timeouts. */
const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** One `<amount><unit>` term of a Go duration. */
const TERM = '(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)';

/** Whether `duration` is a Go duration such as `90m`, `2h30m` or `1.5h`. @internal */
export function isGoDuration(duration: string): boolean {
  return new RegExp(`^(?:${TERM})+$`).test(duration);
}

/**
 * The seconds of a Go duration (already checked with {@link isGoDuration}).
 * @internal
 */
export function goDurationSeconds(duration: string): number {
  let seconds = 0;
  for (const [, amount, unit] of duration.matchAll(new RegExp(TERM, 'g'))) seconds += Number(amount) * UNIT_SECONDS[unit];
  return seconds;
}
