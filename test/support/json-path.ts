/** JSON paths of the schema harness's reports: `$.a.b[0]["c.d"]`. */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `base` followed by an array index or a field name (quoted when it is not an identifier). */
export function appendPath(base: string, segment: string | number): string {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  return IDENTIFIER.test(segment) ? `${base}.${segment}` : `${base}[${JSON.stringify(segment)}]`;
}
