/**
 * The cloud contract: `CloudProfile` as an open extension point (`Cloud.custom`), and the rules the
 * patterns apply around every profile, built-in or not: placement props, capacity type lists, the
 * NIXL backend both KV pools agree on, TCP KV transfer, model storage; the objects a profile
 * creates, reachable as `llm.cloudObjects` and ordered before the graph.
 */
import { ApiObject, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, test } from 'vitest';
import {
  AggregatedLlm, CapacityType, Cloud, CloudBinding, CloudContext, CloudProfile, ClusterObject, DisaggregatedLlm, DisaggregatedLlmProps,
  FrontendIngressOptions, GpuType, IngressTarget,
  DynamoValidationError, EksAmi, EksOptions, ModelCache, ModelStorage, NixlBackend, PoolWiring, RdmaFabric, KvTransfer, Backend,
} from '../lib';
import { newChart, synthValid, validationError } from './support/synth';

const EKS = Cloud.eks({
  ami: EksAmi.al2023('v20250821'), nodeRole: 'KarpenterNodeRole-prod',
  subnetTags: { 'karpenter.sh/discovery': 'prod' }, securityGroupTags: { 'karpenter.sh/discovery': 'prod' },
});

/** A profile of the test's own: each pool gets the wiring `wire` returns; it provisions nothing. */
class TestProfile extends CloudProfile {
  public readonly id: string = 'test-cloud';
  public readonly displayName: string = 'TestProfile';
  public readonly contexts: CloudContext[] = [];

  public constructor(private readonly wire: (prop: string) => PoolWiring = () => ({})) {
    super();
  }

  public bind(ctx: CloudContext): CloudBinding {
    this.contexts.push(ctx);
    return { pools: Object.fromEntries(ctx.pools.map((p) => [p.prop, this.wire(p.prop)])) };
  }
}

function disagg(cloud: Cloud, extra: Partial<DisaggregatedLlmProps> = {}): DisaggregatedLlm {
  return new DisaggregatedLlm(newChart(), 'llama', { model: 'meta-llama/Llama-3.1-8B-Instruct', cloud, ...extra });
}

