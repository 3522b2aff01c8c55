/**
 * `npm run docs:pictures`: the topology picture of every example, generated from its constructs,
 * as `docs/images/<example>.svg` and `.mmd` (`<example>-<pattern id>` for an app with several
 * patterns), removing the pictures of examples that no longer exist. A test compares the committed
 * files with these.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APPS } from '../examples';
import { Topology } from '../lib';

/** Where the pictures go, relative to the repository root. */
export const PICTURES_DIR = path.join('docs', 'images');

/**
 * A file name for each pattern of an app, in construct tree order: its id, with `-2`, `-3`, ... for a
 * second, third pattern of the same id (in another chart). `synth:all` and `docs:pictures` both use it.
 */
export function patternFileNames(topologies: readonly Topology[]): string[] {
  const seen = new Map<string, number>();
  return topologies.map((t) => {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    return n > 1 ? `${t.id}-${n}` : t.id;
  });
}

/** The file names (without extension) of an app's pictures: the app name, or `<app>-<pattern file name>` for each of several patterns. */
export function pictureNames(app: string, topologies: readonly Topology[]): string[] {
  return topologies.length === 1 ? [app] : patternFileNames(topologies).map((name) => `${app}-${name}`);
}

/** The pictures of an app's patterns: each one's SVG and Mermaid text, by file name. */
export function appPictures(app: string, topologies: readonly Topology[]): Record<string, string> {
  const names = pictureNames(app, topologies);
  return Object.fromEntries(topologies.flatMap((t, i) => [[`${names[i]}.svg`, t.svg], [`${names[i]}.mmd`, t.mermaid]]));
}

/** The topologies of every example app, by app name. The apps are built in memory: nothing is synthesized. */
export function exampleTopologies(): Record<string, Topology[]> {
  return Object.fromEntries(Object.entries(APPS).map(([name, build]) => [name, Topology.of(build())]));
}

/** Every example's pictures, by file name. */
export function examplePictures(topologies: Readonly<Record<string, readonly Topology[]>> = exampleTopologies()): Record<string, string> {
  return Object.assign({}, ...Object.entries(topologies).map(([name, ts]) => appPictures(name, ts)));
}

/** The files `docs:pictures` owns in its folder: the pictures, never another file. */
const PICTURE_FILE = /\.(svg|mmd)$/;

/**
 * Writes the pictures into `dir` and removes the `.svg` and `.mmd` files there that are not among
 * them (an example renamed or removed); other files stay. Returns the files written and removed.
 */
export function writePictures(dir: string, pictures: Readonly<Record<string, string>>): { written: string[]; removed: string[] } {
  fs.mkdirSync(dir, { recursive: true });
  const removed = fs.readdirSync(dir).filter((f) => PICTURE_FILE.test(f) && !(f in pictures)).sort();
  for (const f of removed) fs.rmSync(path.join(dir, f));
  for (const [file, content] of Object.entries(pictures)) fs.writeFileSync(path.join(dir, file), content);
  return { written: Object.keys(pictures), removed };
}

if (require.main === module) {
  const { written, removed } = writePictures(path.resolve(__dirname, '..', PICTURES_DIR), examplePictures());
  for (const file of written) console.log(`wrote ${path.join(PICTURES_DIR, file)}`);
  for (const file of removed) console.log(`removed ${path.join(PICTURES_DIR, file)}`);
}
