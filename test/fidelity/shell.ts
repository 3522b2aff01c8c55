/**
 * Just enough of POSIX `sh` word splitting to read the launch line of a `/bin/sh -c "<script>"`
 * container: quotes, backslash escapes and line continuations, `$VAR` / `${VAR}` expansion from the
 * container's env, `"$@"` (the arguments after `$0`), and command separators (`&&`, `||`, `;`,
 * newlines). No globbing, no command substitution: a script that needs them is reported as is.
 */

/** One simple command of a script: its words after expansion. */
export type ShellCommand = string[];

/**
 * The commands of a script, in order. The names of the variables it expanded are added to `used`
 * (they configure the launch line, not the engine).
 */
export function parseScript(script: string, env: Readonly<Record<string, string>>, positional: readonly string[],
  used: Set<string> = new Set()): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    if (c === '\\' && script[i + 1] === '\n') {
      i += 2;
    } else if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === ';') {
      endCommand();
      i++;
    } else if ((c === '&' || c === '|') && script[i + 1] === c) {
      endCommand();
      i += 2;
    } else if (c === '#' && word === undefined) {
      while (i < script.length && script[i] !== '\n') i++;
    } else if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote in: ${script}`);
      word = (word ?? '') + script.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const { text, next, allArgs } = doubleQuoted(script, i + 1, env, positional, used);
      if (allArgs) {
        // "$@" is one word per positional argument.
        endWord();
        words.push(...positional);
      } else {
        word = (word ?? '') + text;
      }
      i = next;
    } else if (c === '\\') {
      word = (word ?? '') + (script[i + 1] ?? '');
      i += 2;
    } else if (c === '$') {
      const { text, next } = expand(script, i, env, positional, used);
      word = (word ?? '') + text;
      i = next;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  endCommand();
  return commands;
}

/** A double-quoted string starting after its opening quote; `allArgs` when it is exactly `"$@"`. */
function doubleQuoted(s: string, start: number, env: Readonly<Record<string, string>>, positional: readonly string[], used: Set<string>):
  { text: string; next: number; allArgs: boolean } {
  if (s.startsWith('$@"', start)) return { text: '', next: start + 3, allArgs: true };
  let text = '';
  let i = start;
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\' && '"\\$`\n'.includes(s[i + 1] ?? '')) {
      if (s[i + 1] !== '\n') text += s[i + 1];
      i += 2;
    } else if (s[i] === '$') {
      const e = expand(s, i, env, positional, used);
      text += e.text;
      i = e.next;
    } else {
      text += s[i++];
    }
  }
  if (i >= s.length) throw new Error(`unterminated double quote in: ${s}`);
  return { text, next: i + 1, allArgs: false };
}

/** `$NAME`, `${NAME}`, `$1`..`$9` at `start`; an unknown variable is kept as written. */
function expand(s: string, start: number, env: Readonly<Record<string, string>>, positional: readonly string[], used: Set<string>):
  { text: string; next: number } {
  const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(s.slice(start));
  const plain = /^\$([A-Za-z_][A-Za-z0-9_]*|[1-9])/.exec(s.slice(start));
  const m = braced ?? plain;
  if (!m) return { text: '$', next: start + 1 };
  const name = m[1];
  const value = /^[1-9]$/.test(name) ? positional[Number(name) - 1] : env[name];
  if (value !== undefined && !/^[1-9]$/.test(name)) used.add(name);
  return { text: value ?? m[0], next: start + m[0].length };
}