describe('Cloud.custom', () => {
  test('a profile whose wiring sets a literal credential is refused: no secret in plain text from a profile either', () => {
    const profile = new TestProfile(() => ({ env: { FABRIC_API_KEY: 'k-123' } }));
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: 'Qwen/Qwen3-0.6B', cloud: Cloud.custom(profile) }));
    expect(e.prop).toBe('cloud.wiring.workers.env.FABRIC_API_KEY');
    expect(e.message).toContain('(got "<redacted>")');
  });

  test('a profile written outside the library places the pools', () => {
    // GIVEN a profile that pins every pool with a node selector
    const profile = new TestProfile(() => ({ nodeSelector: { 'example.com/gpu': 'h100' }, summary: 'on-prem h100' }));
    // WHEN
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'qwen', { model: 'Qwen/Qwen3-0.6B', cloud: Cloud.custom(profile), workers: { gpus: 2 } });
    // THEN the profile saw the pool, and the pods carry its wiring
    expect(profile.contexts).toHaveLength(1);
    expect(profile.contexts[0].pools.map((p) => [p.prop, p.role, p.componentName, p.gpusPerNode, p.capacityTypes])).toStrictEqual([
      ['workers', 'aggregated', 'VllmDecodeWorker', 2, [CapacityType.ON_DEMAND]],
    ]);
    const dgd = synthValid(chart).find((o) => o.kind === 'DynamoGraphDeployment')!;
    expect(dgd.spec.components[1].podTemplate.spec.nodeSelector).toStrictEqual({ 'example.com/gpu': 'h100' });
    expect(llm.cloud.id).toBe('test-cloud');
    expect(String(llm.cloud)).toBe('TestProfile');
    expect(llm.endpointCard.pools.workers.placement).toBe('on-prem h100');
    expect(llm.cloudObjects).toStrictEqual({ pools: {}, shared: [], ingress: [] });
  });

  test.each([
    ['undefined', undefined, /^cloud must be given a CloudProfile/],
    ['a plain object', { id: 'x' }, /^cloud must be given a CloudProfile \(an object with id, displayName and bind\) \(got \["id"\]\)/],
    ['a string', 'eks', /^cloud must be given a CloudProfile .* \(got "eks"\)/],
  ])('rejects %s from an untyped caller', (_name, value, message) => {
    expect(() => Cloud.custom(value as unknown as CloudProfile)).toThrow(message);
  });

  test('rejects a profile id that is not a lowercase id', () => {
    class Bad extends TestProfile {
      public readonly id = 'On Prem';
    }
    expect(() => Cloud.custom(new Bad())).toThrow('cloud.id must be a lowercase id of letters, digits and dashes (got "On Prem"); give the profile an id such as "on-prem"');
  });

  test('a plain object without the CloudProfile members is refused, not a TypeError later', () => {
    const plain = { id: 'x', displayName: 'X', bind: () => ({ pools: {} }) };
    expect(() => Cloud.custom(plain as unknown as CloudProfile)).toThrow(
      'cloud.shapes must be an array, as CloudProfile declares it (got undefined); pass an instance of a class that extends CloudProfile: Cloud.custom(new MyProfile())');
    expect(() => Cloud.custom(null as unknown as CloudProfile)).toThrow(/^cloud must be given a CloudProfile .* \(got null\)/);
  });

  test('what bind returns is checked before the pattern reads it', () => {
    class Returns extends TestProfile {
      public constructor(private readonly result: unknown) {
        super();
      }
      public bind(): CloudBinding {
        return this.result as CloudBinding;
      }
    }
    const build = (result: unknown) => () => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud: Cloud.custom(new Returns(result)) });
    expect(build(undefined)).toThrow(/^cloud must return a CloudBinding from bind \(TestProfile returned none\) \(got "undefined"\)/);
    expect(build({ pools: { decode: {} } })).toThrow(/^cloud must wire only the deployment's pools \(workers\) \(got "decode"\)/);
    expect(build({ pools: { workers: { fabric: 'efa' } } })).toThrow(/^cloud must give each pool's wiring an RdmaFabric \(TestProfile wired workers with another value\) \(got "efa"\)/);
    expect(build({ pools: {}, sharedObjects: [{ kind: 'NodePool' }] })).toThrow(/^cloud must list only ApiObjects in poolObjects and sharedObjects/);
  });

  test('a Cloud is recognised by its brand', () => {
    expect(Cloud.isCloud(Cloud.generic())).toBe(true);
    expect(Cloud.isCloud({ profile: {} })).toBe(false);
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud: { id: 'eks' } as unknown as Cloud })).toThrow(
      'cloud must be a Cloud (got "{id}"); use Cloud.generic(), Cloud.eks({...}), Cloud.eksAutoMode(), Cloud.gke(), Cloud.aks() or Cloud.custom(profile)');
  });

  test('a profile\'s wiring may not set what the pattern sets from its props', () => {
    const profile = new TestProfile(() => ({ env: { HF_HOME: '/elsewhere' } }));
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud: Cloud.custom(profile), modelCache: ModelCache.fromExistingClaim('c') })).toThrow(
      'cloud must not set HF_HOME in the workers pool\'s wiring, which is set from modelCache (got "HF_HOME"); leave HF_HOME to modelCache: the cloud profile (TestProfile) must not wire it');
  });

  test('a profile that lists shapes gets each pool checked against them before bind', () => {
    class Fleet extends TestProfile {
      public readonly shapes = [
        { name: 'dgx', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 81920, fabric: RdmaFabric.INFINIBAND, rdmaDevices: 8 },
        { name: 'l4', gpuType: GpuType.L4, gpuCount: 1, gpuMemoryMiB: 23034, fabric: RdmaFabric.NONE, rdmaDevices: 0 },
      ];
    }
    const cloud = Cloud.custom(new Fleet());
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud, workers: { machineType: 'p5' } })).toThrow(
      'workers.machineType must be a GPU machine shape of TestProfile (got "p5"); use one of dgx, l4, or add the shape to the profile with extraShapes');
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud, workers: { machineType: 'l4', gpus: 2 } })).toThrow(/^workers\.gpus must fit the machine: l4 \(1 × NVIDIA L4, no RDMA\) has 1 GPUs per node/);
    expect(() => disagg(cloud, { prefill: { machineType: 'l4' }, decode: { machineType: 'l4' } })).toThrow(/^prefill\.machineType must give the prefill pool an RDMA fabric NIXL can use for KV transfer/);
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud })).toThrow(/^workers\.machineType or workers\.gpuType is required with TestProfile/);
  });

  test('a profile without ingress support refuses ingress with the fix', () => {
    expect(() => new AggregatedLlm(newChart(), 'qwen', { model: 'Qwen/Qwen3-0.6B', cloud: Cloud.custom(new TestProfile()), ingress: { host: 'llm.example.com' } }))
      .toThrow('ingress is not supported by TestProfile (got ["host"]); remove ingress and expose qwen-frontend yourself, or implement addIngress in the profile');
  });

  test('a profile with no shapes provisions no nodes: machineType and capacityTypes are rejected', () => {
    const cloud = Cloud.custom(new TestProfile());
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud, workers: { machineType: 'dgx' } })).toThrow(
      'workers.machineType needs a cloud profile that provisions nodes (Cloud.eks(), Cloud.gke(), Cloud.aks()) (got "dgx"); on TestProfile select GPU nodes with workers.nodeSelector instead');
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud, workers: { capacityTypes: [CapacityType.SPOT] } })).toThrow(
      'workers.capacityTypes needs a cloud profile that provisions nodes (TestProfile does not) (got ["spot"]); remove it, or select spot nodes with workers.nodeSelector');
  });
});

