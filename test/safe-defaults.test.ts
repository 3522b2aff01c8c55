import { describe, expect, test } from 'vitest';
import { APPS } from '../examples';
import { assertSafeDefaults, SafeDefaultViolation, safeDefaultViolations, selectorMatches } from './support/safe-defaults';
import { Manifest, synthAppValid } from './support/synth';

const REQUESTS = { requests: { cpu: '1', memory: '1Gi' } };
const FRONTEND_LABELS = { 'nvidia.com/dynamo-graph-deployment-name': 'llm', 'nvidia.com/dynamo-component': 'Frontend' };
const SPREAD = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: FRONTEND_LABELS } } }],
  },
};

/** A v1beta1 graph with a 2-replica frontend that follows every rule; `change` breaks it. */
function v1beta1Graph(change: (frontend: Manifest, worker: Manifest) => void = () => {}): Manifest {
  const frontend: Manifest = {
    name: 'Frontend', type: 'frontend', replicas: 2,
    podTemplate: { spec: { containers: [{ name: 'main', image: 'f', resources: REQUESTS }], affinity: SPREAD } },
  };
  const worker: Manifest = { name: 'Worker', type: 'worker', replicas: 1, podTemplate: { spec: { containers: [{ name: 'main', image: 'w', resources: REQUESTS }] } } };
  change(frontend, worker);
  return { apiVersion: 'nvidia.com/v1beta1', kind: 'DynamoGraphDeployment', metadata: { name: 'llm', namespace: 'ns' }, spec: { components: [frontend, worker] } };
}

function budget(spec: Manifest = {}, namespace = 'ns'): Manifest {
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'llm-frontend', namespace },
    spec: { minAvailable: 1, selector: { matchLabels: FRONTEND_LABELS }, ...spec },
  };
}

function job(spec: Manifest = {}, container: Manifest = { name: 'download', image: 'p', resources: REQUESTS }): Manifest {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'dl', namespace: 'ns' },
    spec: { ttlSecondsAfterFinished: 60, activeDeadlineSeconds: 60, template: { spec: { restartPolicy: 'Never', containers: [container] } }, ...spec },
  };
}

const rules = (v: SafeDefaultViolation[]) => v.map((x) => `${x.rule}: ${x.message}`);

