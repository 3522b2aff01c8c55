import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { IConstruct } from 'constructs';
import { Engine, ENGINE_CONTEXT_KEY } from '../core/engine';
import { invalid } from '../core/errors';
import { BUILT_IN_NAMESPACES, validateNamespace } from '../core/names';
import type { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
import { reportingInputErrors } from './input-errors';
import { KubeObject, resourceClassFor } from './resource-kinds';
import { dgdUpdatePolicy } from './update-policy';

/** Args every Pulumi component of dynamo-constructs takes besides the construct's own props. */
export interface KubernetesPlacementArgs {
  /**
   * The Kubernetes namespace of every object. Always written into the manifests, so the endpoint,
   * the Dynamo namespace and the commands name it exactly.
   * @default 'default'
   */
  readonly namespace?: string;
  /**
   * Define the namespace as part of this component (it is deleted with it); otherwise it must exist.
   * @default false
   */
  readonly createNamespace?: boolean;
}


/**
 * One object of a synthesized chart: its manifest, the ApiObject it was rendered from, and the
 * chart objects it depends on.
 * @internal
 */
export interface ChartObject {
  /** The manifest exactly as `cdk8s synth` writes it. */
  readonly manifest: KubeObject;
  /** The ApiObject the manifest was rendered from. */
  readonly apiObject: ApiObject;
  /**
   * The objects of the chart this one depends on: its ApiObject's dependencies once cdk8s has
   * resolved construct dependencies into ApiObject dependencies. Each comes earlier in the list
   * {@link ChartHost.synth} returns.
   */
  readonly dependencies: readonly ChartObject[];
}

/**
 * A resource made outside the chart (the Hugging Face token Secret). It is registered after the
 * namespace the component defines (and depends on it), and every other object of the chart
 * depends on it.
 * @internal
 */
export interface ExtraResource {
  /** Makes it with the given parent and dependencies. */
  readonly make: (opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;
}

/** @internal */
export interface RegisterOptions {
  /** Resources made outside the chart (the token Secret). */
  readonly extra?: readonly ExtraResource[];
  /** How long Pulumi waits for a Job (the model download) to complete, e.g. `2h`. */
  readonly jobTimeout?: string;
  /** The graph whose resource gets the update policy of {@link dgdUpdatePolicy}. */
  readonly graph?: DynamoGraphDeployment;
  /** Whether a change of a field the graph's release makes immutable replaces the graph ({@link dgdUpdatePolicy}). */
  readonly replaceOnImmutableChange?: boolean;
  /** Options of the component's own for an object (the DynamoGraphDeploymentRequest's replacement policy); undefined keeps the defaults. */
  readonly resourceOptions?: (obj: ChartObject) => pulumi.CustomResourceOptions | undefined;
}

/**
 * A cdk8s chart built in-process inside a Pulumi component, and the objects it registers as
 * resources. The manifests come from the cdk8s constructs only: the Pulumi engine never writes one.
 *
 * Order comes from construct dependencies only, as in `cdk8s synth`: a construct that must exist
 * before another is a dependency of it (`node.addDependency`). No kind is special, so a kind a new
 * cloud profile adds is ordered by the dependencies its constructs declare.
 * @internal
 */
export class ChartHost {
  /** The chart the constructs are built into. */
  public readonly chart: Chart;
  /** The namespace every object lands in. */
  public readonly namespace: string;
  /** The registered resources, in registration (dependency) order. */
  public readonly resources: pulumi.CustomResource[] = [];
  /** The Namespace object, when the component defines it. */
  private readonly namespaceObject?: ApiObject;
  /** The resource registered for each ApiObject of the chart. */
  private readonly byApiObject = new Map<ApiObject, pulumi.CustomResource>();

  /**
   * @throws pulumi.InputPropertyError on an invalid `namespace`, or `createNamespace` with a
   *   built-in namespace.
   */
  public constructor(args: KubernetesPlacementArgs, labels?: Record<string, string>) {
    const namespace = args.namespace ?? 'default';
    reportingInputErrors(() => {
      validateNamespace('namespace', namespace);
      if (args.createNamespace && BUILT_IN_NAMESPACES.includes(namespace)) {
        throw invalid('createNamespace', `must not be set for the built-in namespace ${namespace}, which Pulumi would delete on destroy`, true,
          'remove createNamespace, or set namespace to a namespace of your own');
      }
    });
    this.namespace = namespace;
    // No outdir: nothing is written to disk, the objects go to Pulumi. The context tells the
    // constructs which engine builds them, for the fixes whose text depends on it.
    const app = new App();
    app.node.setContext(ENGINE_CONTEXT_KEY, 'pulumi' satisfies Engine);
    this.chart = new Chart(app, 'pulumi', { namespace });
    if (args.createNamespace) {
      this.namespaceObject = new k8s.KubeNamespace(this.chart, 'Namespace', { metadata: { name: namespace, labels } });
    }
  }

  /**
   * Validates the chart as `cdk8s synth` does (every construct's validations) and returns its
   * objects in the order `cdk8s synth` writes them, each with the objects it depends on.
   *
   * Before that, every other child of the chart is made a construct dependency of the Namespace
   * the component defines, so that it comes first.
   *
   * @throws pulumi.InputPropertiesError when a construct's validation fails (its `message` lists
   *   the failures as `cdk8s synth` does).
   */
  public synth(): ChartObject[] {
    const ns = this.namespaceObject;
    if (ns) {
      for (const child of this.chart.node.children) if (child !== ns) child.node.addDependency(ns);
    }
    this.validate();
    // `chart.toJson()` is what `cdk8s synth` writes for the chart: it resolves construct dependencies
    // into ApiObject dependencies, then renders the objects in topological order.
    const manifests = this.chart.toJson() as KubeObject[];
    const apiObjects = this.identifyApiObjects();
    const objects = new Map<ApiObject, ChartObject>();
    return manifests.map((manifest) => {
      const key = objectKey(manifest);
      const apiObject = apiObjects.get(key);
      if (!apiObject) throw new Error(`the chart rendered ${key}, which no ApiObject of the chart renders`);
      const dependencies = [...new Set(apiObject.node.dependencies)].filter((d) => this.isChartObject(d)).map((d) => {
        const dependency = objects.get(d as ApiObject);
        if (!dependency) throw new Error(`${apiObject.node.path} depends on ${d.node.path}, which cdk8s did not render before it`);
        return dependency;
      });
      const object: ChartObject = { manifest, apiObject, dependencies };
      objects.set(apiObject, object);
      return object;
    });
  }

  /**
   * Registers every object of the synthesized chart as its own resource, a child of `parent`, in
   * the order {@link synth} returned them. Each depends on the resources of exactly the objects its
   * ApiObject depends on, and on the resources made outside the chart (`options.extra`), which are
   * registered right after the Namespace the component defines (and depend on it): the Namespace
   * precedes everything, the token Secret everything else. A Job gets `options.jobTimeout` as its
   * create and update timeout; the graph (`options.graph`) the update policy of {@link dgdUpdatePolicy}.
   *
   * @param prefix Prefix of the Pulumi resource names (the component name): `<prefix>/<namespace>/<name>`.
   * @param objects The objects {@link synth} returned.
   */
  public register(parent: pulumi.ComponentResource, prefix: string, objects: readonly ChartObject[], options: RegisterOptions = {}): void {
    let extras: pulumi.CustomResource[] | undefined;
    const registerExtras = (): pulumi.CustomResource[] => {
      const ns = this.namespaceObject && this.byApiObject.get(this.namespaceObject);
      return (options.extra ?? []).map((extra) => this.track(extra.make({ parent, ...(ns ? { dependsOn: [ns] } : {}) })));
    };
    for (const obj of objects) {
      const isNamespace = obj.apiObject === this.namespaceObject;
      if (!isNamespace) extras ??= registerExtras();
      const dependsOn = [...obj.dependencies.map((d) => this.byApiObject.get(d.apiObject)!), ...(isNamespace ? [] : extras ?? [])];
      const own = ownOptions(obj, options);
      const ResourceClass = resourceClassFor(obj.manifest);
      const resource = new ResourceClass(resourceName(prefix, obj.manifest.metadata), obj.manifest,
        { ...own, parent, ...(dependsOn.length > 0 ? { dependsOn } : {}) });
      this.byApiObject.set(obj.apiObject, this.track(resource));
    }
    extras ??= registerExtras();
  }

  /**
   * The resource registered for a construct's ApiObject (`ApiObject.of(construct)`).
   * @throws Error when {@link register} registered none for it.
   */
  public resourceOf(construct: IConstruct): pulumi.CustomResource {
    const resource = this.byApiObject.get(ApiObject.of(construct));
    if (!resource) throw new Error(`no resource was registered for ${construct.node.path}`);
    return resource;
  }

  private track<R extends pulumi.CustomResource>(resource: R): R {
    this.resources.push(resource);
    return resource;
  }

  /** Runs every construct's validations, as `cdk8s synth` does, and throws on any failure. */
  private validate(): void {
    const errors: string[] = [];
    for (const c of this.chart.node.root.node.findAll()) {
      for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
    }
    // The failures are plain strings: no args path to report, so the message lists them.
    if (errors.length > 0) throw new pulumi.InputPropertiesError({ message: `Validation failed with the following errors:\n  ${errors.join('\n  ')}`, errors: [] });
  }

  /** Whether `c` is an ApiObject `chart.toJson()` renders (its closest chart is this chart). */
  private isChartObject(c: IConstruct): c is ApiObject {
    return ApiObject.isApiObject(c) && Chart.of(c) === this.chart;
  }

  /**
   * The ApiObjects of the chart by the identity of the manifest each renders (apiVersion, kind,
   * namespace, name: what JSON patches and renderers such as ClusterObject's leave in the manifest).
   * @throws Error when two objects share an identity (Kubernetes would keep one of them).
   */
  private identifyApiObjects(): Map<string, ApiObject> {
    const byKey = new Map<string, ApiObject>();
    for (const o of this.chart.node.findAll()) {
      if (!this.isChartObject(o)) continue;
      const key = objectKey(o.toJson() as KubeObject);
      const other = byKey.get(key);
      if (other) throw new Error(`${other.node.path} and ${o.node.path} both render ${key}; give each object its own name`);
      byKey.set(key, o);
    }
    return byKey;
  }
}

/** The Pulumi resource name of an object: `<prefix>/<namespace>/<name>` (or `<prefix>/<name>`). @internal */
export function resourceName(prefix: string, metadata: { readonly name: string; readonly namespace?: string }): string {
  return metadata.namespace ? `${prefix}/${metadata.namespace}/${metadata.name}` : `${prefix}/${metadata.name}`;
}

/** The options an object's resource gets besides its parent and dependencies. */
function ownOptions(obj: ChartObject, options: RegisterOptions): pulumi.CustomResourceOptions {
  const own = options.resourceOptions?.(obj);
  if (own) return own;
  if (options.graph && obj.apiObject === options.graph.apiObject) return dgdUpdatePolicy(options.graph, { replaceOnImmutableChange: options.replaceOnImmutableChange });
  if (obj.manifest.kind === 'Job' && options.jobTimeout) return { customTimeouts: { create: options.jobTimeout, update: options.jobTimeout } };
  return {};
}

/** `apiVersion kind namespace/name`: what identifies an object in a cluster. */
function objectKey(obj: KubeObject): string {
  return `${obj.apiVersion} ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