describe('ingress through a custom profile', () => {
  class WithIngress extends TestProfile {
    public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = ['host', 'className'];
    public addIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget): readonly ApiObject[] {
      return [new ApiObject(ctx.scope, 'Ingress', {
        apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: target.serviceName },
        spec: { ingressClassName: options.className, rules: [{ host: options.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: target.serviceName, port: { number: target.port } } } }] } }] },
      })];
    }
  }
  const build = (ingress: FrontendIngressOptions) => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud: Cloud.custom(new WithIngress()), ingress });

  test('the options it applies reach it', () => {
    expect(names(build({ host: 'llm.example.com', className: 'nginx' }).cloudObjects.ingress)).toStrictEqual(['Ingress/q-frontend']);
  });

  test('an option it does not apply is rejected, not dropped', () => {
    expect(() => build({ host: 'llm.example.com', internal: true })).toThrow(
      'ingress.internal is not applied by TestProfile (got true); remove it, or apply it in the profile\'s addIngress and list it in its ingressOptions (host, className)');
    expect(() => build({ timeout: Duration.seconds(600) })).toThrow(/^ingress\.timeout is not applied by TestProfile \(got "600s"\)/);
  });

  test('the options every cloud shares are checked first', () => {
    expect(() => build({ host: 'Not A Host!!' })).toThrow(/^ingress\.host must be a lowercase DNS name/);
  });
});

describe('capacity types: one rule on every cloud', () => {
  const clouds: Array<[string, Cloud, string]> = [
    ['eks', EKS, 'p5.48xlarge'],
    ['eks-auto-mode', Cloud.eksAutoMode(), 'p5.48xlarge'],
    ['gke', Cloud.gke(), 'a3-ultragpu-8g'],
    ['aks', Cloud.aks(), 'Standard_NC24ads_A100_v4'],
  ];
  test.each(clouds)('%s rejects an empty list and a repeated type, and lists what it provisions', (_id, cloud, machineType) => {
    const build = (capacityTypes: CapacityType[]) => () => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud, workers: { machineType, gpus: 1, capacityTypes } });
    expect(validationError(build([])).message).toMatch(/^workers\.capacityTypes must list at least one capacity type \(got \[\]\); list e\.g\. \[CapacityType\.ON_DEMAND, /);
    expect(validationError(build([CapacityType.SPOT, CapacityType.SPOT])).message).toBe(
      'workers.capacityTypes must not repeat a capacity type (got ["spot","spot"]); list each capacity type once, in order of preference');
    expect(build([CapacityType.ON_DEMAND, CapacityType.SPOT])).not.toThrow();
  });

  test('a value that is not a list, from an untyped caller, on every kind of cloud', () => {
    for (const cloud of [Cloud.generic(), Cloud.custom(new TestProfile()), EKS]) {
      expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud, workers: { machineType: cloud === EKS ? 'p5.48xlarge' : undefined, capacityTypes: 'spot' as unknown as CapacityType[] } }))
        .toThrow('workers.capacityTypes must be an array of CapacityTypes (got "spot"); pass an array, e.g. [CapacityType.SPOT, CapacityType.ON_DEMAND]');
    }
  });

  test('a value that is not a CapacityType, from an untyped caller', () => {
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud: EKS, workers: { machineType: 'p5.48xlarge', capacityTypes: ['spot' as unknown as CapacityType] } }))
      .toThrow('workers.capacityTypes[0] must be a CapacityType (got "spot"); use CapacityType.SPOT, not the string "spot"');
  });

  test('a profile declares what it can buy', () => {
    expect(EKS.profile.capacityTypes).toStrictEqual([CapacityType.ON_DEMAND, CapacityType.SPOT, CapacityType.RESERVED]);
    expect(Cloud.eksAutoMode().profile.capacityTypes).toStrictEqual([CapacityType.ON_DEMAND, CapacityType.SPOT]);
    expect(Cloud.aks().profile.capacityTypes).toStrictEqual([CapacityType.ON_DEMAND, CapacityType.SPOT]);
    expect(Cloud.gke().profile.capacityTypes).toStrictEqual([CapacityType.ON_DEMAND, CapacityType.SPOT, CapacityType.RESERVED]);
    expect(Cloud.generic().profile.capacityTypes).toStrictEqual([]);
  });
});

