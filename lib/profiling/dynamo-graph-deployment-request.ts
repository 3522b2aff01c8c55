import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Backend } from '../backends/backend';
import { DynamoVersion } from '../core/dynamo-version';
import { invalid, locate } from '../core/errors';
import { validateAnnotations, validateLabels } from '../core/metadata';
import { validateDgdName, validateNamespace } from '../core/names';
import { validateDynamoNamespace } from '../core/operator-names';
import { shellCommand } from '../core/shell';
import { DYNAMO_VERSION_ANNOTATION } from '../dgd/dynamo-graph-deployment';
import { renderFeatures } from './dgdr-features';
import { validateGeneratedGraphName } from './dgdr-graph-name';
import { renderHardware, renderModelCache } from './dgdr-hardware';
import { profilerImage } from './dgdr-image';
import { renderGraphOverride, renderProfilingJob } from './dgdr-overrides';
import { DynamoGraphDeploymentRequestProps } from './dgdr-props';
import { SearchStrategy } from './search-strategy';
import { checkDgdrProps } from './dgdr-props-shape';
import { dgdrHas } from './dgdr-releases';
import { renderSla, renderWorkload } from './dgdr-targets';

/** `spec.model`: an id or name the profiler resolves (CRD `minLength: 1`), one word. */
function validateModelName(prop: string, model: string): void {
  if (!model || /\s/.test(model) || model.length > 512) {
    throw invalid(prop, 'must be a Hugging Face model id or a private model name, without spaces', model, 'use an id such as "Qwen/Qwen3-0.6B"');
  }
}

/** The longest request name: the profiling Job `profile-<name>` names its pods' `job-name` label, a label value of at most 63 characters. */
export const MAX_DGDR_NAME = 63 - 'profile-'.length;

/**
 * An NVIDIA Dynamo `DynamoGraphDeploymentRequest` (`nvidia.com/v1beta1`, served by every release
 * from 1.0): it asks the operator to profile a model against SLA targets and to generate, and by
 * default deploy, the DynamoGraphDeployment that meets them.
 *
 * The operator runs a profiling Job (`profile-<name>`, the profiler image `spec.image`, the token
 * from the Secret `hf-token-secret`), stores the generated graph in
 * `status.profilingResults.selectedConfig` and, with `autoApply`, creates it under
 * `status.dgdName`. The spec cannot change once profiling has started: delete the request and
 * create it again.
 *
 * The props are the DGDR's fields; each is checked against the CRD and the operator's and
 * profiler's rules for `dynamoVersion`, so a field an older operator rejects is an error here.
 *
 * @example
 * new DynamoGraphDeploymentRequest(chart, 'qwen', {
 *   model: 'Qwen/Qwen3-0.6B',
 *   backend: Backend.vllm(),
 *   sla: { ttft: 500, itl: 50 },
 *   workload: { isl: 4000, osl: 1000 },
 *   hardware: { gpuSku: GpuSku.H100_SXM, totalGpus: 8 },
 * });
 */
export class DynamoGraphDeploymentRequest extends Construct {
  /** The underlying API object. */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** The namespace (`default` when neither this nor the chart sets one). */
  public readonly namespace: string;
  /** The Dynamo release rendered for. */
  public readonly dynamoVersion: DynamoVersion;
  /** The model. */
  public readonly model: string;
  /** The backend, when set (else the profiler picks one). */
  public readonly backend?: Backend;
  /** The profiler image. */
  public readonly image: string;
  /** The search strategy. */
  public readonly searchStrategy: SearchStrategy;
  /** Whether the operator creates the generated graph. */
  public readonly autoApply: boolean;
  /**
   * The name the operator gives the generated DynamoGraphDeployment: `graphOverride.name`, else
   * `<name>-dgd` (Dynamo >= 1.0.2). Undefined for older releases, which name it
   * `<backend>-<agg|disagg>`. The running cluster's answer is `status.dgdName` ({@link graphNameCommand}).
   */
  public readonly generatedGraphName?: string;
  /** The profiling Job the operator creates: `profile-<name>`. */
  public readonly profilingJobName: string;

