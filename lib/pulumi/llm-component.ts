import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Chart } from 'cdk8s';
import { invalid } from '../core/errors';
import { HF_TOKEN_ENV, HfToken } from '../model/hf-token';
import type { ModelDownloadJob } from '../model/model-download-job';
import { EndpointCard } from '../patterns/endpoint-card';
import { LlmCommonProps } from '../patterns/llm-props';
import { LlmPattern } from '../patterns/llm-pattern';
import type { IDynamoPlatform } from '../platform/served-platform';
import { Topology } from '../topology/topology';
import { ChartHost, ExtraResource, KubernetesPlacementArgs, resourceName } from './chart-host';
import type { DynamoPlatform } from './dynamo-platform';
import { goDurationSeconds, isGoDuration } from './go-duration';
import { tokenSecretValue } from './hf-token-value';
import { reportingInputErrors } from './input-errors';
import { isPlatformComponent, PlatformComponent } from './platform-input';

/** Pulumi-native args shared by the {@link AggregatedLlm} and {@link DisaggregatedLlm} components. */
export interface LlmEngineArgs<T extends LlmPattern> extends KubernetesPlacementArgs {
  /**
   * The Hugging Face token: an `HfToken` reference to a Secret that exists, or the token itself as
   * a Pulumi input (e.g. `config.requireSecret('hfToken')`). Given the token, the component
   * defines the Secret `<name>-hf-token` (key `HF_TOKEN`) with the value kept secret in the state,
   * and the workers and download Job reference it.
   * @default - none (public models only)
   */
  readonly hfToken?: HfToken | pulumi.Input<string>;
  /**
   * How long `pulumi up` waits for the model download Job (Pulumi awaits Jobs; the
   * DynamoGraphDeployment is created after the weights are in the cache), and the Job's own
   * `activeDeadlineSeconds`, after which Kubernetes stops the download. Or set
   * `modelCache.downloadTimeout`, which does both; not the two together.
   * @default - `modelCache.downloadTimeout`, else Pulumi waits '2h' and the Job's own deadline stays 24h
   */
  readonly modelDownloadTimeout?: string;
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
  /**
   * Runs on the cdk8s construct before its manifests are registered: the escape hatch for what the
   * props do not cover (`llm.dgd.addEnv(...)`, `ApiObject.of(llm).addJsonPatch(...)`).
   * @default - no changes
   */
  readonly customize?: (pattern: T) => void;
  /**
   * The Dynamo platform the graph runs on: the Pulumi `DynamoPlatform` component of this program,
   * or `DynamoPlatform.fromExisting({ version, namespace, prometheusEndpoint })` for a cluster that
   * has one. The construct checks the graph against it as in cdk8s: the graph uses the platform's
   * Dynamo release (`dynamoVersion` may only repeat it), its planner reads the platform's
   * Prometheus, its RDMA pools must find a device plugin, and multi-node pools and autoscalers need
   * what serves them.
   *
   * Given the component, this component depends on it (added to `opts.dependsOn`): every resource
   * of the graph is created after the platform's Helm releases are installed, and deleted before
   * they are uninstalled, so the operator is still there to run the DynamoGraphDeployment's
   * finalizers. Given `fromExisting`, nothing is ordered: the platform is not in the program.
   * @default - none: the cluster's platform is not checked
   */
  readonly platform?: DynamoPlatform | IDynamoPlatform;
}

/** The default of {@link LlmEngineArgs.modelDownloadTimeout}. */
export const DEFAULT_MODEL_DOWNLOAD_TIMEOUT = '2h';

/** The construct's own props, with the Pulumi-native args in place of `hfToken`, `namespace` and `platform`. */
export type EngineArgs<P extends LlmCommonProps, T extends LlmPattern> = Omit<P, 'hfToken' | 'namespace' | 'platform'> & LlmEngineArgs<T>;

/**
 * The Pulumi engine of an LLM pattern: builds the cdk8s construct in-process from the same props,
 * registers each of its objects as a child resource, and exposes how to reach and watch it.
 */
