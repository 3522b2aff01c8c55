import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Backend } from '../backends/backend';
import { DgdApiVersion } from '../core/api-version';
import { DynamoVersion } from '../core/dynamo-version';
import { refuseLiteralCredential } from '../core/credential-env';
import { EnvValue } from '../core/env-value';
import { DynamoValidationError, inEngineOf, invalid } from '../core/errors';
import { validateAnnotations, validateLabels } from '../core/metadata';
import { validateComponentName, validateDgdName, validateEnvName, validateNamespace } from '../core/names';
import { validateDynamoNamespace, validateOperatorNames } from '../core/operator-names';
import { shellCommand } from '../core/shell';
import { checkComponentOptions, checkDynamoGraphDeploymentProps } from './dgd-props-shape';
import { DynamoComponent, DynamoComponentOptions } from './dynamo-component';
import { MAIN_CONTAINER, OperatorLabels } from './operator-labels';
import { renderV1alpha1Spec } from './render-v1alpha1';
import { GraphState, renderV1beta1Spec } from './render-v1beta1';

/** The most components a DynamoGraphDeployment may have (CRD `maxItems`). */
export const MAX_COMPONENTS = 25;

/** `kubectl logs` streams at most this many pods unless `--max-log-requests` says more. */
const KUBECTL_MAX_LOG_REQUESTS = 5;

/** The annotation that records the Dynamo release a manifest was rendered for. */
export const DYNAMO_VERSION_ANNOTATION = 'dynamo-constructs/dynamo-version';

/** Props of {@link DynamoGraphDeployment}. */
export interface DynamoGraphDeploymentProps {
  /**
   * `metadata.name`. The operator derives Services (`<name>-<component>`), the Dynamo namespace
   * (`<namespace>-<name>`) and pod labels from it, so it must be a DNS label.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The Kubernetes namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The Dynamo release the cluster runs. It picks the API generation and gates fields.
   * @default DynamoVersion.LATEST
   */
  readonly dynamoVersion?: DynamoVersion;
  /**
   * The API generation to render.
   * @default - v1beta1 for Dynamo >= 1.2, v1alpha1 before
   */
  readonly apiVersion?: DgdApiVersion;
  /**
   * `spec.backendFramework`. The operator also detects it from the worker command; when set, the two must agree.
   * @default - detected by the operator
   */
  readonly backend?: Backend;
  /**
   * Environment variables for every component (`spec.env` / `spec.envs`).
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * Components to add; more can be added with `addComponent`.
   * @default - none
   */
  readonly components?: DynamoComponentOptions[];
  /**
   * Labels on the DynamoGraphDeployment object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations on the DynamoGraphDeployment object (e.g. `nvidia.com/enable-grove: "false"`).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Request a restart: `spec.restart.id`; changing it restarts the components. v1alpha1 only: the
   * v1beta1 API rejects `spec.restart` on create (Dynamo #14093).
   * @default - no restart requested
   */
  readonly restartId?: string;
}

/**
 * An NVIDIA Dynamo `DynamoGraphDeployment`: a frontend, workers and optionally a planner that the
 * Dynamo operator deploys as one graph.
 *
 * One model renders both API generations: `nvidia.com/v1beta1` (`spec.components[]` with a pod
 * template whose container is `main`) and `nvidia.com/v1alpha1` (`spec.services`). The target
 * follows `dynamoVersion`.
 *
 * Escape hatch: `ApiObject.of(dgd).addJsonPatch(...)`, with `componentJsonPointer(name)` and
 * `mainContainerJsonPointer(name)` giving paths that work in either generation.
 */
export class DynamoGraphDeployment extends Construct {
  /** The underlying API object (`Resource`). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** The namespace used for derived names (`default` when neither this nor the chart sets one). */
  public readonly namespace: string;
  /** The Dynamo release rendered for. */
  public readonly dynamoVersion: DynamoVersion;
  /** The API generation rendered. */
  public readonly apiVersion: DgdApiVersion;
  /** The backend, when set. */
  public readonly backend?: Backend;

