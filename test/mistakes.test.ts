import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AggregatedLlmProps, Autoscaling, Backend, CapacityType, Cloud, CompilationCache, DisaggregatedLlm, DisaggregatedLlmProps, DynamoValidationError,
  DynamoVersion, EnvValue, HfToken, ModelCache, ScalingMetric, SecretRef,
} from '../lib';
import { Manifest, mainOf, newChart, only, synthValid } from './support/synth';
import { EKS_OPTIONS } from './support/eks-options';

/**
 * Realistic mistakes of a new user, from TypeScript (typed) and from JavaScript or values read from
 * a config file (untyped), each with the named error it must end in. This table is the list the
 * validation table in docs/validation.md and the closing figures are drawn from.
 *
 * `prop` is the prop path as the user wrote it; the error's `prop` must be it or a path inside it
 * (`labels` also matches `labels["my label"]`). `message` is a fragment of the message: the value
 * received (`(got ...)`) or the fix. A row with `accepted` is a documented string id the library
 * may take instead of refusing: then the manifests must say what the string meant.
 */
interface MistakeRow {
  readonly mistake: string;
  readonly caller: 'typed' | 'untyped';
  /** Builds and synthesizes (schema-checked); returns the manifests. */
  readonly call: () => Manifest[];
  readonly prop: string;
  readonly message: string;
  /** A fragment the message must not contain. */
  readonly notInMessage?: string;
  /** When a string id may be accepted: whether the manifests render what it means. */
  readonly accepted?: (objs: Manifest[]) => boolean;
}

const MODEL = 'Qwen/Qwen3-8B';
const EKS = EKS_OPTIONS;

/** An aggregated deployment with `props` over a minimal valid base; untyped callers pass anything. */
function aggregated(props: Partial<AggregatedLlmProps> | Record<string, unknown>): Manifest[] {
  const chart = newChart();
  new AggregatedLlm(chart, 'llm', { model: MODEL, ...props } as AggregatedLlmProps);
  return synthValid(chart);
}

/** A disaggregated deployment (TCP KV transfer accepted) with `props` over a minimal valid base. */
function disaggregated(props: Partial<DisaggregatedLlmProps> | Record<string, unknown>): Manifest[] {
  const chart = newChart();
  new DisaggregatedLlm(chart, 'llm', { model: MODEL, allowTcpKvTransfer: true, ...props } as DisaggregatedLlmProps);
  return synthValid(chart);
}

const dgdOf = (objs: Manifest[]) => only(objs, 'DynamoGraphDeployment');
const frontendArgs = (objs: Manifest[]) => (mainOf(dgdOf(objs), 'Frontend').args ?? []) as string[];
const a = (n: number) => 'a'.repeat(n);
const hpa = (maxReplicas: number) => Autoscaling.hpa({ maxReplicas, metrics: [ScalingMetric.kvCacheUsage({ target: 0.8 })] });