describe('the NIXL backend: decided once, from the fabrics the profile wired', () => {
  const fabrics = (map: Record<string, RdmaFabric | undefined>) => Cloud.custom(new TestProfile((prop) => ({ fabric: map[prop] })));

  test('both KV pools on InfiniBand: UCX', () => {
    expect(disagg(fabrics({ prefill: RdmaFabric.INFINIBAND, decode: RdmaFabric.INFINIBAND })).nixlBackend).toBe(NixlBackend.UCX);
  });

  test('both KV pools on EFA: LIBFABRIC', () => {
    expect(disagg(fabrics({ prefill: RdmaFabric.EFA, decode: RdmaFabric.EFA })).nixlBackend).toBe(NixlBackend.LIBFABRIC);
  });

  test('one KV pool over RDMA and the other over TCP cannot share a backend', () => {
    expect(() => disagg(fabrics({ prefill: RdmaFabric.EFA }))).toThrow(
      'cloud must give the decode pool EFA like the prefill pool: NIXL needs the same backend (LIBFABRIC) on both sides of the KV transfer (got "TestProfile"); pick a machine with AWS EFA for decode');
  });

  test('two fabrics cannot share a backend', () => {
    expect(() => disagg(fabrics({ prefill: RdmaFabric.ROCE, decode: RdmaFabric.INFINIBAND }))).toThrow(
      /^cloud must put the KV-transfer pools on one RDMA fabric \(prefill: RoCE v2, decode: InfiniBand\)/);
  });

  test('no fabric: TCP only when accepted', () => {
    expect(() => disagg(fabrics({}))).toThrow(/^cloud must give the prefill pool an RDMA fabric NIXL can use for KV transfer; TestProfile wires none for it, so KV transfer falls back to TCP/);
    expect(disagg(fabrics({}), { allowTcpKvTransfer: true }).nixlBackend).toBe(NixlBackend.UCX);
  });

  test('an explicit nixlBackend must be the fabric\'s', () => {
    expect(() => disagg(fabrics({ prefill: RdmaFabric.EFA, decode: RdmaFabric.EFA }), { nixlBackend: NixlBackend.UCX })).toThrow(
      'nixlBackend must be LIBFABRIC, which the pools\' RDMA fabric needs (got "UCX"); remove nixlBackend (the cloud profile selects LIBFABRIC); the other backend would run KV transfer at TCP speed');
  });

  test('Mooncake and the UCX transceiver: one KV pool on InfiniBand and the other without RDMA', () => {
    expect(() => disagg(fabrics({ prefill: RdmaFabric.INFINIBAND }), { backend: Backend.sglang(), kvTransfer: KvTransfer.mooncake() })).toThrow(
      'cloud must give the decode pool InfiniBand like the prefill pool: Mooncake needs RDMA on both sides of the KV transfer (got "TestProfile"); pick a machine with InfiniBand for decode');
    expect(() => disagg(fabrics({ prefill: RdmaFabric.INFINIBAND }), { backend: Backend.trtllm(), kvTransfer: KvTransfer.ucxTransceiver() })).toThrow(
      /^cloud must give the decode pool InfiniBand like the prefill pool: UCX transceiver needs RDMA on both sides of the KV transfer/);
  });

  test('the UCX transceiver falls back to TCP when accepted; Mooncake has no TCP fallback', () => {
    expect(disagg(fabrics({}), { backend: Backend.trtllm(), kvTransfer: KvTransfer.ucxTransceiver(), allowTcpKvTransfer: true }).kvTransfer).toBe(KvTransfer.ucxTransceiver());
    expect(() => disagg(fabrics({}), { backend: Backend.sglang(), kvTransfer: KvTransfer.mooncake(), allowTcpKvTransfer: true })).toThrow(
      'cloud must give the prefill pool InfiniBand or RoCE for Mooncake, which has no TCP fallback (got "TestProfile"); use kvTransfer: KvTransfer.nixl(), which runs on any fabric (over TCP with allowTcpKvTransfer: true)');
  });

  test('the same rule on a built-in cloud: EFA prefill, TCP decode on EKS', () => {
    expect(() => disagg(EKS, { prefill: { machineType: 'p5.48xlarge', gpus: 4 }, decode: { machineType: 'g6e.xlarge', gpus: 1 }, allowTcpKvTransfer: true })).toThrow(
      /^decode\.machineType must give the decode pool EFA like the prefill pool: NIXL needs the same backend \(LIBFABRIC\) on both sides of the KV transfer \(got "g6e\.xlarge"\); pick a machine with AWS EFA for decode \(e\.g\. "p5\.48xlarge"\)/);
  });
});