describe('the safe-default checker', () => {
  test('passes manifests that follow every rule', () => {
    expect(safeDefaultViolations([v1beta1Graph(), budget(), job()])).toStrictEqual([]);
  });

  test('catches a container, an init container or a component main container without cpu or memory requests', () => {
    // GIVEN a worker without a memory request, a frontend init container without requests, and a component whose template has no main container
    const dgd = v1beta1Graph((f, w) => {
      w.podTemplate.spec.containers[0].resources = { requests: { cpu: '1' } };
      f.podTemplate.spec.initContainers = [{ name: 'wait', image: 'busybox' }];
    });
    dgd.spec.components.push({ name: 'Bare', type: 'worker', podTemplate: { spec: {} } });
    // WHEN / THEN
    expect(rules(safeDefaultViolations([dgd, budget()]))).toStrictEqual([
      'requests: component Frontend init container wait has no cpu or memory request',
      'requests: component Worker container main has no memory request',
      'requests: component Bare container main has no cpu or memory request',
    ]);
  });

  test('counts a limit as the request Kubernetes derives from it', () => {
    const dgd = v1beta1Graph((_f, w) => { w.podTemplate.spec.containers[0].resources = { requests: { cpu: '1' }, limits: { memory: '8Gi' } }; });
    expect(safeDefaultViolations([dgd, budget()])).toStrictEqual([]);
  });

  test('reads v1alpha1 services: the main container from resources, sidecars and init containers from extraPodSpec', () => {
    // GIVEN
    const dgd: Manifest = {
      apiVersion: 'nvidia.com/v1alpha1', kind: 'DynamoGraphDeployment', metadata: { name: 'old', namespace: 'ns' },
      spec: {
        services: {
          Frontend: { componentType: 'frontend', replicas: 1, resources: { requests: { cpu: '1', memory: '1Gi' } } },
          Worker: {
            componentType: 'worker', resources: { requests: { cpu: '1', gpu: '1' } },
            extraPodSpec: { mainContainer: { image: 'w' }, containers: [{ name: 'proxy', image: 'p' }], initContainers: [{ name: 'init', image: 'i', resources: REQUESTS }] },
          },
        },
      },
    };
    // WHEN / THEN
    expect(rules(safeDefaultViolations([dgd]))).toStrictEqual([
      'requests: service Worker container main has no memory request',
      'requests: service Worker container proxy has no cpu or memory request',
    ]);
    // AND the main container's own requests count too
    dgd.spec.services.Worker.extraPodSpec.mainContainer.resources = { requests: { memory: '8Gi' } };
    expect(rules(safeDefaultViolations([dgd]))).toStrictEqual(['requests: service Worker container proxy has no cpu or memory request']);
  });

  test('catches a Job without ttlSecondsAfterFinished or activeDeadlineSeconds, or without requests', () => {
    expect(rules(safeDefaultViolations([job({ ttlSecondsAfterFinished: undefined, activeDeadlineSeconds: undefined }, { name: 'x', image: 'p' })]))).toStrictEqual([
      'requests: container x has no cpu or memory request',
      'job-lifetime: the Job sets no ttlSecondsAfterFinished',
      'job-lifetime: the Job sets no activeDeadlineSeconds',
    ]);
  });

  test('catches a replicated frontend without a budget, with a budget in another namespace or of another component, or with two budgets', () => {
    const missing = 'frontend-disruption-budget: frontend Frontend (2 replicas) has no PodDisruptionBudget selecting its pods';
    expect(rules(safeDefaultViolations([v1beta1Graph()]))).toStrictEqual([missing]);
    expect(rules(safeDefaultViolations([v1beta1Graph(), budget({}, 'other')]))).toStrictEqual([missing]);
    expect(rules(safeDefaultViolations([v1beta1Graph(), budget({ selector: { matchLabels: { ...FRONTEND_LABELS, 'nvidia.com/dynamo-component': 'Worker' } } })])))
      .toStrictEqual([missing]);
    expect(rules(safeDefaultViolations([v1beta1Graph(), budget(), budget()])))
      .toStrictEqual(['frontend-disruption-budget: frontend Frontend is selected by 2 PodDisruptionBudgets (the eviction API refuses pods with more than one)']);
  });

  test('catches a budget that lets no frontend pod be evicted', () => {
    for (const spec of [{ minAvailable: 2 }, { minAvailable: '100%' }, { minAvailable: undefined, maxUnavailable: 0 }, { minAvailable: undefined }]) {
      expect(rules(safeDefaultViolations([v1beta1Graph(), budget(spec)])), JSON.stringify(spec))
        .toStrictEqual(['frontend-disruption-budget: the budget of frontend Frontend lets none of its 2 pods be evicted, which blocks node drains']);
    }
    expect(safeDefaultViolations([v1beta1Graph(), budget({ minAvailable: undefined, maxUnavailable: 1 })])).toStrictEqual([]);
    expect(safeDefaultViolations([v1beta1Graph(), budget({ minAvailable: '50%' })])).toStrictEqual([]);
  });

  test('catches a replicated frontend that does not spread over nodes, and accepts a topology spread constraint instead', () => {
    // GIVEN a frontend whose anti-affinity spreads over zones only
    const zones = v1beta1Graph((f) => {
      f.podTemplate.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'topology.kubernetes.io/zone';
    });
    expect(rules(safeDefaultViolations([zones, budget()])))
      .toStrictEqual(['frontend-spread: frontend Frontend (2 replicas) does not spread over nodes (kubernetes.io/hostname)']);
    // AND one spread by a topology spread constraint
    const spread = v1beta1Graph((f) => {
      delete f.podTemplate.spec.affinity;
      f.podTemplate.spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: FRONTEND_LABELS } }];
    });
    expect(safeDefaultViolations([spread, budget()])).toStrictEqual([]);
  });

  test('leaves a single-replica frontend without budget or spread alone', () => {
    expect(safeDefaultViolations([v1beta1Graph((f) => { f.replicas = 1; delete f.podTemplate.spec.affinity; })])).toStrictEqual([]);
  });

  test('matches label selectors as Kubernetes does', () => {
    const labels = { a: '1', b: '2' };
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'In', values: ['2', '3'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'b', operator: 'NotIn', values: ['2'] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'c', operator: 'DoesNotExist' }, { key: 'a', operator: 'Exists' }] }, labels)).toBe(true);
  });

  test('assertSafeDefaults lists every violation', () => {
    expect(() => assertSafeDefaults([job({ activeDeadlineSeconds: undefined })]))
      .toThrow('1 safe-default violation(s):\n  [job-lifetime] Job ns/dl: the Job sets no activeDeadlineSeconds');
  });
});

describe.each(Object.entries(APPS))('example %s', (_name, build) => {
  test('follows every safe-default rule', () => {
    assertSafeDefaults(synthAppValid(build()));
  });
});

describe('the checker on real output', () => {
  test('finds the replicated frontend of an example once its budget and spread are removed', () => {
    // GIVEN an example whose frontend has 2 replicas
    const objs = synthAppValid(APPS['vllm-disaggregated']());
    expect(objs.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(1);
    // WHEN its budget is dropped and its frontend's affinity removed
    const stripped = objs.filter((o) => o.kind !== 'PodDisruptionBudget').map((o) => structuredClone(o));
    const dgd = stripped.find((o) => o.kind === 'DynamoGraphDeployment')!;
    delete (dgd.spec.components as Manifest[]).find((c) => c.type === 'frontend')!.podTemplate.spec.affinity;
    // THEN both rules are broken
    expect(safeDefaultViolations(stripped).map((v) => v.rule)).toStrictEqual(['frontend-disruption-budget', 'frontend-spread']);
  });
});
