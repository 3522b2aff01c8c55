import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { invalid } from '../core/errors';
import { validateObjectName, validateRevision } from '../core/names';
import { ISecretRef } from '../core/secret-ref';
import { HF_TOKEN_ENV, HfToken } from './hf-token';

/** The image the download runs in. */
export const DEFAULT_DOWNLOAD_IMAGE = 'python:3.12-slim';
/** The huggingface_hub release installed for the download (it provides the `hf` CLI). */
export const DEFAULT_HUGGINGFACE_HUB_VERSION = '2.4.0';
/** Where the cache volume is mounted inside the download pod (as in Dynamo's recipes). */
const STORE = '/model-store';

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

  public constructor(scope: Construct, id: string, props: ModelDownloadJobProps) {
    super(scope, id);
    validateObjectName('claimName', props.claimName);
    const revision = props.revision ?? 'main';
    const image = props.image ?? DEFAULT_DOWNLOAD_IMAGE;
    const hubVersion = props.huggingfaceHubVersion ?? DEFAULT_HUGGINGFACE_HUB_VERSION;
    if (!/^[0-9][0-9A-Za-z.+-]*$/.test(hubVersion)) {
      throw invalid('huggingfaceHubVersion', 'must be a PyPI version', hubVersion, `use e.g. "${DEFAULT_HUGGINGFACE_HUB_VERSION}"`);
    }
    validateRevision('modelRevision', revision);
    const hash = createHash('sha256').update(JSON.stringify([props.model, revision, image, hubVersion])).digest('hex').slice(0, 8);
    const prefix = (props.namePrefix ?? props.claimName).slice(0, 63 - '-model-download-'.length - hash.length).replace(/[-.]+$/, '');
    this.jobName = `${prefix}-model-download-${hash}`;

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
    const labels = { ...props.labels, 'app.kubernetes.io/component': 'model-download' };
    this.apiObject = new k8s.KubeJob(this, 'Resource', {
      metadata: { name: this.jobName, namespace: props.namespace, labels },
      spec: {
        backoffLimit: 3,
        template: {
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
              volumeMounts: [{ name: 'model-cache', mountPath: STORE }],
            }],
            volumes: [{ name: 'model-cache', persistentVolumeClaim: { claimName: props.claimName } }],
          },
        },
      },
    });
  }
}
