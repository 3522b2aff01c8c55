/**
 * `npm run build` (`tsc -p tsconfig.build.json`) for the package tests, skipped when the build output is
 * current.
 *
 * "Current" means: the last build this helper ran succeeded from exactly the present inputs, and `build/` still
 * holds exactly what it wrote. Both are content hashes recorded in a stamp
 * (`node_modules/.cache/dynamo-build/stamp.json`, written only after a successful build):
 * - inputs: every file under `lib/`, `tsconfig.json`, `tsconfig.build.json`, `package.json`, the lockfiles
 *   (`package-lock.json` and npm's `node_modules/.package-lock.json`, i.e. the installed dependency tree) and the
 *   TypeScript version;
 * - outputs: every file under `build/`.
 * Any difference (an edit under lib/, a dependency update, a build by hand, a deleted or touched output file, a
 * fresh clone without a stamp) runs the full build.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

interface Stamp {
  readonly inputs: string;
  readonly outputs: string;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** Hash of the relative names and contents of `files` (missing files count as absent). */
function hashFiles(root: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : '\0<absent>');
    hash.update('\0');
  }
  return hash.digest('hex');
}

function inputsHash(root: string): string {
  const tsVersion = (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'typescript', 'package.json'), 'utf8')) as { version: string }).version;
  const files = [
    ...listFiles(path.join(root, 'lib')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json'].map((f) => path.join(root, f)),
  ];
  return `${tsVersion}:${hashFiles(root, files)}`;
}

function outputsHash(root: string): string {
  return hashFiles(root, listFiles(path.join(root, 'build')));
}

function stampFile(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'dynamo-build', 'stamp.json');
}

function readStamp(root: string): Stamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(stampFile(root), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/**
 * Runs `tsc -p tsconfig.build.json` in `root` unless the stamp shows `build/` is the output of a successful
 * build of the present inputs. Throws (with the compiler's diagnostics) when the build fails.
 */
export async function buildPackage(root: string): Promise<{ built: boolean; ms: number }> {
  const start = performance.now();
  const inputs = inputsHash(root);
  const stamp = readStamp(root);
  if (stamp?.inputs === inputs && stamp.outputs === outputsHash(root)) return { built: false, ms: performance.now() - start };
  fs.rmSync(stampFile(root), { force: true });
  try {
    await execFileAsync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--pretty', 'false'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`npm run build (tsc -p tsconfig.build.json) failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  // Record the inputs as read before the build: an edit made while it ran makes the next run build again.
  const file = stampFile(root);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ inputs, outputs: outputsHash(root) } satisfies Stamp));
  fs.renameSync(tmp, file);
  return { built: true, ms: performance.now() - start };
}
