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
  // Test files run in parallel processes: the first to get here builds, the others wait and then find it current.
  return withBuildLock(root, async () => {
    const current = readStamp(root);
    if (current?.inputs === inputsHash(root) && current.outputs === outputsHash(root)) return { built: false, ms: performance.now() - start };
    await build(root);
    return { built: true, ms: performance.now() - start };
  });
}

/** Whether a process with this id is running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding the build lock: a directory created atomically, with the holder's pid inside. A lock whose
 * holder is gone (or, without a pid, older than a minute) is stale and taken over.
 */
async function withBuildLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(path.dirname(stampFile(root)), 'lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let stale: boolean;
      try {
        const pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
        stale = !alive(pid);
      } catch {
        stale = fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs > 60_000;
      }
      if (stale) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** `tsc -p tsconfig.build.json`, then the stamp of its inputs and outputs. */
async function build(root: string): Promise<void> {
  const inputs = inputsHash(root);
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
}
