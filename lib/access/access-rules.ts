import { isIP } from 'node:net';
import { invalid } from '../core/errors';
import type { EndpointAccessOptions } from './endpoint-access-props';

/**
 * The value rules of `access`, run by the `EndpointAccess` factories (the shapes of what untyped
 * callers pass are checked before: access-shapes.ts).
 */

/** The most a limit may be: Envoy Gateway's `limit.requests` is a uint32. */
const MAX_LIMIT = 4294967295;

/** The canonical network address of an IPv4 or IPv6 CIDR, or undefined when it is not one. @internal */
export function canonicalCidr(cidr: string): string | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!m) return undefined;
  const [, address, bitsText] = m;
  const family = isIP(address);
  const bits = Number(bitsText);
  if (family === 0 || bits > (family === 4 ? 32 : 128) || String(bits) !== bitsText) return undefined;
  const width = family === 4 ? 32 : 128;
  const value = family === 4 ? ipv4Value(address) : ipv6Value(address);
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(width - bits);
  const network = value & mask;
  return `${family === 4 ? ipv4Text(network) : ipv6Text(network)}/${bits}`;
}

/** Whether `cidr` (a valid CIDR) has bits set after its prefix, i.e. is not its canonical range's network address. */
function hostBitsSet(cidr: string, canonical: string): boolean {
  const [address] = cidr.split('/');
  const [network] = canonical.split('/');
  const value = (a: string): bigint => (isIP(a) === 4 ? ipv4Value(a) : ipv6Value(a));
  return value(address) !== value(network);
}

function ipv4Value(a: string): bigint {
  return a.split('.').reduce((v, part) => (v << 8n) | BigInt(Number(part)), 0n);
}

function ipv4Text(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}

