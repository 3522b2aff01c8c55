/**
 * Quotes a string for a POSIX shell: left bare when it holds only safe characters, else wrapped in
 * single quotes with embedded single quotes escaped.
 * @internal
 */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Joins words into one shell command line, quoting each as needed. @internal */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
