import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Autoscaling, Backend, DisaggregatedLlm, DynamoValidationError, DynamoVersion, EnvValue, ModelCache, ScalingMetric, SecretRef,
} from '../lib';
import { WideCase, wideCaseProps, wideProps } from './support/arbitraries';
import { k8sRuleViolations, K8sRule, objectRuleViolations } from './support/k8s-rules';
import { safeDefaultViolations } from './support/safe-defaults';
import { Manifest, newChart, only, synthValid } from './support/synth';

// ---------------------------------------------------------------------------------------------------------------
// The Kubernetes rules catch what they claim to: each rule on a hand-broken object
// ---------------------------------------------------------------------------------------------------------------

/** A small valid v1beta1 DGD with one worker component; `edit` breaks one thing. */
function dgd(edit: (d: Manifest) => void = () => undefined): Manifest {
  const d: Manifest = {
    apiVersion: 'nvidia.com/v1beta1', kind: 'DynamoGraphDeployment', metadata: { name: 'llm', namespace: 'llm', labels: { team: 'a' } },
    spec: {
      backendFramework: 'vllm',
      env: [{ name: 'HF_HOME', value: '/opt/models' }],
      components: [{
        name: 'VllmDecodeWorker', type: 'decode',
        podTemplate: {
          metadata: { labels: { 'example.com/tier': 'gpu' }, annotations: { 'example.com/note': 'x y z' } },
          spec: {
            containers: [{
              name: 'main',
              env: [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf', key: 'HF_TOKEN' } } }, { name: 'APP_MODE', value: 'fast' }],
              resources: { requests: { 'cpu': '1', 'memory': '1Gi', 'nvidia.com/gpu': '1' }, limits: { 'cpu': '2', 'memory': '1Gi', 'nvidia.com/gpu': '1' } },
              volumeMounts: [{ name: 'llm-model-cache', mountPath: '/opt/models' }],
            }],
            volumes: [{ name: 'llm-model-cache', persistentVolumeClaim: { claimName: 'llm-model-cache' } }],
            nodeSelector: { 'karpenter.sh/nodepool': 'llm-llm-decode' },
            tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }, { key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
          },
        },
      }],
    },
  };
  edit(d);
  return d;
}

/** The same in v1alpha1. */
function dgdAlpha(edit: (d: Manifest) => void = () => undefined): Manifest {
  const d: Manifest = {
    apiVersion: 'nvidia.com/v1alpha1', kind: 'DynamoGraphDeployment', metadata: { name: 'llm', namespace: 'llm' },
    spec: {
      backendFramework: 'vllm',
      pvcs: [{ name: 'llm-model-cache', create: false }],
      services: {
        VllmDecodeWorker: {
          componentType: 'worker',
          envs: [{ name: 'APP_MODE', value: 'fast' }],
          extraPodMetadata: { labels: { team: 'a' } },
          extraPodSpec: { mainContainer: { image: 'x' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] },
          resources: { requests: { cpu: '1', gpu: '1', custom: { 'ephemeral-storage': '2Gi' } }, limits: { cpu: '2', gpu: '1' } },
          volumeMounts: [{ name: 'llm-model-cache', mountPoint: '/opt/models' }],
          sharedMemory: { size: '16Gi' },
        },
      },
    },
  };
  edit(d);
  return d;
}

const job = (name: string, edit: (spec: Manifest) => void = () => undefined): Manifest => {
  const spec: Manifest = { restartPolicy: 'Never', containers: [{ name: 'download', image: 'x', env: [{ name: 'HF_HUB_OFFLINE', value: '0' }] }] };
  edit(spec);
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { template: { spec } } };
};

const pod = (d: Manifest) => d.spec.components[0].podTemplate;
const main = (d: Manifest) => pod(d).spec.containers[0];
const long = (n: number, c = 'a') => c.repeat(n);

