/**
 * A cloud profile written outside the library: an on-premises cluster of DGX H100 nodes on an
 * InfiniBand fabric, whose RDMA devices the NVIDIA Network Operator's shared device plugin
 * exposes as `rdma/rdma_shared_device_a`, behind an NGINX ingress controller.
 *
 * It uses only the package's public entry point (the package test compiles it as an outside
 * consumer would). The profile decides what is specific to this cluster: which machines pools may
 * name, how their pods reach those nodes, how they are wired for InfiniBand, and the ingress. The
 * patterns apply the rest around it: capacity type lists, the NIXL backend both KV pools agree on
 * (UCX, from `fabric`), TCP KV transfer, model storage.
 *
 * The node label, device plugin resource and HCA names are example values: replace them with your
 * cluster's (`kubectl describe node`, `ibv_devinfo`).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  Cloud, CloudBinding, CloudContext, CloudPoolContext, CloudProfile, DisaggregatedLlm, DisaggregatedLlmProps, FrontendIngressOptions,
  GpuType, HfToken, IngressTarget, MachineShape, ModelCache, PoolWiring, RdmaFabric, RouterMode, SecretRef,
} from '../lib';

/** The node label that names each machine's model in this cluster. */
const MACHINE_LABEL = 'example.com/machine';

/** The machines of the fleet. */
const FLEET: readonly MachineShape[] = [
  { name: 'dgx-h100', gpuType: GpuType.H100_80GB, gpuCount: 8, gpuMemoryMiB: 81920, fabric: RdmaFabric.INFINIBAND, rdmaDevices: 8 },
  { name: 'l40s-4', gpuType: GpuType.L40S, gpuCount: 4, gpuMemoryMiB: 46068, fabric: RdmaFabric.NONE, rdmaDevices: 0 },
];

/** UCX over InfiniBand for NIXL, as Dynamo's InfiniBand guide sets it. */
const UCX_ENV: Readonly<Record<string, string>> = {
  UCX_TLS: 'rc_x,rc,dc_x,dc,cuda_copy,cuda_ipc',
  UCX_IB_GPU_DIRECT_RDMA: 'yes',
  UCX_NET_DEVICES: 'mlx5_0:1,mlx5_1:1,mlx5_2:1,mlx5_3:1',
};

/** An on-premises DGX fleet: pools name a machine, KV pools get InfiniBand, the frontend an NGINX Ingress. */
export class OnPremDgxProfile extends CloudProfile {
  public readonly id = 'on-prem-dgx';
  public readonly displayName = 'OnPremDgxProfile';
  /** The pattern checks each pool against these before bind: the machine exists, the GPUs fit, KV pools get InfiniBand. */
  public readonly shapes = FLEET;
  /** What addIngress applies; the pattern rejects any other ingress option. */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = ['host', 'tlsSecret', 'className', 'annotations'];

  public bind(ctx: CloudContext): CloudBinding {
    const pools: Record<string, PoolWiring> = {};
    for (const pool of ctx.pools) pools[pool.prop] = this.wire(pool);
    return { pools };
  }

  public addIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget): readonly ApiObject[] {
    const ingress = new k8s.KubeIngress(ctx.scope, 'Ingress', {
      metadata: { name: `${ctx.dgdName}-frontend`, namespace: ctx.namespace, labels: ctx.labels, annotations: options.annotations },
      spec: {
        ingressClassName: options.className ?? 'nginx',
        tls: options.tlsSecret ? [{ hosts: [options.host!], secretName: options.tlsSecret.name }] : undefined,
        rules: [{
          host: options.host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: target.serviceName, port: { number: target.port } } } }] },
        }],
      },
    });
    return [ingress];
  }

  private wire(pool: CloudPoolContext): PoolWiring {
    // The pattern has resolved the pool against `shapes`: the machine it names (or those of its GPU
    // type that fit), with InfiniBand when it moves the KV cache. The first one is enough here.
    const [machine] = pool.shapes;
    const placement: PoolWiring = {
      nodeSelector: { [MACHINE_LABEL]: machine.name },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      summary: `${machine.name} (${machine.gpuCount} × ${machine.gpuType.displayName})`,
    };
    const rdma = (pool.kvTransfer || pool.nodes > 1) && machine.fabric.nixlUsable;
    if (!rdma) return placement;
    return {
      ...placement,
      fabric: machine.fabric,
      extraResources: { 'rdma/rdma_shared_device_a': '1' },
      // The resource that is the fabric's devices: the topology picture counts it.
      rdmaResources: ['rdma/rdma_shared_device_a'],
      env: UCX_ENV,
      capabilities: ['IPC_LOCK'],
      summary: `${placement.summary}, InfiniBand, NIXL UCX`,
    };
  }
}

/** Llama 3.3 70B disaggregated on the DGX fleet: the props, shared by the cdk8s app and the Pulumi parity tests. */
export function customCloudProps(): DisaggregatedLlmProps {
  return {
    model: 'meta-llama/Llama-3.3-70B-Instruct',
    cloud: Cloud.custom(new OnPremDgxProfile()),
    prefill: { machineType: 'dgx-h100', replicas: 2, gpus: 4 },
    decode: { machineType: 'dgx-h100', replicas: 2, gpus: 4 },
    frontend: { routerMode: RouterMode.KV },
    ingress: { host: 'llm.example.internal', tlsSecret: SecretRef.fromSecretName('llm-example-internal-tls') },
    hfToken: HfToken.fromSecret('hf-token-secret'),
    modelCache: ModelCache.fromExistingClaim('model-cache'),
  };
}

/** The app: one chart in namespace `llm` with the deployment `llama`. */
export function customCloudApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new DisaggregatedLlm(new Chart(app, 'custom-cloud', { namespace: 'llm' }), 'llama', customCloudProps());
  return app;
}
