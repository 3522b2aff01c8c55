import { Size } from 'cdk8s';
import { PersistentVolumeAccessMode } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, AggregatedLlmProps, Backend, CompilationCache, DgdApiVersion, DisaggregatedLlm, DisaggregatedLlmProps, DynamoGraphDeployment, DynamoValidationError,
  DynamoVersion, EnvValue, HfToken, ModelCache, ModelDownloadJob, NixlBackend, RouterMode, SecretRef,
} from '../lib';
import { newChart } from './support/synth';

const SHA = 'ddb4128556dfcff99e0c41aee159ea6c3e655dcd';
const rwx = () => ModelCache.newVolume({ storageClass: 'rwx', size: Size.gibibytes(10) });
const rwo = () => ModelCache.newVolume({ storageClass: 'gp3', size: Size.gibibytes(10), accessMode: PersistentVolumeAccessMode.READ_WRITE_ONCE });

/** [what, props, prop the error names, message pattern] */
type Case<P> = [string, Partial<P>, string, RegExp];

const AGGREGATED: Case<AggregatedLlmProps>[] = [
  ['no frontend replicas', { frontend: { replicas: 0 } }, 'frontend.replicas',
    /frontend.replicas must be an integer >= 1 \(got 0\); at least one frontend must serve the OpenAI API/],
  ['negative worker replicas', { workers: { replicas: -1 } }, 'workers.replicas', /workers.replicas must be an integer >= 0 \(got -1\)/],
  ['zero GPUs', { workers: { gpus: 0 } }, 'workers.gpus', /workers.gpus must be an integer >= 1 \(got 0\); every worker needs at least one GPU/],
  ['zero nodes', { workers: { nodes: 0 } }, 'workers.nodes', /workers.nodes must be an integer >= 1 \(got 0\)/],
  ['fractional TP', { workers: { tensorParallelSize: 1.5 } }, 'workers.tensorParallelSize', /must be an integer >= 1 \(got 1.5\)/],
  ['TP that does not match the GPUs', { workers: { gpus: 8, tensorParallelSize: 4 } }, 'workers.tensorParallelSize',
    /workers.tensorParallelSize must match the GPUs: tensor \(4\) × pipeline \(1\) = 4, but nodes \(1\) × gpus \(8\) = 8 \(got 4\); set workers.tensorParallelSize to 8/],
  ['TP × PP × DP that does not match the GPUs (vLLM)', { workers: { gpus: 4, tensorParallelSize: 2, dataParallelSize: 4 } }, 'workers.tensorParallelSize',
    /tensor \(2\) × pipeline \(1\) × data \(4\) = 8, but nodes \(1\) × gpus \(4\) = 4/],
  ['TP over nodes that cannot give whole GPUs', { workers: { nodes: 2, tensorParallelSize: 3 } }, 'workers.gpus',
    /workers.gpus cannot be derived: tensor × pipeline = 3 does not split evenly over 2 nodes/],
  ['PP that does not divide the GPUs', { workers: { gpus: 4, pipelineParallelSize: 3 } }, 'workers.tensorParallelSize',
    /workers.tensorParallelSize cannot be derived: nodes × gpus = 4 is not a multiple of pipeline = 3/],
  ['zero PP', { workers: { pipelineParallelSize: 0 } }, 'workers.pipelineParallelSize', /must be an integer >= 1 \(got 0\)/],
  ['zero DP', { workers: { dataParallelSize: 0 } }, 'workers.dataParallelSize', /must be an integer >= 1 \(got 0\)/],
  ['DP with TensorRT-LLM', { backend: Backend.trtllm(), workers: { gpus: 2, dataParallelSize: 2 } }, 'workers.dataParallelSize',
    /workers.dataParallelSize is not supported by TensorRT-LLM \(got 2\); .* extraArgs: \["--enable-attention-dp"\]/],
  ['SGLang DP that does not divide TP', { backend: Backend.sglang(), workers: { gpus: 4, dataParallelSize: 3 } }, 'workers.dataParallelSize',
    /must divide the tensor parallel size \(4\) for SGLang DP attention \(got 3\)/],
  ['vLLM EP other than TP × DP', { workers: { gpus: 4, expertParallelSize: 2 } }, 'workers.expertParallelSize',
    /must equal tensor × data \(4\) for vLLM/],
  ['SGLang EP that does not divide TP', { backend: Backend.sglang(), workers: { gpus: 4, expertParallelSize: 3 } }, 'workers.expertParallelSize',
    /must divide the tensor parallel size \(4\) for SGLang \(got 3\)/],
  ['zero EP', { workers: { expertParallelSize: 0 } }, 'workers.expertParallelSize', /must be an integer >= 1 \(got 0\)/],
  ['zero max model length', { workers: { maxModelLen: 0 } }, 'workers.maxModelLen', /workers.maxModelLen must be an integer >= 1 \(got 0\)/],
  ['fractional max sequences', { workers: { maxNumSeqs: 2.5 } }, 'workers.maxNumSeqs', /workers.maxNumSeqs must be an integer >= 1 \(got 2.5\)/],
  ['a model id with spaces', { model: 'Qwen 3' }, 'model', /model must be a Hugging Face model id or a path, without spaces \(got "Qwen 3"\)/],
  ['an empty model', { model: '' }, 'model', /model must be a Hugging Face model id/],
  ['an empty served model name', { servedModelName: '' }, 'servedModelName', /servedModelName must be/],
  ['a revision with shell characters', { modelRevision: 'main;rm -rf' }, 'modelRevision', /modelRevision must be a commit sha, branch or tag/],
  ['an invalid name', { name: 'My_LLM' }, 'name', /name must be a DNS label .* \(got "My_LLM"\)/],
  ['v1beta1 on Dynamo 1.0', { dynamoVersion: DynamoVersion.V1_0_0, apiVersion: DgdApiVersion.V1BETA1 }, 'apiVersion', /apiVersion needs Dynamo 1.2.0 or newer/],
  ['a ReadWriteOnce cache shared by several pods', { modelCache: rwo() }, 'modelCache.accessMode',
    /modelCache.accessMode must be ReadWriteMany when several pods mount the cache \(2 here: frontend and workers\) \(got "ReadWriteOnce"\)/],
  ['an extra arg that repeats a generated flag', { workers: { extraArgs: ['--tensor-parallel-size', '2'] } }, 'workers.extraArgs',
    /workers.extraArgs must not repeat --tensor-parallel-size, which the library sets \(got "--tensor-parallel-size"\); set it through tensorParallelSize/],
  ['an extra arg that repeats a generated flag under an alias', { workers: { extraArgs: ['-tp', '2'] } }, 'workers.extraArgs',
    /must not repeat -tp, .* set it through tensorParallelSize/],
  ['an extra arg in --flag=value form', { workers: { maxModelLen: 4096, extraArgs: ['--max-model-len=8192'] } }, 'workers.extraArgs',
    /must not repeat --max-model-len, .* set it through maxModelLen/],
  ['an SGLang alias of a generated flag', { backend: Backend.sglang(), workers: { extraArgs: ['--tp-size', '2'] } }, 'workers.extraArgs', /must not repeat --tp-size/],
  ['a served model name through extraArgs, which the card, the dashboards and the curl would not know', { workers: { extraArgs: ['--served-model-name', 'llm'] } },
    'workers.extraArgs', /workers.extraArgs must not pass --served-model-name, a setting the library owns through servedModelName .*; set it through servedModelName/],
  ['a revision through extraArgs, which the download Job would not fetch', { backend: Backend.sglang(), workers: { extraArgs: ['--revision=v2'] } },
    'workers.extraArgs', /workers.extraArgs must not pass --revision, a setting the library owns through modelRevision/],
  ['an extra frontend arg that repeats the router mode', { frontend: { extraArgs: ['--router-mode', 'kv'] } }, 'frontend.extraArgs',
    /frontend.extraArgs must not repeat --router-mode, .* set it through frontend.routerMode/],
  ['env that overrides the HF token', { hfToken: HfToken.fromSecret('hf'), workers: { env: { HF_TOKEN: EnvValue.fromSecret(SecretRef.fromSecretName('other'), 'HF_TOKEN') } } },
    'workers.env', /workers.env must not set HF_TOKEN, which is set from hfToken/],
  ['a literal HF token in env', { workers: { env: { HF_TOKEN: EnvValue.fromValue('x') } } }, 'workers.env.HF_TOKEN',
    /workers.env.HF_TOKEN must not be a literal value: its name marks a credential, .* \(got "<redacted>"\); keep the token in a Secret and set the pattern's hfToken/],
  ['env that overrides HF_HOME', { modelCache: rwx(), frontend: { env: { HF_HOME: EnvValue.fromValue('/x') } } }, 'frontend.env',
    /frontend.env must not set HF_HOME, which is set from modelCache/],
];

const DISAGGREGATED: Case<DisaggregatedLlmProps>[] = [
  ['SGLang multi-node with TP 1', { backend: Backend.sglang(), prefill: { nodes: 2, gpus: 1, pipelineParallelSize: 2 } }, 'prefill.tensorParallelSize',
    /prefill.tensorParallelSize must be greater than 1 for a multi-node disaggregated SGLang pool \(got 1\); .* set prefill.tensorParallelSize to nodes × gpus \(2\)/],
  ['TensorRT-LLM multi-node without a model cache', { backend: Backend.trtllm(), decode: { nodes: 2, gpus: 4 } }, 'modelCache',
    /modelCache must be a ReadWriteMany volume when a disaggregated TensorRT-LLM pool spans nodes \(decode.nodes is 2\) \(got "none"\)/],
  ['TensorRT-LLM multi-node with an RWO cache and one pod per pool', {
    backend: Backend.trtllm(), frontend: { replicas: 1 }, prefill: { replicas: 0 }, decode: { replicas: 0, nodes: 2, gpus: 4 }, modelCache: rwo(),
  }, 'modelCache', /modelCache must be a ReadWriteMany volume .* \(got "not ReadWriteMany"\)/],
  ['TensorRT-LLM with a branch revision', { backend: Backend.trtllm(), modelRevision: 'main', modelCache: rwx() }, 'modelRevision',
    /modelRevision must be a full 40-character commit sha with a modelCache for TensorRT-LLM \(got "main"\)/],
  ['TensorRT-LLM with a revision but no cache', { backend: Backend.trtllm(), modelRevision: SHA }, 'modelRevision', /dynamo.trtllm has no --revision flag/],
  ['one name for prefill and decode', { prefill: { componentName: 'worker' }, decode: { componentName: 'Worker' } }, 'decode.componentName',
    /decode.componentName must have unique names \(compared case-insensitively\) \(got "Worker"\)/],
  ['env that overrides the NIXL wiring', { backend: Backend.sglang(), nixlBackend: NixlBackend.LIBFABRIC, decode: { env: { SGLANG_DISAGGREGATION_NIXL_BACKEND: EnvValue.fromValue('UCX') } } },
    'decode.env', /decode.env must not set SGLANG_DISAGGREGATION_NIXL_BACKEND, which is set from the SGLang wiring/],
  ['an extra arg that repeats the KV transfer config', { prefill: { extraArgs: ['--kv-transfer-config', '{}'] } }, 'prefill.extraArgs',
    /prefill.extraArgs must not repeat --kv-transfer-config, .* set it through kvTransfer/],
  ['an extra arg that switches the role', { decode: { extraArgs: ['--is-decode-worker'] } }, 'decode.extraArgs', /must not repeat --is-decode-worker/],
];

describe('AggregatedLlm validation', () => {
  test.each(AGGREGATED)('fails on %s', (_what, props, prop, message) => {
    // GIVEN / WHEN
    const create = () => new AggregatedLlm(newChart(), 'llm', { model: 'Qwen/Qwen3-8B', ...props });
    // THEN
    expect(create).toThrow(message);
    expect(create).toThrow(expect.objectContaining({ name: 'DynamoValidationError', prop }));
  });
});

describe('DisaggregatedLlm validation', () => {
  test.each(DISAGGREGATED)('fails on %s', (_what, props, prop, message) => {
    const create = () => new DisaggregatedLlm(newChart(), 'llm', { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B', ...props });
    expect(create).toThrow(message);
    expect(create).toThrow(expect.objectContaining({ name: 'DynamoValidationError', prop }));
  });

  test('TensorRT-LLM multi-node passes with a shared cache', () => {
    expect(() => new DisaggregatedLlm(newChart(), 'llm', { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B', backend: Backend.trtllm(), decode: { nodes: 2, gpus: 4 }, modelCache: rwx() }))
      .not.toThrow();
  });

  test('SGLang multi-node passes with TP spanning the nodes', () => {
    expect(() => new DisaggregatedLlm(newChart(), 'llm', { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-8B', backend: Backend.sglang(), prefill: { nodes: 2, gpus: 4 } })).not.toThrow();
  });
});

describe('value type validation', () => {
  test.each([
    ['a token pasted as the Secret name, when the reference is used', () => HfToken.fromSecret('hf_AbCdEfGhIjKlMnOpQrStUv').envValue(), 'hfToken', /hfToken must name a Secret, not contain the token \(got "<redacted>"\)/],
    ['an empty token key', () => HfToken.fromSecret('hf', ''), 'hfToken.key', /hfToken.key must be a non-empty Secret key/],
    ['a cache without a StorageClass', () => ModelCache.newVolume({ storageClass: '', size: Size.gibibytes(1) }), 'modelCache.storageClass', /must name a StorageClass/],
    ['a cache of zero size', () => ModelCache.newVolume({ storageClass: 'sc', size: Size.gibibytes(0) }), 'modelCache.size', /modelCache.size must be greater than zero \(got "0Gi"\)/],
    ['a relative cache mount path', () => ModelCache.fromExistingClaim('c', { mountPath: 'models' }), 'modelCache.mountPath', /must be an absolute path/],
    ['an invalid claim name', () => ModelCache.fromExistingClaim('Cache!'), 'modelCache.claimName', /must be a Kubernetes object name/],
    ['a relative compilation cache path', () => CompilationCache.fromExistingClaim('c', { mountPath: 'x' }), 'compilationCache.mountPath', /must be an absolute path/],
    ['an unknown router mode', () => RouterMode.of('fastest'), 'frontend.routerMode', /frontend.routerMode must be one of kv, kv-approximate, round-robin, .* \(got "fastest"\)/],
    ['an invalid StorageClass name', () => ModelCache.newVolume({ storageClass: 'EFS SC', size: Size.gibibytes(1) }), 'modelCache.storageClass', /must be a Kubernetes object name/],
    ['an invalid new claim name', () => ModelCache.newVolume({ storageClass: 'sc', size: Size.gibibytes(1), claimName: 'Cache' }), 'modelCache.claimName', /must be a Kubernetes object name/],
    ['an invalid compilation cache claim', () => CompilationCache.fromExistingClaim('Compile Cache'), 'compilationCache.claimName', /must be a Kubernetes object name/],
    ['an empty ConfigMap key', () => EnvValue.fromConfigMap('cfg', ''), 'key', /key must be a non-empty ConfigMap key/],
    ['an empty restartId', () => new DynamoGraphDeployment(newChart(), 'g', { apiVersion: DgdApiVersion.V1ALPHA1, restartId: '' }), 'restartId', /restartId must not be empty/],
    ['a download revision with shell characters', () => new ModelDownloadJob(newChart(), 'dl', { model: 'm/x', claimName: 'c', revision: '$(id)' }),
      'modelRevision', /modelRevision must be a commit sha, branch or tag/],
    ['a malformed downloader version', () => new ModelDownloadJob(newChart(), 'dl', { model: 'm/x', claimName: 'c', huggingfaceHubVersion: 'latest' }),
      'huggingfaceHubVersion', /huggingfaceHubVersion must be a PyPI version/],
  ])('fails on %s', (_what, create, prop, message) => {
    expect(create).toThrow(message);
    expect(create).toThrow(DynamoValidationError);
    expect(create).toThrow(expect.objectContaining({ prop }));
  });

  test('RouterMode.of returns the constants', () => {
    expect(RouterMode.of('kv')).toBe(RouterMode.KV);
  });
});
