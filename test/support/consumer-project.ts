/**
 * A consumer project for the package tests: a temporary directory whose `node_modules` holds this package (a
 * link to the repository, so `dynamo-constructs` resolves through its `exports` to `build/`) and its peers (links
 * to the repository's copies), and a way to run Node in it. Used by test/package.test.ts and
 * test/doc-blocks.test.ts; build the package first (support/package-build.ts).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The peers and types a consumer program may import besides `dynamo-constructs`. */
export const CONSUMER_DEPS = ['@pulumi/pulumi', '@pulumi/kubernetes', '@types/node', 'cdk8s', 'cdk8s-plus-28', 'constructs'] as const;

/** A project directory whose node_modules holds this package (as a link to `root`) and its peers. */
export function consumerProject(root: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamo-consumer-'));
  for (const dep of ['dynamo-constructs', ...CONSUMER_DEPS]) {
    const link = path.join(dir, 'node_modules', dep);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(dep === 'dynamo-constructs' ? root : path.join(root, 'node_modules', dep), link, 'dir');
  }
  return dir;
}

/** Runs `node -e script [...args]` in `cwd`; resolves to its trimmed stdout. */
export async function node(cwd: string, script: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ['-e', script, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}
