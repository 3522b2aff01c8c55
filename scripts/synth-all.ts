/** `npm run synth:all`: synthesizes the quickstart and every example into `dist/<name>/`. */
import * as path from 'path';
import { APPS } from '../examples';

for (const [name, build] of Object.entries(APPS)) {
  const outdir = path.join('dist', name);
  build(outdir).synth();
  console.log(`synthesized ${name} -> ${outdir}`);
}
