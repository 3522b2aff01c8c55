/**
 * `npm run docs:pictures`: the topology picture of every example, generated from its constructs,
 * as `docs/images/<example>.svg` and `.mmd` (`<example>-<pattern id>` for an app with several
 * patterns). A test compares the committed files with these.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APPS } from '../examples';
import { Topology } from '../lib';

/** Where the pictures go, relative to the repository root. */
export const PICTURES_DIR = path.join('docs', 'images');

/** The file names (without extension) of an app's pictures: the app name, or `<app>-<pattern id>` for each of several patterns. */
export function pictureNames(app: string, topologies: readonly Topology[]): string[] {
  return topologies.map((t) => (topologies.length === 1 ? app : `${app}-${t.id}`));
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

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', PICTURES_DIR);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(examplePictures())) {
    fs.writeFileSync(path.join(dir, file), content);
    console.log(`wrote ${path.join(PICTURES_DIR, file)}`);
  }
}