  private readonly components: DynamoComponent[] = [];
  private readonly annotations?: Readonly<Record<string, string>>;
  private readonly env = new Map<string, EnvValue>();

  public constructor(scope: Construct, id: string, props: DynamoGraphDeploymentProps = {}) {
    super(scope, id);
    checkDynamoGraphDeploymentProps(this, props);
    this.name = props.name ?? id;
    validateDgdName('name', this.name);
    if (props.namespace !== undefined) validateNamespace('namespace', props.namespace);
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    validateDynamoNamespace('name', this.namespace, this.name);
    validateLabels('labels', props.labels);
    validateAnnotations('annotations', props.annotations);
    this.annotations = props.annotations;
    this.dynamoVersion = props.dynamoVersion ?? DynamoVersion.LATEST;
    this.apiVersion = props.apiVersion ?? (this.dynamoVersion.supports('v1beta1Api') ? DgdApiVersion.V1BETA1 : DgdApiVersion.V1ALPHA1);
    this.backend = props.backend;
    if (this.apiVersion === DgdApiVersion.V1BETA1 && !this.dynamoVersion.supports('v1beta1Api')) {
      throw invalid('apiVersion', `needs Dynamo ${DynamoVersion.firstReleaseWith('v1beta1Api')} or newer (dynamoVersion is ${this.dynamoVersion.version})`,
        this.apiVersion.apiVersion, 'use DgdApiVersion.V1ALPHA1, or raise dynamoVersion to a release that serves v1beta1');
    }
    if (props.restartId !== undefined) {
      if (props.restartId.length === 0) throw invalid('restartId', 'must not be empty', props.restartId, 'use any non-empty id and change it to restart');
      if (this.apiVersion === DgdApiVersion.V1BETA1) {
        throw invalid('restartId', 'must not be set with the v1beta1 API, which rejects spec.restart on create (Dynamo #14093)', props.restartId,
          'remove restartId; restart later with `kubectl patch dgd` once the graph exists, or target DgdApiVersion.V1ALPHA1');
      }
      if (this.dynamoVersion.supports('restartRejectedOnCreate')) {
        throw invalid('restartId', `must not be set with Dynamo ${DynamoVersion.firstReleaseWith('restartRejectedOnCreate')} or newer, whose CRD rejects spec.restart on create (Dynamo #10955)`,
          props.restartId, 'remove restartId; restart later with `kubectl patch dgd` once the graph exists');
      }
    }
    for (const [k, v] of Object.entries(props.env ?? {})) this.addEnv(k, v);

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion.apiVersion,
      kind: 'DynamoGraphDeployment',
      metadata: {
        name: this.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: { ...props.annotations, [DYNAMO_VERSION_ANNOTATION]: this.dynamoVersion.version },
      },
      spec: Lazy.any({ produce: () => this.renderSpec(props.restartId) }),
    });

    for (const c of props.components ?? []) this.addComponent(c);
    this.node.addValidation({ validate: () => this.validateGraph() });
  }

  /** The Dynamo namespace the operator computes: `<namespace>-<name>`. */
  public get dynamoNamespace(): string {
    return `${this.namespace}-${this.name}`;
  }

  /** The components, in the order added. */
  public get componentList(): readonly DynamoComponent[] {
    return [...this.components];
  }

  /** Adds a component; throws on a duplicate name (case-insensitive) or past 25 components. */
  public addComponent(options: DynamoComponentOptions): DynamoComponent {
    checkComponentOptions(this, options, this.components.length);
    validateComponentName(`components[${options.name}].name`, this.name, options.name);
    validateOperatorNames({ dgdName: this.name, dynamoVersion: this.dynamoVersion, annotations: this.annotations },
      { prop: `components[${options.name}].name`, name: options.name, nodeCount: options.nodeCount ?? 1, worker: options.type.isWorker });
    if (this.components.some((c) => c.name.toLowerCase() === options.name.toLowerCase())) {
      throw invalid('components', 'must have unique names (compared case-insensitively)', options.name, 'give each component its own name');
    }
    if (this.components.length >= MAX_COMPONENTS) {
      throw invalid('components', `must have at most ${MAX_COMPONENTS} entries`, this.components.length + 1, 'split the graph into several DynamoGraphDeployments');
    }
    const component = inEngineOf(this, () => DynamoComponent.create(options, this.dynamoVersion, this.apiVersion === DgdApiVersion.V1ALPHA1));
    this.components.push(component);
    return component;
  }

  /** Adds a graph-level environment variable; throws if it is already set. */
  public addEnv(name: string, value: EnvValue): void {
    validateEnvName('env', name);
    inEngineOf(this, () => refuseLiteralCredential('env', name, value));
    if (this.env.has(name)) throw new DynamoValidationError('env', `env already sets ${name}; set each variable once`);
    this.env.set(name, value);
  }

  /** The component with this name; throws when there is none. */
  public component(name: string): DynamoComponent {
    const found = this.components.find((c) => c.name === name);
    if (!found) throw invalid('component', `must name a component of ${this.name} (${this.components.map((c) => c.name).join(', ')})`, name, 'use one of the names listed');
    return found;
  }

  /** The Service name the operator derives for a component: `<dgd>-<lowercase component>`. */
  public serviceName(componentName: string): string {
    return `${this.name}-${this.component(componentName).name.toLowerCase()}`;
  }

  /**
   * A `kubectl logs` command that follows the `main` container of every pod of a component,
   * selected by the operator's pod labels.
   */
  public logsCommand(componentName: string): string {
    const c = this.component(componentName);
    const selector = `${OperatorLabels.GRAPH_DEPLOYMENT_NAME}=${this.name},${OperatorLabels.COMPONENT}=${c.name}`;
    const words = ['kubectl', 'logs', '-n', this.namespace, '-l', selector, '-c', MAIN_CONTAINER, '--prefix', '--tail=100', '-f'];
    const pods = c._state.replicas * c._state.nodeCount;
    if (pods > KUBECTL_MAX_LOG_REQUESTS) words.push(`--max-log-requests=${pods}`);
    return shellCommand(words);
  }

  /** {@link logsCommand} for every component, by component name. */
  public get logsCommands(): Record<string, string> {
    return Object.fromEntries(this.components.map((c) => [c.name, this.logsCommand(c.name)]));
  }

  /**
   * The JSON pointer of a component in this object, for `ApiObject.of(dgd).addJsonPatch`:
   * `/spec/components/<index>` (v1beta1) or `/spec/services/<name>` (v1alpha1).
   */
  public componentJsonPointer(componentName: string): string {
    const c = this.component(componentName);
    return this.apiVersion === DgdApiVersion.V1BETA1 ? `/spec/components/${this.components.indexOf(c)}` : `/spec/services/${c.name}`;
  }

  /** The JSON pointer of a component's `main` container, in either generation. */
  public mainContainerJsonPointer(componentName: string): string {
    const base = this.componentJsonPointer(componentName);
    return this.apiVersion === DgdApiVersion.V1BETA1 ? `${base}/podTemplate/spec/containers/0` : `${base}/extraPodSpec/mainContainer`;
  }

  private graphState(): GraphState {
    return { backendFramework: this.backend?.framework, env: this.env, components: this.components.map((c) => c._state) };
  }

  private renderSpec(restartId: string | undefined): unknown {
    const g = this.graphState();
    if (this.apiVersion === DgdApiVersion.V1BETA1) return renderV1beta1Spec(g);
    return { ...renderV1alpha1Spec(g), restart: restartId !== undefined ? { id: restartId } : undefined };
  }

  private validateGraph(): string[] {
    return this.components.length === 0
      ? [`${this.node.path}: a DynamoGraphDeployment needs at least one component; add one with addComponent() or the components prop`]
      : [];
  }
}
