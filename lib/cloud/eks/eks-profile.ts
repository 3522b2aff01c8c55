import { ApiObject, Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import type { EndpointAccess } from '../../access/endpoint-access';
import { invalid, requireInteger } from '../../core/errors';
import { arrayShape, checkArg, FieldsOf, instanceShape, numberShape, objectShape } from '../../core/input-shape';
import { CapacityType } from '../capacity-type';
import { AccessSupport, CloudBinding, CloudContext, CloudProfile, IngressTarget, PoolWiring } from '../cloud-profile';
import { ClusterObject } from '../cluster-object';
import { FrontendIngressOptions, INGRESS_OPTION_NAMES } from '../frontend-ingress';
import { MachineShape } from '../machine-shape';
import { ResolvedPool, rdmaDevicesPerPod, resolvedPool, withExtraShapes } from '../pool-shapes';
import { albAuthAnnotations, albInboundCidrsAnnotation, checkAlbAccess, EKS_ALB_ACCESS, eksAlbAccessSupport } from './alb-access';
import { addAlbIngress } from './eks-ingress';
import { EKS_SHAPES } from './eks-shapes';
import {
  addGpuNodePool, checkEfaFabric, checkPoolNodeLimitKeys, DEFAULT_CONSOLIDATE_AFTER, karpenterDuration, karpenterPoolWiring,
  nodePoolName, poolNodeLimit, selectorTerms, validateAwsIds, validateIamName, validateSelectorTags,
} from './karpenter';

/**
 * The AMI of the GPU nodes, as a pinned Karpenter alias (`al2023@v20250821`,
 * `bottlerocket@v1.45.0`). The alias picks the NVIDIA variant for GPU instances.
 *
 * `latest` is not offered: every AMI release would drift every GPU node of the pools, and Karpenter
 * replaces drifted nodes, evicting the engines that serve on them. Bump the version deliberately.
 */
export class EksAmi {
  /** The EKS-optimized Amazon Linux 2023 AMI (NVIDIA variant on GPU instances), e.g. `EksAmi.al2023('v20250821')`. */
  public static al2023(version: string): EksAmi {
    return new EksAmi('al2023', version, /^v\d{8}$/, 'v20250821');
  }

  /** Bottlerocket (NVIDIA variant on GPU instances), e.g. `EksAmi.bottlerocket('v1.45.0')`. */
  public static bottlerocket(version: string): EksAmi {
    return new EksAmi('bottlerocket', version, /^v\d+\.\d+\.\d+$/, 'v1.45.0');
  }

  private constructor(
    /** The alias family: `al2023` or `bottlerocket`. */
    public readonly family: string,
    /** The pinned version, e.g. `v20250821`. */
    public readonly version: string,
    format: RegExp,
    example: string,
  ) {
    if (typeof version !== 'string' || !format.test(version)) {
      throw invalid('cloud.ami', `must pin a ${family} AMI version`, version,
        `use e.g. EksAmi.${family}('${example}'); "latest" would replace every GPU node (evicting the engines) whenever AWS publishes an AMI`);
    }
  }

  /** The Karpenter alias, e.g. `al2023@v20250821`. */
  public get alias(): string {
    return `${this.family}@${this.version}`;
  }

  /** The Karpenter alias, e.g. `al2023@v20250821`. */
  public toString(): string {
    return this.alias;
  }
}

/** The kind of one network interface of an EC2NodeClass layout. */
export class NetworkInterfaceType {
  /** An ENA interface with an IP address (the primary interface must be one). */
  public static readonly INTERFACE = new NetworkInterfaceType('interface');
  /** An EFA device without an IP address (saves subnet addresses). */
  public static readonly EFA_ONLY = new NetworkInterfaceType('efa-only');

  private constructor(
    /** The value as the EC2NodeClass spells it. */
    public readonly value: string,
  ) {}

  /** The value as the EC2NodeClass spells it: `interface` or `efa-only`. */
  public toString(): string {
    return this.value;
  }
}

/** One network interface of an EC2NodeClass layout (`spec.networkInterfaces[]`). */
export interface EksNetworkInterface {
  /** The network card, from 0. */
  readonly networkCardIndex: number;
  /** The device index on the card, from 0. */
  readonly deviceIndex: number;
  /** The interface kind. */
  readonly interfaceType: NetworkInterfaceType;
}

/** How the EC2NodeClass of an EFA pool lays out its network interfaces (Karpenter >= 1.11). */
export class EfaInterfaces {
  /**
   * The primary ENA interface (card 0, device 0), then one `efa-only` interface per network card
   * (card 0 on device 1): one EFA device per card and no IP address spent on them. Used for the
   * instance types with a known card layout (p5/p5e 32 cards, p5en 16, p6-b200 8) when all of a
   * pool's types share it; other pools keep Karpenter's default.
   */
  public static readonly EFA_ONLY = new EfaInterfaces('efa-only', undefined);
  /** No layout: Karpenter attaches every interface as EFA (with an IP each) for pods that request EFA. */
  public static readonly KARPENTER_DEFAULT = new EfaInterfaces('karpenter-default', undefined);

  /** An explicit layout for every EFA pool (checked against the EC2NodeClass CRD rules). */
  public static custom(interfaces: EksNetworkInterface[]): EfaInterfaces {
    checkArg('cloud.efaInterfaces', interfaces, NETWORK_INTERFACES, { fix: `pass the layout, e.g. ${NETWORK_INTERFACES_EXAMPLE}` });
    return new EfaInterfaces('custom', [...interfaces]);
  }

  private constructor(
    /** `efa-only`, `karpenter-default` or `custom`. */
    public readonly id: string,
    /** The explicit layout. @internal */
    public readonly interfaces: readonly EksNetworkInterface[] | undefined,
  ) {}
}

const NETWORK_INTERFACES_EXAMPLE = '[{ networkCardIndex: 0, deviceIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE }, ...]';

/** What an untyped caller may pass to {@link EfaInterfaces.custom}. */
const NETWORK_INTERFACES = arrayShape(objectShape('EksNetworkInterface', {
  networkCardIndex: numberShape(),
  deviceIndex: numberShape(),
  interfaceType: instanceShape(NetworkInterfaceType, 'NetworkInterfaceType.INTERFACE or NetworkInterfaceType.EFA_ONLY'),
} satisfies FieldsOf<EksNetworkInterface>, ['networkCardIndex', 'deviceIndex', 'interfaceType']), NETWORK_INTERFACES_EXAMPLE);

/** Options for {@link Cloud.eks}: Amazon EKS with self-managed Karpenter (v1.14). */
export interface EksOptions {
  /**
   * The AMI of the GPU nodes, pinned: `EksAmi.al2023('v20250821')` or `EksAmi.bottlerocket('v1.45.0')`.
   */
  readonly ami: EksAmi;
  /**
   * The IAM role name of the nodes (Karpenter creates the instance profile). Exactly one of
   * `nodeRole` and `instanceProfile` is required.
   * @default - none
   */
  readonly nodeRole?: string;
  /**
   * An existing instance profile name for the nodes, instead of `nodeRole`.
   * @default - none
   */
  readonly instanceProfile?: string;
  /**
   * Tags that select the node subnets, e.g. `{ 'karpenter.sh/discovery': 'my-cluster' }`. Exactly one
   * of `subnetTags` and `subnetIds`. EFA pools should reach one AZ (a cluster placement group does).
   * @default - none
   */
  readonly subnetTags?: Record<string, string>;
  /**
   * Subnet ids for the nodes, instead of `subnetTags`.
   * @default - none
   */
  readonly subnetIds?: string[];
  /**
   * Tags that select the node security groups. Exactly one of `securityGroupTags` and
   * `securityGroupIds`. EFA needs a group that allows all traffic to and from itself.
   * @default - none
   */
  readonly securityGroupTags?: Record<string, string>;
  /**
   * Security group ids for the nodes, instead of `securityGroupTags`.
   * @default - none
   */
  readonly securityGroupIds?: string[];
  /**
   * Capacity reservation ids (ODCR or Capacity Blocks) for pools with `CapacityType.RESERVED`.
   * @default - none
   */
  readonly capacityReservationIds?: string[];
  /**
   * Tags that select the capacity reservations for pools with `CapacityType.RESERVED`, instead of ids.
   * @default - none
   */
  readonly capacityReservationTags?: Record<string, string>;
  /**
   * A cluster placement group (by name) for the EFA pools (`placementGroupSelector`, Karpenter >= 1.11).
   * @default - no placement group
   */
  readonly placementGroupName?: string;
  /**
   * A cluster placement group (by id, `pg-…`) for the EFA pools, instead of `placementGroupName`.
   * @default - no placement group
   */
  readonly placementGroupId?: string;
  /**
   * The network interface layout of the EFA pools' nodes.
   * @default EfaInterfaces.EFA_ONLY
   */
  readonly efaInterfaces?: EfaInterfaces;
  /**
   * Run EFA workers privileged. Dynamo's EFA guide requires it for `fi_mr_reg` on GPU memory; its
   * disaggregation examples, ai-on-eks and llm-d run with `IPC_LOCK` only. Turn it on if NIXL logs
   * memory registration failures.
   * @default false - IPC_LOCK only
   */
  readonly privileged?: boolean;
  /**
   * Request `hugepages-2Mi: 5120Mi` and set `FI_EFA_USE_HUGE_PAGE=1` on EFA workers (the EFA driver
   * pre-allocates the hugepages on the AMIs with EFA support).
   * @default false
   */
  readonly efaHugePages?: boolean;
  /**
   * Associate a public IP with the nodes. EC2 refuses it on instances with several EFA interfaces.
   * @default - the subnet's setting
   */
  readonly associatePublicIPAddress?: boolean;
  /**
   * The EBS volume for container images and ephemeral storage (gp3): the root volume `/dev/xvda` on
   * AL2023, the data volume `/dev/xvdb` on Bottlerocket.
   * @default - 500 GiB with 16000 IOPS and 1000 MiB/s; 100 GiB at gp3 baseline when the pool's instances have local NVMe, which RAID0 makes the image and ephemeral storage
   */
  readonly volumeSize?: Size;
  /**
   * The most nodes each pool's NodePool may launch, by pool prop (`{ decode: 8 }`): raise it to let
   * an autoscaler (`scalingAdapter`) add replicas. It sets the `nvidia.com/gpu` limit.
   * @default - one node per pod: replicas × nodes (the autoscaler's or planner's maximum replicas when one scales the pool)
   */
  readonly poolNodeLimits?: Record<string, number>;
  /**
   * How long a GPU node stays empty before Karpenter removes it. Nodes that run pods are never
   * consolidated (`WhenEmpty`).
   * @default Duration.minutes(5)
   */
  readonly consolidateAfter?: Duration;
  /**
   * Replace GPU nodes after this age (forceful: it evicts the engines).
   * @default - never
   */
  readonly expireAfter?: Duration;
  /**
   * Machine shapes to add to the catalog (new instance types).
   * @default - none
   */
  readonly extraShapes?: MachineShape[];
}

/** Bottlerocket's OS volume (`/dev/xvda`) at Karpenter's default size; images live on the data volume. */
const BOTTLEROCKET_OS_VOLUME = '4Gi';

/**
 * Amazon EKS with self-managed Karpenter v1.14: per pool a `NodePool` (`karpenter.sh/v1`) and an
 * `EC2NodeClass` (`karpenter.k8s.aws/v1`), EFA with NIXL LIBFABRIC, ALB ingress.
 * @internal
 */
export class EksProfile extends CloudProfile {
  public readonly id = 'eks';
  public readonly displayName = 'Cloud.eks()';
  public readonly shapes: readonly MachineShape[];
  /** The capacity types the profile can buy nodes with. */
  public readonly capacityTypes: readonly CapacityType[] = [CapacityType.ON_DEMAND, CapacityType.SPOT, CapacityType.RESERVED];
  /** It checks every ingress option itself, per ingress API. */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = INGRESS_OPTION_NAMES;
  private readonly subnets: Array<Record<string, unknown>>;
  private readonly securityGroups: Array<Record<string, unknown>>;
  private readonly consolidateAfter: string;
  private readonly expireAfter: string;

  public constructor(private readonly options: EksOptions) {
    super();
    const o = options;
    if (!(o.ami instanceof EksAmi)) {
      throw invalid('cloud.ami', 'is required: a pinned AMI alias', o.ami, "use EksAmi.al2023('v20250821') or EksAmi.bottlerocket('v1.45.0')");
    }
    if ((o.nodeRole === undefined) === (o.instanceProfile === undefined)) {
      throw invalid('cloud.nodeRole', 'or cloud.instanceProfile (exactly one) must give the nodes their IAM identity', o.nodeRole ?? o.instanceProfile,
        'set nodeRole to the Karpenter node role name (e.g. "KarpenterNodeRole-my-cluster"), or instanceProfile');
    }
    if (o.nodeRole !== undefined) validateIamName('cloud.nodeRole', o.nodeRole, 64);
    if (o.instanceProfile !== undefined) validateIamName('cloud.instanceProfile', o.instanceProfile, 128);
    this.subnets = selectorTerms('cloud.subnet', 'node subnets', o.subnetTags, o.subnetIds, 'subnet', "{ 'karpenter.sh/discovery': 'my-cluster' }");
    this.securityGroups = selectorTerms('cloud.securityGroup', 'node security groups', o.securityGroupTags, o.securityGroupIds, 'sg', "{ 'karpenter.sh/discovery': 'my-cluster' }");
    if (o.capacityReservationIds !== undefined && o.capacityReservationTags !== undefined) {
      throw invalid('cloud.capacityReservationIds', 'and cloud.capacityReservationTags are mutually exclusive', o.capacityReservationIds, 'select the reservations by ids or by tags');
    }
    if (o.capacityReservationIds !== undefined) validateAwsIds('cloud.capacityReservationIds', o.capacityReservationIds, 'cr');
    if (o.capacityReservationTags !== undefined) validateSelectorTags('cloud.capacityReservationTags', o.capacityReservationTags);
    if (o.placementGroupName !== undefined && o.placementGroupId !== undefined) {
      throw invalid('cloud.placementGroupName', 'and cloud.placementGroupId are mutually exclusive (the EC2NodeClass selects one group)', o.placementGroupName, 'set one of them');
    }
    if (o.placementGroupName !== undefined && !/^[\x20-\x7e]{1,255}$/.test(o.placementGroupName)) {
      throw invalid('cloud.placementGroupName', 'must be a placement group name (1 to 255 ASCII characters)', o.placementGroupName, 'use the name from `aws ec2 describe-placement-groups`');
    }
    if (o.placementGroupId !== undefined && !/^pg-[0-9a-z]+$/.test(o.placementGroupId)) {
      throw invalid('cloud.placementGroupId', 'must be a placement group id', o.placementGroupId, 'use e.g. "pg-0123456789abcdef0"');
    }
    if (o.efaInterfaces?.interfaces) validateNetworkInterfaces(o.efaInterfaces.interfaces);
    if (o.volumeSize !== undefined) {
      requireInteger('cloud.volumeSize', o.volumeSize.toGibibytes({ rounding: SizeRoundingBehavior.NONE }), 20,
        'give a whole number of GiB, at least 20 (inference images are 20-30 GB)', 16384);
    }
    for (const [k, v] of Object.entries(o.poolNodeLimits ?? {})) requireInteger(`cloud.poolNodeLimits.${k}`, v, 1, 'allow at least one node');
    this.consolidateAfter = karpenterDuration('cloud.consolidateAfter', o.consolidateAfter ?? DEFAULT_CONSOLIDATE_AFTER, 'use a whole number of seconds, e.g. Duration.minutes(5)');
    this.expireAfter = o.expireAfter === undefined ? 'Never' : karpenterDuration('cloud.expireAfter', o.expireAfter, 'use a whole number of seconds, e.g. Duration.days(30), or remove it');
    this.shapes = withExtraShapes('cloud.extraShapes', EKS_SHAPES, o.extraShapes);
    checkEfaFabric(o.extraShapes);
  }

  /** The EKS GPU AMIs (AL2023 NVIDIA, Bottlerocket NVIDIA) carry the NVIDIA driver. */
  public override providesGpuDriver(): boolean {
    return true;
  }

  public bind(ctx: CloudContext): CloudBinding {
    checkPoolNodeLimitKeys(ctx, this.options.poolNodeLimits);
    const resolved = ctx.pools.map(resolvedPool);
    const pools: Record<string, PoolWiring> = {};
    const poolObjects: Record<string, ApiObject[]> = {};
    for (const r of resolved) {
      const name = nodePoolName(ctx, r.pool);
      const capacityTypes = r.pool.capacityTypes;
      const nodeClass = this.addNodeClass(ctx, r, name, capacityTypes);
      const nodePool = addGpuNodePool(ctx, r.pool, {
        name,
        nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name },
        nodeClass,
        shapes: r.shapes,
        capacityTypes,
        maxNodes: poolNodeLimit(r.pool, this.options.poolNodeLimits),
        disruption: { consolidateAfter: this.consolidateAfter, expireAfter: this.expireAfter },
        labels: ctx.labels,
      });
      pools[r.pool.prop] = karpenterPoolWiring(ctx, r, name, {
        privileged: this.options.privileged ?? false,
        hugePages: this.options.efaHugePages ?? false,
      });
      poolObjects[r.pool.prop] = [nodeClass, nodePool];
    }
    return { pools, poolObjects };
  }

  /**
   * The ALB Ingress (AWS Load Balancer Controller, class `alb`), with `access` as annotations:
   * `EndpointAccess.oidc` → `auth-type: oidc` + `auth-idp-oidc` (the three endpoints are required;
   * the controller reads the client id and secret from `clientSecret`'s Secret, keys `clientID` and
   * `clientSecret`, so `access.clientId` must match its `clientID`); `EndpointAccess.cognito` →
   * `auth-type: cognito` + `auth-idp-cognito`; `EndpointAccess.jwt` → `jwt-validation` (controller
   * v2.15.0 or later: an older one ignores the annotation and leaves the endpoint open; RS256
   * tokens whose `aud` is a string); `allowedSourceRanges` → `inbound-cidrs`. A credential needs
   * `ingress.host`: the ALB authenticates only on HTTPS.
   */
  public addIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget, access?: EndpointAccess): readonly ApiObject[] {
    if (access === undefined) return [addAlbIngress(ctx, options, target, this.displayName)];
    checkAlbAccess(access, options, this.displayName, EKS_ALB_ACCESS);
    return [addAlbIngress(ctx, options, target, this.displayName, { ...albAuthAnnotations(access), ...albInboundCidrsAnnotation(access) })];
  }

  /**
   * OIDC, Cognito, JWT and a source allow list, at the ALB; with `access`, warnings about the
   * controller version and token shape JWT needs, and the IngressClassParams that can override the
   * inbound CIDRs.
   */
  public accessSupport(options: FrontendIngressOptions, access?: EndpointAccess): AccessSupport {
    return eksAlbAccessSupport(options, access, this.displayName);
  }

  private addNodeClass(ctx: CloudContext, r: ResolvedPool, name: string, capacityTypes: readonly CapacityType[]): ApiObject {
    const o = this.options;
    const p = r.pool.prop;
    const reserved = capacityTypes.includes(CapacityType.RESERVED);
    if (reserved && o.capacityReservationIds === undefined && o.capacityReservationTags === undefined) {
      throw invalid(`${p}.capacityTypes`, 'includes CapacityType.RESERVED, which needs the reservations to launch into', capacityTypes.map(String),
        'set cloud.capacityReservationIds (e.g. ["cr-0123456789abcdef0"]) or cloud.capacityReservationTags');
    }
    const multiEfa = r.rdma && r.shapes.some((s) => s.rdmaDevices > 1);
    if (o.associatePublicIPAddress && multiEfa) {
      throw invalid('cloud.associatePublicIPAddress', `must not be true for the ${p} pool, whose instances get several EFA interfaces (EC2 refuses a public IP then)`, true,
        'remove it and reach the internet through a NAT gateway');
    }
    const raid0 = r.shapes.every((s) => (s.localNvmeGiB ?? 0) > 0);
    return new ClusterObject(ctx.scope, `EC2NodeClass-${p}`, {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name, labels: ctx.labels },
      spec: {
        ...(o.nodeRole !== undefined ? { role: o.nodeRole } : { instanceProfile: o.instanceProfile }),
        amiSelectorTerms: [{ alias: o.ami.alias }],
        subnetSelectorTerms: this.subnets,
        securityGroupSelectorTerms: this.securityGroups,
        capacityReservationSelectorTerms: reserved
          ? (o.capacityReservationIds?.map((id) => ({ id })) ?? [{ tags: { ...o.capacityReservationTags } }])
          : undefined,
        // Local NVMe as one RAID0 array holding images and ephemeral storage (model downloads).
        instanceStorePolicy: raid0 ? 'RAID0' : undefined,
        blockDeviceMappings: this.blockDevices(raid0),
        networkInterfaces: r.rdma ? this.networkInterfaces(r) : undefined,
        placementGroupSelector: r.rdma ? this.placementGroup() : undefined,
        associatePublicIPAddress: o.associatePublicIPAddress,
      },
    });
  }

  private blockDevices(raid0: boolean): Array<Record<string, unknown>> {
    const size = this.options.volumeSize?.toGibibytes() ?? (raid0 ? 100 : 500);
    const ebs = {
      volumeSize: `${size}Gi`, volumeType: 'gp3', encrypted: true, deleteOnTermination: true,
      ...(raid0 ? { iops: 3000, throughput: 125 } : { iops: 16000, throughput: 1000 }),
    };
    if (this.options.ami.family === 'bottlerocket') {
      return [
        { deviceName: '/dev/xvda', ebs: { volumeSize: BOTTLEROCKET_OS_VOLUME, volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
        { deviceName: '/dev/xvdb', rootVolume: true, ebs },
      ];
    }
    return [{ deviceName: '/dev/xvda', rootVolume: true, ebs }];
  }

  private networkInterfaces(r: ResolvedPool): Array<Record<string, unknown>> | undefined {
    const layout = this.options.efaInterfaces ?? EfaInterfaces.EFA_ONLY;
    let interfaces: readonly EksNetworkInterface[];
    if (layout.interfaces) {
      interfaces = layout.interfaces;
      const efa = interfaces.filter((i) => i.interfaceType === NetworkInterfaceType.EFA_ONLY).length;
      const devices = rdmaDevicesPerPod(r);
      const most = Math.min(...r.shapes.map((s) => s.rdmaDevices));
      if (efa < devices || efa > most) {
        throw invalid('cloud.efaInterfaces', `must give the ${r.pool.prop} pool between ${devices} (EFA per pod) and ${most} (EFA of ${r.shapes.map((s) => s.name).join(', ')}) efa-only interfaces`, efa,
          `adjust the layout, or set ${r.pool.prop}.rdmaDevices`);
      }
    } else if (layout === EfaInterfaces.EFA_ONLY) {
      const cards = new Set(r.shapes.map((s) => s.networkCards));
      const [count] = cards;
      if (cards.size !== 1 || count === undefined) return undefined;
      interfaces = efaOnlyLayout(count);
    } else {
      return undefined;
    }
    return interfaces.map((i) => ({ networkCardIndex: i.networkCardIndex, deviceIndex: i.deviceIndex, interfaceType: i.interfaceType.value }));
  }

  private placementGroup(): Record<string, string> | undefined {
    const o = this.options;
    if (o.placementGroupName !== undefined) return { name: o.placementGroupName };
    if (o.placementGroupId !== undefined) return { id: o.placementGroupId };
    return undefined;
  }
}

/** The primary ENA interface plus one `efa-only` interface per network card. @internal */
export function efaOnlyLayout(cards: number): EksNetworkInterface[] {
  const layout: EksNetworkInterface[] = [{ networkCardIndex: 0, deviceIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE }];
  for (let card = 0; card < cards; card++) {
    layout.push({ networkCardIndex: card, deviceIndex: card === 0 ? 1 : 0, interfaceType: NetworkInterfaceType.EFA_ONLY });
  }
  return layout;
}

/**
 * The EC2NodeClass CRD's rules for `networkInterfaces` (CEL, not checked by schema validation): at
 * most 150 entries, a primary `interface` on card 0 / device 0, no repeated (card, device) pair, at
 * most one `efa-only` per card.
 * @internal
 */
export function validateNetworkInterfaces(interfaces: readonly EksNetworkInterface[]): void {
  const prop = 'cloud.efaInterfaces';
  if (interfaces.length === 0 || interfaces.length > 150) {
    throw invalid(prop, 'must list 1 to 150 network interfaces', interfaces.length, 'list the primary interface and the efa-only interfaces, or use EfaInterfaces.EFA_ONLY');
  }
  for (const [i, n] of interfaces.entries()) {
    requireInteger(`${prop}[${i}].networkCardIndex`, n.networkCardIndex, 0, 'use a card index from 0');
    requireInteger(`${prop}[${i}].deviceIndex`, n.deviceIndex, 0, 'use a device index from 0');
  }
  if (!interfaces.some((n) => n.networkCardIndex === 0 && n.deviceIndex === 0 && n.interfaceType === NetworkInterfaceType.INTERFACE)) {
    throw invalid(prop, 'must include the primary interface (networkCardIndex 0, deviceIndex 0, NetworkInterfaceType.INTERFACE)', interfaces.length,
      'add { networkCardIndex: 0, deviceIndex: 0, interfaceType: NetworkInterfaceType.INTERFACE }');
  }
  const pairs = new Set<string>();
  const efaCards = new Set<number>();
  for (const n of interfaces) {
    const pair = `${n.networkCardIndex}/${n.deviceIndex}`;
    if (pairs.has(pair)) {
      throw invalid(prop, 'must not repeat a (networkCardIndex, deviceIndex) pair', pair, 'give each interface its own card and device index');
    }
    pairs.add(pair);
    if (n.interfaceType === NetworkInterfaceType.EFA_ONLY) {
      if (efaCards.has(n.networkCardIndex)) {
        throw invalid(prop, 'must have at most one efa-only interface per network card', n.networkCardIndex, 'move the extra efa-only interface to another card');
      }
      efaCards.add(n.networkCardIndex);
    }
  }
}