/** Hand-broken objects, each breaking one rule. */
const BROKEN: ReadonlyArray<readonly [string, K8sRule, Manifest]> = [
  ['Service name starting with a digit', 'object-name', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1llm-frontend' } }],
  ['ConfigMap name with an uppercase letter', 'object-name', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Dashboard' } }],
  ['namespace of 64 characters', 'object-name', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: long(64) } }],
  ['Job name over 63 characters (the job-name pod label)', 'derived-name', job(long(64))],
  ['Karpenter NodePool name over 63 characters (the nodepool node label)', 'derived-name',
    { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: long(64) }, spec: { template: { spec: {} } } }],
  ['GKE ComputeClass name over 63 characters', 'derived-name', { apiVersion: 'cloud.google.com/v1', kind: 'ComputeClass', metadata: { name: long(64) } }],
  ['DGD whose <dgd>-<component> Service name is over 63', 'derived-name', dgd((d) => { d.metadata.name = long(50); })],
  ['DGD whose <namespace>-<dgd> pod label is over 63', 'derived-name', dgd((d) => { d.metadata.namespace = long(30); d.metadata.name = long(33); })],
  ['v1alpha1 service whose <dgd>-<service> is over 63', 'derived-name', dgdAlpha((d) => { d.metadata.name = long(47); })],
  ['worker whose <dgd>-<component>-<hash> selector label is over 63', 'derived-name', dgd((d) => { d.metadata.name = long(38); })],
  ['object label key with a space', 'label-key', dgd((d) => { d.metadata.labels = { 'my label': 'x' }; })],
  ['object label value of 64 characters', 'label-value', dgd((d) => { d.metadata.labels = { team: long(64) }; })],
  ['v1beta1 pod label key with two slashes', 'label-key', dgd((d) => { pod(d).metadata.labels = { 'a/b/c': 'x' }; })],
  ['v1beta1 pod label value ending in a dash', 'label-value', dgd((d) => { pod(d).metadata.labels = { team: 'gpu-' }; })],
  ['v1alpha1 pod label value with a space', 'label-value', dgdAlpha((d) => { d.spec.services.VllmDecodeWorker.extraPodMetadata.labels = { team: 'a b' }; })],
  ['NodePool node label value over 63', 'label-value',
    { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'p' }, spec: { template: { metadata: { labels: { pool: long(64) } }, spec: {} } } }],
  ['object annotation key with an invalid prefix', 'annotation-key', dgd((d) => { d.metadata.annotations = { 'Example.com/x': 'y' }; })],
  ['pod annotation key with a space', 'annotation-key', dgd((d) => { pod(d).metadata.annotations = { 'a b': 'y' }; })],
  ['nodeSelector value with a space', 'node-selector', dgd((d) => { pod(d).spec.nodeSelector = { 'example.com/pool': 'a b' }; })],
  ['nodeSelector key with a space', 'node-selector', dgd((d) => { pod(d).spec.nodeSelector = { 'example.com/my pool': 'a' }; })],
  ['toleration Exists with a value', 'toleration', dgd((d) => { pod(d).spec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]; })],
  ['toleration with an empty key and Equal', 'toleration', dgd((d) => { pod(d).spec.tolerations = [{ operator: 'Equal', value: 'v' }]; })],
  ['toleration with a lowercase operator', 'toleration', dgd((d) => { pod(d).spec.tolerations = [{ key: 'k', operator: 'exists' }]; })],
  ['toleration with an unknown effect', 'toleration', dgd((d) => { pod(d).spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoScheduling' }]; })],
  ['toleration seconds without NoExecute', 'toleration', dgd((d) => { pod(d).spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]; })],
  ['toleration value that is no label value', 'toleration', dgd((d) => { pod(d).spec.tolerations = [{ key: 'k', value: 'a b' }]; })],
  ['v1alpha1 toleration Exists with a value', 'toleration',
    dgdAlpha((d) => { d.spec.services.VllmDecodeWorker.extraPodSpec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]; })],
  ['two containers of one name', 'container-name', dgd((d) => { pod(d).spec.containers.push({ name: 'main', image: 'y' }); })],
  ['container name with an uppercase letter', 'container-name', dgd((d) => { pod(d).spec.containers.push({ name: 'Sidecar', image: 'y' }); })],
  ['volume name over 63 characters', 'volume-name', dgd((d) => {
    pod(d).spec.volumes[0].name = long(64);
    main(d).volumeMounts[0].name = long(64);
  })],
  ['two volumes of one name', 'volume-name', dgd((d) => { pod(d).spec.volumes.push({ name: 'llm-model-cache', emptyDir: {} }); })],
  ['v1alpha1 claim mount whose implied volume name is over 63', 'volume-name', dgdAlpha((d) => {
    d.spec.services.VllmDecodeWorker.volumeMounts[0].name = `${long(60)}.cache`;
  })],
  ['mount of a volume the pod does not have', 'volume-mount', dgd((d) => { main(d).volumeMounts.push({ name: 'nope', mountPath: '/nope' }); })],
  ['two mounts at one path', 'mount-path', dgd((d) => {
    pod(d).spec.volumes.push({ name: 'other', emptyDir: {} });
    main(d).volumeMounts.push({ name: 'other', mountPath: '/opt/models' });
  })],
  ['a mount at /dev/shm, which the operator drops for its shared memory', 'mount-path', dgd((d) => {
    pod(d).spec.volumes.push({ name: 'shm', emptyDir: {} });
    main(d).volumeMounts.push({ name: 'shm', mountPath: '/dev/shm' });
  })],
  ['v1beta1 compilation cache at the model cache path', 'mount-path', dgd((d) => {
    d.spec.components[0].compilationCache = { pvcName: 'cc', mountPath: '/opt/models' };
  })],
  ['v1alpha1 compilation cache at the model cache path', 'mount-path', dgdAlpha((d) => {
    d.spec.services.VllmDecodeWorker.volumeMounts.push({ name: 'cc', mountPoint: '/opt/models', useAsCompilationCache: true });
  })],
  ['SGLang compilation cache without a mount path (no operator default)', 'compilation-cache', dgd((d) => {
    d.spec.backendFramework = 'sglang';
    d.spec.components[0].compilationCache = { pvcName: 'cc' };
  })],
  ['env var set twice in one container', 'env-name', dgd((d) => { main(d).env.push({ name: 'APP_MODE', value: 'slow' }); })],
  ['env name starting with a digit', 'env-name', dgd((d) => { main(d).env.push({ name: '1APP', value: 'x' }); })],
  ['graph env set twice', 'env-name', dgd((d) => { d.spec.env.push({ name: 'HF_HOME', value: '/x' }); })],
  ['cpu request over its limit', 'resources', dgd((d) => { main(d).resources.requests.cpu = '2500m'; })],
  ['memory request over its limit (binary suffixes)', 'resources', dgd((d) => { main(d).resources.requests.memory = '1025Mi'; })],
  ['GPU request different from its limit', 'resources', dgd((d) => { main(d).resources.requests['nvidia.com/gpu'] = '2'; })],
  ['v1alpha1 cpu request over its limit', 'resources', dgdAlpha((d) => { d.spec.services.VllmDecodeWorker.resources.requests.cpu = '3'; })],
  ['extended resource without a domain', 'resource-name', dgd((d) => { main(d).resources.limits.efa = '1'; })],
  ['v1alpha1 custom resource without a domain', 'resource-name', dgdAlpha((d) => { d.spec.services.VllmDecodeWorker.resources.limits.custom = { efa: '1' }; })],
  ['HF_TOKEN as a literal', 'plain-credential', dgd((d) => { main(d).env[0] = { name: 'HF_TOKEN', value: 'hf_abc' }; })],
  ['an API key as a literal in the graph env', 'plain-credential', dgd((d) => { d.spec.env.push({ name: 'OPENAI_API_KEY', value: 'sk-1' }); })],
  ['a password as a literal in v1alpha1 envs', 'plain-credential', dgdAlpha((d) => { d.spec.services.VllmDecodeWorker.envs.push({ name: 'DB_PASSWORD', value: 'p' }); })],
  ['a signing key as a literal in a Job', 'plain-credential', job('download', (s) => { s.containers[0].env.push({ name: 'SIGNING_KEY', value: 'k' }); })],
];

