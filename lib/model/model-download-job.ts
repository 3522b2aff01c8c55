import { createHash } from 'crypto';
import { Duration, Lazy, Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-28';
import { resourceRequirementsJson, withDefaultResources } from '../core/container-resources';
import { Construct } from 'constructs';
import { wholeSeconds } from '../core/duration';
import { invalid } from '../core/errors';
import { validateObjectName, validateRevision } from '../core/names';
import { validateResources } from '../core/pod-rules';
import { ISecretRef } from '../core/secret-ref';
import { HF_TOKEN_ENV, HfToken } from './hf-token';
import { checkModelDownloadJobProps } from './model-download-job-shape';

/** The image the download runs in. */
export const DEFAULT_DOWNLOAD_IMAGE = 'python:3.12-slim';
/** The huggingface_hub release installed for the download (it provides the `hf` CLI). */
export const DEFAULT_HUGGINGFACE_HUB_VERSION = '2.4.0';
/** Where the cache volume is mounted inside the download pod (as in Dynamo's recipes). */
const STORE = '/model-store';
/**
 * How long the download may run before Kubernetes stops it (`activeDeadlineSeconds`, which counts
 * from the Job's start, pending time included). A guard against a download stuck for days, not a
 * performance target: the largest models (DeepSeek-R1, ~690 GB) onto a network file system take
 * hours. The Pulumi components wait 2h by default (`modelDownloadTimeout`) and set the deadline only
 * when told; a download that outlasts that wait goes on, and the next `pulumi up` waits again.
 */
export const DEFAULT_DOWNLOAD_DEADLINE = Duration.hours(24);
/**
 * How long a finished download Job (and its pod and logs) is kept (`ttlSecondsAfterFinished`). Long
 * enough to read a failed download's logs after a weekend; nothing waits on the Job once it has
 * finished (the Pulumi engine awaits its completion when it creates it; the workers read the cache,
 * not the Job). A deleted Job is created again by whatever re-applies the manifests (`kubectl
 * apply`, a GitOps sync, `pulumi up` after a refresh), which checks the cache and finishes quickly.
 */
export const DEFAULT_DOWNLOAD_TTL = Duration.days(7);
/**
 * The download's resources, from Dynamo's recipes (`recipes/<model>/model-cache/model-download.yaml`
 * of llama-3-70b, qwen3-32b, deepseek-r1 and others: requests of 2 CPU and 64Gi, a 64Gi memory
 * limit): with `HF_XET_HIGH_PERFORMANCE=1` the Xet client uses up to 64 GB of RAM for its buffers
 * (the recipes' note). No CPU limit (the recipes' 8 would only slow the download).
 */
export const DEFAULT_DOWNLOAD_RESOURCES: ContainerResources = {
  cpu: { request: Cpu.units(2) },
  memory: { request: Size.gibibytes(64), limit: Size.gibibytes(64) },
};

/** Props of {@link ModelDownloadJob}. */
export interface ModelDownloadJobProps {
  /** The Hugging Face model id, e.g. `Qwen/Qwen3-0.6B`. */
  readonly model: string;
  /**
   * The revision to download: a commit sha (reproducible) or a branch.
   * @default main
   */
  readonly revision?: string;
  /** The PersistentVolumeClaim holding the Hugging Face cache. */
  readonly claimName: string;
  /**
   * The Hugging Face token, for gated models.
   * @default - anonymous download
   */
  readonly hfToken?: HfToken;
  /**
   * The Job name prefix; a hash of the model, revision and downloader is appended so that a change
   * creates a new Job instead of failing on the immutable pod template of the old one.
   * @default - the claim name
   */
  readonly namePrefix?: string;
  /**
   * The namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The image to run the download in (needs python3 with venv).
   * @default python:3.12-slim
   */
  readonly image?: string;
  /**
   * The huggingface_hub version to install.
   * @default 2.4.0
   */
  readonly huggingfaceHubVersion?: string;
  /**
   * Image pull secrets.
   * @default - none
   */
  readonly imagePullSecrets?: ISecretRef[];
  /**
   * Labels on the Job and its pod.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * How long the download may run before Kubernetes stops it and marks the Job failed
   * (`activeDeadlineSeconds`); whole seconds, at least 1.
   * @default Duration.hours(24)
   */
  readonly activeDeadline?: Duration;
  /**
   * How long the finished Job is kept before Kubernetes deletes it (`ttlSecondsAfterFinished`); whole seconds.
   * @default Duration.days(7)
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * The download container's CPU, memory and ephemeral-storage; each resource you set replaces its
   * default.
   * @default - requests 2 CPU and 64Gi, a 64Gi memory limit (Dynamo's recipes)
   */
  readonly resources?: ContainerResources;
}

/**
 * A Job that pre-fetches a model into a Hugging Face cache volume with `hf download`, the way
 * Dynamo's recipes do (`recipes/<model>/model-cache/model-download.yaml`). The pod needs egress to
 * PyPI and the Hugging Face Hub.
 */
export class ModelDownloadJob extends Construct {
  /** The Job name. */
  public readonly jobName: string;
  /** The underlying Job. */
  public readonly apiObject: k8s.KubeJob;
  private deadlineSeconds: number;

  public constructor(scope: Construct, id: string, props: ModelDownloadJobProps) {
    super(scope, id);
    checkModelDownloadJobProps(this, props);
    validateObjectName('claimName', props.claimName);
    validateResources('resources', props.resources);
    const revision = props.revision ?? 'main';
    const image = props.image ?? DEFAULT_DOWNLOAD_IMAGE;
    const hubVersion = props.huggingfaceHubVersion ?? DEFAULT_HUGGINGFACE_HUB_VERSION;
    if (!/^[0-9][0-9A-Za-z.+-]*$/.test(hubVersion)) {
      throw invalid('huggingfaceHubVersion', 'must be a PyPI version', hubVersion, `use e.g. "${DEFAULT_HUGGINGFACE_HUB_VERSION}"`);
    }
    validateRevision('modelRevision', revision);
    this.deadlineSeconds = wholeSeconds('activeDeadline', props.activeDeadline ?? DEFAULT_DOWNLOAD_DEADLINE, 1, 'Duration.hours(24)');
    const ttlSeconds = wholeSeconds('ttlAfterFinished', props.ttlAfterFinished ?? DEFAULT_DOWNLOAD_TTL, 0, 'Duration.days(7)');

    const labels = { ...props.labels, 'app.kubernetes.io/component': 'model-download' };
    const template = downloadPod(props, revision, image, hubVersion, labels);
    // The pod template of a Job is immutable: any change to it makes a new Job (a new name) instead
    // of failing to update the old one.
    const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 8);
    const prefix = (props.namePrefix ?? props.claimName).slice(0, 63 - '-model-download-'.length - hash.length).replace(/[-.]+$/, '');
    this.jobName = `${prefix}-model-download-${hash}`;
    this.apiObject = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: this.jobName, namespace: props.namespace, labels },
      spec: {
        backoffLimit: 3,
        activeDeadlineSeconds: Lazy.any({ produce: () => this.deadlineSeconds }),
        ttlSecondsAfterFinished: ttlSeconds,
        template,
      },
    });
  }

  /**
   * Stops the download after this many seconds instead (`activeDeadlineSeconds`, a field Kubernetes
   * lets change on an existing Job): the Pulumi engine gives the Job its `modelDownloadTimeout`.
   * @internal
   */
  public _setActiveDeadline(seconds: number): void {
    this.deadlineSeconds = Math.max(1, Math.ceil(seconds));
  }
}

