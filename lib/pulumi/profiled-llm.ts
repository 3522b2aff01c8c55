import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { FieldShapes, guardShape } from '../core/input-shape';
import { HF_TOKEN_ENV, HfToken } from '../model/hf-token';
import { OPERATOR_TOKEN_SECRET } from '../patterns/graph/profiling-graph-override';
import { PROFILED_LLM_FIELDS } from '../patterns/graph/profiling-props-shape';
import { ProfiledLlm as ProfiledLlmConstruct } from '../patterns/profiled-llm';
import { ProfiledLlmProps } from '../patterns/profiled-llm-props';
import type { IDynamoPlatform } from '../platform/served-platform';
import { checkComponentArgs, KUBERNETES_PLACEMENT_ARGS_FIELDS, LLM_ENGINE_ARGS_FIELDS } from './args-shape';
import { ChartHost, ChartObject, ExtraResource, KubernetesPlacementArgs, resourceName } from './chart-host';
import type { DynamoPlatform } from './dynamo-platform';
import { tokenSecretValue } from './hf-token-value';
import { reportingInputErrors } from './input-errors';
import { afterPlatform, applyModelDownloadTimeout, checkModelDownloadTimeout, tokenReference } from './llm-component';
import { isPlatformComponent } from './platform-input';

/** Args of the Pulumi {@link ProfiledLlm}: the cdk8s `ProfiledLlmProps`, with Pulumi-native `hfToken`, `namespace` and `platform`. */
export interface ProfiledLlmArgs extends Omit<ProfiledLlmProps, 'hfToken' | 'namespace' | 'platform'>, KubernetesPlacementArgs {
  /**
   * The Hugging Face token: an `HfToken` reference to the Secret `hf-token-secret` (the one the
   * operator reads), or the token itself as a Pulumi input (e.g. `config.requireSecret('hfToken')`).
   * Given the token, the component defines that Secret (key `HF_TOKEN`, the value kept secret in the
   * state): one per namespace, so a second profiled LLM in the namespace takes `HfToken.fromSecret('hf-token-secret')`.
   * @default - none (public models; Dynamo >= 1.4)
   */
  readonly hfToken?: HfToken | pulumi.Input<string>;
  /**
   * How long `pulumi up` waits for the model download Job, and the Job's own `activeDeadlineSeconds`.
   * @default - `modelCache.downloadTimeout`, else Pulumi waits '2h' and the Job's own deadline stays 24h
   */
  readonly modelDownloadTimeout?: string;
  /**
   * Runs on the cdk8s construct before its manifests are registered, e.g.
   * `(llm) => ApiObject.of(llm).metadata.addLabel('team', 'llm')` (the request), or
   * `ApiObject.of(llm).addJsonPatch(...)`. The generated graph is not among them: the operator creates it.
   * @default - no changes
   */
  readonly customize?: (pattern: ProfiledLlmConstruct) => void;
  /**
   * The Dynamo platform: the Pulumi `DynamoPlatform` component of this program (this component then
   * depends on it), or `DynamoPlatform.fromExisting(...)`.
   * @default - none: the cluster's platform is not checked
   */
  readonly platform?: DynamoPlatform | IDynamoPlatform;
}

/**
 * `customize`: its fix names what a ProfiledLlm has (the request's ApiObject), not the `dgd` of the
 * other patterns: the generated graph is not a construct.
 */
const PROFILED_CUSTOMIZE = guardShape('a function', (v) => typeof v === 'function',
  "pass a function that receives the construct, e.g. (llm) => ApiObject.of(llm).metadata.addLabel('team', 'llm')");

/** `ProfiledLlmArgs`, as an untyped caller must pass them. @internal */
export const PROFILED_LLM_ARGS_FIELDS: FieldShapes = (() => {
  const { hfToken: _t, namespace: _n, platform: _p, ...props } = PROFILED_LLM_FIELDS;
  const { replaceOnImmutableChange: _r, ...engine } = LLM_ENGINE_ARGS_FIELDS;
  return { ...props, ...KUBERNETES_PLACEMENT_ARGS_FIELDS, ...engine, customize: PROFILED_CUSTOMIZE };
})();

/**
 * The spec fields whose change replaces the request: the operator forbids every spec update once
 * profiling has started ("delete and recreate the resource to change its spec",
 * `internal/webhook/validation/dynamographdeploymentrequest.go`), except `autoApply` and
 * `runtimeVersionOverride` on a request held at `Ready` with `autoApply: false`: the review flow.
 * @internal
 */
export const DGDR_REPLACED_ON_CHANGE = ['model', 'backend', 'image', 'searchStrategy', 'modelCache', 'hardware', 'workload', 'sla', 'features', 'overrides']
  .map((k) => `spec.${k}`);

/**
 * An LLM whose graph Dynamo's profiler designs, as a Pulumi component
 * (`dynamo-constructs:index:ProfiledLlm`): the objects of the cdk8s `ProfiledLlm` for the same props
 * (the DynamoGraphDeploymentRequest, the model cache claim and download Job, the cloud's node pools),
 * each registered as a child resource. A change of the request's spec replaces it (delete, then
 * create): the operator forbids updates once profiling has started. The graph the operator generates
 * is not a resource of the program; it outlives the request.
 *
 * @example
 * const config = new pulumi.Config();
 * const llm = new ProfiledLlm('qwen3', {
 *   model: 'Qwen/Qwen3-0.6B',
 *   totalGpus: 2,
 *   namespace: 'dynamo',
 *   sla: { ttft: 500, itl: 50 },
 *   hfToken: config.requireSecret('hfToken'),
 * });
 * export const graph = llm.generatedGraphName;
 */
