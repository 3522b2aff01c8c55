/**
 * Pulumi unit-test support: mocks set through `pulumi.runtime.setMocks`, and a recorder of every
 * registration request exactly as the engine would receive it (inputs with secrets still wrapped,
 * parent, provider, dependencies and the resource options that decide updates and replacements).
 */
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { beforeAll } from 'vitest';
import type * as Engine from '../../lib/pulumi';

/** The signature Pulumi uses to mark a serialized secret. */
export const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** One `RegisterResource` request. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent: string;
  readonly provider: string;
  /**
   * The URNs the resource depends on: those of its `dependsOn` plus those its inputs reference
   * (none for the Kubernetes children, whose inputs are plain manifests). The parent is not one.
   */
  readonly dependencies: string[];
  readonly deleteBeforeReplace: boolean;
  readonly replaceOnChanges: string[];
  readonly ignoreChanges: string[];
  readonly aliasTypes: string[];
  readonly customTimeouts: { create: string; update: string };
  /** The serialized inputs: secrets appear as `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
  readonly raw: Record<string, unknown>;
}

type Json = Record<string, any>;

interface RegisterRequest {
  getType(): string; getName(): string; getCustom(): boolean; getParent(): string; getProvider(): string;
  getDependenciesList(): string[]; getDeletebeforereplace(): boolean; getReplaceonchangesList(): string[];
  getIgnorechangesList(): string[]; getAliasesList(): Array<{ getSpec(): { getType(): string } | undefined }>;
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string } | undefined;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/**
 * Installs the mocks (project `dynamo-constructs`, stack `test`, not a preview) and returns the live
 * list of registrations. Call it before importing the code under test.
 */
export function installMocks(config: Record<string, string> = {}, secretKeys: string[] = []): Registration[] {
  const recorded: Registration[] = [];
  pulumi.runtime.setAllConfig(config, secretKeys);
  void pulumi.runtime.setMocks({
    newResource: (a) => ({ id: `${a.name}_id`, state: a.inputs }),
    call: (a) => a.inputs,
  }, 'dynamo-constructs', 'test', false);
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: RegisterRequest, cb: unknown) => unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const timeouts = req.getCustomtimeouts();
    recorded.push({
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      provider: req.getProvider(),
      dependencies: req.getDependenciesList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
      replaceOnChanges: req.getReplaceonchangesList(),
      ignoreChanges: req.getIgnorechangesList(),
      aliasTypes: req.getAliasesList().map((a) => a.getSpec()?.getType() ?? '').filter((t) => t !== ''),
      customTimeouts: { create: timeouts?.getCreate() ?? '', update: timeouts?.getUpdate() ?? '' },
      raw: req.getObject()?.toJavaScript() ?? {},
    });
    return register(req, cb);
  };
  return recorded;
}

/** The recorder and the engine module of a test file, filled in by {@link mockedEngine}'s `beforeAll`. */
export interface MockedEngine {
  readonly recorded: Registration[];
  readonly engine: typeof Engine;
}

/**
 * Installs the mocks in a `beforeAll` and only then imports `lib/pulumi` (as Pulumi's testing guide
 * requires). The returned object is filled in before the first test runs.
 */
export function mockedEngine(): MockedEngine {
  const state = {} as { recorded: Registration[]; engine: typeof Engine };
  beforeAll(async () => {
    state.recorded = installMocks();
    state.engine = await import('../../lib/pulumi/index.js');
  });
  return state;
}

/** The value of an output (the mocks run as an update, so every value is known). */
export function out<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => o.apply(resolve));
}

/** A component with its Kubernetes children. */
export interface ComponentUnderTest {
  readonly urn: pulumi.Output<string>;
  readonly resources: readonly pulumi.Resource[];
}

/**
 * Waits until a component and all its children are registered and returns their requests, the
 * component first. Fails when nothing was recorded: the mocks were not installed, and without them
 * Pulumi registers nothing and every assertion on inputs would pass vacuously.
 */
export async function registrations(recorded: Registration[], c: ComponentUnderTest): Promise<Registration[]> {
  const urns = await Promise.all([c.urn, ...c.resources.map((r) => r.urn)].map(out));
  // urn:pulumi:<stack>::<project>::<parent types $-joined>$<type>::<name>
  const keys = new Set(urns.map((u) => {
    const [, , qualifiedType, name] = u.split('::');
    return `${qualifiedType.split('$').pop()}::${name}`;
  }));
  const mine = recorded.filter((r) => keys.has(`${r.type}::${r.name}`));
  if (mine.length !== urns.length) {
    throw new Error(`recorded ${mine.length} of ${urns.length} registrations: call installMocks() (pulumi.runtime.setMocks) before importing the code under test`);
  }
  return mine;
}

/** The Kubernetes children of a component (custom resources), in registration order. */
export function kubeObjects(regs: Registration[]): Registration[] {
  return regs.filter((r) => r.custom && r.type.startsWith('kubernetes:'));
}

/** Unwraps serialized secrets (for comparisons that set secrecy aside) and drops null/undefined fields. */
export function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const o = v as Json;
    if (o[SECRET_SIG_KEY] === SECRET_SIG) return plain(o.value);
    return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== null).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/** Every path at which a string occurs in a value, and whether a secret wrapper encloses it. */
