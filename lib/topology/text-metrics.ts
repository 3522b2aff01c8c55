/**
 * How wide text is drawn, conservatively: the pictures use a monospace font, whose characters all
 * advance 0.6 em in the common faces (DejaVu Sans Mono, Menlo, Consolas, SF Mono, Liberation Mono);
 * 0.62 em leaves a margin, so a line measured to fit a box fits it in any of them.
 */

/** The advance of one character, in em, rounded up from the monospace faces' 0.6. @internal */
export const CHAR_WIDTH_EM = 0.62;

/** The font stack of the pictures: monospace faces only, so {@link CHAR_WIDTH_EM} holds. @internal */
export const FONT_FAMILY = "ui-monospace, 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

/** The characters of a string (code points, so `×` and `·` count once). */
function length(s: string): number {
  return [...s].length;
}

/** The drawn width of a line at a font size, in px, by the conservative estimate. @internal */
export function textWidth(s: string, fontSize: number): number {
  return length(s) * fontSize * CHAR_WIDTH_EM;
}

/** How many characters fit a width at a font size. @internal */
export function charsThatFit(width: number, fontSize: number): number {
  return Math.max(1, Math.floor(width / (fontSize * CHAR_WIDTH_EM)));
}

/** Breaks a word longer than a line after `-`, `/`, `.` or `_` where it can, else anywhere. */
function breakWord(word: string, max: number): string[] {
  const out: string[] = [];
  let rest = [...word];
  while (rest.length > max) {
    const head = rest.slice(0, max);
    let cut = -1;
    for (let i = head.length - 1; i > 0; i--) {
      if ('-/._'.includes(head[i])) { cut = i + 1; break; }
    }
    if (cut <= 0) cut = max;
    out.push(rest.slice(0, cut).join(''));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) out.push(rest.join(''));
  return out;
}

/** Packs pieces into lines of at most `max` characters, joined by `sep`. */
function pack(pieces: readonly string[], sep: string, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const candidate = current === '' ? piece : `${current}${sep}${piece}`;
    if (length(candidate) <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = piece;
  }
  if (current !== '') lines.push(current);
  return lines;
}

/**
 * Wraps a line to lines of at most `max` characters: first between its ` · ` parts, then between
 * words, then inside a word too long for a line (after `-`, `/`, `.`, `_` where it can). No
 * character is dropped.
 * @internal
 */
export function wrapLine(line: string, max: number): string[] {
  if (length(line) <= max) return [line];
  const parts = pack(line.split(' · '), ' · ', max);
  return parts.flatMap((part) => {
    if (length(part) <= max) return [part];
    const words = part.split(' ').flatMap((w) => (length(w) > max ? breakWord(w, max) : [w]));
    return pack(words, ' ', max);
  });
}

/** Escapes text for XML content and attribute values. @internal */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