function ipv6Value(a: string): bigint {
  let text = a;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = ipv4Value(tail[1]);
    text = `${text.slice(0, -tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill('0'), ...r];
  return groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function ipv6Text(v: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((v >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1; let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Checks the options every kind of access shares. @internal */
export function validateAccessOptions(o: EndpointAccessOptions): void {
  if (o.allowedSourceRanges !== undefined) {
    if (o.allowedSourceRanges.length === 0) {
      throw invalid('access.allowedSourceRanges', 'must list at least one CIDR range', '[]',
        'list the client ranges allowed, e.g. ["203.0.113.0/24"], or leave the prop out to allow any source');
    }
    const seen = new Set<string>();
    o.allowedSourceRanges.forEach((cidr, i) => {
      const prop = `access.allowedSourceRanges[${i}]`;
      const canonical = canonicalCidr(cidr);
      if (canonical === undefined) {
        throw invalid(prop, 'must be an IPv4 or IPv6 CIDR range (address/prefix length)', cidr,
          isIP(cidr) !== 0 ? `write one address as ${cidr}/${isIP(cidr) === 4 ? 32 : 128}` : 'use e.g. "203.0.113.0/24" or "2001:db8::/32"');
      }
      if (canonical !== cidr) {
        throw hostBitsSet(cidr, canonical)
          ? invalid(prop, 'must be written as its network address (the bits after the prefix length are zero)', cidr,
            `use "${canonical}" (load balancers refuse a range with host bits set)`)
          : invalid(prop, 'must be written in canonical form (lowercase, zeros compressed as RFC 5952 writes them)', cidr,
            `use "${canonical}", the same range as the load balancers and the gateway write it`);
      }
      if (seen.has(cidr)) throw invalid(prop, 'must not repeat a range', cidr, 'remove the duplicate');
      seen.add(cidr);
    });
  }
  for (const key of ['requestsPerMinute', 'tokensPerMinute'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1 || v > MAX_LIMIT) {
      throw invalid(`access.${key}`, `must be a whole number from 1 to ${MAX_LIMIT}`, v,
        key === 'requestsPerMinute' ? 'e.g. 600 (10 requests a second per client)' : 'e.g. 100000 tokens per client per minute');
    }
  }
  if (o.cloudArmorPolicy !== undefined && !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(o.cloudArmorPolicy)) {
    throw invalid('access.cloudArmorPolicy', 'must be the name of a Cloud Armor security policy (lowercase letters, digits and "-", at most 63)', o.cloudArmorPolicy,
      'name the policy as `gcloud compute security-policies list` shows it (the name, not its URL)');
  }
}

/**
 * Query parameter names that mark a credential (compared lowercased, also as the last `-`, `_` or
 * `.` separated part, e.g. `client_secret`, `X-Amz-Signature`).
 */
const CREDENTIAL_PARAMS: readonly string[] = ['token', 'access_token', 'key', 'api_key', 'apikey', 'secret', 'password', 'sig', 'signature'];

/** Whether a query parameter name marks a credential. */
function isCredentialParam(name: string): boolean {
  const n = name.toLowerCase();
  return CREDENTIAL_PARAMS.some((c) => n === c || n.endsWith(`-${c}`) || n.endsWith(`_${c}`) || n.endsWith(`.${c}`));
}

/** A URL as an error shows it: its query and fragment, which may carry a token (`?access_token=`), redacted. */
function redactQuery(url: string): string {
  return url.replace(/\?[^#]*/, '?<redacted>').replace(/#.*$/, '#<redacted>');
}

/**
 * Checks an HTTPS URL prop: absolute, `https:`, no fragment, no user or password, no query
 * parameter named like a credential. An error never shows a credential: userinfo, query and
 * fragment are redacted.
 * @internal
 */
export function validateHttpsUrl(prop: string, value: string, example: string): void {
  let url: URL | undefined;
  try { url = new URL(value); } catch { url = undefined; }
  if (url !== undefined && (url.username !== '' || url.password !== '')) {
    // Never show the credentials a URL carries.
    url.username = url.username === '' ? '' : '<redacted>';
    url.password = url.password === '' ? '' : '<redacted>';
    throw invalid(prop, 'must not carry a user or password (the gateway and the manifests would hold them in plain text)',
      redactQuery(url.toString().replace(/%3C|%3E/g, (m) => (m === '%3C' ? '<' : '>'))), `remove the credentials from the URL: use e.g. "${example}"`);
  }
  if (url === undefined || url.protocol !== 'https:' || url.hash !== '') {
    // A value the URL parser rejects may still carry `user:password@`: never show what precedes an `@`.
    const shown = value.includes('@') ? value.replace(/^([^/?#]*?\/\/)?[^/?#]*@/, '$1<redacted>@') : value;
    throw invalid(prop, 'must be an https:// URL', redactQuery(shown), `use e.g. "${example}"`);
  }
  const param = [...url.searchParams.keys()].find(isCredentialParam);
  if (param !== undefined) {
    throw invalid(prop, `must not carry a credential in its query (parameter ${JSON.stringify(param)}: the gateway and the manifests would hold it in plain text)`,
      redactQuery(value), `remove the parameter (the gateway fetches the URL without credentials): use e.g. "${example}"`);
  }
}

/** Checks a required non-empty string without whitespace (an id, a claim, an issuer). @internal */
export function validateToken(prop: string, value: string, example: string): void {
  if (value.length === 0 || /\s/.test(value) || value.length > 1024) {
    throw invalid(prop, 'must be a non-empty string without spaces', value, `use e.g. ${JSON.stringify(example)}`);
  }
}

/** Checks a list of non-empty strings (audiences, scopes): at least one, at most `max`, none repeated. @internal */
export function validateTokenList(prop: string, values: readonly string[], max: number, example: string): void {
  if (values.length === 0 || values.length > max) {
    throw invalid(prop, `must list from 1 to ${max} values`, values.length, `e.g. [${JSON.stringify(example)}]`);
  }
  values.forEach((v, i) => validateToken(`${prop}[${i}]`, v, example));
  const dup = values.find((v, i) => values.indexOf(v) !== i);
  if (dup !== undefined) throw invalid(prop, 'must not repeat a value', dup, 'remove the duplicate');
}