const MISTAKES: readonly MistakeRow[] = [
  // Counts and parallelism
  { mistake: 'negative replicas', caller: 'typed', call: () => disaggregated({ decode: { replicas: -1 } }), prop: 'decode.replicas', message: '(got -1)' },
  { mistake: 'no frontend', caller: 'typed', call: () => aggregated({ frontend: { replicas: 0 } }), prop: 'frontend.replicas', message: '(got 0)' },
  { mistake: 'zero GPUs', caller: 'typed', call: () => disaggregated({ prefill: { gpus: 0 } }), prop: 'prefill.gpus', message: '(got 0)' },
  { mistake: 'half a node', caller: 'typed', call: () => aggregated({ workers: { nodes: 1.5 } }), prop: 'workers.nodes', message: '(got 1.5)' },
  { mistake: 'tensor parallel size not dividing the GPUs', caller: 'typed', call: () => aggregated({ workers: { gpus: 4, tensorParallelSize: 3 } }),
    prop: 'workers.tensorParallelSize', message: '(got 3)' },
  { mistake: 'GPU memory utilization as a percentage', caller: 'typed', call: () => aggregated({ workers: { gpuMemoryUtilization: 90 } }),
    prop: 'workers.gpuMemoryUtilization', message: '(got 90)' },
  { mistake: 'replicas and autoscaling on one pool', caller: 'typed', call: () => disaggregated({ decode: { replicas: 2, autoscaling: hpa(4) } }),
    prop: 'decode.replicas', message: 'autoscaling' },
  { mistake: 'autoscaling to at most 0 replicas', caller: 'typed', call: () => disaggregated({ decode: { autoscaling: hpa(0) } }),
    prop: 'decode.autoscaling.maxReplicas', message: '(got 0)' },

  // Model
  { mistake: 'the model page URL instead of its id', caller: 'typed', call: () => aggregated({ model: 'https://huggingface.co/Qwen/Qwen3-8B' }),
    prop: 'model', message: '(got "https://huggingface.co/Qwen/Qwen3-8B")' },
  { mistake: 'a served model name with a space', caller: 'typed', call: () => aggregated({ servedModelName: 'my model' }),
    prop: 'servedModelName', message: '(got "my model")', notInMessage: 'Hugging Face' },
  { mistake: 'a branch name with a space as revision', caller: 'typed', call: () => aggregated({ modelRevision: 'main branch' }),
    prop: 'modelRevision', message: '(got "main branch")' },

  // Names and their derived limits
  { mistake: 'a name of 64 characters', caller: 'typed', call: () => aggregated({ name: `l${a(63)}` }), prop: 'name', message: 'at most 63 characters' },
  { mistake: 'a name with an uppercase letter', caller: 'typed', call: () => aggregated({ name: 'Llama' }), prop: 'name', message: '(got "Llama")' },
  { mistake: 'a namespace of 64 characters', caller: 'typed', call: () => aggregated({ namespace: a(64) }), prop: 'namespace', message: '63' },
  { mistake: 'a component name of 64 characters', caller: 'typed', call: () => disaggregated({ decode: { componentName: `D${a(63)}` } }),
    prop: 'decode.componentName', message: '63' },
  { mistake: 'a component name with a space', caller: 'typed', call: () => aggregated({ frontend: { componentName: 'my frontend' } }),
    prop: 'frontend.componentName', message: '(got "my frontend")' },
  { mistake: 'a long name whose operator Services <name>-<component> exceed 63', caller: 'typed', call: () => aggregated({ name: `l${a(49)}` }),
    prop: 'name', message: 'over the 63 a DNS label allows' },
  { mistake: 'a namespace and name whose Dynamo namespace exceeds the 63 of its pod label', caller: 'typed',
    call: () => aggregated({ namespace: a(40), name: `l${a(24)}`, frontend: { componentName: 'Fe' }, workers: { componentName: 'W' } }),
    prop: 'name', message: 'over the 63 of the nvidia.com/dynamo-namespace pod label' },

  // Metadata
  { mistake: 'a label key with a space', caller: 'typed', call: () => aggregated({ labels: { 'my label': 'x' } }), prop: 'labels', message: '(got "my label")' },
  { mistake: 'a label value of 64 characters', caller: 'typed', call: () => aggregated({ labels: { team: a(64) } }), prop: 'labels.team', message: '63' },
  { mistake: 'a pod label value with a space', caller: 'typed', call: () => disaggregated({ decode: { podLabels: { tier: 'gpu a' } } }),
    prop: 'decode.podLabels.tier', message: '(got "gpu a")' },
  { mistake: 'an annotation key with "!"', caller: 'typed', call: () => aggregated({ annotations: { 'bad key!': 'x' } }), prop: 'annotations', message: '(got "bad key!")' },
  { mistake: 'a pod annotation key with two slashes', caller: 'typed', call: () => aggregated({ frontend: { podAnnotations: { 'a/b/c': 'x' } } }),
    prop: 'frontend.podAnnotations', message: '(got "a/b/c")' },
  { mistake: 'a node selector value with a space', caller: 'typed', call: () => aggregated({ workers: { nodeSelector: { 'example.com/pool': 'gpu a' } } }),
    prop: 'workers.nodeSelector["example.com/pool"]', message: '(got "gpu a")' },
  { mistake: 'an ingress annotation key with a space', caller: 'typed', call: () => aggregated({ ingress: { annotations: { 'proxy timeout': '600' } } }),
    prop: 'ingress.annotations', message: '(got "proxy timeout")' },

  // Pod rules
  { mistake: 'a toleration Exists with a value', caller: 'typed', call: () => aggregated({ workers: { tolerations: [{ key: 'sku', operator: 'Exists', value: 'gpu' }] } }),
    prop: 'workers.tolerations[0].value', message: '(got "gpu")' },
  { mistake: 'a toleration operator in lowercase', caller: 'typed', call: () => aggregated({ workers: { tolerations: [{ key: 'sku', operator: 'exists' }] } }),
    prop: 'workers.tolerations[0].operator', message: '(got "exists")' },
  { mistake: 'a misspelt toleration effect', caller: 'typed', call: () => aggregated({ frontend: { tolerations: [{ key: 'sku', operator: 'Exists', effect: 'NoScheduling' }] } }),
    prop: 'frontend.tolerations[0].effect', message: '(got "NoScheduling")' },
  { mistake: 'a toleration of every key with Equal', caller: 'typed', call: () => aggregated({ workers: { tolerations: [{ operator: 'Equal', value: 'gpu' }] } }),
    prop: 'workers.tolerations[0].operator', message: 'Exists' },
  { mistake: 'toleration seconds on a NoSchedule toleration', caller: 'typed',
    call: () => aggregated({ workers: { tolerations: [{ key: 'sku', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }] } }),
    prop: 'workers.tolerations[0].tolerationSeconds', message: 'NoExecute' },
  { mistake: 'a cpu request over its limit', caller: 'typed', call: () => aggregated({ frontend: { resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) } } } }),
    prop: 'frontend.resources.cpu', message: 'limit' },
  { mistake: 'a memory request over its limit', caller: 'typed',
    call: () => disaggregated({ decode: { resources: { memory: { request: Size.gibibytes(64), limit: Size.gibibytes(32) } } } }),
    prop: 'decode.resources.memory', message: 'limit' },
  { mistake: 'an extended resource without its domain', caller: 'typed', call: () => aggregated({ workers: { extraResources: { efa: '16' } } }),
    prop: 'workers.extraResources', message: '(got "efa")' },
  { mistake: 'privileged with allowPrivilegeEscalation false', caller: 'typed',
    call: () => aggregated({ workers: { securityContext: { privileged: true, allowPrivilegeEscalation: false } } }),
    prop: 'workers.securityContext', message: 'privileged' },
  { mistake: 'the model cache mounted at /dev/shm', caller: 'typed', call: () => aggregated({ modelCache: ModelCache.fromExistingClaim('model-cache', { mountPath: '/dev/shm' }) }),
    prop: 'modelCache.mountPath', message: '/dev/shm' },
  { mistake: 'the compilation cache at the model cache path', caller: 'typed',
    call: () => aggregated({ modelCache: ModelCache.fromExistingClaim('model-cache'), compilationCache: CompilationCache.fromExistingClaim('cc', { mountPath: '/opt/models' }) }),
    prop: 'compilationCache.mountPath', message: '/opt/models' },
  { mistake: 'a compilation cache on SGLang without a mount path (the operator has a default for vLLM only)', caller: 'typed',
    call: () => aggregated({ backend: Backend.sglang(), compilationCache: CompilationCache.fromExistingClaim('cc') }),
    prop: 'compilationCache.mountPath', message: 'SGLang' },

  // Secrets
  { mistake: 'the Hugging Face token as a literal env var', caller: 'typed', call: () => aggregated({ workers: { env: { HF_TOKEN: EnvValue.fromValue('hf_abc') } } }),
    prop: 'workers.env.HF_TOKEN', message: 'HfToken.fromSecret', notInMessage: 'hf_abc' },
  { mistake: 'the Hugging Face token as a literal on the frontend, with hfToken set', caller: 'typed',
    call: () => aggregated({ hfToken: HfToken.fromSecret('hf-token'), frontend: { env: { HF_TOKEN: EnvValue.fromValue('hf_abc') } } }),
    prop: 'frontend.env.HF_TOKEN', message: 'HfToken.fromSecret', notInMessage: 'hf_abc' },
  { mistake: 'an API key as a literal', caller: 'typed', call: () => disaggregated({ decode: { env: { OPENAI_API_KEY: EnvValue.fromValue('sk-123') } } }),
    prop: 'decode.env.OPENAI_API_KEY', message: 'EnvValue.fromSecret', notInMessage: 'sk-123' },
  { mistake: 'a password as a literal', caller: 'typed', call: () => disaggregated({ prefill: { env: { DB_PASSWORD: EnvValue.fromValue('hunter2') } } }),
    prop: 'prefill.env.DB_PASSWORD', message: 'EnvValue.fromSecret', notInMessage: 'hunter2' },
  { mistake: 'a signing key as a literal', caller: 'typed', call: () => aggregated({ frontend: { env: { SIGNING_KEY: EnvValue.fromValue('k-1') } } }),
    prop: 'frontend.env.SIGNING_KEY', message: 'EnvValue.fromSecret', notInMessage: 'k-1' },
  { mistake: 'an env var name starting with a digit', caller: 'typed', call: () => aggregated({ workers: { env: { '1MODE': EnvValue.fromValue('x') } } }),
    prop: 'workers.env', message: '(got "1MODE")' },

  // Cloud and ingress
  { mistake: 'an unknown machine type', caller: 'typed', call: () => aggregated({ cloud: Cloud.eks(EKS), workers: { machineType: 'p5.48xl' } }),
    prop: 'workers.machineType', message: '(got "p5.48xl")' },
  { mistake: 'an empty capacity type list', caller: 'typed', call: () => aggregated({ cloud: Cloud.eks(EKS), workers: { machineType: 'p5.48xlarge', capacityTypes: [] } }),
    prop: 'workers.capacityTypes', message: 'at least one capacity type' },
  { mistake: 'an ingress host with its scheme', caller: 'typed', call: () => aggregated({ ingress: { host: 'https://llm.example.com' } }),
    prop: 'ingress.host', message: '(got "https://llm.example.com")' },
  { mistake: 'an ingress timeout the stream cannot live with', caller: 'typed', call: () => aggregated({ cloud: Cloud.eks(EKS), workers: { machineType: 'p5.48xlarge' }, ingress: { timeout: Duration.seconds(30) } }),
    prop: 'ingress.timeout', message: '30' },

  // Untyped callers: strings for classes, wrong types, misspelt keys
  { mistake: 'routerMode as its documented id "kv"', caller: 'untyped', call: () => aggregated({ frontend: { routerMode: 'kv' } }),
    prop: 'frontend.routerMode', message: 'RouterMode', accepted: (objs) => frontendArgs(objs).join(' ').includes('--router-mode kv') },
  { mistake: 'routerMode as a string that is no mode', caller: 'untyped', call: () => aggregated({ frontend: { routerMode: 'kv-aware' } }),
    prop: 'frontend.routerMode', message: '(got "kv-aware")' },
  { mistake: 'backend as its documented id "vllm"', caller: 'untyped', call: () => aggregated({ backend: 'vllm' }),
    prop: 'backend', message: 'Backend', accepted: (objs) => dgdOf(objs).spec.backendFramework === 'vllm' },
  { mistake: 'backend as an unknown string', caller: 'untyped', call: () => aggregated({ backend: 'llama.cpp' }), prop: 'backend', message: '(got "llama.cpp")' },
  { mistake: 'cloud as the string "eks"', caller: 'untyped', call: () => aggregated({ cloud: 'eks' }), prop: 'cloud', message: 'Cloud.eks' },
  { mistake: 'capacity types as their documented ids', caller: 'untyped',
    call: () => aggregated({ cloud: Cloud.eks(EKS), workers: { machineType: 'p5.48xlarge', capacityTypes: ['spot'] } }),
    prop: 'workers.capacityTypes', message: 'CapacityType',
    accepted: (objs) => JSON.stringify(objs.find((o) => o.kind === 'NodePool')?.spec).includes('"spot"') && !JSON.stringify(objs).includes('null') },
  { mistake: 'capacity types as unknown strings', caller: 'untyped',
    call: () => aggregated({ cloud: Cloud.eks(EKS), workers: { machineType: 'p5.48xlarge', capacityTypes: ['preemptible'] } }),
    prop: 'workers.capacityTypes', message: 'preemptible' },
  { mistake: 'gpuType as a display name', caller: 'untyped', call: () => aggregated({ cloud: Cloud.eks(EKS), workers: { gpuType: 'H100' } }),
    prop: 'workers.gpuType', message: '"H100"' },
  { mistake: 'hfToken as the token itself', caller: 'untyped', call: () => aggregated({ hfToken: 'hf_abc' }), prop: 'hfToken', message: 'HfToken.fromSecret', notInMessage: 'hf_abc' },
  { mistake: 'dynamoVersion as a release string', caller: 'untyped', call: () => aggregated({ dynamoVersion: '1.2.0' }),
    prop: 'dynamoVersion', message: 'DynamoVersion', accepted: (objs) => dgdOf(objs).metadata.annotations['dynamo-constructs/dynamo-version'] === '1.2.0' },
  { mistake: 'replicas as a string', caller: 'untyped', call: () => aggregated({ workers: { replicas: '2' } }), prop: 'workers.replicas', message: '(got "2")' },
  { mistake: 'gpus null', caller: 'untyped', call: () => disaggregated({ decode: { gpus: null } }), prop: 'decode.gpus', message: 'null' },
  { mistake: 'a misspelt pool key', caller: 'untyped', call: () => aggregated({ workers: { replica: 2 } }), prop: 'workers.replica', message: 'replicas' },
  { mistake: 'a misspelt top-level key', caller: 'untyped', call: () => aggregated({ modelcache: ModelCache.fromExistingClaim('model-cache') }),
    prop: 'modelcache', message: 'modelCache' },
  { mistake: 'no model', caller: 'untyped', call: () => aggregated({ model: undefined }), prop: 'model', message: 'undefined' },
  { mistake: 'an env value as a plain string', caller: 'untyped', call: () => aggregated({ workers: { env: { APP_MODE: 'fast' } } }),
    prop: 'workers.env.APP_MODE', message: 'EnvValue.fromValue' },
  { mistake: 'shared memory as a quantity string', caller: 'untyped', call: () => aggregated({ workers: { sharedMemorySize: '16Gi' } }),
    prop: 'workers.sharedMemorySize', message: 'Size.gibibytes' },
  { mistake: 'extraArgs as one string', caller: 'untyped', call: () => aggregated({ workers: { extraArgs: '--enforce-eager' } }),
    prop: 'workers.extraArgs', message: '(got "--enforce-eager")' },
  { mistake: 'image pull secrets as names', caller: 'untyped', call: () => aggregated({ imagePullSecrets: ['regcred'] }),
    prop: 'imagePullSecrets', message: 'SecretRef.fromSecretName("regcred")' },
  { mistake: 'a cpu resource as a string', caller: 'untyped', call: () => aggregated({ frontend: { resources: { cpu: '2' } } }),
    prop: 'frontend.resources.cpu', message: '(got "2")' },
  { mistake: 'a label value as a number', caller: 'untyped', call: () => aggregated({ labels: { tier: 1 } }), prop: 'labels.tier', message: '(got 1)' },
  { mistake: 'trustRemoteCode as the string "true"', caller: 'untyped', call: () => aggregated({ trustRemoteCode: 'true' }),
    prop: 'trustRemoteCode', message: '(got "true")' },
  { mistake: 'one toleration instead of a list', caller: 'untyped', call: () => aggregated({ workers: { tolerations: { key: 'sku', operator: 'Exists' } } }),
    prop: 'workers.tolerations', message: 'array' },
  { mistake: 'an AMI as a string', caller: 'untyped', call: () => aggregated({ cloud: Cloud.eks({ ...EKS, ami: 'al2023' } as never), workers: { machineType: 'p5.48xlarge' } }),
    prop: 'cloud.ami', message: 'EksAmi.al2023' },
  { mistake: 'autoscaling maxReplicas as a string', caller: 'untyped',
    call: () => disaggregated({ decode: { autoscaling: Autoscaling.hpa({ maxReplicas: '8', metrics: [ScalingMetric.kvCacheUsage({ target: 0.8 })] } as never) } }),
    prop: 'decode.autoscaling.maxReplicas', message: '(got "8")' },
  { mistake: 'a model cache size as a string', caller: 'untyped', call: () => aggregated({ modelCache: ModelCache.newVolume({ storageClass: 'rwx', size: '100Gi' } as never) }),
    prop: 'modelCache.size', message: 'Size.gibibytes' },
  { mistake: 'the release as an unknown version', caller: 'typed', call: () => aggregated({ dynamoVersion: DynamoVersion.of('9.9.9') }),
    prop: 'dynamoVersion', message: '9.9.9' },
  { mistake: 'an ingress TLS secret as a name', caller: 'untyped', call: () => aggregated({ ingress: { host: 'llm.example.com', tlsSecret: 'llm-tls' } }),
    prop: 'ingress.tlsSecret', message: 'SecretRef.fromSecretName' },
  { mistake: 'capacity types as a single value', caller: 'untyped',
    call: () => aggregated({ cloud: Cloud.eks(EKS), workers: { machineType: 'p5.48xlarge', capacityTypes: CapacityType.SPOT } }),
    prop: 'workers.capacityTypes', message: 'array' },
  { mistake: 'an image pull secret reference without a name', caller: 'untyped', call: () => aggregated({ imagePullSecrets: [SecretRef.fromSecretName('regcred'), {}] }),
    prop: 'imagePullSecrets[1]', message: 'a cdk8s-plus Secret' },
];

