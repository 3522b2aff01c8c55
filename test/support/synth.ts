import { expect } from 'vitest';
import { App, Chart, Testing } from 'cdk8s';
import { DynamoValidationError } from '../../lib';
import { assertSchemaValid } from './schema';

/** A manifest object as synthesized. */
export type Manifest = Record<string, any>;

/** A chart in namespace `ns` (default `llm`; `null` for none), in a fresh test app. */
export function newChart(ns: string | null = 'llm'): Chart {
  return new Chart(Testing.app(), 'test', ns === null ? {} : { namespace: ns });
}

/**
 * Synthesizes a chart and validates every object strictly against ../shared (CRDs and Kubernetes
 * 1.30 schemas). Every test that synthesizes goes through here, so every object the tests produce
 * is schema-checked.
 */
export function synthValid(chart: Chart): Manifest[] {
  const objs = Testing.synth(chart) as Manifest[];
  assertSchemaValid(objs);
  return objs;
}

/** Synthesizes every chart of an app, validating each object strictly. */
export function synthAppValid(app: App): Manifest[] {
  const objs = app.charts.flatMap((c) => Testing.synth(c) as Manifest[]);
  assertSchemaValid(objs);
  return objs;
}

/** The single object of a kind; fails when there is not exactly one. */
export function only(objs: Manifest[], kind: string): Manifest {
  const found = objs.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}, found ${found.length}`);
  return found[0];
}

/** A v1beta1 component by name. */
export function component(dgd: Manifest, name: string): Manifest {
  const c = (dgd.spec.components as Manifest[]).find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name} in ${(dgd.spec.components as Manifest[]).map((x) => x.name).join(', ')}`);
  return c;
}

/** The `main` container of a v1beta1 component. */
export function main(dgd: Manifest, name: string): Manifest {
  const containers = component(dgd, name).podTemplate.spec.containers as Manifest[];
  expect(containers[0].name).toBe('main');
  return containers[0];
}

/** The value of a flag in an argument list (`--flag value`), or undefined. */
export function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

/** The env of a container as a name → value-or-valueFrom map. */
export function envOf(container: Manifest): Record<string, unknown> {
  return Object.fromEntries(((container.env ?? []) as Manifest[]).map((e) => [e.name, e.value ?? e.valueFrom]));
}

/** The `main` container of a component in either API generation. */
export function mainOf(dgd: Manifest, name: string): Manifest {
  return dgd.apiVersion === 'nvidia.com/v1beta1' ? main(dgd, name) : dgd.spec.services[name].extraPodSpec.mainContainer;
}

/** A component's own env (not the graph's) in either API generation. */
export function componentEnv(dgd: Manifest, name: string): Record<string, unknown> {
  return dgd.apiVersion === 'nvidia.com/v1beta1' ? envOf(main(dgd, name)) : envOf({ env: dgd.spec.services[name].envs });
}

/** A component's spec object in either API generation. */
export function componentOf(dgd: Manifest, name: string): Manifest {
  return dgd.apiVersion === 'nvidia.com/v1beta1' ? component(dgd, name) : dgd.spec.services[name];
}

/** Runs `f` and returns the DynamoValidationError it throws; fails when it throws nothing or another error. */
export function validationError(f: () => unknown): DynamoValidationError {
  try {
    f();
  } catch (e) {
    if (DynamoValidationError.isDynamoValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a DynamoValidationError');
}
