import { Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, Autoscaling, Backend, DisaggregatedLlm, DynamoValidationError, DynamoVersion, EndpointAccess, EnvValue, IngressController, ModelCache, Planner, ScalingMetric, SecretRef,
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
  ['a privileged container with allowPrivilegeEscalation false', 'security-context',
    dgd((d) => { main(d).securityContext = { privileged: true, allowPrivilegeEscalation: false }; })],
  ['v1alpha1 CAP_SYS_ADMIN with allowPrivilegeEscalation false', 'security-context', dgdAlpha((d) => {
    d.spec.services.VllmDecodeWorker.extraPodSpec.mainContainer.securityContext = { allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } };
  })],
  ['v1alpha1 privileged main container with allowPrivilegeEscalation false', 'security-context', dgdAlpha((d) => {
    d.spec.services.VllmDecodeWorker.extraPodSpec.mainContainer.securityContext = { privileged: true, allowPrivilegeEscalation: false };
  })],
  ['CAP_SYS_ADMIN with allowPrivilegeEscalation false in a Job', 'security-context', job('download', (s) => {
    s.containers[0].securityContext = { allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } };
  })],
  ['hugepages request different from its limit', 'resources', dgd((d) => {
    main(d).resources.requests['hugepages-2Mi'] = '1Gi';
    main(d).resources.limits['hugepages-2Mi'] = '2Gi';
  })],
  ['extended resource requested without a limit', 'resources', dgd((d) => { main(d).resources.requests['example.com/fpga'] = '1'; })],
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

  test('pass security contexts the API server accepts', () => {
    // GIVEN no escalation with IPC_LOCK; privileged (escalation unset); CAP_SYS_ADMIN with escalation allowed; and
    // SYS_ADMIN with no escalation (the API server compares the literal CAP_SYS_ADMIN only, and so does the library)
    const contexts = [
      { allowPrivilegeEscalation: false, capabilities: { add: ['IPC_LOCK'] } },
      { privileged: true },
      { allowPrivilegeEscalation: true, capabilities: { add: ['CAP_SYS_ADMIN'] } },
      { allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN'] } },
    ];
    // WHEN / THEN
    for (const sc of contexts) expect(objectRuleViolations(dgd((d) => { main(d).securityContext = sc; })), JSON.stringify(sc)).toStrictEqual([]);
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

/** Whether an error's prop is `p` or a path inside it (`decode.env` names `decode.env.HF_TOKEN`, not `decode.envFrom`). */
const isProp = (prop: string, p: string): boolean => prop === p || prop.startsWith(`${p}.`) || prop.startsWith(`${p}[`);

/**
 * How the library states that a name is too long for a name the operator or a cloud derives from it (lib/core/names.ts,
 * lib/core/operator-names.ts): `... of <n> characters, over (the) <limit> ...`, or for the cluster-scoped node pools
 * and classes `... within <limit> characters, the limit of the <label> label`.
 */
const LENGTH_OVERFLOW = /\bof \d+ characters\b.*\bover (the )?\d+\b|\bwithin \d+ characters, the limit of\b/;

/**
 * The refusals a wide case may meet: the generator keeps every name valid but pushes the DGD name, the namespace and
 * the component names towards their limits, so together they can exceed a limit of a name the operator or a cloud
 * derives (Services, pod labels, Grove's 45 characters, node pools). Such a refusal must say so
 * ({@link LENGTH_OVERFLOW}) and name `name`, `namespace`, or the `componentName` of a component whose name the case
 * sets (a default component name that does not fit is the DGD name's fault: the library blames `name`). Any other
 * refusal means the generator produced invalid props or the library refuses valid ones: both are failures.
 * The other expected refusal is sizing's: a catalog model whose weights or longest sequence do not fit the pool's
 * GPUs (the generator draws GPU counts and lengths independently of the model), naming the pool's `gpus`,
 * `tensorParallelSize` or `maxModelLen` with the fit message.
 */
/** The two messages of the GPU fit checks. */
const SIZING_REFUSAL = / must (give the weights of .* room|fit one sequence in the KV cache): /;

function expectedRefusal(w: WideCase, c: ReturnType<typeof wideCaseProps>, e: DynamoValidationError): boolean {
  if (SIZING_REFUSAL.test(e.message)) return /^(workers|prefill|decode)\.(gpus|tensorParallelSize|maxModelLen)$/.test(e.prop);
  if (!LENGTH_OVERFLOW.test(e.message)) return false;
  const props = c.props as unknown as Record<string, { componentName?: string } | undefined>;
  const named = ['frontend', 'workers', 'prefill', 'decode'].filter((k) => props[k]?.componentName !== undefined).map((k) => `${k}.componentName`);
  const planner = c.props.planner !== undefined && w.plannerName !== undefined ? ['planner.componentName'] : [];
  return ['name', 'namespace', ...named, ...planner].some((p) => isProp(e.prop, p));
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
 * Seeds that found library bugs, run on every run besides the random one (8 and 12345: a default planner
 * component name blamed on planner.componentName instead of name). A seed replays its cases only with the generator it failed
 * with: the bug it found is also kept as a fixed case (below), which does not depend on the generator.
 */
const REGRESSION_SEEDS: readonly number[] = [8, 12345];
/**
 * Cases per property: sized so that the file runs in a few seconds on a busy 2-core machine (each
 * wide case costs ~10-25 ms, most of it the schema and CEL check). Set ROBUSTNESS_RUNS for a long run.
 */
const RUNS = Number(process.env.ROBUSTNESS_RUNS ?? 70);
/** Cases per regression seed. */
const REGRESSION_RUNS = Math.max(10, Math.round(RUNS / 4));
/** The figures of a run (configurations, refusals, outcomes per mistake), printed with ROBUSTNESS_REPORT=1. */
const report = (text: string): void => {
  if (process.env.ROBUSTNESS_REPORT === '1') process.stdout.write(`${text}\n`);
};

/** A short description of a case, for failure messages. */
function describeCase(w: WideCase): string {
  const b = w.base;
  return `${b.backend} ${b.disaggregated ? 'disaggregated' : 'aggregated'} ${b.dynamoVersion.version} on ${w.cloud}, ingress ${w.ingress}, access ${w.access} ${w.accessCredential}, name ${w.name.length} chars, namespace ${(w.namespace ?? 'llm').length} chars`;
}

/**
 * Runs a property with a seed; a failure's message starts with the seed (fast-check's own report carries it too, but
 * not in the first line a test runner shows).
 */
function assertWithSeed<T>(seed: number, property: fc.IProperty<T>, numRuns: number): void {
  try {
    fc.assert(property, { numRuns, seed });
  } catch (e) {
    throw new Error(`seed ${seed}: ${(e as Error).message}`, { cause: e });
  }
}

describe('property: wide random valid props', () => {
  const runs: ReadonlyArray<readonly [string, number, number]> = [
    // A stable test name: the seed is in every failure message and in the report.
    ['the random seed', SEED, RUNS],
    ...REGRESSION_SEEDS.map((s) => [`regression seed ${s}`, s, REGRESSION_RUNS] as const),
  ];
  test.each(runs)('synthesize schema-valid manifests that break no Kubernetes rule and keep the safe defaults (%s)', (_what, seed, numRuns) => {
    // Every violation kind (object kind + rule) with its first example; every refusal by prop.
    const violations = new Map<string, string>();
    const refusals = new Map<string, number>();
    let runs = 0;
    assertWithSeed(seed, fc.property(wideProps, (w) => {
      runs++;
      // GIVEN / WHEN
      const c = wideCaseProps(w);
      let objs: Manifest[];
      try {
        objs = synthValid(construct(c));
      } catch (e) {
        if (!DynamoValidationError.isDynamoValidationError(e) || !expectedRefusal(w, c, e)) throw e;
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
    }), numRuns);
    const refused = [...refusals.values()].reduce((a, b) => a + b, 0);
    report(`wide props (seed ${seed}): ${runs} configurations, ${refused} refused ${JSON.stringify(Object.fromEntries(refusals))}, `
      + `${violations.size} kinds of violation`);
    expect([...violations].map(([k, v]) => `${k}: ${v}`), `seed ${seed}`).toStrictEqual([]);
    // A generator of valid props: few refusals, all for names at their limits.
    expect(refused / runs, `seed ${seed}: ${refused} of ${runs} refused ${JSON.stringify(Object.fromEntries(refusals))}`).toBeLessThan(0.2);
  });

  test('a default planner name that does not fit is blamed on name, the prop the user wrote (regression seed 8)', () => {
    // GIVEN the case seed 8 shrank to: a 39-character name on Dynamo 1.0 (no Grove name cut) with the SLA planner,
    // whose default component name Planner then exceeds Grove's 45 characters
    let error: unknown;
    // WHEN
    try {
      new AggregatedLlm(newChart(), 'llm', {
        name: 'a'.repeat(39), model: 'Qwen/Qwen3-0.6B', backend: Backend.vllm(), dynamoVersion: DynamoVersion.of('1.0.0'),
        frontend: { componentName: 'Fea' }, planner: Planner.sla({ ttftMs: 400, itlMs: 40, maxGpus: 64 }), workers: { gpus: 2 },
      });
    } catch (e) {
      error = e;
    }
    // THEN
    expect(DynamoValidationError.isDynamoValidationError(error), String(error)).toBe(true);
    expect((error as DynamoValidationError).prop).toBe('name');
    expect((error as DynamoValidationError).message).toMatch(LENGTH_OVERFLOW);
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
/**
 * One mistake: what it does to the props (a pool prop key, `pool`, is given) and the prop the error must name; a
 * mistake in the options of a factory it calls (`ModelCache.fromExistingClaim(...)`) may be refused by that call at
 * once, with the prop `refusedAt`.
 */
interface Mistake {
  readonly what: string;
  readonly apply: (props: Props, pool: string) => string;
  readonly refusedAt?: string;
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
  { what: 'privileged with allowPrivilegeEscalation false', apply: (p, pool) => {
    set(p, pool, { securityContext: { privileged: true, allowPrivilegeEscalation: false } });
    return `${pool}.securityContext`;
  } },
  { what: 'CAP_SYS_ADMIN with allowPrivilegeEscalation false', apply: (p, pool) => {
    set(p, pool, { securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } } });
    return `${pool}.securityContext`;
  } },
  { what: 'ingress annotation key with a space', apply: (p) => { set(p, 'ingress', { annotations: { 'proxy timeout': '600' } }); return 'ingress.annotations'; } },
  { what: 'a flag the library sets, in extraArgs', apply: (p, pool) => { set(p, pool, { extraArgs: ['--tensor-parallel-size', '1'] }); return `${pool}.extraArgs`; } },
  { what: 'access without ingress', apply: (p) => { p.ingress = undefined; p.access = EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-api-keys') }); return 'access'; } },
  { what: 'API keys on the cloud\'s own ingress', apply: (p) => { p.ingress = {}; p.access = EndpointAccess.apiKeys({ secret: SecretRef.fromSecretName('llm-api-keys') }); return 'access'; } },
  { what: 'token limits on Envoy Gateway without the AI Gateway', apply: (p) => {
    p.ingress = { controller: IngressController.envoyGateway() };
    p.access = EndpointAccess.open({ tokensPerMinute: 1000 });
    return 'access.tokensPerMinute';
  } },
  { what: 'an API key where the Secret goes', apply: (p) => {
    p.ingress = { controller: IngressController.envoyGateway() };
    p.access = { secret: 'sk-live-0123456789abcdef' };
    return 'access';
  } },
  { what: 'access as a string', apply: (p) => { p.ingress = { controller: IngressController.envoyGateway() }; p.access = 'api-keys'; return 'access'; } },
  { what: 'ingress.controller as a string', apply: (p) => { p.ingress = { controller: 'envoy-gateway' }; return 'ingress.controller'; } },
  { what: 'download timeout on a cache without a download Job', refusedAt: 'modelCache.downloadTimeout', apply: (p) => {
    p.modelCache = ModelCache.fromExistingClaim('model-cache', { downloadTimeout: Duration.hours(1) });
    return 'modelCache.downloadTimeout';
  } },
];

/** Random valid bases each mistake kind is tried on per run (each kind is tried in every run). */
const BASES_PER_MISTAKE = Math.max(2, Math.round((RUNS * 1.5) / MISTAKES.length));

describe('property: one random mistake in a random valid configuration', () => {
  test('ends in a DynamoValidationError naming the prop, never a TypeError or a silent pass', () => {
    const outcomes = new Map<string, Map<string, number>>();
    const count = (what: string, outcome: string) => {
      const m = outcomes.get(what) ?? new Map<string, number>();
      m.set(outcome, (m.get(outcome) ?? 0) + 1);
      outcomes.set(what, m);
    };
    // GIVEN random valid configurations the library accepts (drawn from the seed), each with the pool the mistake goes to
    const drawn = fc.sample(fc.tuple(wideProps, fc.boolean()), { numRuns: BASES_PER_MISTAKE * MISTAKES.length, seed: SEED });
    const bases = drawn.map(([w, second]) => ({ c: wideCaseProps(w), second })).filter(({ c }) => {
      try {
        construct(c);
        return true;
      } catch {
        return false;
      }
    });
    expect(bases.length, `seed ${SEED}: every drawn configuration was refused`).toBeGreaterThan(0);
    let wrong = 0;
    let runs = 0;
    // WHEN each kind of mistake is made in BASES_PER_MISTAKE of them (kind i takes the bases after kind i - 1's)
    MISTAKES.forEach((mistake, i) => {
      for (let j = 0; j < BASES_PER_MISTAKE; j++) {
        const { c, second } = bases[(i * BASES_PER_MISTAKE + j) % bases.length];
        runs++;
        const props = { ...c.props } as Props;
        const pools = c.pattern === 'disaggregated' ? ['prefill', 'decode'] : ['workers'];
        let prop = mistake.refusedAt;
        let error: unknown;
        let broken: string[] = [];
        try {
          prop = mistake.apply(props, pools[second ? pools.length - 1 : 0]);
          const objs = synthValid(construct({ pattern: c.pattern, props } as unknown as ReturnType<typeof wideCaseProps>));
          // What the mistake breaks beyond what the valid configuration already breaks (the wide test reports that).
          const before = new Set(k8sRuleViolations(synthValid(construct(c))).map((v) => v.rule));
          broken = [...new Set(k8sRuleViolations(objs).map((v) => v.rule))].filter((r) => !before.has(r));
        } catch (e) {
          error = e;
        }
        // THEN
        const outcome = error === undefined ? `silent pass${broken.length > 0 ? ` (the API server would refuse it: ${broken.join(', ')})` : ''}`
          : DynamoValidationError.isDynamoValidationError(error) ? (prop !== undefined && isProp(error.prop, prop) ? 'named error' : `named error for ${error.prop}`)
            : `${(error as Error).name}: ${(error as Error).message.split('\n')[0].slice(0, 120)}`;
        count(mistake.what, outcome);
        if (outcome !== 'named error') wrong++;
      }
    });
    const lines = [...outcomes].map(([what, m]) => `  ${what}: ${[...m].map(([o, n]) => `${o} × ${n}`).join(', ')}`);
    report(`random mistakes (seed ${SEED}): ${runs} tried on ${bases.length} of ${drawn.length} drawn configurations, ${MISTAKES.length} kinds:\n${lines.join('\n')}`);
    expect(wrong, `seed ${SEED}:\n${lines.filter((l) => !/^ {2}[^:]+: named error × \d+$/.test(l)).join('\n')}`).toBe(0);
    expect([...outcomes.keys()].sort(), `seed ${SEED}: every kind of mistake is tried`).toStrictEqual(MISTAKES.map((m) => m.what).sort());
  });
});