describe('model storage: the profile says what it accepts', () => {
  const efs = () => ModelCache.newVolume({ storage: ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }), size: Size.gibibytes(100) });

  test('a custom profile accepts an existing class and refuses storage made for another cloud', () => {
    const cloud = Cloud.custom(new TestProfile());
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud, modelCache: efs() })).toThrow(
      'modelCache.storage must be storage of the deployment\'s cloud (TestProfile) (got "Amazon EFS"); pick a ModelStorage factory for that cloud, or reference an existing class with ModelStorage.fromStorageClassName()');
    const existing = ModelCache.newVolume({ storage: ModelStorage.fromStorageClassName('ceph-rwx'), size: Size.gibibytes(100) });
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud, modelCache: existing })).not.toThrow();
  });

  test('a profile can widen what it accepts', () => {
    class AnyStorage extends TestProfile {
      public acceptsModelStorage(): boolean {
        return true;
      }
    }
    expect(() => new AggregatedLlm(newChart(), 'q', { model: 'm', cloud: Cloud.custom(new AnyStorage()), modelCache: efs() })).not.toThrow();
  });

  test('the built-in profiles accept their own cloud\'s storage', () => {
    const filestore = ModelStorage.filestore();
    expect(EKS.profile.acceptsModelStorage(ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }))).toBe(true);
    expect(EKS.profile.acceptsModelStorage(filestore)).toBe(false);
    expect(Cloud.eksAutoMode().profile.acceptsModelStorage(ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }))).toBe(true);
    expect(Cloud.gke().profile.acceptsModelStorage(filestore)).toBe(true);
    expect(Cloud.aks().profile.acceptsModelStorage(filestore)).toBe(false);
    expect(Cloud.aks().profile.acceptsModelStorage(ModelStorage.azureFiles())).toBe(true);
    expect(Cloud.generic().profile.acceptsModelStorage(filestore)).toBe(true);
  });
});

/** The names of API objects. */
const names = (objs: readonly ApiObject[]) => objs.map((o) => `${o.kind}/${o.name}`);
/** The API objects a construct depends on, directly or through its scopes, after cdk8s resolved them. */
function dependencies(c: Construct): string[] {
  return c.node.dependencies.flatMap((d) => d.node.findAll()).filter((d): d is ApiObject => d instanceof ApiObject).map((o) => `${o.kind}/${o.name}`).sort();
}

