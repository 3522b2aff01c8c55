/**
 * `npm run test:host`: installs this package into host projects the way docs/installing.md says a user
 * does, and checks that it works there. Needs the npm registry (it installs the hosts' dependencies), so
 * it is not part of `npm test`; `.ci/run` runs it after `npm ci`.
 *
 * For each row of scripts/host-matrix.ts (the newest and the lowest supported cdk8s, cdk8s-plus-28,
 * constructs and Pulumi):
 * 1. a host project installs its own dependencies first (as an existing repository has them), then runs
 *    the documented command, `npm install <tarball>` (from `npm pack`), or with `--git`, also
 *    `npm install git+file://<this repository>` (the `prepare` script builds the package on install);
 * 2. the install reports no peer conflict and `npm ls --all` is clean;
 * 3. `node_modules` holds exactly one copy of cdk8s, cdk8s-plus-28, constructs and @pulumi/pulumi;
 * 4. every example and the quick start (copied, importing 'dynamo-constructs' instead of '../lib') and a
 *    Pulumi program type-check with the host's TypeScript, strict and without `skipLibCheck`;
 * 5. the examples synthesize there to exactly the files this repository synthesizes;
 * 6. the Pulumi program runs under Pulumi mocks and registers the expected resources.
 *
 * Options: `--only <row>` (a row name of scripts/host-matrix.ts), `--git` (add the git-URL install on the newest row; uses the
 * committed HEAD), `--tarball <file>` (check that tarball instead of packing this repository), `--keep`
 * (leave the host projects in the temp folder). Prints one line per check and
 * ends with `N passed, N failed`; exits non-zero when a check fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APPS } from '../examples';
import { HOST_ROWS, HostRow, hostDependencies } from './host-matrix';
import { PULUMI_CONSUMER_PROGRAM, PULUMI_CONSUMER_RESULT, pulumiConsumerRunner } from './pulumi-consumer-program';

const ROOT = path.resolve(__dirname, '..');
const SHARED = ['cdk8s', 'cdk8s-plus-28', 'constructs'];
const counts = { passed: 0, failed: 0 };

function check(label: string, ok: boolean, detail = ''): boolean {
  if (ok) counts.passed++;
  else counts.failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${label}${!ok && detail ? `\n${detail.trim().split('\n').slice(0, 40).map((l) => `    ${l}`).join('\n')}` : ''}`);
  return ok;
}

interface Run { readonly status: number; readonly output: string }

function run(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status ?? 1, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** The npm that ships with this Node.js, run by `nodeBin` (so that a host on another Node.js major runs npm on it too). */
const NPM_CLI = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

function npm(nodeBin: string, cwd: string, ...args: string[]): Run {
  return run(cwd, nodeBin, [NPM_CLI, ...args, '--no-audit', '--no-fund', '--loglevel=warn']);
}

/**
 * The Node.js binary of a row: this process's, or, for a row that names another release, that release
 * from the npm registry (the `node-<platform>-<arch>` package holds the official binary).
 */
