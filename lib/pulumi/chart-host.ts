import type * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { invalid } from '../core/errors';
import { validateNamespace } from '../core/names';
import { DynamoGraphDeployment } from '../dgd/dynamo-graph-deployment';
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
 * A cdk8s chart built in-process inside a Pulumi component, and the objects it registers as
 * resources. The manifests come from the cdk8s constructs only: the Pulumi engine never writes one.
 * @internal
 */
export class ChartHost {
  /** The chart the constructs are built into. */
  public readonly chart: Chart;
  /** The namespace every object lands in. */
  public readonly namespace: string;
  /** The registered resources, in dependency order. */
  public readonly resources: pulumi.CustomResource[] = [];

  public constructor(args: KubernetesPlacementArgs, labels?: Record<string, string>) {
    this.namespace = args.namespace ?? 'default';
    validateNamespace('namespace', this.namespace);
    if (args.createNamespace && ['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(this.namespace)) {
      throw invalid('createNamespace', `must not be set for the built-in namespace ${this.namespace}, which Pulumi would delete on destroy`, true,
        'remove createNamespace, or set namespace to a namespace of your own');
    }
    // No outdir: nothing is written to disk, the objects go to Pulumi.
    this.chart = new Chart(new App(), 'pulumi', { namespace: this.namespace });
    if (args.createNamespace) {
      new k8s.KubeNamespace(this.chart, 'Namespace', { metadata: { name: this.namespace, labels } });
    }
  }

  /**
   * Validates the chart as `cdk8s synth` does (every construct's validations) and returns its
   * objects in the order `cdk8s synth` writes them.
   */
  public synth(): KubeObject[] {
    const errors: string[] = [];
    for (const c of this.chart.node.findAll()) {
      for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
    }
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    return this.chart.toJson() as KubeObject[];
  }

  /**
   * Registers every object of the synthesized chart as its own resource, a child of `parent`, in
   * dependency order: the namespace, then configuration (Secrets, ConfigMaps, claims, RBAC), then
   * Jobs, then the rest; each depends on everything registered at an earlier stage. The graph's
   * DynamoGraphDeployment gets the update policy of {@link dgdUpdatePolicy}.
   *
   * @param prefix Prefix of the Pulumi resource names (the component name): `<prefix>/<namespace>/<name>`.
   * @param objs The objects {@link synth} returned.
   * @returns the resource registered for the DynamoGraphDeployment.
   */
  public register(parent: pulumi.ComponentResource, prefix: string, dgd: DynamoGraphDeployment, objs: KubeObject[], options: RegisterOptions = {}): pulumi.CustomResource {
    let dgdResource: pulumi.CustomResource | undefined;
    const items: ExtraResource[] = [
      ...objs.map((obj): ExtraResource => {
        const isGraph = obj.kind === 'DynamoGraphDeployment' && obj.metadata.name === dgd.name;
        const own: pulumi.CustomResourceOptions = isGraph ? dgdUpdatePolicy(dgd)
          : obj.kind === 'Job' && options.jobTimeout ? { customTimeouts: { create: options.jobTimeout, update: options.jobTimeout } } : {};
        return {
          stage: stageOf(obj.kind),
          make: (opts) => {
            const ResourceClass = resourceClassFor(obj);
            const resource = new ResourceClass(resourceName(prefix, obj.metadata), obj, { ...own, ...opts });
            if (isGraph) dgdResource = resource;
            return resource;
          },
        };
      }),
      ...(options.extra ?? []),
    ];
    // A stable sort keeps the chart's order within a stage.
    items.sort((a, b) => a.stage - b.stage);
    const done: Array<{ stage: number; resource: pulumi.CustomResource }> = [];
    for (const item of items) {
      const dependsOn = done.filter((r) => r.stage < item.stage).map((r) => r.resource);
      const resource = item.make({ parent, ...(dependsOn.length > 0 ? { dependsOn } : {}) });
      done.push({ stage: item.stage, resource });
      this.resources.push(resource);
    }
    if (!dgdResource) throw new Error(`the chart has no DynamoGraphDeployment named ${dgd.name}`);
    return dgdResource;
  }
}

/** A resource made outside the chart, registered with the chart's objects. @internal */
export interface ExtraResource {
  /** Its deployment stage (see {@link stageOf}). */
  readonly stage: number;
  /** Makes it with the given parent and dependencies. */
  readonly make: (opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;
}

/** @internal */
export interface RegisterOptions {
  /** Resources made outside the chart (the token Secret). */
  readonly extra?: ExtraResource[];
  /** How long Pulumi waits for a Job (the model download) to complete, e.g. `2h`. */
  readonly jobTimeout?: string;
}

/** The Pulumi resource name of an object: `<prefix>/<namespace>/<name>` (or `<prefix>/<name>`). @internal */
export function resourceName(prefix: string, metadata: { readonly name: string; readonly namespace?: string }): string {
  return metadata.namespace ? `${prefix}/${metadata.namespace}/${metadata.name}` : `${prefix}/${metadata.name}`;
}

/** Deployment stages, by kind: lower stages are created first. */
const STAGES: Record<string, number> = {
  Namespace: 0,
  // Cluster-scoped infrastructure the rest refers to: storage and node classes, RDMA network parameters.
  StorageClass: 0,
  EC2NodeClass: 0,
  NodeClass: 0,
  AKSNodeClass: 0,
  GKENetworkParamSet: 0,
  IngressClassParams: 0,
  // GPU capacity and networks exist before the graph asks for them (pods naming a missing GKE Network are rejected).
  NodePool: 1,
  ComputeClass: 1,
  Network: 1,
  IngressClass: 1,
  ConfigMap: 1,
  PersistentVolumeClaim: 1,
  Secret: 1,
  ServiceAccount: 1,
  Role: 1,
  RoleBinding: 1,
  ClusterRole: 1,
  ClusterRoleBinding: 1,
  Job: 2,
};
const LAST_STAGE = 3;

/** The stage of a kind. @internal */
export function stageOf(kind: string): number {
  return STAGES[kind] ?? LAST_STAGE;
}

/** The stage of a Secret made outside the chart. @internal */
export const SECRET_STAGE = STAGES.Secret;