describe('cloud objects are reachable and created before the graph', () => {
  test('EKS: each pool\'s NodePool and EC2NodeClass, the NodePool after its class, the graph after both', () => {
    // GIVEN
    const chart = newChart();
    const llm = new DisaggregatedLlm(chart, 'llama', {
      model: 'm', cloud: EKS,
      prefill: { machineType: 'p5.48xlarge', gpus: 4 }, decode: { machineType: 'p5.48xlarge', gpus: 4 },
      ingress: {},
    });
    // WHEN
    const objs = synthValid(chart);
    // THEN
    expect(names(llm.cloudObjects.pools.prefill)).toStrictEqual(['EC2NodeClass/llm-llama-prefill', 'NodePool/llm-llama-prefill']);
    expect(names(llm.cloudObjects.pools.decode)).toStrictEqual(['EC2NodeClass/llm-llama-decode', 'NodePool/llm-llama-decode']);
    expect(names(llm.cloudObjects.ingress)).toStrictEqual(['Ingress/llama-frontend']);
    expect(dependencies(llm.cloudObjects.pools.prefill[1])).toStrictEqual(['EC2NodeClass/llm-llama-prefill']);
    expect(dependencies(llm.dgd)).toStrictEqual([
      'EC2NodeClass/llm-llama-decode', 'EC2NodeClass/llm-llama-prefill', 'NodePool/llm-llama-decode', 'NodePool/llm-llama-prefill',
    ]);
    expect(objs.map((o) => o.kind)).toStrictEqual(['EC2NodeClass', 'NodePool', 'EC2NodeClass', 'NodePool', 'DynamoGraphDeployment', 'Ingress']);
  });

  test('a custom profile\'s cluster-scoped node pool: no namespace, created before the graph', () => {
    // GIVEN a profile that creates a Karpenter NodePool per pool with ClusterObject
    class Karpenter extends TestProfile {
      public bind(ctx: CloudContext): CloudBinding {
        const pool = ctx.pools[0];
        const nodePool = new ClusterObject(ctx.scope, `NodePool-${pool.prop}`, {
          apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: `${ctx.dynamoNamespace}-${pool.prop}` },
          spec: { template: { spec: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }, requirements: [] } } },
        });
        return { pools: { [pool.prop]: { nodeSelector: { 'karpenter.sh/nodepool': nodePool.name } } }, poolObjects: { [pool.prop]: [nodePool] } };
      }
    }
    const chart = newChart();
    // WHEN
    const llm = new AggregatedLlm(chart, 'qwen', { model: 'm', cloud: Cloud.custom(new Karpenter()) });
    const objs = synthValid(chart);
    // THEN
    expect(names(llm.cloudObjects.pools.workers)).toStrictEqual(['NodePool/llm-qwen-workers']);
    expect(objs.map((o) => `${o.kind} ${o.metadata.namespace ?? '-'}`)).toStrictEqual(['NodePool -', 'DynamoGraphDeployment llm']);
  });

  test('EKS Auto Mode: the shared NodeClass, and the ingress class chain', () => {
    const llm = new AggregatedLlm(newChart(), 'qwen', {
      model: 'm', cloud: Cloud.eksAutoMode({ nodeRole: 'AutoNodeRole', subnetTags: { a: 'b' }, securityGroupTags: { a: 'b' } }),
      workers: { machineType: 'g6e.xlarge' }, ingress: {},
    });
    expect(names(llm.cloudObjects.shared)).toStrictEqual(['NodeClass/llm-qwen-gpu']);
    expect(names(llm.cloudObjects.pools.workers)).toStrictEqual(['NodePool/llm-qwen-workers']);
    const [params, ingressClass, ingress] = llm.cloudObjects.ingress;
    expect(names([params, ingressClass, ingress])).toStrictEqual(['IngressClassParams/llm-qwen-alb', 'IngressClass/llm-qwen-alb', 'Ingress/qwen-frontend']);
    expect(dependencies(ingressClass)).toStrictEqual(['IngressClassParams/llm-qwen-alb']);
    expect(dependencies(ingress)).toStrictEqual(['IngressClass/llm-qwen-alb']);
    expect(dependencies(llm.cloudObjects.pools.workers[0])).toStrictEqual(['NodeClass/llm-qwen-gpu']);
  });

  test('GKE: compute classes per pool, RDMA networks shared, each Network after its parameter set, the route after the gateway', () => {
    const llm = disagg(Cloud.gke({ rdmaNetwork: { vpc: 'rdma-net', subnets: ['rdma-sub-0', 'rdma-sub-1'] } }), {
      prefill: { machineType: 'a3-ultragpu-8g', gpus: 8, rdmaDevices: 2 }, decode: { machineType: 'a3-ultragpu-8g', gpus: 8, rdmaDevices: 2 },
      ingress: {},
    });
    expect(names(llm.cloudObjects.pools.decode)).toStrictEqual(['ComputeClass/llm-llama-decode']);
    expect(names(llm.cloudObjects.shared)).toStrictEqual(['GKENetworkParamSet/rdma-0', 'Network/rdma-0', 'GKENetworkParamSet/rdma-1', 'Network/rdma-1']);
    expect(dependencies(llm.cloudObjects.shared[1])).toStrictEqual(['GKENetworkParamSet/rdma-0']);
    expect(names(llm.cloudObjects.ingress)).toStrictEqual(['Gateway/llama-frontend', 'HTTPRoute/llama-frontend', 'GCPBackendPolicy/llama-frontend', 'HealthCheckPolicy/llama-frontend']);
    expect(dependencies(llm.cloudObjects.ingress[1])).toStrictEqual(['Gateway/llama-frontend']);
    expect(dependencies(llm.dgd)).toStrictEqual([
      'ComputeClass/llm-llama-decode', 'ComputeClass/llm-llama-prefill',
      'GKENetworkParamSet/rdma-0', 'GKENetworkParamSet/rdma-1', 'Network/rdma-0', 'Network/rdma-1',
    ]);
  });

  test('AKS: a node auto-provisioned pool\'s NodePool after its AKSNodeClass', () => {
    const llm = new AggregatedLlm(newChart(), 'qwen', { model: 'm', cloud: Cloud.aks(), workers: { machineType: 'Standard_NC24ads_A100_v4' } });
    expect(names(llm.cloudObjects.pools.workers)).toStrictEqual(['NodePool/llm-qwen-workers', 'AKSNodeClass/llm-qwen-workers']);
    expect(dependencies(llm.cloudObjects.pools.workers[0])).toStrictEqual(['AKSNodeClass/llm-qwen-workers']);
  });

  test('the model cache: the claim after its StorageClass, the download Job after the claim, the graph after all three', () => {
    // GIVEN
    const chart = newChart();
    const llm = new AggregatedLlm(chart, 'qwen', {
      model: 'Qwen/Qwen3-0.6B', cloud: EKS, workers: { machineType: 'g6e.xlarge' },
      modelCache: ModelCache.newVolume({ storage: ModelStorage.efs({ fileSystemId: 'fs-0123456789abcdef0' }), size: Size.gibibytes(100) }),
    });
    // WHEN
    const objs = synthValid(chart);
    // THEN
    const claim = chart.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && c.kind === 'PersistentVolumeClaim')!;
    expect(dependencies(claim)).toStrictEqual(['StorageClass/llm-qwen-model-cache']);
    expect(dependencies(llm.downloadJob!)).toStrictEqual(['PersistentVolumeClaim/qwen-model-cache']);
    expect(dependencies(llm.dgd)).toContain(`Job/${llm.downloadJob!.jobName}`);
    expect(objs.map((o) => o.kind)).toStrictEqual(['EC2NodeClass', 'NodePool', 'StorageClass', 'PersistentVolumeClaim', 'Job', 'DynamoGraphDeployment']);
  });
});

