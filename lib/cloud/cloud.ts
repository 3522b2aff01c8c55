import { AksOptions, AksProfile } from './aks/aks-profile';
import { CloudProfile } from './cloud-profile';
import { EksAutoModeOptions, EksAutoModeProfile } from './eks/eks-auto-mode-profile';
import { EksOptions, EksProfile } from './eks/eks-profile';
import { GenericCloudOptions, GenericProfile } from './generic/generic-profile';
import { GkeOptions, GkeProfile } from './gke/gke-profile';
import { invalid } from '../core/errors';
import { checkProps, guardShape, Shape, shown as shownValue } from '../core/input-shape';
import { AKS_FIELDS, EKS_AUTO_MODE_FIELDS, EKS_FIELDS, GENERIC_FIELDS, GKE_FIELDS } from './cloud-option-shapes';
import { MachineShape } from './machine-shape';

/** The brand that marks a {@link Cloud}, shared by every copy of the package. */
const CLOUD_BRAND = Symbol.for('dynamo-constructs.Cloud');

/**
 * Checks what an untyped caller passes to `Cloud.custom`: an object with the members of a
 * CloudProfile (a subclass has them all; a profile from another copy of the package too).
 */
function checkProfile(profile: unknown): asserts profile is CloudProfile {
  const p = profile as Record<string, unknown> | null | undefined;
  const shown = p === null || typeof p !== 'object' ? p : Object.keys(p);
  const fix = 'pass an instance of a class that extends CloudProfile: Cloud.custom(new MyProfile())';
  if (typeof p !== 'object' || p === null || typeof p.bind !== 'function' || typeof p.id !== 'string' || typeof p.displayName !== 'string') {
    throw invalid('cloud', 'must be given a CloudProfile (an object with id, displayName and bind)', shown, fix);
  }
  const members: Array<[string, 'function' | 'array']> = [
    ['shapes', 'array'], ['capacityTypes', 'array'], ['ingressOptions', 'array'], ['addIngress', 'function'], ['acceptsModelStorage', 'function'],
  ];
  for (const [name, kind] of members) {
    const ok = kind === 'array' ? Array.isArray(p[name]) : typeof p[name] === 'function';
    if (!ok) throw invalid(`cloud.${name}`, `must be ${kind === 'array' ? 'an array' : 'a method'}, as CloudProfile declares it`, shownValue(p[name]), fix);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.id)) {
    throw invalid('cloud.id', 'must be a lowercase id of letters, digits and dashes', p.id, 'give the profile an id such as "on-prem"');
  }
}

/**
 * Where the patterns deploy, and everything that depends on it: GPU node pools, worker scheduling,
 * the RDMA wiring and NIXL backend for KV transfer, the frontend ingress and model storage.
 *
 * @example
 * new DisaggregatedLlm(chart, 'llama', {
 *   model: 'meta-llama/Llama-3.3-70B-Instruct',
 *   cloud: Cloud.eks({ ami: EksAmi.al2023('v20250821'), nodeRole: 'KarpenterNodeRole-prod',
 *     subnetTags: { 'karpenter.sh/discovery': 'prod' }, securityGroupTags: { 'karpenter.sh/discovery': 'prod' } }),
 *   prefill: { machineType: 'p5.48xlarge', gpus: 4 },
 *   decode: { machineType: 'p5.48xlarge', gpus: 4 },
 * });
 */
export class Cloud {
  /** Any cluster with the NVIDIA device plugin: tolerations, node selectors and a declared RDMA fabric. */
  public static generic(options: GenericCloudOptions = {}): Cloud {
    checkProps('cloud', options, 'GenericCloudOptions', GENERIC_FIELDS);
    return new Cloud(new GenericProfile(options));
  }

  /** Amazon EKS with self-managed Karpenter: `NodePool` + `EC2NodeClass` per pool, EFA with NIXL LIBFABRIC, ALB ingress. */
  public static eks(options: EksOptions): Cloud {
    checkProps('cloud', options, 'EksOptions', EKS_FIELDS, ['ami']);
    return new Cloud(new EksProfile(options));
  }

  /** Amazon EKS Auto Mode: `NodePool` + `eks.amazonaws.com` `NodeClass` per pool, EFA without NIC layout control, Auto Mode ALB. */
  public static eksAutoMode(options: EksAutoModeOptions = {}): Cloud {
    checkProps('cloud', options, 'EksAutoModeOptions', EKS_AUTO_MODE_FIELDS);
    return new Cloud(new EksAutoModeProfile(options));
  }

  /** Google GKE: a `ComputeClass` per pool, RoCE multi-networking on A3 Ultra / A4, Gateway API ingress. */
  public static gke(options: GkeOptions = {}): Cloud {
    checkProps('cloud', options, 'GkeOptions', GKE_FIELDS);
    return new Cloud(new GkeProfile(options));
  }

  /** Azure AKS: node auto-provisioning (`NodePool` + `AKSNodeClass`) or existing ND pools for InfiniBand, app routing ingress. */
  public static aks(options: AksOptions = {}): Cloud {
    checkProps('cloud', options, 'AksOptions', AKS_FIELDS);
    return new Cloud(new AksProfile(options));
  }

  /**
   * A profile of your own (on-premises, OKE, CoreWeave, ...): a subclass of {@link CloudProfile}.
   * The patterns apply the cloud-independent rules around it (capacity types, NIXL backend
   * agreement and TCP KV transfer, model storage).
   */
  public static custom(profile: CloudProfile): Cloud {
    checkProfile(profile);
    return new Cloud(profile);
  }

  /** Whether `x` is a Cloud from any copy of this package (where `instanceof` fails). */
  public static isCloud(x: unknown): x is Cloud {
    return typeof x === 'object' && x !== null && CLOUD_BRAND in x;
  }

  private constructor(
    /** The profile that makes the cloud's decisions. */
    public readonly profile: CloudProfile,
  ) {
    Object.defineProperty(this, CLOUD_BRAND, { value: true });
  }

  /** The profile id: `generic`, `eks`, `eks-auto-mode`, `gke`, `aks`, or a custom profile's. */
  public get id(): string {
    return this.profile.id;
  }

  /** The machine shapes pools can name with `machineType` (the catalog plus `extraShapes`). */
  public get shapes(): MachineShape[] {
    return [...this.profile.shapes];
  }

  /** How the cloud was written, for messages, e.g. `Cloud.eks()`. */
  public toString(): string {
    return this.profile.displayName;
  }
}

/** The factory of each built-in profile id, for the fix of a cloud given as a string. */
const FACTORIES: Readonly<Record<string, string>> = {
  generic: 'Cloud.generic()', eks: 'Cloud.eks({...})', 'eks-auto-mode': 'Cloud.eksAutoMode()', eksautomode: 'Cloud.eksAutoMode()', gke: 'Cloud.gke()', aks: 'Cloud.aks()',
};

/**
 * A `cloud` prop: a {@link Cloud} from any copy of the package. The error shows the value received
 * (`"eks"`) and, for the id of a built-in profile, the factory that makes it.
 * @internal
 */
export function cloudShape(): Shape {
  const all = 'Cloud.generic(), Cloud.eks({...}), Cloud.eksAutoMode(), Cloud.gke(), Cloud.aks() or Cloud.custom(profile)';
  return {
    expected: 'a Cloud',
    check: (prop, value) => {
      const factory = typeof value === 'string' ? FACTORIES[value.toLowerCase()] : undefined;
      guardShape('a Cloud', Cloud.isCloud, factory ? `use ${factory}, not the string ${JSON.stringify(value)}` : `use ${all}`).check(prop, value);
    },
  };
}