export function occurrences(v: unknown, needle: string, path = '', inSecret = false): Array<{ path: string; secret: boolean }> {
  if (typeof v === 'string') return v.includes(needle) ? [{ path, secret: inSecret }] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => occurrences(x, needle, `${path}[${i}]`, inSecret));
  if (v && typeof v === 'object') {
    const o = v as Json;
    const secret = inSecret || o[SECRET_SIG_KEY] === SECRET_SIG;
    return Object.entries(o).flatMap(([k, x]) => occurrences(x, needle, `${path}.${k}`, secret));
  }
  return [];
}

/** A Kubernetes object, as far as identity goes. */
export type KubeObj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** Objects by `apiVersion kind namespace/name`, for order-insensitive comparison. */
export function byObjectKey<T extends KubeObj>(objs: T[]): Record<string, T> {
  return Object.fromEntries(objs.map((o) => [objectKey(o), o]));
}

/** `apiVersion kind namespace/name`. */
export function objectKey(o: KubeObj): string {
  return `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** The resource name a URN ends with (`urn:pulumi:<stack>::<project>::<types>::<name>`). */
export function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf('::') + 2);
}

/**
 * `<Kind> <name>` of a URN (`urn:pulumi:<stack>::<project>::<types>::<name>`): a resource name is
 * unique only per type (a NodePool and its node class may share one), the kind tells them apart.
 * `strip` is removed from the front of the name.
 */
export function urnKey(urn: string, strip = ''): string {
  const [, , qualifiedType, name] = urn.split('::');
  const type = qualifiedType.split('$').pop()!;
  return resourceKey(type.slice(type.lastIndexOf(':') + 1), name, strip);
}

/** `<Kind> <name>`, with `strip` removed from the front of the name. */
function resourceKey(kind: string, name: string, strip = ''): string {
  return `${kind} ${name.startsWith(strip) ? name.slice(strip.length) : name}`;
}

/**
 * The Kubernetes resources of a component in the order it created them, each as
 * `[key, keys of the resources it depends on (sorted)]` from the registration requests, a key being
 * `<Kind> <resource name>` with `strip` (e.g. `<component>/`) removed from the front of the name.
 */
export async function registeredGraph(recorded: Registration[], c: ComponentUnderTest, strip = ''): Promise<Array<[string, string[]]>> {
  const regs = await registrations(recorded, c);
  const urns = await Promise.all(c.resources.map((r) => out(r.urn)));
  return urns.map((urn) => {
    const [, , qualifiedType, name] = urn.split('::');
    const reg = regs.find((r) => r.custom && r.name === name && r.type === qualifiedType.split('$').pop())!;
    return [urnKey(urn, strip), reg.dependencies.map((u) => urnKey(u, strip)).sort()];
  });
}

/** `<prefix>/<namespace>/<name>`, or `<prefix>/<name>` for a cluster-scoped object. */
function resourceNameOf(prefix: string, o: KubeObj): string {
  return [prefix, o.metadata.namespace, o.metadata.name].filter((x) => x !== undefined).join('/');
}

/** The ApiObjects `chart.toJson()` renders: those whose closest chart is `chart`. */
function chartObjects(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
}

/**
 * The dependencies the Pulumi engine's rule gives the children of a component whose chart holds
 * `construct`, by key (`<Kind> <resource name>`, `strip` removed from the name; dependencies
 * sorted): each object of the chart depends on the resources of exactly its ApiObject's
 * dependencies (as cdk8s resolved them at synth: construct dependencies become ApiObject
 * dependencies), and on the resources made outside the chart (`outside`, keys such as
 * `Secret llm/x-hf-token`) unless it is the Namespace the component defines; each outside resource
 * depends on that Namespace only.
 */
export function dependencyRule(construct: IConstruct, prefix: string, strip = '', outside: readonly string[] = []): Record<string, string[]> {
  const objs = chartObjects(Chart.of(construct));
  const keyOf = new Map(objs.map((o) => {
    const json = o.toJson() as KubeObj;
    return [o as IConstruct, resourceKey(json.kind, resourceNameOf(prefix, json), strip)];
  }));
  const namespace = objs.find((o) => o.kind === 'Namespace');
  const rule: Record<string, string[]> = {};
  for (const o of objs) {
    const deps = o.node.dependencies.filter((d) => keyOf.has(d)).map((d) => keyOf.get(d)!);
    rule[keyOf.get(o)!] = [...deps, ...(o === namespace ? [] : outside)].sort();
  }
  for (const key of outside) rule[key] = namespace ? [keyOf.get(namespace)!] : [];
  return rule;
}

/** The keys (`<Kind> <resource name>`) of the objects of the chart holding `construct`, in the order `cdk8s synth` writes them. */
export function synthOrder(construct: IConstruct, prefix: string, strip = ''): string[] {
  return (Chart.of(construct).toJson() as KubeObj[]).map((o) => resourceKey(o.kind, resourceNameOf(prefix, o), strip));
}

/** The `pulumi.InputPropertyError` `fn` throws, as `{ propertyPath, reason }`; fails on any other outcome. */
export function inputPropertyError(fn: () => unknown): { propertyPath: string; reason: string } {
  try {
    fn();
  } catch (e) {
    if (pulumi.InputPropertyError.isInstance(e)) return { propertyPath: e.propertyPath, reason: e.reason };
    throw new Error(`expected a pulumi.InputPropertyError, got ${String(e)}`);
  }
  throw new Error('expected a pulumi.InputPropertyError, nothing was thrown');
}
