/**
 * The value a library error suggests for the prop it blames, in the form the stack config takes:
 * the library writes its fixes for code (`use Duration.seconds(300)`, `set workers.tensorParallelSize
 * to 3`, `e.g. GpuType.H100_80GB`), the program's fix is a `pulumi config set` command with a value.
 */

/** `Duration.<unit>(n)` as the config writes a duration. */
const DURATION_UNITS: Readonly<Record<string, string>> = { seconds: 's', minutes: 'm', hours: 'h', days: 'd' };

/** `Size.<unit>(n)` as the config writes a size. */
const SIZE_UNITS: Readonly<Record<string, string>> = { kibibytes: 'Ki', mebibytes: 'Mi', gibibytes: 'Gi', tebibytes: 'Ti', pebibyte: 'Pi', pebibytes: 'Pi' };

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `H100_80GB` → `h100-80gb`: the config's name of a library constant (see `constantsOf`). */
function kebab(constantName: string): string {
  return constantName.toLowerCase().replace(/_/g, '-');
}

/**
 * The value `message` (a library error on `prop`) suggests, or undefined when it suggests none: the
 * value of a boolean requirement (`<prop> must be false when ...`), the value in `set <prop> to
 * <number>` or `set <prop>: 'team-a'`, a `Duration` or `Size` call (as `300s`, `200Gi`), a quoted or
 * numeric example (`e.g. "http://prometheus:9090"`, `such as "llama-70b"`, `e.g. 0.99`), the release
 * of `DynamoVersion.LATEST (1.6.2)`, or a library constant (`e.g. GpuType.H100_80GB` as `h100-80gb`). The value received (`(got ...)`) is
 * never taken for one, nor a made-up id.
 */
export function suggestedValue(message: string, prop: string): string | undefined {
  const text = message.replace(/\(got (?:"(?:[^"\\]|\\.)*"|[^)]*)\)/, '');
  const flag = new RegExp(`^${escaped(prop)} must be (true|false)\\b`).exec(text);
  if (flag) return flag[1];
  const setTo = new RegExp(`\\bset ${escaped(prop)} to (-?\\d+(?:\\.\\d+)?)\\b`).exec(text);
  if (setTo) return setTo[1];
  const setAs = new RegExp(`\\bset ${escaped(prop)}: (?:'([^'\\s]+)'|"([^"\\s]+)")`).exec(text);
  if (setAs) return setAs[1] ?? setAs[2];
  const duration = /\bDuration\.(seconds|minutes|hours|days)\((\d+)\)/.exec(text);
  if (duration) return `${duration[2]}${DURATION_UNITS[duration[1]]}`;
  const size = /\bSize\.(kibibytes|mebibytes|gibibytes|tebibytes|pebibytes?)\((\d+)\)/.exec(text);
  if (size) return `${size[2]}${SIZE_UNITS[size[1]]}`;
  const quoted = /\b(?:e\.g\.|such as|use|pass) "([^"\s]+)"/.exec(text);
  // A made-up id (`fs-0123456789abcdef0`) shows the form only: the command would set it as if it were real.
  if (quoted) return /0123456789/.test(quoted[1]) ? undefined : quoted[1];
  const number = /\be\.g\. (-?\d+(?:\.\d+)?)\b/.exec(text);
  if (number) return number[1];
  // `use DynamoVersion.LATEST (1.6.2)`: the release it stands for.
  const latest = /\bDynamoVersion\.LATEST \((\d+\.\d+\.\d+)\)/.exec(text);
  if (latest) return latest[1];
  const constant = /\b(?:e\.g\.|such as) [A-Z][A-Za-z]*\.([A-Z][A-Z0-9_]*)\b/.exec(text);
  return constant ? kebab(constant[1]) : undefined;
}
