/**
 * Tests of the schema harness itself (test/support/schema.ts): each strictness rule is shown to reject a
 * broken object, so a green manifest test means something.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { celStats, celViolations } from './support/cel';
import { celRuleSet } from './support/cel-parse';
import { celRuleTree } from './support/cel-schema';
import { assertSchemaValid, kubernetesModelViolations, SHARED_DIR, validateManifest, type SchemaViolation } from './support/schema';

/** Compiling the Dynamo CRD schemas takes ~0.5-1 s each; allow for slow, busy CI machines. */
const SLOW = { timeout: 60_000 };

type Manifest = Record<string, unknown>;

/** Paths and messages of the violations, one string each, for readable assertions. */
function summary(violations: readonly SchemaViolation[]): string[] {
  return violations.map((v) => `${v.path}: ${v.message}`);
}

function configMap(): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'dynamo' }, data: { key: 'value' } };
}

function job(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'download-model', namespace: 'dynamo' },
    spec: {
      backoffLimit: 3,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'main', image: 'python:3.12-slim', imagePullPolicy: 'IfNotPresent', command: ['true'] }],
        },
      },
    },
  };
}

/** A minimal v1beta1 DGD targeting Dynamo 1.4.0. */
function dgdV1beta1(): Manifest {
  return {
    apiVersion: 'nvidia.com/v1beta1',
    kind: 'DynamoGraphDeployment',
    metadata: { name: 'x', annotations: { 'dynamo-constructs/dynamo-version': '1.4.0' } },
    spec: {
      components: [
        {
          name: 'Frontend',
          type: 'frontend',
          podTemplate: { spec: { containers: [{ name: 'main', image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.4.0' }] } },
        },
      ],
    },
  };
}

/** The first component of a v1beta1 DGD built by {@link dgdV1beta1}. */
function component(dgd: Manifest): Record<string, unknown> {
  return ((dgd.spec as Record<string, unknown>).components as Record<string, unknown>[])[0];
}

/** A minimal v1alpha1 DGD annotated with `dynamoVersion`, with `extra` merged into its Frontend service. */
function dgdV1alpha1(dynamoVersion: string, extra: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'nvidia.com/v1alpha1',
    kind: 'DynamoGraphDeployment',
    metadata: { name: 'x', annotations: { 'dynamo-constructs/dynamo-version': dynamoVersion } },
    spec: {
      services: {
        Frontend: {
          componentType: 'frontend',
          replicas: 1,
          extraPodSpec: { mainContainer: { image: 'nvcr.io/nvidia/ai-dynamo/vllm-runtime:1.1.0' } },
          ...extra,
        },
      },
    },
  };
}

describe('schema harness: setup', () => {
  test('the shared folder with the CRDs and Kubernetes definitions is found', () => {
    // GIVEN the harness resolved its shared folder
    // WHEN / THEN it holds the Kubernetes definitions and the Dynamo CRD
    expect(fs.existsSync(`${SHARED_DIR}/k8s-schemas/v1.30.0/_definitions.json`)).toBe(true);
    expect(fs.existsSync(`${SHARED_DIR}/crds/dynamo/nvidia.com_dynamographdeployments.yaml`)).toBe(true);
  });
});

describe('schema harness: core kinds', () => {
  test('a valid v1 ConfigMap passes', () => {
    // GIVEN a well-formed ConfigMap
    // WHEN it is validated
    const violations = validateManifest(configMap());
    // THEN there is no violation
    expect(violations).toEqual([]);
  });

  test('fails a ConfigMap with an unknown top-level field, naming the field', () => {
    // GIVEN a ConfigMap with a typo `datta` next to `data`
    const cm = { ...configMap(), datta: { key: 'value' } };
    // WHEN it is validated
    const violations = validateManifest(cm);
    // THEN the unknown field is reported by name and path
    expect(violations).toHaveLength(1);
    expect(violations[0].object).toBe('ConfigMap/dynamo/cfg (v1)');
    expect(violations[0].path).toBe('$.datta');
    expect(violations[0].message).toContain('datta');
  });

  test('a valid batch/v1 Job passes', () => {
    // GIVEN a well-formed Job
    // WHEN it is validated
    // THEN there is no violation
    expect(validateManifest(job())).toEqual([]);
  });

  test('fails a Job with a typo in a container field', () => {
    // GIVEN a Job whose container says `imagePullPolice`
    const j = job();
    const container = (((j.spec as Manifest).template as Manifest).spec as Manifest).containers as Manifest[];
    container[0].imagePullPolice = 'Always';
    // WHEN it is validated
    const violations = validateManifest(j);
    // THEN the typo is reported at its path
    expect(summary(violations)).toEqual([
      '$.spec.template.spec.containers[0].imagePullPolice: unknown field "imagePullPolice" (not in the schema)',
    ]);
  });

  test('fails a Job whose backoffLimit is a string', () => {
    // GIVEN a Job with `backoffLimit: "3"` (an int32 in the schema)
    const j = job();
    (j.spec as Manifest).backoffLimit = '3';
    // WHEN it is validated
    const violations = validateManifest(j);
    // THEN the type error is reported at the field
    expect(violations).toHaveLength(1);
    expect(violations[0].path).toBe('$.spec.backoffLimit');
    expect(violations[0].message).toMatch(/must be integer/);
  });

  test('fails a Job whose backoffLimit exceeds int32', () => {
    // GIVEN a Job whose int32 field holds 2^31
    const j = job();
    (j.spec as Manifest).backoffLimit = 2 ** 31;
    // WHEN it is validated
    // THEN the format violation is reported
    expect(summary(validateManifest(j))).toEqual(['$.spec.backoffLimit: must match format "int32"']);
  });
});

describe('schema harness: kubernetes-models cross-check', () => {
  test('a valid Job passes kubernetes-models too', () => {
    expect(kubernetesModelViolations(job())).toEqual([]);
  });

  test('fails a Job whose GPU limit is not a quantity (the 1.30 definitions leave quantities open)', () => {
    // GIVEN a Job asking for "abc" GPUs
    const j = job();
    const containers = (((j.spec as Manifest).template as Manifest).spec as Manifest).containers as Manifest[];
    containers[0].resources = { limits: { 'nvidia.com/gpu': 'abc' } };
    // WHEN / THEN the ajv pass accepts it, kubernetes-models does not, and assertSchemaValid reports it
    expect(validateManifest(j)).toEqual([]);
    expect(kubernetesModelViolations(j)[0].message).toMatch(/must match format "quantity"/);
    expect(() => assertSchemaValid([j])).toThrow(/kubernetes-models: .*quantity/);
  });
});

describe('schema harness: DynamoGraphDeployment v1beta1', SLOW, () => {
  test('a minimal valid DGD v1beta1 passes', () => {
    // GIVEN a DGD with one frontend component
    // WHEN it is validated against the top-level (HEAD) CRD
    // THEN there is no violation
    expect(validateManifest(dgdV1beta1())).toEqual([]);
  });

  test('fails a DGD v1beta1 with an unknown component field', () => {
    // GIVEN a component with `replicaz` instead of `replicas`
    const dgd = dgdV1beta1();
    component(dgd).replicaz = 1;
    // WHEN it is validated
    // THEN the unknown field is reported at its path
    expect(summary(validateManifest(dgd))).toEqual([
      '$.spec.components[0].replicaz: unknown field "replicaz" (not in the schema)',
    ]);
  });

  test('fails a DGD v1beta1 whose component type is not in the enum', () => {
    // GIVEN a component of type `bogus`
    const dgd = dgdV1beta1();
    component(dgd).type = 'bogus';
    // WHEN it is validated
    const violations = validateManifest(dgd);
    // THEN the enum violation names the value and the allowed ones
    expect(violations).toHaveLength(1);
    expect(violations[0].path).toBe('$.spec.components[0].type');
    expect(violations[0].message).toContain('"bogus" is not one of');
    expect(violations[0].message).toContain('"frontend"');
  });

  test('fails a DGD v1beta1 with an unknown field in the podTemplate container', () => {
    // GIVEN a podTemplate container with `imagePullPolice`
    const dgd = dgdV1beta1();
    const podTemplate = component(dgd).podTemplate as Manifest;
    ((podTemplate.spec as Manifest).containers as Manifest[])[0].imagePullPolice = 'Always';
    // WHEN it is validated
    // THEN the typo is reported (podTemplate is fully typed, not preserve-unknown-fields)
    expect(summary(validateManifest(dgd))).toEqual([
      '$.spec.components[0].podTemplate.spec.containers[0].imagePullPolice: unknown field "imagePullPolice" (not in the schema)',
    ]);
  });

  test('a DGD v1beta1 component with scalingAdapter: {} passes', () => {
    // GIVEN a component opted into the scaling adapter the v1beta1 way (a bare object)
    const dgd = dgdV1beta1();
    component(dgd).scalingAdapter = {};
    // WHEN it is validated
    // THEN there is no violation
    expect(validateManifest(dgd)).toEqual([]);
  });

  test('fails a DGD v1beta1 component with the v1alpha1 shape scalingAdapter: {enabled: true}', () => {
    // GIVEN a v1beta1 component whose scalingAdapter carries a field (v1beta1 declares `{type: object}` with no
    // fields, so the API server would prune `enabled`)
    const dgd = dgdV1beta1();
    component(dgd).scalingAdapter = { enabled: true };
    // WHEN it is validated
    // THEN the field is reported
    expect(summary(validateManifest(dgd))).toEqual([
      '$.spec.components[0].scalingAdapter.enabled: unknown field "enabled" (not in the schema)',
    ]);
  });

  test('fails a DGD with an unknown metadata field (CR metadata is checked as ObjectMeta)', () => {
    // GIVEN a DGD whose metadata has `labelz` (the CRD schema itself only says `metadata: {type: object}`)
    const dgd = dgdV1beta1();
    (dgd.metadata as Manifest).labelz = { a: 'b' };
    // WHEN it is validated
    // THEN the unknown metadata field is reported
    expect(summary(validateManifest(dgd))).toEqual(['$.metadata.labelz: unknown field "labelz" (not in the schema)']);
  });
});

describe('schema harness: Dynamo CRD era selection (v1alpha1)', SLOW, () => {
  const headOnlyField = { runtimeVersionOverride: '1.1.0' };

  test('fails a v1alpha1 DGD for Dynamo 1.1.0 that uses a field only the HEAD schema knows', () => {
    // GIVEN a v1alpha1 DGD annotated 1.1.0 whose service sets `runtimeVersionOverride` (added after v1.0)
    const dgd = dgdV1alpha1('1.1.0', headOnlyField);
    // WHEN it is validated (against crds/dynamo/v1.0-era)
    // THEN the field is unknown there
    expect(summary(validateManifest(dgd))).toEqual([
      '$.spec.services.Frontend.runtimeVersionOverride: unknown field "runtimeVersionOverride" (not in the schema)',
    ]);
  });

  test('the same v1alpha1 DGD annotated 1.4.0 passes (HEAD v1alpha1 schema)', () => {
    // GIVEN the same object targeting Dynamo 1.4.0
    const dgd = dgdV1alpha1('1.4.0', headOnlyField);
    // WHEN it is validated (against the top-level CRD's v1alpha1)
    // THEN there is no violation
    expect(validateManifest(dgd)).toEqual([]);
  });

  test('a minimal v1alpha1 DGD for Dynamo 1.1.0 passes the v1.0-era schema', () => {
    // GIVEN a minimal v1alpha1 DGD annotated 1.1.0
    // WHEN it is validated
    // THEN there is no violation
    expect(validateManifest(dgdV1alpha1('1.1.0'))).toEqual([]);
  });

  test('fails a DGD whose Dynamo version annotation is not a version', () => {
    // GIVEN a DGD annotated with a non-version
    const dgd = dgdV1alpha1('latest');
    // WHEN it is validated
    // THEN the annotation is reported
    expect(summary(validateManifest(dgd))).toEqual([
      '$.metadata.annotations["dynamo-constructs/dynamo-version"]: "latest" is not a version x.y.z',
    ]);
  });

  test('fails a DGD without the Dynamo version annotation', () => {
    // GIVEN a DGD that does not record its target release
    const dgd = dgdV1beta1();
    (dgd.metadata as Record<string, unknown>).annotations = {};
    // WHEN / THEN
    expect(summary(validateManifest(dgd))).toEqual(['$.metadata.annotations: missing the dynamo-constructs/dynamo-version annotation']);
  });

  test('fails a v1beta1 DGD that targets Dynamo 1.1, which serves only v1alpha1', () => {
    // GIVEN a v1beta1 DGD annotated 1.1.0
    const dgd = dgdV1beta1();
    (dgd.metadata as Record<string, unknown>).annotations = { 'dynamo-constructs/dynamo-version': '1.1.0' };
    // WHEN / THEN
    expect(summary(validateManifest(dgd))).toContain('$.apiVersion: Dynamo 1.1.0 serves only nvidia.com/v1alpha1 DynamoGraphDeployments');
  });
});

describe('schema harness: unknown kinds and apiVersions', () => {
  test('fails loudly (throws) for an object of unknown kind', () => {
    // GIVEN an object whose apiVersion/kind no schema defines
    const foo = { apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'foo' } };
    // WHEN / THEN validating it throws instead of passing
    expect(() => validateManifest(foo)).toThrow(/No schema known for Foo \(example.com\/v1\)/);
  });

  test('fails loudly (throws) for a known kind at an unserved version', () => {
    // GIVEN a Karpenter NodePool at v1beta1 (the CRD serves only v1)
    const nodePool = { apiVersion: 'karpenter.sh/v1beta1', kind: 'NodePool', metadata: { name: 'gpu' }, spec: {} };
    // WHEN / THEN validating it throws
    expect(() => validateManifest(nodePool)).toThrow(/version v1beta1 is not served/);
  });

  test('fails an object without apiVersion and kind', () => {
    // GIVEN an object with neither apiVersion nor kind
    // WHEN it is validated
    // THEN both are reported
    expect(summary(validateManifest({ metadata: { name: 'x' } }))).toEqual([
      '$.apiVersion: missing apiVersion',
      '$.kind: missing kind',
    ]);
  });
});

describe('schema harness: metadata rules', () => {
  test('fails a metadata.name with uppercase letters', () => {
    // GIVEN a ConfigMap named `MyConfig`
    const cm = configMap();
    (cm.metadata as Manifest).name = 'MyConfig';
    // WHEN it is validated
    const violations = validateManifest(cm);
    // THEN the name is reported as not a DNS-1123 subdomain
    expect(violations).toHaveLength(1);
    expect(violations[0].path).toBe('$.metadata.name');
    expect(violations[0].message).toContain('DNS-1123');
  });

  test('fails a missing metadata.name', () => {
    // GIVEN a ConfigMap without a name
    const cm = configMap();
    delete (cm.metadata as Manifest).name;
    // WHEN it is validated
    // THEN the missing name is reported
    expect(summary(validateManifest(cm))).toEqual(['$.metadata.name: missing metadata.name']);
  });

  test('fails a label value of 64 characters', () => {
    // GIVEN a ConfigMap with a 64-character label value
    const cm = configMap();
    (cm.metadata as Manifest).labels = { 'app.kubernetes.io/name': 'a'.repeat(64) };
    // WHEN it is validated
    const violations = validateManifest(cm);
    // THEN the label is reported
    expect(violations).toHaveLength(1);
    expect(violations[0].path).toBe('$.metadata.labels["app.kubernetes.io/name"]');
    expect(violations[0].message).toContain('invalid label value');
  });

  test('a label value of 63 characters passes', () => {
    // GIVEN a ConfigMap with a 63-character label value
    const cm = configMap();
    (cm.metadata as Manifest).labels = { 'app.kubernetes.io/name': 'a'.repeat(63) };
    // WHEN it is validated
    // THEN there is no violation
    expect(validateManifest(cm)).toEqual([]);
  });

  test('fails a Service name that is a subdomain but not a DNS-1123 label', () => {
    // GIVEN a Service named with a dot
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my.svc' },
      spec: { ports: [{ port: 8000 }], selector: { app: 'x' } },
    };
    // WHEN it is validated
    // THEN the name is reported
    expect(summary(validateManifest(svc))).toEqual([
      '$.metadata.name: "my.svc" is not a DNS-1123 label (≤ 63 chars of [a-z0-9-])',
    ]);
  });
});

describe('schema harness: CRD lookup across folders', () => {
  test('a minimal Karpenter NodePool (karpenter.sh/v1, crds/karpenter-provider-*) passes', () => {
    // GIVEN a NodePool with the required template.spec.{requirements,nodeClassRef}
    const nodePool = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'gpu' },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
            requirements: [{ key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['p5'] }],
          },
        },
      },
    };
    // WHEN it is validated
    // THEN there is no violation
    expect(validateManifest(nodePool)).toEqual([]);
  });

  test('fails a Karpenter NodePool missing its required nodeClassRef', () => {
    // GIVEN a NodePool without nodeClassRef
    const nodePool = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'gpu' },
      spec: { template: { spec: { requirements: [] } } },
    };
    // WHEN it is validated
    // THEN the missing field is reported
    expect(summary(validateManifest(nodePool))).toEqual(['$.spec.template.spec: missing required field "nodeClassRef"']);
  });

  test('a minimal KEDA ScaledObject (keda.sh/v1alpha1, crds/catalog JSON schema) passes', () => {
    // GIVEN a ScaledObject with the required scaleTargetRef and triggers
    const scaledObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'decode', namespace: 'dynamo' },
      spec: {
        scaleTargetRef: { apiVersion: 'nvidia.com/v1beta1', kind: 'DynamoGraphDeploymentScalingAdapter', name: 'x-decode' },
        minReplicaCount: 1,
        maxReplicaCount: 4,
        triggers: [
          {
            type: 'prometheus',
            metadata: { serverAddress: 'http://prometheus:9090', query: 'sum(up)', threshold: '10' },
          },
        ],
      },
    };
    // WHEN it is validated
    // THEN there is no violation
    expect(validateManifest(scaledObject)).toEqual([]);
  });

  test('fails a KEDA ScaledObject with an unknown spec field', () => {
    // GIVEN a ScaledObject with `maxReplicas` (HPA spelling) instead of `maxReplicaCount`
    const scaledObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'decode' },
      spec: { scaleTargetRef: { name: 'x' }, maxReplicas: 4, triggers: [{ type: 'cpu', metadata: { value: '50' } }] },
    };
    // WHEN it is validated
    // THEN the unknown field is reported
    expect(summary(validateManifest(scaledObject))).toEqual(['$.spec.maxReplicas: unknown field "maxReplicas" (not in the schema)']);
  });
});

