/**
 * `npm run synth:all`: synthesizes the quickstart and every example into `dist/<name>/`, and beside
 * the manifests each pattern's topology picture: `<pattern id>.topology.svg` and `.mmd`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APPS } from '../examples';
import { Topology } from '../lib';

for (const [name, build] of Object.entries(APPS)) {
  const outdir = path.join('dist', name);
  const app = build(outdir);
  app.synth();
  const seen = new Map<string, number>();
  for (const topology of Topology.of(app)) {
    // Two patterns with one id (in two charts) get `-2`, `-3`, ... in construct tree order.
    const n = (seen.get(topology.id) ?? 0) + 1;
    seen.set(topology.id, n);
    const base = path.join(outdir, `${topology.id}${n > 1 ? `-${n}` : ''}.topology`);
    fs.writeFileSync(`${base}.svg`, topology.svg);
    fs.writeFileSync(`${base}.mmd`, topology.mermaid);
  }
  console.log(`synthesized ${name} -> ${outdir}`);
}
