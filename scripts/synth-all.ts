/**
 * `npm run synth:all`: synthesizes the quickstart and every example into a fresh `dist/<name>/` (a
 * file per chart, or for the Flux apps a folder per chart), and beside the manifests each pattern's
 * topology picture: `<pattern id>.topology.svg` and `.mmd`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APPS } from '../examples';
import { Topology } from '../lib';
import { patternFileNames } from './pictures';

for (const [name, build] of Object.entries(APPS)) {
  const outdir = path.join('dist', name);
  // A fresh folder: an app whose output layout changed (a file per chart, a folder per chart) leaves no stale files.
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = build(outdir);
  app.synth();
  const topologies = Topology.of(app);
  // Two patterns with one id (in two charts) get `-2`, `-3`, ... in construct tree order, as in docs/images.
  patternFileNames(topologies).forEach((file, i) => {
    const base = path.join(outdir, `${file}.topology`);
    fs.writeFileSync(`${base}.svg`, topologies[i].svg);
    fs.writeFileSync(`${base}.mmd`, topologies[i].mermaid);
  });
  console.log(`synthesized ${name} -> ${outdir}`);
}