describe('errors locate themselves', () => {
  test('an error raised while a pattern is built carries the pattern\'s path and the prop', () => {
    const e = validationError(() => new AggregatedLlm(newChart(), 'qwen', { model: 'm', workers: { gpus: 0 } }));
    expect(e.prop).toBe('workers.gpus');
    expect(e.constructPath).toBe('test/qwen');
    expect(e).toBeInstanceOf(DynamoValidationError);
  });

  test('an error raised outside any construct has no path', () => {
    const e = validationError(() => Cloud.eks({ ami: EksAmi.al2023('v20250821') } as EksOptions));
    expect(e.prop).toBe('cloud.nodeRole');
    expect(e.constructPath).toBeUndefined();
  });

  test('errors of another copy of the package are recognised by their brand, other errors are not', () => {
    // GIVEN an error shaped by a second copy of the package: a different class, the same global brand
    const foreign = Object.assign(new Error('x'), { [Symbol.for('dynamo-constructs.DynamoValidationError')]: true, prop: 'x' });
    // THEN
    expect(DynamoValidationError.isDynamoValidationError(foreign)).toBe(true);
    expect(DynamoValidationError.isDynamoValidationError(new Error('x'))).toBe(false);
    expect(DynamoValidationError.isDynamoValidationError(undefined)).toBe(false);
    expect(DynamoValidationError.isDynamoValidationError('x')).toBe(false);
  });
});

