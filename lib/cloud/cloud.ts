import { AksOptions, AksProfile } from './aks/aks-profile';
import { CloudProfile } from './cloud-profile';
import { EksAutoModeOptions, EksAutoModeProfile } from './eks/eks-auto-mode-profile';
import { EksOptions, EksProfile } from './eks/eks-profile';
import { GenericCloudOptions, GenericProfile } from './generic/generic-profile';
import { GkeOptions, GkeProfile } from './gke/gke-profile';
import { MachineShape } from './machine-shape';

/**
 * Where the patterns deploy, and everything that depends on it: GPU node pools, worker scheduling,
 * the RDMA wiring and NIXL backend for KV transfer, the frontend ingress and model storage.
 *
 * @example
 * new DisaggregatedLlm(chart, 'llama', {
 *   cloud: Cloud.eks({ ami: EksAmi.al2023('v20250821'), nodeRole: 'KarpenterNodeRole-prod',
 *     subnetTags: { 'karpenter.sh/discovery': 'prod' }, securityGroupTags: { 'karpenter.sh/discovery': 'prod' } }),
 *   prefill: { machineType: 'p5.48xlarge', gpus: 4 },
 *   decode: { machineType: 'p5.48xlarge', gpus: 4 },
 *   ...
 * });
 */
export class Cloud {
  /** Any cluster with the NVIDIA device plugin: tolerations, node selectors and a declared RDMA fabric. */
  public static generic(options: GenericCloudOptions = {}): Cloud {
    return new Cloud(new GenericProfile(options));
  }

  /** Amazon EKS with self-managed Karpenter: `NodePool` + `EC2NodeClass` per pool, EFA with NIXL LIBFABRIC, ALB ingress. */
  public static eks(options: EksOptions): Cloud {
    return new Cloud(new EksProfile(options));
  }

  /** Amazon EKS Auto Mode: `NodePool` + `eks.amazonaws.com` `NodeClass` per pool, EFA without NIC layout control, Auto Mode ALB. */
  public static eksAutoMode(options: EksAutoModeOptions = {}): Cloud {
    return new Cloud(new EksAutoModeProfile(options));
  }

  /** Google GKE: a `ComputeClass` per pool, RoCE multi-networking on A3 Ultra / A4, Gateway API ingress. */
  public static gke(options: GkeOptions = {}): Cloud {
    return new Cloud(new GkeProfile(options));
  }

  /** Azure AKS: node auto-provisioning (`NodePool` + `AKSNodeClass`) or existing ND pools for InfiniBand, app routing ingress. */
  public static aks(options: AksOptions = {}): Cloud {
    return new Cloud(new AksProfile(options));
  }

  private constructor(
    /** @internal */
    public readonly profile: CloudProfile,
  ) {}

  /** The profile id: `generic`, `eks`, `eks-auto-mode`, `gke` or `aks`. */
  public get id(): string {
    return this.profile.id;
  }

  /** The machine shapes pools can name with `machineType` (the catalog plus `extraShapes`). */
  public get shapes(): MachineShape[] {
    return [...this.profile.shapes];
  }

  public toString(): string {
    return this.profile.displayName;
  }
}
