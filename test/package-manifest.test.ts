/**
 * package.json as a host repository's npm reads it: the libraries a host shares with us are peers whose
 * ranges start at the lowest releases `npm run test:host` installs (scripts/host-matrix.ts) and admit the
 * newest; this repository pins them exactly for its own build; a git install builds through `prepare`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { HOST_ROWS, PEER_FLOORS } from '../scripts/host-matrix';

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly scripts?: Record<string, string>;
  readonly files?: string[];
}

const ROOT = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const LOWEST = HOST_ROWS.find((r) => r.name === 'lowest')!;
const NEWEST = HOST_ROWS.filter((r) => r.name.startsWith('newest'));

/** `[major, minor, patch]` of an exact version such as `2.69.0`. */
function parts(version: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`not an exact version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Whether `version` is inside the caret range `^floor` (same major, not below the floor). */
function inCaret(version: string, range: string): boolean {
  const floor = parts(range.replace(/^\^/, ''));
  const v = parts(version);
  if (v[0] !== floor[0]) return false;
  for (let i = 1; i < 3; i++) if (v[i] !== floor[i]) return v[i] > floor[i];
  return true;
}

describe('package.json', () => {
  test.each(Object.entries(PEER_FLOORS))('%s is a peer whose range starts at the lowest host release and admits the newest', (name, field) => {
    // GIVEN the range a host's npm checks
    const range = manifest.peerDependencies?.[name];
    // THEN it is a caret range from the lowest release the host check installs
    expect(range).toBe(`^${LOWEST[field]}`);
    for (const row of NEWEST) {
      const newest = row[field];
      if (newest !== undefined) expect(inCaret(newest, range!), `${row.name}: ${name}@${newest} in ${range}`).toBe(true);
    }
    // and this repository builds and tests with an exact pin inside it, never a second, bundled copy
    expect(manifest.dependencies?.[name]).toBeUndefined();
    expect(manifest.devDependencies?.[name]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(inCaret(manifest.devDependencies![name], range!)).toBe(true);
  });

  test('the Pulumi SDKs are optional peers: a cdk8s-only host installs none', () => {
    expect(manifest.peerDependenciesMeta).toStrictEqual({ '@pulumi/kubernetes': { optional: true }, '@pulumi/pulumi': { optional: true } });
  });

  test('every runtime dependency is exact, and none is a library a host shares with us', () => {
    // GIVEN the plain dependencies (the Grafana SDK builds dashboards; its types are not in our typings)
    const deps = Object.entries(manifest.dependencies ?? {});
    // THEN
    expect(deps.map(([name]) => name)).toStrictEqual(['@grafana/grafana-foundation-sdk']);
    for (const [, version] of deps) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('a git install builds the package: prepare runs the build, and the tarball carries the build, README and CHANGELOG', () => {
    expect(manifest.scripts?.prepare).toBe('npm run build');
    expect(manifest.scripts?.prepack).toBeUndefined(); // prepare also runs on npm pack: one build, not two
    expect(manifest.files).toEqual(expect.arrayContaining(['build', 'README.md', 'CHANGELOG.md']));
  });
});