export class ProfiledLlm extends pulumi.ComponentResource {
  /** The cdk8s construct the manifests come from. */
  public readonly pattern: ProfiledLlmConstruct;
  /** The DynamoGraphDeploymentRequest resource. */
  public readonly request: pulumi.CustomResource;
  /** Every Kubernetes resource of the component, in creation order. */
  public readonly resources: readonly pulumi.CustomResource[];
  /** The Secret `hf-token-secret`, defined for a token passed by value. */
  public readonly hfTokenSecret?: k8s.core.v1.Secret;
  /** The request's name. */
  public readonly requestName: pulumi.Output<string>;
  /** The name the operator gives the generated graph (empty for Dynamo < 1.0.2, which names it `<backend>-<agg|disagg>`). */
  public readonly generatedGraphName: pulumi.Output<string>;
  /** The generated graph's in-cluster OpenAI base URL (empty when its name is not known). */
  public readonly endpoint: pulumi.Output<string>;
  /** `kubectl get dgdr`. */
  public readonly statusCommand: pulumi.Output<string>;
  /** Prints `status.dgdName`. */
  public readonly graphNameCommand: pulumi.Output<string>;
  /** Prints the generated graph, for review (`autoApply: false`). */
  public readonly generatedGraphCommand: pulumi.Output<string>;
  /** Follows the profiler's log. */
  public readonly profilingLogsCommand: pulumi.Output<string>;

  /**
   * @throws pulumi.InputPropertyError when an arg is invalid: `propertyPath` is the args path (e.g.
   *   `sla.itl`, `totalGpus`, `hfToken`), or `customize` for an error of the callback.
   * @throws pulumi.InputPropertiesError when a construct's validation fails at synth.
   */
  public constructor(name: string, args: ProfiledLlmArgs, opts?: pulumi.ComponentResourceOptions) {
    checkComponentArgs(args, 'ProfiledLlmArgs', PROFILED_LLM_ARGS_FIELDS, ['model', 'totalGpus']);
    const { hfToken, customize, modelDownloadTimeout, namespace, createNamespace, platform, ...props } = args;
    const platformComponent = isPlatformComponent(platform) ? platform : undefined;
    const host = new ChartHost({ namespace, createNamespace }, props.labels);
    const { pattern, tokenSecret, jobTimeout } = reportingInputErrors(() => {
      const cacheTimeout = props.modelCache?.download.timeoutSeconds;
      checkModelDownloadTimeout(modelDownloadTimeout, cacheTimeout);
      // A token by value becomes the Secret the operator reads, hf-token-secret.
      const token = tokenReference(hfToken, OPERATOR_TOKEN_SECRET, `HfToken.fromSecret("${OPERATOR_TOKEN_SECRET.name}") for the Secret that exists`);
      const built = new ProfiledLlmConstruct(host.chart, name, {
        ...props, namespace: host.namespace, hfToken: token.ref, platform: platformComponent?.platform ?? platform,
      } as ProfiledLlmProps);
      return { pattern: built, tokenSecret: token.secret, jobTimeout: applyModelDownloadTimeout(built.downloadJob, modelDownloadTimeout, cacheTimeout) };
    });
    reportingInputErrors(() => customize?.(pattern), 'customize');
    const objs = host.synth();

    super('dynamo-constructs:index:ProfiledLlm', name, {}, platformComponent ? afterPlatform(platformComponent, opts) : opts);
    this.pattern = pattern;
    let secretResource: k8s.core.v1.Secret | undefined;
    const extra: ExtraResource[] = tokenSecret === undefined ? [] : [{
      make: (o) => {
        const metadata = { name: OPERATOR_TOKEN_SECRET.name, namespace: host.namespace, labels: props.labels };
        secretResource = new k8s.core.v1.Secret(resourceName(name, metadata), { metadata, type: 'Opaque', stringData: { [HF_TOKEN_ENV]: tokenSecretValue(tokenSecret.value) } }, o);
        return secretResource;
      },
    }];
    const requestObject = pattern.request.apiObject;
    host.register(this, name, objs, {
      extra, jobTimeout,
      resourceOptions: (obj: ChartObject) => (obj.apiObject === requestObject ? { replaceOnChanges: DGDR_REPLACED_ON_CHANGE, deleteBeforeReplace: true } : undefined),
    });
    this.request = host.resourceOf(pattern.request);
    this.resources = host.resources;
    this.hfTokenSecret = secretResource;

    const afterRequest = <V>(value: V): pulumi.Output<V> => this.request.urn.apply(() => value);
    this.requestName = afterRequest(pattern.request.name);
    this.generatedGraphName = afterRequest(pattern.generatedGraphName ?? '');
    this.endpoint = afterRequest(pattern.endpoint ?? '');
    this.statusCommand = afterRequest(pattern.statusCommand);
    this.graphNameCommand = afterRequest(pattern.graphNameCommand);
    this.generatedGraphCommand = afterRequest(pattern.generatedGraphCommand);
    this.profilingLogsCommand = afterRequest(pattern.profilingLogsCommand);
    this.registerOutputs({
      requestName: this.requestName,
      generatedGraphName: this.generatedGraphName,
      endpoint: this.endpoint,
      statusCommand: this.statusCommand,
      graphNameCommand: this.graphNameCommand,
      generatedGraphCommand: this.generatedGraphCommand,
      profilingLogsCommand: this.profilingLogsCommand,
    });
  }
}
