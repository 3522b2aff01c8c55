import { execFileSync } from 'child_process';
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Backend, ComponentType, DisaggregatedLlm, DynamoGraphDeployment, DynamoValidationError, DynamoVersion, RouterMode,
} from '../lib';
import { newChart, synthValid } from './support/synth';

describe('endpointCard', () => {
  test('describes an aggregated endpoint: mode, versions and each component\'s replicas and shape', () => {
    // GIVEN
    const chart = newChart('llm');
    // WHEN
    const llm = new AggregatedLlm(chart, 'qwen3-32b', {
      model: 'Qwen/Qwen3-32B-FP8',
      servedModelName: 'qwen3',
      backend: Backend.trtllm(),
      frontend: { replicas: 2, resources: { cpu: { request: Cpu.units(2) }, memory: { request: Size.gibibytes(4) } } },
      workers: { replicas: 3, gpus: 2, extraResources: { 'rdma/ib': '1' } },
    });
    synthValid(chart);
    // THEN
    expect(llm.endpointCard).toStrictEqual({
      displayName: 'qwen3',
      model: 'Qwen/Qwen3-32B-FP8',
      modelRevision: 'unpinned (default branch at download time)',
      modelRevisionPinned: false,
      endpoint: 'http://qwen3-32b-frontend.llm.svc.cluster.local:8000/v1',
      dgdName: 'qwen3-32b',
      namespace: 'llm',
      dynamoNamespace: 'llm-qwen3-32b',
      dynamoVersion: DynamoVersion.LATEST.version,
      backendFramework: 'trtllm',
      servingMode: 'aggregated',
      routerMode: 'round-robin',
      cloud: 'generic',
      frontend: {
        componentName: 'Frontend',
        replicas: 2,
        autoscaled: false,
        shape: { gpusPerNode: 0, nodes: 1, gpus: 0, cpu: '2', memory: '4Gi', extraResources: {}, summary: '2 CPU, 4Gi' },
        summary: '2 × 2 CPU, 4Gi',
      },
      pools: {
        workers: {
          componentName: 'TRTLLMWorker',
          replicas: 3,
          autoscaled: false,
          shape: {
            gpusPerNode: 2, nodes: 1, gpus: 2, tensorParallelSize: 2, pipelineParallelSize: 1, dataParallelSize: 1,
            cpu: '2', memory: '8Gi', extraResources: { 'rdma/ib': '1' }, summary: '2 GPU, TP 2, 2 CPU, 8Gi',
          },
          summary: '3 × 2 GPU, TP 2, 2 CPU, 8Gi',
        },
      },
      modelArchitecture: 'Qwen/Qwen3-32B-FP8',
      warnings: [
        'modelRevision is not set: every download takes the repository\'s default branch at that time, so pods started after the repository changes serve other weights; pin a commit sha with modelRevision',
        'workers: the GPU is unknown, so its fit and capacity are not checked: set workers.gpuType',
      ],
    });
  });

  test('describes multi-node, pipeline, data and expert parallel pools of a disaggregated endpoint', () => {
    // GIVEN / WHEN
    const llm = new DisaggregatedLlm(newChart('llm'), 'moe', {
      allowTcpKvTransfer: true,
      model: 'deepseek-ai/DeepSeek-R1',
      backend: Backend.sglang(),
      prefill: { nodes: 2, gpus: 8, tensorParallelSize: 16, dataParallelSize: 2, expertParallelSize: 16 },
      decode: { replicas: 2, gpus: 8, tensorParallelSize: 4, pipelineParallelSize: 2, scalingAdapter: true },
      frontend: { routerMode: RouterMode.KV },
    });
    // THEN
    const card = llm.endpointCard;
    expect(card.servingMode).toBe('disaggregated');
    expect(card.backendFramework).toBe('sglang');
    expect(card.pools.prefill.summary).toBe('1 × 2 nodes × 8 GPU, TP 16 DP 2 EP 16, 2 CPU, 8Gi');
    expect(card.pools.prefill.shape.gpus).toBe(16);
    expect(card.pools.decode.summary).toBe('2 × 8 GPU, TP 4 PP 2, 2 CPU, 8Gi (autoscaled)');
    expect(card.pools.decode.autoscaled).toBe(true);
    expect(Object.keys(card.pools)).toStrictEqual(['prefill', 'decode']);
  });

  test('names the Dynamo release rendered for', () => {
    const llm = new DisaggregatedLlm(newChart('llm'), 'old', { allowTcpKvTransfer: true, model: 'Qwen/Qwen3-0.6B', dynamoVersion: DynamoVersion.V1_1_0 });
    expect(llm.endpointCard.dynamoVersion).toBe('1.1.0');
    expect(llm.endpointCard.dynamoNamespace).toBe('llm-old');
  });
});