export abstract class LlmComponent<P extends LlmCommonProps, T extends LlmPattern> extends pulumi.ComponentResource {
  /** The cdk8s construct the manifests come from (read-only here: change it through `customize`). */
  public readonly pattern: T;
  /** The DynamoGraphDeployment resource. */
  public readonly dgd: pulumi.CustomResource;
  /** Every Kubernetes resource of the component, in creation order. */
  public readonly resources: readonly pulumi.CustomResource[];
  /** The Secret defined for a token passed by value. */
  public readonly hfTokenSecret?: k8s.core.v1.Secret;
  /** The DynamoGraphDeployment name. */
  public readonly dgdName: pulumi.Output<string>;
  /** The Dynamo namespace the operator assigns: `<namespace>-<dgd>`. */
  public readonly dynamoNamespace: pulumi.Output<string>;
  /** The frontend Service the operator creates: `<dgd>-frontend`. */
  public readonly frontendService: pulumi.Output<string>;
  /** The in-cluster OpenAI base URL: `http://<dgd>-frontend.<namespace>.svc.cluster.local:8000/v1`. */
  public readonly endpoint: pulumi.Output<string>;
  /** A chat completion against the endpoint, runnable from a pod in the cluster. */
  public readonly curlCommand: pulumi.Output<string>;
  /** `kubectl port-forward` of the frontend to `localhost:8000`. */
  public readonly portForwardCommand: pulumi.Output<string>;
  /** `kubectl logs` commands that follow each component's pods, by component name. */
  public readonly logsCommands: pulumi.Output<Record<string, string>>;
  /** The endpoint at a glance: model, Dynamo namespace and version, backend, mode, replicas and shapes. */
  public readonly endpointCard: pulumi.Output<EndpointCard>;
  /**
   * The deployment's topology (nodes, edges, `mermaid` text and an `svg` picture), the cdk8s
   * pattern's for the same props: computed from the in-process chart, after `customize`. Known at
   * plan time, so a program can write the picture without waiting for a deployment.
   */
  public readonly topology: Topology;

  /**
   * @throws pulumi.InputPropertyError when an arg is invalid: `propertyPath` is the args path (e.g.
   *   `decode.tensorParallelSize`, `namespace`, `hfToken`, `modelDownloadTimeout`), or `customize`
   *   for a DynamoValidationError raised by the callback; `reason` is the validation message.
   * @throws pulumi.InputPropertiesError when a construct's validation fails at synth.
   */
  protected constructor(
    type: string,
    name: string,
    args: EngineArgs<P, T>,
    build: (chart: Chart, props: P) => T,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const { hfToken, customize, modelDownloadTimeout, replaceOnImmutableChange, namespace, createNamespace, platform, ...props } = args;
    // The component gives the construct its cdk8s DynamoPlatform (of another App: the pattern only reads it).
    const platformComponent = isPlatformComponent(platform) ? platform : undefined;
    const host = new ChartHost({ namespace, createNamespace }, props.labels);
    const dgdName = props.name ?? name;
    const { pattern, tokenSecret, jobTimeout } = reportingInputErrors(() => {
      const cacheTimeout = props.modelCache?.download.timeoutSeconds;
      checkModelDownloadTimeout(modelDownloadTimeout, cacheTimeout);
      // A token by value becomes a Secret of ours; the construct only ever sees the reference.
      const token = tokenReference(hfToken, { name: `${dgdName}-hf-token`, key: HF_TOKEN_ENV }, 'HfToken.fromSecret("<secret>") for a Secret that exists');
      // The construct's props exactly as given, with the namespace made explicit and the token by reference.
      const built = build(host.chart, {
        ...props, namespace: host.namespace, hfToken: token.ref, platform: platformComponent?.platform ?? platform,
      } as unknown as P);
      return { pattern: built, tokenSecret: token.secret, jobTimeout: applyModelDownloadTimeout(built.downloadJob, modelDownloadTimeout, cacheTimeout) };
    });
    reportingInputErrors(() => customize?.(pattern), 'customize');
    // Synthesized and validated before anything is registered: an invalid graph registers nothing.
    const objs = host.synth();

    super(type, name, {}, platformComponent ? afterPlatform(platformComponent, opts) : opts);
    this.pattern = pattern;
    this.topology = pattern.topology;

    const extra: ExtraResource[] = [];
    let secretResource: k8s.core.v1.Secret | undefined;
    if (tokenSecret) {
      const s = tokenSecret;
      const metadata = { name: s.name, namespace: host.namespace, labels: props.labels };
      extra.push({
        make: (o) => {
          secretResource = new k8s.core.v1.Secret(resourceName(name, metadata), {
            metadata,
            type: 'Opaque',
            stringData: { [HF_TOKEN_ENV]: tokenSecretValue(s.value) },
          }, o);
          return secretResource;
        },
      });
    }
    host.register(this, name, objs, {
      extra, jobTimeout, graph: pattern.dgd, replaceOnImmutableChange,
    });
    this.dgd = host.resourceOf(pattern.dgd);
    this.resources = host.resources;
    this.hfTokenSecret = secretResource;

    // Known at plan time, but resolved through the DGD so that dependents wait for it.
    const afterDgd = <V>(value: V): pulumi.Output<V> => this.dgd.urn.apply(() => value);
    this.dgdName = afterDgd(pattern.dgd.name);
    this.dynamoNamespace = afterDgd(pattern.dynamoNamespace);
    this.frontendService = afterDgd(pattern.frontendServiceName);
    this.endpoint = afterDgd(pattern.endpoint);
    this.curlCommand = afterDgd(pattern.curlCommand);
    this.portForwardCommand = afterDgd(pattern.portForwardCommand);
    this.logsCommands = afterDgd(pattern.logsCommands);
    this.endpointCard = afterDgd(pattern.endpointCard) as pulumi.Output<EndpointCard>;
    this.registerOutputs({
      dgdName: this.dgdName,
      dynamoNamespace: this.dynamoNamespace,
      frontendService: this.frontendService,
      endpoint: this.endpoint,
      curlCommand: this.curlCommand,
      portForwardCommand: this.portForwardCommand,
      logsCommands: this.logsCommands,
      endpointCard: this.endpointCard,
    });
  }
}