describe('schema harness: assertSchemaValid', () => {
  test('passes when every object is valid', () => {
    // GIVEN valid objects
    // WHEN / THEN asserting does not throw
    expect(() => assertSchemaValid([configMap(), job()])).not.toThrow();
  });

  test('fails with an Error listing the object and the path of each violation', () => {
    // GIVEN one valid and one invalid object
    const cm = { ...configMap(), datta: {} };
    // WHEN they are asserted valid
    // THEN the Error names the object, the path and the problem
    expect(() => assertSchemaValid([job(), cm])).toThrow(
      /1 schema violation\(s\):\n {2}- ConfigMap\/dynamo\/cfg \(v1\) at \$\.datta: unknown field "datta"/,
    );
  });
});

describe('schema harness: compiled-validator cache', () => {
  // A synthetic shared folder (one core kind, one CRD) and a cache folder of its own, read by fresh instances of
  // the harness module: the cache is keyed by content, so what the tests edit here never touches the real cache.
  const OBJECT_META = {
    type: 'object',
    properties: {
      name: { type: 'string' },
      namespace: { type: 'string' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      annotations: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };
  const DEFINITIONS = {
    definitions: {
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': OBJECT_META,
      'io.k8s.api.core.v1.ConfigMap': {
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
          data: { type: 'object', additionalProperties: { type: 'string' } },
        },
        'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'ConfigMap' }],
      },
    },
  };
  /** A Widget CRD whose spec has an int32 `size` (when `withSize`) and a `(?i)` RE2 `color` pattern. */
  function widgetCrd(options: { withSize: boolean; served: boolean }): string {
    return [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: widgets.example.com',
      'spec:',
      '  group: example.com',
      '  names:',
      '    kind: Widget',
      '    plural: widgets',
      '  scope: Namespaced',
      '  versions:',
      '    - name: v1',
      `      served: ${options.served}`,
      '      storage: true',
      '      schema:',
      '        openAPIV3Schema:',
      '          type: object',
      '          properties:',
      '            apiVersion: {type: string}',
      '            kind: {type: string}',
      '            metadata: {type: object}',
      '            spec:',
      '              type: object',
      '              properties:',
      ...(options.withSize ? ['                size: {type: integer, format: int32}'] : []),
      "                color: {type: string, pattern: '(?i)^[a-z]+$'}",
      '',
    ].join('\n');
  }
  const widget = (spec: Record<string, unknown>): Manifest => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });
  const brokenObjects = (): Manifest[] => [
    widget({ size: 2 ** 31, color: 'Red1' }),
    widget({ size: 3, color: 'Red', colour: 'red' }),
    { ...configMap(), datta: {} },
  ];

  let tmp: string;
  let shared: string;
  let crdFile: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dynamo-schema-cache-test-'));
    shared = path.join(tmp, 'shared');
    fs.mkdirSync(path.join(shared, 'k8s-schemas', 'v1.30.0'), { recursive: true });
    fs.writeFileSync(path.join(shared, 'k8s-schemas', 'v1.30.0', '_definitions.json'), JSON.stringify(DEFINITIONS));
    crdFile = path.join(shared, 'crds', 'example', 'example.com_widgets.yaml');
    fs.mkdirSync(path.dirname(crdFile), { recursive: true });
    fs.writeFileSync(crdFile, widgetCrd({ withSize: true, served: true }));
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  // The fresh harnesses read a temporary shared folder: drop them, so that a later import (another test
  // file in the same worker when isolation is off) loads the harness of the real ../shared again.
  afterAll(() => {
    vi.resetModules();
  });

  /** A fresh instance of the harness (and of its cache module) reading `shared`, caching in `cacheDir` ('off': no cache). */
  async function freshHarness(cacheDir: string | 'off') {
    vi.resetModules();
    vi.stubEnv('DYNAMO_SHARED_DIR', shared);
    if (cacheDir === 'off') vi.stubEnv('DYNAMO_SCHEMA_CACHE', '0');
    else {
      vi.stubEnv('DYNAMO_SCHEMA_CACHE', '1');
      vi.stubEnv('DYNAMO_SCHEMA_CACHE_DIR', cacheDir);
    }
    const schema = await import('./support/schema.js');
    const cache = await import('./support/schema-cache.js');
    return { validate: (objs: Manifest[]) => objs.map((o) => summary(schema.validateManifest(o))), stats: cache.cacheStats, dir: cache.CACHE_DIR };
  }

  const cacheFiles = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(cjs|json)$/.test(f)) : []);

  test('a cold run compiles and caches, a warm run loads the cache, and both report what an uncached harness reports', async () => {
    // GIVEN objects breaking an int32 format, a (?i) pattern, a closed CRD spec and a closed core kind
    const expected = [
      ['$.spec.size: must match format "int32"', '$.spec.color: must match pattern "(?i)^[a-z]+$"'],
      ['$.spec.colour: unknown field "colour" (not in the schema)'],
      ['$.datta: unknown field "datta" (not in the schema)'],
    ];
    const cacheDir = path.join(tmp, 'cache');
    // WHEN they are validated with no cache, then with an empty cache, then again with the filled cache
    const off = await freshHarness('off');
    const offViolations = off.validate(brokenObjects());
    const cold = await freshHarness(cacheDir);
    const coldViolations = cold.validate(brokenObjects());
    const warm = await freshHarness(cacheDir);
    const warmViolations = warm.validate(brokenObjects());
    // THEN all three report the same violations; the cold run wrote what the warm run read
    expect(offViolations).toEqual(expected);
    expect(coldViolations).toEqual(expected);
    expect(warmViolations).toEqual(expected);
    expect(off.dir).toBeUndefined();
    expect(cold.stats).toMatchObject({ hits: 0, writes: cold.stats.misses });
    expect(cold.stats.misses).toBeGreaterThanOrEqual(3); // ConfigMap, Widget v1, ObjectMeta (+ served versions)
    expect(warm.stats).toMatchObject({ hits: cold.stats.misses, misses: 0, writes: 0 });
    expect(cacheFiles(cacheDir)).toHaveLength(cold.stats.writes);
  });

  test('an edited schema file misses the cache: the new schema applies', async () => {
    // GIVEN a cache filled from the Widget CRD with `size`
    const cacheDir = path.join(tmp, 'cache');
    expect((await freshHarness(cacheDir)).validate([widget({ size: 3 })])).toEqual([[]]);
    // WHEN the CRD drops `size`, and then stops serving v1
    fs.writeFileSync(crdFile, widgetCrd({ withSize: false, served: true }));
    const edited = await freshHarness(cacheDir);
    const violations = edited.validate([widget({ size: 3 })]);
    fs.writeFileSync(crdFile, widgetCrd({ withSize: false, served: false }));
    const unserved = await freshHarness(cacheDir);
    // THEN `size` is an unknown field, and then v1 Widgets have no schema
    expect(violations).toEqual([['$.spec.size: unknown field "size" (not in the schema)']]);
    expect(edited.stats.misses).toBeGreaterThan(0);
    expect(() => unserved.validate([widget({})])).toThrow(/No schema known for Widget \(example.com\/v1\)/);
  });

  test('an unreadable cache entry is compiled again and overwritten', async () => {
    // GIVEN a filled cache whose entries were all damaged
    const cacheDir = path.join(tmp, 'cache');
    const first = await freshHarness(cacheDir);
    first.validate(brokenObjects());
    for (const f of cacheFiles(cacheDir)) fs.writeFileSync(path.join(cacheDir, f), f.endsWith('.cjs') ? 'module.exports = 42;' : '{');
    // WHEN the objects are validated again
    const again = await freshHarness(cacheDir);
    const violations = again.validate(brokenObjects());
    // THEN the violations are the same, every entry was compiled and written again
    expect(violations).toEqual(first.validate(brokenObjects()));
    expect(again.stats).toMatchObject({ hits: 0, misses: first.stats.misses, writes: first.stats.misses });
    for (const f of cacheFiles(cacheDir)) expect(fs.readFileSync(path.join(cacheDir, f), 'utf8')).not.toMatch(/^(module\.exports = 42;|\{)$/);
  });
});

