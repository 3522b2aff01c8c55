/**
 * Dev-only: records the facts of upstream Dynamo manifests as fidelity fixtures
 * (test/fidelity/fixtures/*.json). Reads a local git mirror of ai-dynamo/dynamo at the pinned commit;
 * CI never runs it and the tests need no network. The fixture is our own JSON record of the facts
 * (test/fidelity/facts.ts), written by the same stage-1 normalizer the tests run on the library's
 * output, never a copy of the YAML.
 *
 *   npx tsx scripts/extract-upstream-fixture.ts [--mirror <git dir>] [--commit <sha>] [<fixture id>...]
 *
 * With no id, every fixture in test/fidelity/fixture-index.ts is rewritten. Review the diff by hand:
 * the fixture is the upstream side of the comparison.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { extractGraph, Manifest } from '../test/fidelity/extract';
import { Fixture, UPSTREAM_COMMIT } from '../test/fidelity/facts';
import { FIXTURE_PATHS, fixtureFile } from '../test/fidelity/fixture-index';

/** The prefix of the runtime images' copy of the repository (`WORKDIR /workspace`). */
const IMAGE_WORKSPACE = '/workspace/';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
}

function gitShow(mirror: string, commit: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['-C', mirror, 'show', `${commit}:${path}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

function record(id: string, mirror: string, commit: string): Fixture {
  const path = FIXTURE_PATHS[id];
  if (!path) throw new Error(`unknown fixture id ${id}; known: ${Object.keys(FIXTURE_PATHS).join(', ')}`);
  const text = gitShow(mirror, commit, path);
  if (text === undefined) throw new Error(`${path} is not in ${mirror} at ${commit}`);
  const objects = parseAllDocuments(text).map((d) => d.toJS() as Manifest).filter((o) => o && typeof o === 'object');
  const notes: string[] = [];
  // Files the runtime images carry are the repository's files under /workspace.
  const readImageFile = (abs: string) => {
    if (!abs.startsWith(IMAGE_WORKSPACE)) return undefined;
    const repoPath = abs.slice(IMAGE_WORKSPACE.length);
    const content = gitShow(mirror, commit, repoPath);
    if (content !== undefined) notes.push(`${abs} read from the repository file ${repoPath} (the runtime images carry the repository under /workspace)`);
    return content;
  };
  const graph = extractGraph(objects, readImageFile);
  return {
    id,
    source: { repo: 'ai-dynamo/dynamo', mirror: 'wxsms/dynamo', path, commit },
    ...graph,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const mirror = option(args, '--mirror', '/work/.mirror/wxsms+dynamo/repo');
  const commit = option(args, '--commit', UPSTREAM_COMMIT);
  const ids = args.length > 0 ? args : Object.keys(FIXTURE_PATHS);
  const dir = join(__dirname, '..', 'test', 'fidelity', 'fixtures');
  mkdirSync(dir, { recursive: true });
  for (const id of ids) {
    const fixture = record(id, mirror, commit);
    writeFileSync(join(dir, fixtureFile(id)), `${JSON.stringify(fixture, null, 2)}\n`);
    console.log(`${id}: ${fixture.components.map((c) => `${c.role}=${c.name}`).join(', ')}`);
  }
}

main();
