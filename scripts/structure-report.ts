/**
 * Prints the shape of `lib/`: the longest functions, import cycles between its files, and the
 * runtime exports of the package entry points that the published typings do not declare.
 *
 *   npm run structure            # builds first, for the export check
 *
 * It reports; the architecture test (test/architecture.test.ts) judges.
 */

import { cycles, functionLengths, leakedExports, libFiles } from './structure';

const files = libFiles();
const lengths = files.flatMap(functionLengths).sort((a, b) => b.lines - a.lines);
console.log('## longest functions in lib/');
for (const f of lengths.slice(0, 5)) console.log(`${String(f.lines).padStart(5)}  ${f.where}`);
console.log(`functions over 120 lines: ${lengths.filter((f) => f.lines > 120).length}`);

const found = cycles(files);
console.log('\n## import cycles in lib/ (strongly connected files)');
for (const c of found) console.log(`${c.length} files: ${c.join(' ')}`);
console.log(`cycles: ${found.length}, files in cycles: ${found.reduce((n, c) => n + c.length, 0)}`);

console.log('\n## runtime exports the typings do not declare');
for (const entry of ['index', 'pulumi/index']) {
  const leaked = leakedExports(entry);
  if (leaked === undefined) console.log(`${entry}: not built (run npm run build)`);
  else console.log(`${entry}: ${leaked.length}${leaked.length > 0 ? ` (${leaked.join(', ')})` : ''}`);
}