/**
 * The options with the platform component added to `dependsOn`: the component is registered after
 * the platform's Releases (and its children after it), and Pulumi deletes it and its children
 * before them.
 * @internal
 */
export function afterPlatform(platform: PlatformComponent, opts: pulumi.ComponentResourceOptions | undefined): pulumi.ComponentResourceOptions {
  const given = opts?.dependsOn;
  // An Output or Promise of a list is resolved by Pulumi inside the list as well.
  const dependsOn = given === undefined ? [] : Array.isArray(given) ? given : [given as pulumi.Input<pulumi.Resource>];
  return { ...opts, dependsOn: [...dependsOn, platform] };
}

/**
 * Checks `modelDownloadTimeout`: a Go duration, and not together with `modelCache.downloadTimeout`.
 * @throws DynamoValidationError naming `modelDownloadTimeout`.
 * @internal
 */
export function checkModelDownloadTimeout(modelDownloadTimeout: string | undefined, cacheTimeoutSeconds: number | undefined): void {
  if (modelDownloadTimeout !== undefined && !isGoDuration(modelDownloadTimeout)) {
    throw invalid('modelDownloadTimeout', 'must be a duration such as "90m" or "2h30m"', modelDownloadTimeout, 'use a number followed by h, m or s');
  }
  if (modelDownloadTimeout !== undefined && cacheTimeoutSeconds !== undefined) {
    throw invalid('modelDownloadTimeout', 'must not be set together with modelCache.downloadTimeout: both set the download Job\'s deadline', modelDownloadTimeout,
      'keep one of the two');
  }
}

/**
 * Sets a `modelDownloadTimeout` as the download Job's own deadline (the Job stops when Pulumi stops
 * waiting for it; by default it may run 24h, Pulumi waits 2h), and returns how long Pulumi waits.
 * @internal
 */
export function applyModelDownloadTimeout(job: ModelDownloadJob | undefined, modelDownloadTimeout: string | undefined, cacheTimeoutSeconds: number | undefined): string {
  if (modelDownloadTimeout !== undefined) job?._setActiveDeadline(goDurationSeconds(modelDownloadTimeout));
  return modelDownloadTimeout ?? (cacheTimeoutSeconds !== undefined ? `${cacheTimeoutSeconds}s` : DEFAULT_MODEL_DOWNLOAD_TIMEOUT);
}

/**
 * The reference the construct gets for `hfToken`, and the Secret to define when the token is
 * given by value (`secret`: its name and key; `referenceFix`: how to pass a reference instead, for
 * the error on a value of another type).
 * @throws DynamoValidationError on an empty token or a value of another type.
 * @internal
 */
export function tokenReference(hfToken: HfToken | pulumi.Input<string> | undefined, secret: { readonly name: string; readonly key: string }, referenceFix: string): {
  ref?: HfToken; secret?: { name: string; value: pulumi.Input<string> };
} {
  // An HfToken of this copy goes to the construct as it is: one made from a pasted token is refused
  // there, with the fix of the engine the chart's context names.
  if (hfToken instanceof HfToken) return { ref: hfToken };
  if (isSecretReference(hfToken)) return { ref: HfToken.fromSecretRef(hfToken.secret, hfToken.key) };
  if (hfToken === undefined) return {};
  if (typeof hfToken === 'string' && hfToken.trim() === '') {
    throw invalid('hfToken', 'must not be empty', hfToken, 'pass config.requireSecret("hfToken"), or leave hfToken out for public models');
  }
  if (typeof hfToken !== 'string' && !pulumi.Output.isInstance(hfToken) && !(hfToken instanceof Promise)) {
    throw invalid('hfToken', 'must be the token (a string or a secret Output) or an HfToken reference', hfToken === null ? null : `a ${typeof hfToken}`,
      `pass config.requireSecret("hfToken"), or ${referenceFix}`);
  }
  return { ref: HfToken.fromSecret(secret.name, secret.key), secret: { name: secret.name, value: hfToken } };
}

/**
 * Whether `hfToken` is a reference rather than the token: an `HfToken`, or an object of its shape
 * (from a second copy of this package in node_modules, where `instanceof` fails).
 */
function isSecretReference(hfToken: HfToken | pulumi.Input<string> | undefined): hfToken is HfToken {
  if (hfToken instanceof HfToken) return true;
  return typeof hfToken === 'object' && hfToken !== null && !pulumi.Output.isInstance(hfToken)
    && 'secret' in hfToken && 'key' in hfToken;
}