function nodeFor(work: string, row: HostRow): string | undefined {
  if (row.node === undefined) return process.execPath;
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = path.join(work, `node-${row.node}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  const install = npm(process.execPath, dir, 'install', `${pkg}@${row.node}`);
  const bin = path.join(dir, 'node_modules', pkg, 'bin', 'node');
  const version = install.status === 0 && fs.existsSync(bin) ? run(dir, bin, ['--version']).output.trim() : '';
  return check(`${row.name} host: Node.js ${row.node} from the registry (${pkg})`, version === `v${row.node}`, `${install.output}\n${version}`) ? bin : undefined;
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The differences between two output folders (file lists, then contents), empty when they are equal. */
function compareTrees(expected: string, actual: string): string[] {
  const want = filesUnder(expected);
  const got = filesUnder(actual);
  const problems: string[] = [];
  for (const f of want.filter((x) => !got.includes(x))) problems.push(`missing ${f}`);
  for (const f of got.filter((x) => !want.includes(x))) problems.push(`extra ${f}`);
  for (const f of want.filter((x) => got.includes(x))) {
    if (!fs.readFileSync(path.join(expected, f)).equals(fs.readFileSync(path.join(actual, f)))) problems.push(`differs ${f}`);
  }
  return problems;
}

/** The folders of every installed copy of `names` (nested copies included), by package name. */
function installedCopies(nodeModules: string, names: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>(names.map((n) => [n, []]));
  const visit = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const scoped = entry.name.startsWith('@');
      const pkgDirs = scoped
        ? fs.readdirSync(path.join(dir, entry.name), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, entry.name, e.name))
        : [path.join(dir, entry.name)];
      for (const pkgDir of pkgDirs) {
        const name = path.relative(dir, pkgDir).split(path.sep).join('/');
        if (found.has(name) && fs.existsSync(path.join(pkgDir, 'package.json'))) found.get(name)!.push(pkgDir);
        visit(path.join(pkgDir, 'node_modules'));
      }
    }
  };
  visit(nodeModules);
  return found;
}

/** The examples and the quick start as a host writes them: `'../lib'` becomes `'dynamo-constructs'`. */
function copySources(host: string, withPulumi: boolean): void {
  const src = path.join(host, 'src');
  const files = [
    ...fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ts')).map((f) => `examples/${f}`),
    'stacks/quickstart.ts',
    'stacks/platform.ts',
  ];
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/(['"])\.\.\/lib\1/g, "'dynamo-constructs'");
    const local = /from\s+['"](\.\.\/lib\/[^'"]*)['"]/.exec(text);
    if (local) throw new Error(`${file} imports ${local[1]}: a host can import only 'dynamo-constructs'`);
    fs.mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
    fs.writeFileSync(path.join(src, file), text);
  }
  fs.writeFileSync(path.join(src, 'main.ts'), [
    "import * as path from 'node:path';",
    "import { APPS } from './examples';",
    'for (const [name, build] of Object.entries(APPS)) build(path.join(process.argv[2], name)).synth();',
    '',
  ].join('\n'));
  if (withPulumi) fs.writeFileSync(path.join(src, 'pulumi-program.ts'), PULUMI_CONSUMER_PROGRAM);
}

function writeHostProject(dir: string, row: HostRow): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `host-${row.name}`, version: '1.0.0', private: true }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify({
    compilerOptions: {
      strict: true, target: 'es2022', module: 'node16', moduleResolution: 'node16', outDir: 'bin', rootDir: 'src',
      types: ['node'], skipLibCheck: false, noUnusedLocals: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
    },
    include: ['src'],
  }, null, 2)}\n`);
}