/** Whether an error's prop is the expected one or a path inside it. */
function names(actual: string, expected: string): boolean {
  return actual === expected || actual.startsWith(`${expected}.`) || actual.startsWith(`${expected}[`);
}

describe('realistic mistakes end in a named error', () => {
  test('the table has at least 40 typed and 25 untyped mistakes, each a distinct error', () => {
    // Each row describes its own mistake, and pins its own error: no two rows expect the same prop and message
    // fragment (which the same error could satisfy), so every row counts.
    const duplicates = (keys: string[]) => keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(MISTAKES.filter((m) => m.caller === 'typed').length).toBeGreaterThanOrEqual(40);
    expect(MISTAKES.filter((m) => m.caller === 'untyped').length).toBeGreaterThanOrEqual(25);
    expect(duplicates(MISTAKES.map((m) => m.mistake))).toStrictEqual([]);
    expect(duplicates(MISTAKES.map((m) => `${m.prop}: ${m.message}`))).toStrictEqual([]);
  });

  test.each(MISTAKES)('$mistake ($caller): $prop', (row) => {
    // GIVEN the mistake / WHEN it is built and synthesized
    let objs: Manifest[] | undefined;
    let error: unknown;
    try {
      objs = row.call();
    } catch (e) {
      error = e;
    }
    // THEN: a documented string id may be accepted when it renders what it means
    if (error === undefined && row.accepted) {
      expect(row.accepted(objs!)).toBe(true);
      return;
    }
    expect(error, 'no error: the mistake passed silently').toBeDefined();
    if (!DynamoValidationError.isDynamoValidationError(error)) throw error;
    expect(names(error.prop, row.prop), `prop ${error.prop}: ${error.message}`).toBe(true);
    expect(error.message.startsWith(error.prop)).toBe(true);
    expect(error.message).toContain(row.message);
    if (row.notInMessage) expect(error.message).not.toContain(row.notInMessage);
  });
});