describe('Kubernetes rules (test/support/k8s-rules.ts)', () => {
  test('pass the valid objects the broken ones start from', () => {
    // GIVEN / WHEN / THEN
    expect(k8sRuleViolations([dgd(), dgdAlpha(), job('download')])).toStrictEqual([]);
  });

  test.each(BROKEN)('catch %s (%s)', (_what, rule, obj) => {
    // WHEN
    const violations = objectRuleViolations(obj);
    // THEN: exactly the rule broken, nothing else
    expect(violations.map((v) => v.rule), JSON.stringify(violations)).toContain(rule);
    expect(new Set(violations.map((v) => v.rule))).toStrictEqual(new Set([rule]));
  });

  test('do not take engine settings for credentials', () => {
    // GIVEN: names with TOKEN or KEY inside a word
    const d = dgd((x) => { main(x).env.push({ name: 'TOKENIZERS_PARALLELISM', value: 'false' }, { name: 'MAX_NUM_BATCHED_TOKENS', value: '8192' }, { name: 'KEYSPACE', value: 'a' }); });
    // WHEN / THEN
    expect(objectRuleViolations(d)).toStrictEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Wide random valid props: schema (and CEL, through synthValid) + Kubernetes rules
// ---------------------------------------------------------------------------------------------------------------

/**
 * The refusals a wide case may meet: names the generator pushes towards their limits (a DGD name or
 * namespace over 20 characters, component names of its own, or the doubled names of a multi-node
 * worker), which together can exceed a limit of the names the operator derives (Services, pod labels,
 * Grove's 45 characters). Any other refusal means the generator produced invalid props or the
 * library refuses valid ones: both are failures.
 */
function expectedRefusal(w: WideCase, e: DynamoValidationError): boolean {
  const b = w.base;
  const pushed = w.name.length > 20 || (w.namespace?.length ?? 0) > 20
    || [w.frontend, w.prefill, w.decode].some((x) => x.componentName !== undefined)
    || [b.prefill, b.decode].some((p) => (p.nodes ?? 1) > 1);
  return pushed && /^(name|namespace|(frontend|workers|prefill|decode)\.componentName)$/.test(e.prop);
}

/** Builds a case's pattern in a fresh chart. */
function construct(c: ReturnType<typeof wideCaseProps>): Chart {
  const chart = newChart();
  if (c.pattern === 'disaggregated') new DisaggregatedLlm(chart, 'llm', c.props);
  else new AggregatedLlm(chart, 'llm', c.props);
  return chart;
}

/** A seed per run, reported with any failure (set ROBUSTNESS_SEED to replay one). */
const SEED = Number(process.env.ROBUSTNESS_SEED ?? Math.floor(Math.random() * 2 ** 31));
/**
 * Cases per property: sized so that the file runs in a few seconds on a busy 2-core machine (each
 * wide case costs ~10-25 ms, most of it the schema and CEL check). Set ROBUSTNESS_RUNS for a long run.
 */
const RUNS = Number(process.env.ROBUSTNESS_RUNS ?? 70);
/** The figures of a run (configurations, refusals, outcomes per mistake), printed with ROBUSTNESS_REPORT=1. */
const report = (text: string): void => {
  if (process.env.ROBUSTNESS_REPORT === '1') process.stdout.write(`${text}\n`);
};

/** A short description of a case, for failure messages. */
function describeCase(w: WideCase): string {
  const b = w.base;
  return `${b.backend} ${b.disaggregated ? 'disaggregated' : 'aggregated'} ${b.dynamoVersion.version} on ${w.cloud}, name ${w.name.length} chars, namespace ${(w.namespace ?? 'llm').length} chars`;
}

describe('property: wide random valid props', () => {
  test('synthesize schema-valid manifests that break no Kubernetes rule and keep the safe defaults', () => {
    // Every violation kind (object kind + rule) with its first example; every refusal by prop.
    const violations = new Map<string, string>();
    const refusals = new Map<string, number>();
    let runs = 0;
    fc.assert(fc.property(wideProps, (w) => {
      runs++;
      // GIVEN / WHEN
      let objs: Manifest[];
      try {
        objs = synthValid(construct(wideCaseProps(w)));
      } catch (e) {
        if (!DynamoValidationError.isDynamoValidationError(e) || !expectedRefusal(w, e)) throw e;
        refusals.set(e.prop, (refusals.get(e.prop) ?? 0) + 1);
        return;
      }
      // THEN (collected, so that one run reports every kind of violation)
      for (const v of k8sRuleViolations(objs)) {
        const key = `${v.object.split('/')[0]} ${v.rule}`;
        if (!violations.has(key)) violations.set(key, `${v.path}: ${v.message} (${describeCase(w)})`);
      }
      for (const v of safeDefaultViolations(objs)) {
        const key = `${v.object.split(' ')[0]} safe default ${v.rule}`;
        if (!violations.has(key)) violations.set(key, `${v.message} (${describeCase(w)})`);
      }
    }), { numRuns: RUNS, seed: SEED });
    const refused = [...refusals.values()].reduce((a, b) => a + b, 0);
    report(`wide props (seed ${SEED}): ${runs} configurations, ${refused} refused ${JSON.stringify(Object.fromEntries(refusals))}, `
      + `${violations.size} kinds of violation`);
    expect([...violations].map(([k, v]) => `${k}: ${v}`), `seed ${SEED}`).toStrictEqual([]);
    // A generator of valid props: few refusals, all for names at their limits.
    expect(refused / runs).toBeLessThan(0.2);
  });
});

describe('multi-node pools with the default component names', () => {
  // Grove allows 45 characters for the PodCliqueSet, scaling group and clique names together, and the
  // names of a multi-node component count twice: the defaults must fit with an ordinary deployment name.
  const cases = Backend.all().flatMap((backend) => [DynamoVersion.LATEST, DynamoVersion.V1_1_0].map((version) => [backend, version] as const));
  test.each(cases)('are accepted for %s on Dynamo %s (the documented default names fit Grove)', (backend, dynamoVersion) => {
    // GIVEN two-node prefill and decode workers of a deployment with an ordinary name, no component named
    const chart = newChart();
    // WHEN
    new DisaggregatedLlm(chart, 'llm', {
      name: 'qwen3-8b', model: 'Qwen/Qwen3-8B', backend, dynamoVersion, allowTcpKvTransfer: true, modelCache: ModelCache.fromExistingClaim('model-cache'),
      prefill: { nodes: 2, gpus: 8 }, decode: { nodes: 2, gpus: 8 },
    });
    // THEN
    expect(only(synthValid(chart), 'DynamoGraphDeployment').metadata.name).toBe('qwen3-8b');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// One random mistake in a random valid configuration: a named error naming the prop
// ---------------------------------------------------------------------------------------------------------------

type Props = Record<string, unknown>;
/** One mistake: what it does to the props (a pool prop key, `pool`, is given) and the prop the error must name. */
interface Mistake {
  readonly what: string;
  readonly apply: (props: Props, pool: string) => string;
}

const set = (props: Props, key: string, patch: Props) => { props[key] = { ...(props[key] as Props | undefined), ...patch }; };
const hpa = (maxReplicas: number) => Autoscaling.hpa({ maxReplicas, metrics: [ScalingMetric.kvCacheUsage({ target: 0.8 })] });

/** Mistakes that apply to any configuration, typed and untyped. */
const MISTAKES: readonly Mistake[] = [
  { what: 'replicas as a string', apply: (p, pool) => { set(p, pool, { replicas: '2' }); return `${pool}.replicas`; } },
  { what: 'gpus null', apply: (p, pool) => { set(p, pool, { gpus: null }); return `${pool}.gpus`; } },
  { what: 'misspelt pool key', apply: (p, pool) => { set(p, pool, { replica: 2 }); return `${pool}.replica`; } },
  { what: 'misspelt top-level key', apply: (p) => { p.modelcache = ModelCache.fromExistingClaim('model-cache'); return 'modelcache'; } },
  { what: 'negative replicas', apply: (p, pool) => { set(p, pool, { replicas: -1, autoscaling: undefined }); return `${pool}.replicas`; } },
  { what: 'zero frontend replicas', apply: (p) => { set(p, 'frontend', { replicas: 0 }); return 'frontend.replicas'; } },
  { what: 'fractional nodes', apply: (p, pool) => { set(p, pool, { nodes: 1.5 }); return `${pool}.nodes`; } },
  { what: 'tensor parallel not dividing the GPUs', apply: (p, pool) => { set(p, pool, { gpus: 4, nodes: 1, tensorParallelSize: 3, pipelineParallelSize: 1 }); return `${pool}.tensorParallelSize`; } },
  { what: 'label key with a space', apply: (p) => { p.labels = { 'my label': 'x' }; return 'labels'; } },
  { what: 'pod label value of 64 characters', apply: (p, pool) => { set(p, pool, { podLabels: { team: 'a'.repeat(64) } }); return `${pool}.podLabels`; } },
  { what: 'annotation key invalid', apply: (p) => { p.annotations = { 'bad key!': 'x' }; return 'annotations'; } },
  { what: 'pod annotation key invalid', apply: (p) => { set(p, 'frontend', { podAnnotations: { '/x': 'y' } }); return 'frontend.podAnnotations'; } },
  { what: 'node selector value with a space', apply: (p, pool) => { set(p, pool, { nodeSelector: { 'example.com/pool': 'a b' } }); return `${pool}.nodeSelector`; } },
  { what: 'toleration Exists with a value', apply: (p, pool) => { set(p, pool, { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }); return `${pool}.tolerations`; } },
  { what: 'toleration operator in lowercase', apply: (p) => { set(p, 'frontend', { tolerations: [{ key: 'k', operator: 'exists' }] }); return 'frontend.tolerations'; } },
  { what: 'toleration seconds without NoExecute', apply: (p, pool) => {
    set(p, pool, { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }] });
    return `${pool}.tolerations`;
  } },
  { what: 'cpu request over its limit', apply: (p) => {
    set(p, 'frontend', { resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) } } });
    return 'frontend.resources.cpu';
  } },
  { what: 'memory request over its limit', apply: (p, pool) => {
    set(p, pool, { resources: { memory: { request: Size.gibibytes(8), limit: Size.gibibytes(4) } } });
    return `${pool}.resources.memory`;
  } },
  { what: 'extended resource without a domain', apply: (p, pool) => { set(p, pool, { extraResources: { efa: '1' } }); return `${pool}.extraResources`; } },
  { what: 'model as a URL', apply: (p) => { p.model = 'https://huggingface.co/Qwen/Qwen3-8B'; return 'model'; } },
  { what: 'HF_TOKEN literal in a pool env', apply: (p, pool) => { set(p, pool, { env: { HF_TOKEN: EnvValue.fromValue('hf_abc') } }); return `${pool}.env.HF_TOKEN`; } },
  { what: 'API key literal in the frontend env', apply: (p) => { set(p, 'frontend', { env: { OPENAI_API_KEY: EnvValue.fromValue('sk-1') } }); return 'frontend.env.OPENAI_API_KEY'; } },
  { what: 'env value as a plain string', apply: (p, pool) => { set(p, pool, { env: { APP_MODE: 'fast' } }); return `${pool}.env`; } },
  { what: 'routerMode as a string that is not a mode', apply: (p) => { set(p, 'frontend', { routerMode: 'kv-aware' }); return 'frontend.routerMode'; } },
  { what: 'backend as an unknown string', apply: (p) => { p.backend = 'llama.cpp'; return 'backend'; } },
  { what: 'cloud as a string', apply: (p) => { p.cloud = 'eks'; return 'cloud'; } },
  { what: 'capacity types as unknown strings', apply: (p, pool) => { set(p, pool, { capacityTypes: ['preemptible'] }); return `${pool}.capacityTypes`; } },
  { what: 'hfToken as the token itself', apply: (p) => { p.hfToken = 'hf_abc'; return 'hfToken'; } },
  { what: 'name of 64 characters', apply: (p) => { p.name = `a${'b'.repeat(63)}`; return 'name'; } },
  { what: 'namespace of 64 characters', apply: (p) => { p.namespace = 'n'.repeat(64); return 'namespace'; } },
  { what: 'component name of 64 characters', apply: (p, pool) => { set(p, pool, { componentName: 'W'.repeat(64) }); return `${pool}.componentName`; } },
  { what: 'model cache at /dev/shm', apply: (p) => { p.modelCache = ModelCache.fromExistingClaim('model-cache', { mountPath: '/dev/shm' }); return 'modelCache.mountPath'; } },
  { what: 'GPU memory utilization over 1', apply: (p, pool) => { set(p, pool, { gpuMemoryUtilization: 1.5 }); return `${pool}.gpuMemoryUtilization`; } },
  { what: 'shared memory as a string', apply: (p, pool) => { set(p, pool, { sharedMemorySize: '16Gi' }); return `${pool}.sharedMemorySize`; } },
  { what: 'extraArgs as one string', apply: (p, pool) => { set(p, pool, { extraArgs: '--enforce-eager' }); return `${pool}.extraArgs`; } },
  { what: 'imagePullSecrets as names', apply: (p) => { p.imagePullSecrets = ['regcred']; return 'imagePullSecrets'; } },
  { what: 'autoscaling with no replicas', apply: (p, pool) => {
    if (p.planner !== undefined) delete p.planner;
    set(p, pool, { replicas: undefined, scalingAdapter: undefined, autoscaling: hpa(0) });
    return `${pool}.autoscaling.maxReplicas`;
  } },
  { what: 'servedModelName with a space', apply: (p) => { p.servedModelName = 'my model'; return 'servedModelName'; } },
  { what: 'ingress host with a scheme', apply: (p) => { p.ingress = { host: 'https://llm.example.com' }; return 'ingress.host'; } },
  { what: 'image pull secret reference without a name', apply: (p) => { p.imagePullSecrets = [SecretRef.fromSecretName('regcred'), {}]; return 'imagePullSecrets'; } },
];

describe('property: one random mistake in a random valid configuration', () => {
  test('ends in a DynamoValidationError naming the prop, never a TypeError or a silent pass', () => {
    const outcomes = new Map<string, Map<string, number>>();
    const count = (what: string, outcome: string) => {
      const m = outcomes.get(what) ?? new Map<string, number>();
      m.set(outcome, (m.get(outcome) ?? 0) + 1);
      outcomes.set(what, m);
    };
    let wrong = 0;
    let runs = 0;
    fc.assert(fc.property(wideProps, fc.constantFrom(...MISTAKES), fc.boolean(), (w, mistake, second) => {
      // GIVEN a valid configuration the library accepts
      const c = wideCaseProps(w);
      try {
        construct(c);
      } catch {
        return;
      }
      runs++;
      const props = { ...c.props } as Props;
      const pools = c.pattern === 'disaggregated' ? ['prefill', 'decode'] : ['workers'];
      // WHEN one mistake is made in it
      let prop: string | undefined;
      let error: unknown;
      let broken: string[] = [];
      try {
        prop = mistake.apply(props, pools[second ? pools.length - 1 : 0]);
        const objs = synthValid(construct({ pattern: c.pattern, props } as unknown as ReturnType<typeof wideCaseProps>));
        // What the mistake breaks beyond what the valid configuration already breaks (the first test reports that).
        const before = new Set(k8sRuleViolations(synthValid(construct(c))).map((v) => v.rule));
        broken = [...new Set(k8sRuleViolations(objs).map((v) => v.rule))].filter((r) => !before.has(r));
      } catch (e) {
        error = e;
      }
      // THEN
      const outcome = error === undefined ? `silent pass${broken.length > 0 ? ` (the API server would refuse it: ${broken.join(', ')})` : ''}`
        : DynamoValidationError.isDynamoValidationError(error) ? (prop && error.prop.startsWith(prop) ? 'named error' : `named error for ${error.prop}`)
          : `${(error as Error).name}: ${(error as Error).message.split('\n')[0].slice(0, 120)}`;
      count(mistake.what, outcome);
      if (outcome !== 'named error') wrong++;
    }), { numRuns: Math.round(RUNS * 1.5), seed: SEED });
    const lines = [...outcomes].map(([what, m]) => `  ${what}: ${[...m].map(([o, n]) => `${o} × ${n}`).join(', ')}`);
    report(`random mistakes (seed ${SEED}): ${runs} tried, ${MISTAKES.length} kinds:\n${lines.join('\n')}`);
    expect(wrong, lines.filter((l) => !/^ {2}[^:]+: named error × \d+$/.test(l)).join('\n')).toBe(0);
  });
});