describe('commands', () => {
  test('curlCommand sends a chat completion to the endpoint, quoted for a POSIX shell', () => {
    // GIVEN a served name with a quote in it
    const llm = new AggregatedLlm(newChart('llm'), 'q', { model: 'Qwen/Qwen3-0.6B', servedModelName: "it's-qwen" });
    // WHEN
    const argv = execFileSync('sh', ['-c', `printf '%s\\n' ${llm.curlCommand.replace(/^curl /, '')}`], { encoding: 'utf8' }).trimEnd().split('\n');
    // THEN the shell sees exactly the intended arguments
    expect(argv).toStrictEqual([
      '-sS', 'http://q-frontend.llm.svc.cluster.local:8000/v1/chat/completions', '-H', 'Content-Type: application/json', '-d',
      JSON.stringify({ model: "it's-qwen", messages: [{ role: 'user', content: 'Hello! Who are you?' }], max_tokens: 64 }),
    ]);
  });

  test('portForwardCommand forwards the frontend Service to localhost:8000', () => {
    const llm = new AggregatedLlm(newChart('team-a'), 'q', { model: 'Qwen/Qwen3-0.6B' });
    expect(llm.portForwardCommand).toBe('kubectl port-forward -n team-a svc/q-frontend 8000:8000');
  });

  test('logsCommands select each component\'s pods by the operator labels, raising the stream limit past 5 pods', () => {
    // GIVEN / WHEN: 3 decode replicas × 2 nodes = 6 pods
    const llm = new DisaggregatedLlm(newChart('llm'), 'ml', {
      allowTcpKvTransfer: true,
      model: 'Qwen/Qwen3-8B', backend: Backend.sglang(), decode: { replicas: 3, nodes: 2, gpus: 4, tensorParallelSize: 8 }, prefill: { gpus: 4 },
    });
    // THEN
    expect(llm.logsCommands).toStrictEqual({
      Frontend: 'kubectl logs -n llm -l nvidia.com/dynamo-graph-deployment-name=ml,nvidia.com/dynamo-component=Frontend -c main --prefix --tail=100 -f',
      prefill: 'kubectl logs -n llm -l nvidia.com/dynamo-graph-deployment-name=ml,nvidia.com/dynamo-component=prefill -c main --prefix --tail=100 -f',
      decode: 'kubectl logs -n llm -l nvidia.com/dynamo-graph-deployment-name=ml,nvidia.com/dynamo-component=decode -c main --prefix --tail=100 -f --max-log-requests=6',
    });
  });

  test('the L2 graph gives the same command for components added to it', () => {
    // GIVEN
    const dgd = new DynamoGraphDeployment(newChart(null), 'g');
    dgd.addComponent({ name: 'Planner', type: ComponentType.PLANNER, image: 'nvcr.io/nvidia/ai-dynamo/dynamo-planner:1.4.0' });
    // THEN
    expect(dgd.logsCommand('Planner')).toBe(
      'kubectl logs -n default -l nvidia.com/dynamo-graph-deployment-name=g,nvidia.com/dynamo-component=Planner -c main --prefix --tail=100 -f');
  });

  test('fails for a component the graph does not have', () => {
    const dgd = new DynamoGraphDeployment(newChart(null), 'g');
    expect(() => dgd.logsCommand('Worker')).toThrow(DynamoValidationError);
  });
});