  public constructor(scope: Construct, id: string, props: DynamoGraphDeploymentRequestProps) {
    super(scope, id);
    checkDgdrProps(this, props);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    this.dynamoVersion = props.dynamoVersion ?? DynamoVersion.LATEST;
    this.model = props.model;
    this.backend = props.backend;
    this.searchStrategy = props.searchStrategy ?? SearchStrategy.RAPID;
    this.autoApply = props.autoApply ?? true;
    this.profilingJobName = `profile-${this.name}`;
    const spec = locate(this, () => this.render(props));
    this.image = spec.image as string;
    this.generatedGraphName = dgdrHas(this.dynamoVersion, 'predictableGraphName') ? props.graphOverride?.name ?? `${this.name}-dgd` : undefined;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'nvidia.com/v1beta1',
      kind: 'DynamoGraphDeploymentRequest',
      metadata: {
        name: this.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: { ...props.annotations, [DYNAMO_VERSION_ANNOTATION]: this.dynamoVersion.version },
      },
      spec,
    });
  }

  /** `kubectl get dgdr`: the phase, the profiling step, the reason and the generated graph's name. */
  public get statusCommand(): string {
    return shellCommand(['kubectl', 'get', 'dgdr', this.name, '-n', this.namespace]);
  }

  /** Prints `status.dgdName`, the generated graph's name, once the profiler has generated it. */
  public get graphNameCommand(): string {
    return shellCommand(['kubectl', 'get', 'dgdr', this.name, '-n', this.namespace, '-o', 'jsonpath={.status.dgdName}']);
  }

  /** Prints the generated DynamoGraphDeployment (`status.profilingResults.selectedConfig`), for review before applying it (`autoApply: false`). */
  public get generatedGraphCommand(): string {
    return shellCommand(['kubectl', 'get', 'dgdr', this.name, '-n', this.namespace, '-o', 'jsonpath={.status.profilingResults.selectedConfig}']);
  }

  /** Follows the profiler's log. */
  public get profilingLogsCommand(): string {
    return shellCommand(['kubectl', 'logs', '-n', this.namespace, `job/${this.profilingJobName}`, '-c', 'profiler', '-f']);
  }

  private render(props: DynamoGraphDeploymentRequestProps): Record<string, unknown> {
    const version = this.dynamoVersion;
    this.validateNames(props);
    if (this.searchStrategy === SearchStrategy.THOROUGH && props.backend === undefined) {
      throw invalid('searchStrategy', 'must be SearchStrategy.RAPID when the profiler picks the backend (backend auto): thorough benchmarks one real engine',
        this.searchStrategy.value, 'set backend, e.g. Backend.vllm(), or use SearchStrategy.RAPID');
    }
    const { image, runtimeVersionOverride } = profilerImage(version, props.image, props.runtimeVersionOverride);
    const profilingJob = renderProfilingJob(props.profilingJob);
    const dgd = renderGraphOverride(props.graphOverride, version);
    return {
      model: props.model,
      backend: props.backend?.framework,
      image,
      runtimeVersionOverride,
      searchStrategy: this.searchStrategy.value,
      autoApply: this.autoApply,
      modelCache: renderModelCache(props.modelCache, version, props.model),
      hardware: renderHardware(props.hardware, version),
      workload: renderWorkload(props.workload),
      sla: renderSla(props.sla, version),
      features: renderFeatures(props.planner, props.mocker, props.backend),
      overrides: profilingJob || dgd ? { profilingJob, dgd } : undefined,
    };
  }

  /**
   * The request's name, its namespace, the model and the metadata; the generated graph's name (its
   * Dynamo namespace, and its length with the components the profiler generates) where it is predictable.
   */
  private validateNames(props: DynamoGraphDeploymentRequestProps): void {
    validateDgdName('name', this.name);
    if (this.name.length > MAX_DGDR_NAME) {
      throw invalid('name', `must be at most ${MAX_DGDR_NAME} characters: the operator's profiling Job profile-<name> labels its pods with its name (at most 63)`,
        this.name, `shorten it by ${this.name.length - MAX_DGDR_NAME} character${this.name.length - MAX_DGDR_NAME === 1 ? '' : 's'}`);
    }
    if (props.namespace !== undefined) validateNamespace('namespace', props.namespace);
    validateModelName('model', props.model);
    validateLabels('labels', props.labels);
    validateAnnotations('annotations', props.annotations);
    if (dgdrHas(this.dynamoVersion, 'predictableGraphName')) {
      const named = props.graphOverride?.name;
      validateDynamoNamespace(named !== undefined ? 'graphOverride.name' : 'name', this.namespace, named ?? `${this.name}-dgd`);
      validateGeneratedGraphName(this.dynamoVersion, props.backend, props.mocker === true, named !== undefined
        ? { graphName: named, prop: 'graphOverride.name', value: named, written: true }
        : { graphName: `${this.name}-dgd`, prop: 'name', value: this.name, written: props.name !== undefined });
    }
  }
}