/** The download container's resources: the user's, each over its default, as `KubeJob` quantities. */
function downloadResources(user: ContainerResources | undefined): k8s.ResourceRequirements {
  const json = resourceRequirementsJson(withDefaultResources(user, DEFAULT_DOWNLOAD_RESOURCES));
  const quantities = (side: Record<string, string> | undefined) =>
    side && Object.fromEntries(Object.entries(side).map(([k, v]) => [k, k8s.Quantity.fromString(v)]));
  return { requests: quantities(json.requests), limits: quantities(json.limits) };
}

/** The download pod: a venv with the `hf` CLI, downloading the model at its revision into the cache. */
function downloadPod(props: ModelDownloadJobProps, revision: string, image: string, hubVersion: string,
  labels: Record<string, string>): k8s.PodTemplateSpec {
  const env: k8s.EnvVar[] = [
    { name: 'MODEL_NAME', value: props.model },
    { name: 'MODEL_REVISION', value: revision },
    { name: 'HF_HOME', value: STORE },
    { name: 'HF_XET_HIGH_PERFORMANCE', value: '1' },
    { name: 'HF_HUB_VERSION', value: hubVersion },
    { name: 'HOME', value: '/tmp' },
  ];
  if (props.hfToken) {
    env.push({ name: HF_TOKEN_ENV, valueFrom: { secretKeyRef: { name: props.hfToken.secret.name, key: props.hfToken.key } } });
  }
  return {
    metadata: { labels },
    spec: {
      restartPolicy: 'Never',
      securityContext: { runAsUser: 1000, runAsGroup: 0, fsGroup: 0 },
      imagePullSecrets: props.imagePullSecrets?.map((s) => ({ name: s.name })),
      containers: [{
        name: 'download',
        image,
        command: ['sh', '-c'],
        args: [[
          'set -eu',
          'python3 -m venv /tmp/hf',
          '/tmp/hf/bin/pip install --no-cache-dir --quiet "huggingface_hub==$HF_HUB_VERSION"',
          '/tmp/hf/bin/hf download "$MODEL_NAME" --revision "$MODEL_REVISION"',
        ].join('\n')],
        env,
        resources: downloadResources(props.resources),
        volumeMounts: [{ name: 'model-cache', mountPath: STORE }],
      }],
      volumes: [{ name: 'model-cache', persistentVolumeClaim: { claimName: props.claimName } }],
    },
  };
}