/** Installs the package from `source` into a fresh host on `row`'s versions and runs every check. */
function checkHost(work: string, row: HostRow, source: string, sourceName: string, reference: string): void {
  const label = `${row.name} host (${sourceName}, Node.js ${row.node ?? process.versions.node})`;
  const nodeBin = nodeFor(work, row);
  if (nodeBin === undefined) return;
  const dir = path.join(work, `host-${row.name}-${sourceName}`);
  writeHostProject(dir, row);
  // 1. The host's own dependencies, then the documented install command.
  const own = npm(nodeBin, dir, 'install', '--save-exact', ...hostDependencies(row));
  const badEngine = /EBADENGINE/.test(own.output);
  if (!check(`${label}: the host installs ${hostDependencies(row).join(' ')}`, own.status === 0 && !badEngine, own.output)) return;
  const install = npm(nodeBin, dir, 'install', source);
  const conflict = /ERESOLVE|EBADENGINE|conflicting peer|Could not resolve dependency/i.test(install.output);
  if (!check(`${label}: npm install ${sourceName === 'git' ? 'git+file://…' : path.basename(source)} succeeds without a peer conflict or an unsupported engine`, install.status === 0 && !conflict, install.output)) return;
  const ls = npm(nodeBin, dir, 'ls', '--all');
  check(`${label}: npm ls --all reports no missing or invalid dependency`, ls.status === 0, ls.output);
  // 2. One copy of each shared library.
  const single = row.pulumi ? [...SHARED, '@pulumi/pulumi', '@pulumi/kubernetes'] : SHARED;
  const copies = installedCopies(path.join(dir, 'node_modules'), [...SHARED, '@pulumi/pulumi', '@pulumi/kubernetes']);
  const extra = single.filter((name) => copies.get(name)!.length !== 1).map((name) => `${name}: ${copies.get(name)!.length} copies ${copies.get(name)!.map((d) => path.relative(dir, d)).join(', ')}`);
  for (const sdk of ['@pulumi/pulumi', '@pulumi/kubernetes']) {
    if (!row.pulumi && copies.get(sdk)!.length > 0) extra.push(`${sdk} was installed into a host that does not use Pulumi (it must stay an optional peer)`);
  }
  check(`${label}: exactly one copy of ${single.join(', ')}${row.pulumi ? '' : ', and no Pulumi SDK'}`, extra.length === 0, extra.join('\n'));
  // 3. Strict type-check with the host's TypeScript.
  copySources(dir, row.pulumi !== undefined);
  const tsc = run(dir, nodeBin, [path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--pretty', 'false']);
  if (!check(`${label}: the examples${row.pulumi ? ' and a Pulumi program' : ''} type-check with TypeScript ${row.typescript} (strict, no skipLibCheck)`, tsc.status === 0, tsc.output)) return;
  // 4. The same manifests as this repository.
  const out = path.join(dir, 'dist');
  const synth = run(dir, nodeBin, ['bin/main.js', out]);
  const diff = synth.status === 0 ? compareTrees(reference, out) : [synth.output];
  check(`${label}: every example synthesizes the same ${filesUnder(reference).length} files as this repository`, synth.status === 0 && diff.length === 0, diff.join('\n'));
  // 5. The Pulumi program under mocks.
  if (!row.pulumi) return;
  const pulumi = run(dir, nodeBin, ['-e', pulumiConsumerRunner('host', './bin/pulumi-program.js')]);
  check(`${label}: the Pulumi program runs under mocks (@pulumi/pulumi ${row.pulumi})`, pulumi.status === 0 && pulumi.output.trim() === JSON.stringify(PULUMI_CONSUMER_RESULT), pulumi.output);
}

/** Prints a notice (not a failure) for each newest-row version the registry has a newer release of. */
function noticeNewerReleases(): void {
  const newest = HOST_ROWS.filter((r) => r.name.startsWith('newest'));
  const pins = new Map<string, string>();
  for (const row of newest) for (const dep of hostDependencies(row)) pins.set(dep.slice(0, dep.lastIndexOf('@')), dep.slice(dep.lastIndexOf('@') + 1));
  for (const [name, pinned] of pins) {
    if (name === '@types/node') continue; // follows the Node.js major of `engines`, not the newest
    const view = run(ROOT, process.execPath, [NPM_CLI, 'view', name, 'version', '--loglevel=error']);
    const latest = view.output.trim();
    if (view.status === 0 && latest !== pinned && !(name === 'typescript' && newest.some((r) => r.typescript === latest))) {
      console.log(`# notice: the registry's newest ${name} is ${latest}; scripts/host-matrix.ts checks ${pinned}`);
    }
  }
}

/** Synthesizes every example from this repository's sources (its dev pins): the reference output. */
function synthReference(dir: string): void {
  for (const [name, build] of Object.entries(APPS)) build(path.join(dir, name)).synth();
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const rows = HOST_ROWS.filter((r) => only === undefined || r.name === only);
  if (rows.length === 0) throw new Error(`--only must be one of ${HOST_ROWS.map((r) => r.name).join(', ')}, got ${only}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamo-host-check-'));
  try {
    noticeNewerReleases();
    const reference = path.join(work, 'reference');
    synthReference(reference);
    const given = args.includes('--tarball') ? path.resolve(args[args.indexOf('--tarball') + 1]) : undefined;
    const pack = given ? { status: 0, output: given } : npm(process.execPath, ROOT, 'pack', '--pack-destination', work);
    const tarball = given ?? path.join(work, pack.output.split('\n').map((l) => l.trim()).filter((l) => l.endsWith('.tgz')).pop() ?? 'no-tarball');
    if (check(given ? `the tarball ${given} exists` : 'npm pack (the prepare script builds the package)', pack.status === 0 && fs.existsSync(tarball), pack.output)) {
      for (const row of rows) checkHost(work, row, tarball, 'tarball', reference);
    }
    if (args.includes('--git')) {
      const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
      if (dirty) console.log('# note: the git install builds the committed HEAD, not the uncommitted changes');
      checkHost(work, HOST_ROWS[0], `git+file://${ROOT}`, 'git', reference);
    }
  } finally {
    if (args.includes('--keep')) console.log(`# host projects kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exitCode = counts.failed === 0 ? 0 : 1;
}

main();