describe('schema harness: CEL rules (x-kubernetes-validations)', SLOW, () => {
  /** A Karpenter NodePool (crds/karpenter-provider-aws) with `labels` on its nodes and one requirement. */
  function nodePool(labels: Record<string, string>, requirement: Manifest): Manifest {
    return {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'gpu' },
      spec: {
        template: {
          metadata: { labels },
          spec: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'gpu' }, requirements: [requirement] },
        },
      },
    };
  }
  const GPU_FAMILY = { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['p5'] };

  /** An EC2NodeClass (karpenter.k8s.aws/v1) with the given security group selector terms. */
  function ec2NodeClass(securityGroupSelectorTerms: Manifest[]): Manifest {
    return {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: 'gpu' },
      spec: {
        role: 'KarpenterNodeRole-dynamo',
        amiSelectorTerms: [{ alias: 'al2023@latest' }],
        subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'dynamo' } }],
        securityGroupSelectorTerms,
        blockDeviceMappings: [{ deviceName: '/dev/xvda', rootVolume: true, ebs: { volumeSize: '500Gi', volumeType: 'gp3' } }],
      },
    };
  }

  /** A GKE ComputeClass (crds/gke/computeclass_v1.json) with one priority. */
  function computeClass(priority: Manifest): Manifest {
    return {
      apiVersion: 'cloud.google.com/v1',
      kind: 'ComputeClass',
      metadata: { name: 'gpu' },
      spec: { priorities: [priority], whenUnsatisfiable: 'DoNotScaleUp' },
    };
  }

  /** An HTTPRoute (gateway.networking.k8s.io/v1) with the given parentRefs and one path match. */
  function httpRoute(parentRefs: Manifest[], pathValue: string): Manifest {
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'llm', namespace: 'dynamo' },
      spec: {
        parentRefs,
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: pathValue } }], backendRefs: [{ name: 'llm-frontend', port: 8000 }] }],
      },
    };
  }

  test('valid objects of kinds the library emits pass their CEL rules', () => {
    // GIVEN a NodePool, an EC2NodeClass, a ComputeClass, an HTTPRoute and a DGD that break no rule
    const objects = [
      nodePool({ 'dynamo.nvidia.com/pool': 'decode' }, GPU_FAMILY),
      ec2NodeClass([{ tags: { 'karpenter.sh/discovery': 'dynamo' } }]),
      computeClass({ machineType: 'a3-highgpu-8g', gpu: { type: 'nvidia-h100-80gb', count: 8 } }),
      httpRoute([{ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'b' }], '/v1'),
      dgdV1beta1(),
    ];
    const before = celStats().evaluations;
    // WHEN they are validated
    // THEN there is no violation, and rules were evaluated
    expect(objects.map((o) => summary(validateManifest(o)))).toEqual([[], [], [], [], []]);
    expect(celStats().evaluations).toBeGreaterThan(before);
  });

  test('Karpenter NodePool: a restricted label domain and a negative Gt value are reported with the rules\' messages', () => {
    // GIVEN a NodePool labelling its nodes karpenter.sh/team and requiring instance-gpu-count Gt -1
    const pool = nodePool({ 'karpenter.sh/team': 'llm' }, { key: 'karpenter.k8s.aws/instance-gpu-count', operator: 'Gt', values: ['-1'] });
    // WHEN it is validated
    // THEN both CEL rules are reported at their nodes
    expect(summary(validateManifest(pool))).toEqual([
      '$.spec.template.metadata.labels: label domain "karpenter.sh" is restricted',
      "$.spec.template.spec.requirements: requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value",
    ]);
  });

  test('a rule that cannot be evaluated is reported, as the API server rejects the object', () => {
    // GIVEN a NodePool requirement Gt "abc" (the rule calls int() on it)
    const pool = nodePool({}, { key: 'karpenter.k8s.aws/instance-gpu-count', operator: 'Gt', values: ['abc'] });
    // WHEN it is validated
    const violations = summary(validateManifest(pool));
    // THEN the evaluation error is reported with the rule
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/^\$\.spec\.template\.spec\.requirements: .* evaluating rule: self\.all\(x, \(x\.operator == 'Gt'/);
  });

  test('EC2NodeClass: a security group term with both id and tags is reported', () => {
    // GIVEN an EC2NodeClass whose only security group term sets id and tags
    const nodeClass = ec2NodeClass([{ id: 'sg-0123456789abcdef0', tags: { team: 'llm' } }]);
    // WHEN it is validated
    // THEN the mutual-exclusion rule is reported
    expect(summary(validateManifest(nodeClass))).toEqual([
      "$.spec.securityGroupSelectorTerms: 'id' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term",
    ]);
  });

  /** A NodePool whose nodes take the class `nodeClass` (group, kind), with node `labels` and a requirement on `key`. */
  function providerNodePool(nodeClass: readonly [string, string], labels: Record<string, string>, key = 'node.kubernetes.io/instance-type'): Manifest {
    return {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'llm-llm-workers' },
      spec: {
        template: {
          metadata: { labels },
          spec: { nodeClassRef: { group: nodeClass[0], kind: nodeClass[1], name: 'llm-llm-workers' }, requirements: [{ key, operator: 'In', values: ['x'] }] },
        },
      },
    };
  }
  const AKS_CLASS = ['karpenter.azure.com', 'AKSNodeClass'] as const;
  const EC2_CLASS = ['karpenter.k8s.aws', 'EC2NodeClass'] as const;
  const AUTO_MODE_CLASS = ['eks.amazonaws.com', 'NodeClass'] as const;

  test('AKS NodePool: checked against the Azure Karpenter CRD, whose rules restrict kubernetes.azure.com, agentpool and accelerator', () => {
    // GIVEN NodePools of AKSNodeClasses labelling their nodes with Azure-reserved labels, or requiring agentpool;
    // and the same labels on a NodePool of an EC2NodeClass (the AWS copy has no such rules)
    const reservedDomain = providerNodePool(AKS_CLASS, { 'kubernetes.azure.com/team': 'llm' });
    const accelerator = providerNodePool(AKS_CLASS, { accelerator: 'h100' });
    const agentpool = providerNodePool(AKS_CLASS, {}, 'agentpool');
    const onAws = providerNodePool(EC2_CLASS, { 'kubernetes.azure.com/team': 'llm', 'accelerator': 'h100' }, 'agentpool');
    // WHEN they are validated
    // THEN the Azure rules are reported on the AKS NodePools only, with the Azure CRD's messages
    expect(summary(validateManifest(providerNodePool(AKS_CLASS, { 'dynamo.nvidia.com/pool': 'workers' })))).toEqual([]);
    expect(summary(validateManifest(reservedDomain))).toEqual(['$.spec.template.metadata.labels: label domain "kubernetes.azure.com" is restricted']);
    expect(summary(validateManifest(accelerator))).toEqual(['$.spec.template.metadata.labels: label "accelerator" is restricted']);
    expect(summary(validateManifest(agentpool))).toEqual(['$.spec.template.spec.requirements[0].key: label "agentpool" is restricted']);
    expect(summary(validateManifest(onAws))).toEqual([]);
  });

  test('EKS NodePools (EC2NodeClass and Auto Mode NodeClass): checked against the AWS Karpenter CRD', () => {
    // GIVEN NodePools of an EC2NodeClass and of an Auto Mode NodeClass labelling their nodes in the karpenter.k8s.aws domain
    // (restricted by the AWS copy only), and one labelling them kubernetes.azure.com (restricted by the Azure copy only)
    const labels = { 'karpenter.k8s.aws/team': 'llm' };
    // WHEN they are validated
    // THEN the AWS rule is reported for both, the Azure one for neither
    const message = ['$.spec.template.metadata.labels: label domain "karpenter.k8s.aws" is restricted'];
    expect(summary(validateManifest(providerNodePool(EC2_CLASS, labels)))).toEqual(message);
    expect(summary(validateManifest(providerNodePool(AUTO_MODE_CLASS, labels)))).toEqual(message);
    expect(summary(validateManifest(providerNodePool(AUTO_MODE_CLASS, { 'kubernetes.azure.com/team': 'llm' })))).toEqual([]);
  });

  test('a NodePool of a node class group without a provider CRD fails loudly (throws)', () => {
    // GIVEN a NodePool of a node class in a group no crds/ folder provides
    const pool = providerNodePool(['karpenter.example.com', 'ExampleNodeClass'], {});
    // WHEN / THEN validating it throws, naming the group
    expect(() => validateManifest(pool)).toThrow(/No Karpenter provider CRD known for node class group "karpenter.example.com"/);
  });

  test('AKSNodeClass: an image GC high threshold below the low one is reported', () => {
    // GIVEN the library's AKSNodeClass, and the same with kubelet image GC thresholds 80 (high) / 85 (low)
    const nodeClass = (kubelet?: Manifest): Manifest => ({
      apiVersion: 'karpenter.azure.com/v1beta1',
      kind: 'AKSNodeClass',
      metadata: { name: 'llm-llm-workers' },
      spec: { gpu: { mode: 'Driver' }, imageFamily: 'Ubuntu', osDiskSizeGB: 256, ...(kubelet ? { kubelet } : {}) },
    });
    // WHEN they are validated
    // THEN the kubelet rule is reported for the second only
    expect(summary(validateManifest(nodeClass({ imageGCHighThresholdPercent: 85, imageGCLowThresholdPercent: 80 })))).toEqual([]);
    expect(summary(validateManifest(nodeClass({ imageGCHighThresholdPercent: 80, imageGCLowThresholdPercent: 85 })))).toEqual([
      '$.spec.kubelet: imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent',
    ]);
  });

  test('EKS Auto Mode NodeClass: a subnet term with both id and tags is reported', () => {
    // GIVEN Auto Mode NodeClasses whose subnet term sets an id, or an id and tags
    const nodeClass = (subnetTerm: Manifest): Manifest => ({
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'NodeClass',
      metadata: { name: 'llm-llm-gpu' },
      spec: {
        role: 'AmazonEKSAutoNodeRole',
        subnetSelectorTerms: [subnetTerm],
        securityGroupSelectorTerms: [{ id: 'sg-0123456789abcdef0' }],
        ephemeralStorage: { size: '500Gi' },
      },
    });
    // WHEN they are validated
    // THEN the mutual-exclusion rule is reported for the second only
    expect(summary(validateManifest(nodeClass({ id: 'subnet-0123456789abcdef0' })))).toEqual([]);
    expect(summary(validateManifest(nodeClass({ id: 'subnet-0123456789abcdef0', tags: { 'kubernetes.io/role/internal-elb': '1' } })))).toEqual([
      "$.spec.subnetSelectorTerms: 'id' is mutually exclusive, cannot be set with a combination of other fields in subnetSelectorTerms",
    ]);
  });

  test('Gateway: two listeners of one name are reported', () => {
    // GIVEN the library's HTTPS Gateway, and the same with a second listener named https on another port
    const listener = (port: number): Manifest => ({
      name: 'https', port, protocol: 'HTTPS', hostname: 'llm.example.com', allowedRoutes: { namespaces: { from: 'Same' } },
      tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'llm-tls' }] },
    });
    const gateway = (listeners: Manifest[]): Manifest => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'llm-frontend', namespace: 'llm' },
      spec: { gatewayClassName: 'gke-l7-global-external-managed', listeners },
    });
    // WHEN they are validated
    // THEN the unique-name rule is reported for the second only
    expect(summary(validateManifest(gateway([listener(443)])))).toEqual([]);
    expect(summary(validateManifest(gateway([listener(443), listener(8443)])))).toEqual(['$.spec.listeners: Listener name must be unique within the Gateway']);
  });

  test('GCPBackendPolicy: scopes on a Service target are reported', () => {
    // GIVEN the library's backend policy of the frontend Service, and the same with per-zone scopes
    const policy = (extra: Manifest = {}): Manifest => ({
      apiVersion: 'networking.gke.io/v1',
      kind: 'GCPBackendPolicy',
      metadata: { name: 'llm-frontend', namespace: 'llm' },
      spec: { default: { timeoutSec: 300, ...extra }, targetRef: { group: '', kind: 'Service', name: 'llm-frontend' } },
    });
    // WHEN they are validated
    // THEN the scopes rule is reported for the second only
    expect(summary(validateManifest(policy()))).toEqual([]);
    expect(summary(validateManifest(policy({ scopes: [{ selector: { 'gke.io/zone': 'us-central1-a' } }] })))).toEqual([
      '$.spec: Scopes can only be configured for ServiceImport and InferencePoolImport targets',
    ]);
  });

  test('HealthCheckPolicy: a timeout over the check interval is reported', () => {
    // GIVEN the library's health check of the frontend, and the same with a 10 s timeout every 5 s
    const policy = (timing: Manifest = {}): Manifest => ({
      apiVersion: 'networking.gke.io/v1',
      kind: 'HealthCheckPolicy',
      metadata: { name: 'llm-frontend', namespace: 'llm' },
      spec: {
        default: { ...timing, config: { type: 'HTTP', httpHealthCheck: { requestPath: '/health' } } },
        targetRef: { group: '', kind: 'Service', name: 'llm-frontend' },
      },
    });
    // WHEN they are validated
    // THEN the timing rule is reported for the second only
    expect(summary(validateManifest(policy({ checkIntervalSec: 15, timeoutSec: 5 })))).toEqual([]);
    expect(summary(validateManifest(policy({ checkIntervalSec: 5, timeoutSec: 10 })))).toEqual(['$.spec.default: timeOutSec cannot exceed checkIntervalSec']);
  });

  test('GrafanaDashboard: a folder title with a folderUID is reported', () => {
    // GIVEN the library's dashboard in a folder by title, and the same also naming the folder by UID
    const dashboard = (folder: Manifest): Manifest => ({
      apiVersion: 'grafana.integreatly.org/v1beta1',
      kind: 'GrafanaDashboard',
      metadata: { name: 'llm-dashboard', namespace: 'llm' },
      spec: { instanceSelector: { matchLabels: { dashboards: 'grafana' } }, json: '{}', ...folder },
    });
    // WHEN they are validated
    // THEN the folder rule is reported for the second only (the transition rules on uid and instanceSelector are skipped)
    expect(summary(validateManifest(dashboard({ folder: 'Dynamo' })))).toEqual([]);
    expect(summary(validateManifest(dashboard({ folder: 'Dynamo', folderUID: 'dynamo' })))).toEqual([
      '$.spec: folder field cannot be set when folderUID or folderRef is already declared',
    ]);
  });

  test('GKE ComputeClass: a priority with both machineFamily and machineType is reported', () => {
    // GIVEN a ComputeClass priority naming a family and a machine type
    const cc = computeClass({ machineFamily: 'a3', machineType: 'a3-highgpu-8g' });
    // WHEN it is validated
    // THEN the rule of the priority item is reported at the item
    expect(summary(validateManifest(cc))).toEqual(['$.spec.priorities[0]: MachineFamily and MachineType cannot be set together']);
  });

  test('HTTPRoute: a path with "//" is reported; parentRefs see the escaped `namespace` field', () => {
    // GIVEN a route matching /v1//chat, with two parentRefs to the same Gateway in different namespaces
    // (the rules read `p.__namespace__`: without escaping they would be the same parent, without sectionName)
    const route = httpRoute([{ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'b' }], '/v1//chat');
    // WHEN it is validated
    // THEN only the path rule is reported
    expect(summary(validateManifest(route))).toEqual([
      "$.spec.rules[0].matches[0].path: must not contain '//' when type one of ['Exact', 'PathPrefix']",
    ]);
  });

  test('DGD v1beta1: duplicate component names and a sidecar without image are reported', () => {
    // GIVEN a DGD with components Frontend and frontend, the first with an image-less sidecar
    const dgd = dgdV1beta1();
    const spec = dgd.spec as Manifest;
    const frontend = component(dgd);
    ((frontend.podTemplate as Manifest).spec as Manifest).containers = [{ name: 'main', image: 'img' }, { name: 'proxy' }];
    spec.components = [frontend, { name: 'frontend', type: 'worker' }];
    // WHEN it is validated
    // THEN both rules are reported at their nodes
    expect(summary(validateManifest(dgd))).toEqual([
      '$.spec.components: component names must be unique case-insensitively',
      '$.spec.components[0].podTemplate.spec.containers[1]: sidecar containers must specify a non-empty image',
    ]);
  });

  test('DGD: an optionalOldSelf rule runs on create (spec.restart must be unset)', () => {
    // GIVEN a new DGD that sets spec.restart
    const dgd = dgdV1beta1();
    (dgd.spec as Manifest).restart = { id: 'r1' };
    // WHEN it is validated (a create: oldSelf is an empty optional)
    // THEN the rule is reported
    expect(summary(validateManifest(dgd))).toEqual([
      '$.spec: spec.restart must be unset on create; set spec.restart.id after creation to request a restart',
    ]);
  });

  test('DGD: schema defaults apply before the rules (gpuMemoryService.mode defaults to IntraPod)', () => {
    // GIVEN gpuMemoryService with extra client containers (fine in the default mode) and extra client pods
    const dgd = dgdV1beta1();
    component(dgd).experimental = { gpuMemoryService: { extraClientContainers: ['c'] } };
    const withPods = dgdV1beta1();
    component(withPods).experimental = { gpuMemoryService: { extraClientPods: [{ name: 'p', podTemplate: {} }] } };
    // WHEN they are validated
    // THEN the first passes (mode is IntraPod, not "no such key"), the second breaks the InterPod rules
    expect(summary(validateManifest(dgd))).toEqual([]);
    expect(summary(validateManifest(withPods))).toEqual([
      '$.spec.components[0].experimental.gpuMemoryService: extraClientPods is only supported with mode=InterPod',
      '$.spec.components[0].experimental.gpuMemoryService: extraClientPods is reserved for inter-pod GMS and is not implemented yet',
    ]);
  });

  test('DGD v1alpha1: quantity() rules compare sizes (sharedMemory size 0 is reported, 8Gi passes)', () => {
    // GIVEN v1alpha1 DGDs for Dynamo 1.4.0 with sharedMemory sizes 0 and 8Gi
    const zero = dgdV1alpha1('1.4.0', { sharedMemory: { size: '0' } });
    const eight = dgdV1alpha1('1.4.0', { sharedMemory: { size: '8Gi' } });
    // WHEN they are validated
    // THEN only the zero size is reported
    expect(summary(validateManifest(zero))).toEqual(['$.spec.services.Frontend.sharedMemory: size is required when disabled is false']);
    expect(summary(validateManifest(eight))).toEqual([]);
  });

  test('transition rules (oldSelf) are skipped on create and counted', () => {
    // GIVEN a NodePool: 3 of its rules on present nodes read oldSelf (replicas mode, nodeClassRef group and kind)
    const pool = nodePool({}, GPU_FAMILY);
    const before = celStats().transitionSkips;
    // WHEN it is validated
    const violations = validateManifest(pool);
    // THEN they are skipped (not reported as errors) and counted
    expect(violations).toEqual([]);
    expect(celStats().transitionSkips - before).toBe(3);
    expect(celStats().transitionRules).toBeGreaterThanOrEqual(3);
  });

  test('fails loudly (throws) for a rule that calls a function the harness does not implement', () => {
    // GIVEN a schema whose rule calls cidr(...).containsIP(...) (the Kubernetes IP library, not implemented)
    const schema = { type: 'object', properties: { r: { type: 'string', 'x-kubernetes-validations': [{ rule: 'cidr(self).containsIP("10.0.0.1")' }] } } };
    const rules = celRuleSet(celRuleTree(schema));
    // WHEN / THEN checking an object throws, naming the functions, even though the object lacks the rule's node
    expect(() => celViolations(rules, {}, 'synthetic')).toThrow(/calls cidr, containsIP/);
  });

  test('url() rules run: an Istio RequestAuthentication\'s jwksUri must have an http(s) scheme', () => {
    // GIVEN RequestAuthentications with an https and an ftp JWKS URL
    const auth = (jwksUri: string) => ({ apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name: 'jwt' },
      spec: { jwtRules: [{ issuer: 'https://login.example.com/', jwksUri }] } });
    // WHEN / THEN only the ftp one is reported
    expect(summary(validateManifest(auth('https://login.example.com/jwks')))).toEqual([]);
    expect(summary(validateManifest(auth('ftp://login.example.com/jwks'))).join()).toContain('url must have scheme http:// or https://');
  });

  test('a synthetic schema: integers are CEL ints, numbers doubles; a false rule without message reports the rule', () => {
    // GIVEN a schema with an integer and a number, and rules that only type-check with int / double values
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer' }, d: { type: 'number' } },
      'x-kubernetes-validations': [{ rule: 'self.n / 2 == 1' }, { rule: 'self.d / 2.0 == 1.5' }, { rule: 'self.n > 5' }],
    };
    const rules = celRuleSet(celRuleTree(schema));
    // WHEN an object with n = 3, d = 3 is checked
    const findings = celViolations(rules, { n: 3, d: 3 }, 'synthetic');
    // THEN 3 / 2 is integer division, 3 / 2.0 a double one, and the false rule is reported by its text
    expect(findings).toEqual([{ path: '$', message: 'failed rule: self.n > 5' }]);
  });

  test('a synthetic schema: an unsupported function throws even where the rule\'s node is absent', () => {
    // GIVEN a rule calling isCIDR() on an optional field
    const schema = { type: 'object', properties: { u: { type: 'string', 'x-kubernetes-validations': [{ rule: 'isCIDR(self)' }] } } };
    const rules = celRuleSet(celRuleTree(schema));
    // WHEN / THEN checking an object without `u` throws
    expect(() => celViolations(rules, {}, 'synthetic')).toThrow(/synthetic at \$\.u: rule "isCIDR\(self\)" calls isCIDR/);
  });
});
