import * as pulumi from '@pulumi/pulumi';
import { DynamoGraphDeployment as DynamoGraphDeploymentConstruct, DynamoGraphDeploymentProps } from '../dgd/dynamo-graph-deployment';
import { checkComponentArgs, DYNAMO_GRAPH_DEPLOYMENT_ARGS_FIELDS } from './args-shape';
import { ChartHost, KubernetesPlacementArgs } from './chart-host';
import { reportingInputErrors } from './input-errors';

/** Args of the Pulumi {@link DynamoGraphDeployment}: the cdk8s `DynamoGraphDeploymentProps`, plus placement. */
export interface DynamoGraphDeploymentArgs extends Omit<DynamoGraphDeploymentProps, 'namespace'>, KubernetesPlacementArgs {
  /**
   * Runs on the cdk8s construct before its manifest is registered: add components
   * (`dgd.addComponent`), env, or JSON patches (`ApiObject.of(dgd).addJsonPatch(...)`).
   * @default - no changes
   */
  readonly customize?: (dgd: DynamoGraphDeploymentConstruct) => void;
  /**
   * Replace the DynamoGraphDeployment (delete it, then create it again) when a field the operator
   * does not let change is changed: the component names and `spec.backendFramework` (every release:
   * "component topology is immutable"), and from Dynamo 1.5 a component's type (v1beta1 `type`,
   * v1alpha1 `componentType` and `subComponentType`; Dynamo PR #13763) and the annotations that fix
   * the workload provider (`nvidia.com/workload-provider`, which the operator persists and makes
   * immutable, PR #12942; `nvidia.com/enable-grove` and `nvidia.com/enable-disaggregatedset`, which
   * choose it at creation).
   *
   * By default Pulumi updates the graph in place: the operator's admission rejects such a change (the
   * error shows in `pulumi up`), except the provider annotations, which it ignores after creation.
   * With `true`, such a change replaces the graph (`replaceOnChanges` on those paths, with
   * `deleteBeforeReplace` since the name is fixed): the model is unavailable until the new graph is
   * ready, and the component deployments the old graph owned may be left behind (Dynamo #13495):
   * delete them. Switching between AggregatedLlm and DisaggregatedLlm, adding a planner or renaming a
   * pool changes the component names. Pulumi compares `spec.components` by position (v1beta1), so a
   * component that moves to another position counts as a change.
   * @default false
   */
  readonly replaceOnImmutableChange?: boolean;
}

/**
 * An NVIDIA Dynamo `DynamoGraphDeployment` as a Pulumi component
 * (`dynamo-constructs:index:DynamoGraphDeployment`): the manifest of the cdk8s construct for the
 * same props, registered as a child resource that is updated in place, never replaced (unless
 * `replaceOnImmutableChange` is set).
 */
export class DynamoGraphDeployment extends pulumi.ComponentResource {
  /** The cdk8s construct the manifest comes from. */
  public readonly construct: DynamoGraphDeploymentConstruct;
  /** The DynamoGraphDeployment resource. */
  public readonly dgd: pulumi.CustomResource;
  /** Every Kubernetes resource of the component (the namespace, when defined, and the DGD). */
  public readonly resources: readonly pulumi.CustomResource[];
  /** The DynamoGraphDeployment name. */
  public readonly dgdName: pulumi.Output<string>;
  /** The Dynamo namespace the operator assigns: `<namespace>-<dgd>`. */
  public readonly dynamoNamespace: pulumi.Output<string>;
  /** `kubectl logs` commands that follow each component's pods, by component name. */
  public readonly logsCommands: pulumi.Output<Record<string, string>>;

  /**
   * @throws pulumi.InputPropertyError when an arg is invalid: `propertyPath` is the args path (e.g.
   *   `components[Worker].name`, `namespace`), or `customize` for a DynamoValidationError raised by
   *   the callback; `reason` is the validation message.
   * @throws pulumi.InputPropertiesError when the graph's validation fails at synth (no components).
   */
  public constructor(name: string, args: DynamoGraphDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    checkComponentArgs(args, 'DynamoGraphDeploymentArgs', DYNAMO_GRAPH_DEPLOYMENT_ARGS_FIELDS);
    const { customize, replaceOnImmutableChange, namespace, createNamespace, ...props } = args;
    const host = new ChartHost({ namespace, createNamespace }, props.labels);
    const construct = reportingInputErrors(() => new DynamoGraphDeploymentConstruct(host.chart, name, { ...props, namespace: host.namespace }));
    reportingInputErrors(() => customize?.(construct), 'customize');
    // Synthesized and validated before anything is registered: an invalid graph registers nothing.
    const objs = host.synth();

    super('dynamo-constructs:index:DynamoGraphDeployment', name, {}, opts);
    this.construct = construct;
    host.register(this, name, objs, { graph: construct, replaceOnImmutableChange });
    this.dgd = host.resourceOf(construct);
    this.resources = host.resources;

    const c = this.construct;
    this.dgdName = this.dgd.urn.apply(() => c.name);
    this.dynamoNamespace = this.dgd.urn.apply(() => c.dynamoNamespace);
    this.logsCommands = this.dgd.urn.apply(() => c.logsCommands);
    this.registerOutputs({ dgdName: this.dgdName, dynamoNamespace: this.dynamoNamespace, logsCommands: this.logsCommands });
  }
}
