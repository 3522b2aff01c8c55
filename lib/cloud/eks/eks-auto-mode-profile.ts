import { ApiObject, Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import type { EndpointAccess } from '../../access/endpoint-access';
import { invalid, requireInteger } from '../../core/errors';
import { clusterObjectName } from '../../core/operator-names';
import { CapacityType } from '../capacity-type';
import { AccessSupport, CloudBinding, CloudContext, CloudProfile, IngressTarget, PoolWiring } from '../cloud-profile';
import { ClusterObject } from '../cluster-object';
import { FrontendIngressOptions, INGRESS_OPTION_NAMES, rejectUnappliedIngressOptions } from '../frontend-ingress';
import { addFrontendIngress, ingressAnnotations } from '../ingress-objects';
import { MachineShape } from '../machine-shape';
import { resolvedPool, withExtraShapes } from '../pool-shapes';
import { EFA_RESOURCE } from '../rdma-wiring';
import { addManagedSecretReader, albAuthAnnotations, albEnforcer, AUTO_MODE_ALB_ACCESS, checkAlbAccess } from './alb-access';
import { albListenerAnnotations, albSettings } from './eks-ingress';
import { EKS_SHAPES } from './eks-shapes';
import {
  addGpuNodePool, checkEfaFabric, checkPoolNodeLimitKeys, DEFAULT_CONSOLIDATE_AFTER, karpenterDuration, karpenterPoolWiring,
  NodeClassRef, nodePoolName, poolNodeLimit, selectorTerms, validateIamName,
} from './karpenter';

/** Options for {@link Cloud.eksAutoMode}: Amazon EKS Auto Mode. */
export interface EksAutoModeOptions {
  /**
   * The IAM role name of the nodes, for a custom `NodeClass` (it needs an EKS access entry of type
   * EC2 with `AmazonEKSAutoNodePolicy`). A custom NodeClass needs the role, subnets and security
   * groups; without any of them the pools use the built-in `default` NodeClass.
   * @default - the built-in `default` NodeClass
   */
  readonly nodeRole?: string;
  /**
   * Tags that select the node subnets (custom NodeClass). Exactly one of `subnetTags` and `subnetIds`.
   * @default - the built-in `default` NodeClass
   */
  readonly subnetTags?: Record<string, string>;
  /**
   * Subnet ids for the nodes (custom NodeClass), instead of `subnetTags`.
   * @default - the built-in `default` NodeClass
   */
  readonly subnetIds?: string[];
  /**
   * Tags that select the node security groups (custom NodeClass). EFA needs a group that allows all
   * traffic to and from itself.
   * @default - the built-in `default` NodeClass
   */
  readonly securityGroupTags?: Record<string, string>;
  /**
   * Security group ids for the nodes (custom NodeClass), instead of `securityGroupTags`.
   * @default - the built-in `default` NodeClass
   */
  readonly securityGroupIds?: string[];
  /**
   * The node's ephemeral storage volume (images, model downloads without a cache), 1 to 59000 GiB
   * (custom NodeClass).
   * @default - 80 GiB, Auto Mode's default; raise it for large inference images
   */
  readonly ephemeralStorageSize?: Size;
  /**
   * IOPS of the ephemeral storage volume, 3000 to 16000 (custom NodeClass).
   * @default 3000
   */
  readonly ephemeralStorageIops?: number;
  /**
   * Throughput of the ephemeral storage volume in MiB/s, 125 to 1000 (custom NodeClass).
   * @default 125
   */
  readonly ephemeralStorageThroughput?: number;
  /**
   * Run EFA workers privileged (see `EksOptions.privileged`). Whether Auto Mode nodes (read-only root,
   * SELinux enforcing) admit privileged EFA pods is not verified.
   * @default false - IPC_LOCK only
   */
  readonly privileged?: boolean;
  /**
   * The most nodes each pool's NodePool may launch, by pool prop (`{ decode: 8 }`).
   * @default - one node per pod: replicas × nodes (the autoscaler's or planner's maximum replicas when one scales the pool)
   */
  readonly poolNodeLimits?: Record<string, number>;
  /**
   * How long a GPU node stays empty before it is removed (`WhenEmpty`: serving nodes are never consolidated).
   * @default Duration.minutes(5)
   */
  readonly consolidateAfter?: Duration;
  /**
   * Replace GPU nodes after this age (forceful). Auto Mode replaces nodes on its own AMI releases too.
   * @default Duration.hours(336) - Auto Mode's default (14 days)
   */
  readonly expireAfter?: Duration;
  /**
   * Machine shapes to add to the catalog.
   * @default - none
   */
  readonly extraShapes?: MachineShape[];
}

/** `Cloud.eks()` options Auto Mode cannot honour, with why: rejected when passed in a shared options object. @internal */
export const UNSUPPORTED_AUTO_MODE_OPTIONS: Readonly<Record<string, string>> = {
  ami: 'Auto Mode picks and patches the AMI itself',
  instanceProfile: 'the Auto Mode NodeClass takes a role (cloud.nodeRole)',
  placementGroupName: 'the Auto Mode NodeClass has no placement group selector',
  placementGroupId: 'the Auto Mode NodeClass has no placement group selector',
  efaInterfaces: 'the Auto Mode NodeClass has no network interface layout',
  efaHugePages: 'hugepages need host configuration, which Auto Mode nodes do not allow',
  volumeSize: 'Auto Mode has one ephemeral volume (use cloud.ephemeralStorageSize)',
  capacityReservationIds: 'the NodeClass schema this library targets has no capacity reservations',
  capacityReservationTags: 'the NodeClass schema this library targets has no capacity reservations',
  associatePublicIPAddress: 'the NodeClass schema this library targets has no advanced networking',
};

/** Auto Mode's default node lifetime. */
const DEFAULT_EXPIRE_AFTER = Duration.hours(336);

/**
 * Amazon EKS Auto Mode: per pool a `NodePool` on the built-in `default` NodeClass or one custom
 * `NodeClass` (`eks.amazonaws.com/v1`) for the deployment; EFA through Auto Mode's device plugin
 * (no NIC layout, no placement group); the Auto Mode ALB (`IngressClass` + `IngressClassParams`).
 * @internal
 */
export class EksAutoModeProfile extends CloudProfile {
  public readonly id = 'eks-auto-mode';
  public readonly displayName = 'Cloud.eksAutoMode()';
  public readonly shapes: readonly MachineShape[];
  /**
   * On-demand and spot. Reserved capacity is not offered: the NodeClass schema this library targets
   * has no capacity reservation selector (use Cloud.eks() with capacityReservationIds).
   */
  public readonly capacityTypes: readonly CapacityType[] = [CapacityType.ON_DEMAND, CapacityType.SPOT];
  /** It checks every ingress option itself, per ingress API. */
  public readonly ingressOptions: readonly (keyof FrontendIngressOptions)[] = INGRESS_OPTION_NAMES;
  private readonly nodeClassSpec: Record<string, unknown> | undefined;
  private readonly consolidateAfter: string;
  private readonly expireAfter: string;

  public constructor(private readonly options: EksAutoModeOptions) {
    super();
    const o = options;
    for (const [key, why] of Object.entries(UNSUPPORTED_AUTO_MODE_OPTIONS)) {
      const value = (o as Record<string, unknown>)[key];
      if (value !== undefined) {
        throw invalid(`cloud.${key}`, `is not supported by Cloud.eksAutoMode(): ${why}`, key, 'remove it, or use Cloud.eks() with self-managed Karpenter');
      }
    }
    const custom = [o.nodeRole, o.subnetTags, o.subnetIds, o.securityGroupTags, o.securityGroupIds, o.ephemeralStorageSize,
      o.ephemeralStorageIops, o.ephemeralStorageThroughput].some((v) => v !== undefined);
    this.nodeClassSpec = custom ? this.customNodeClassSpec() : undefined;
    for (const [k, v] of Object.entries(o.poolNodeLimits ?? {})) requireInteger(`cloud.poolNodeLimits.${k}`, v, 1, 'allow at least one node');
    this.consolidateAfter = karpenterDuration('cloud.consolidateAfter', o.consolidateAfter ?? DEFAULT_CONSOLIDATE_AFTER, 'use a whole number of seconds, e.g. Duration.minutes(5)');
    this.expireAfter = karpenterDuration('cloud.expireAfter', o.expireAfter ?? DEFAULT_EXPIRE_AFTER, 'use a whole number of seconds, e.g. Duration.days(14)');
    this.shapes = withExtraShapes('cloud.extraShapes', EKS_SHAPES, o.extraShapes);
    checkEfaFabric(o.extraShapes);
  }

  /**
   * Auto Mode runs the EFA device plugin itself (EKS docs `auto-accelerated`; `../shared/reference/clouds-gpu-rdma.md`):
   * `vpc.amazonaws.com/efa` needs no add-on.
   */
  public override providesDeviceResource(resourceName: string): boolean {
    return resourceName === EFA_RESOURCE;
  }

  /** Auto Mode's GPU nodes carry the NVIDIA driver and device plugin. */
  public override providesGpuDriver(): boolean {
    return true;
  }

  public bind(ctx: CloudContext): CloudBinding {
    checkPoolNodeLimitKeys(ctx, this.options.poolNodeLimits);
    const resolved = ctx.pools.map(resolvedPool);
    let nodeClassRef: NodeClassRef = { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' };
    let nodeClass: ApiObject | undefined;
    if (this.nodeClassSpec) {
      nodeClassRef = { ...nodeClassRef, name: clusterObjectName(ctx.dynamoNamespace, 'gpu', 'Auto Mode NodeClass', 'eks.amazonaws.com/nodeclass') };
      nodeClass = new ClusterObject(ctx.scope, 'NodeClass', {
        apiVersion: 'eks.amazonaws.com/v1',
        kind: 'NodeClass',
        metadata: { name: nodeClassRef.name, labels: ctx.labels },
        spec: this.nodeClassSpec,
      });
    }
    const pools: Record<string, PoolWiring> = {};
    const poolObjects: Record<string, ApiObject[]> = {};
    for (const r of resolved) {
      const name = nodePoolName(ctx, r.pool);
      const nodePool = addGpuNodePool(ctx, r.pool, {
        name,
        nodeClassRef,
        nodeClass,
        shapes: r.shapes,
        capacityTypes: r.pool.capacityTypes,
        maxNodes: poolNodeLimit(r.pool, this.options.poolNodeLimits),
        disruption: { consolidateAfter: this.consolidateAfter, expireAfter: this.expireAfter },
        labels: ctx.labels,
      });
      pools[r.pool.prop] = karpenterPoolWiring(ctx, r, name, {
        privileged: this.options.privileged ?? false,
        hugePages: false,
        note: ' (Auto Mode device plugin, no NIC layout)',
      });
      poolObjects[r.pool.prop] = [nodePool];
    }
    return { pools, poolObjects, sharedObjects: nodeClass ? [nodeClass] : undefined };
  }

  /**
   * The Auto Mode ALB: an `IngressClassParams` (scheme, ACM certificate, idle timeout, inbound
   * CIDRs) and an `IngressClass` for controller `eks.amazonaws.com/alb`, named
   * `<namespace>-<dgd>-alb`, and the Ingress with the listener annotations. With
   * `ingress.className`, the Ingress uses that existing class and its params.
   *
   * `access`: `EndpointAccess.oidc` → `auth-type: oidc` + `auth-idp-oidc` (the three endpoints are
   * required; the controller reads the client id and secret from `clientSecret`'s Secret, keys
   * `clientID` and `clientSecret`) and a Role that may `get` that Secret, bound to the managed
   * controllers' group `eks:managed` (their access policy does not grant it);
   * `EndpointAccess.cognito` → `auth-type: cognito` + `auth-idp-cognito`; `allowedSourceRanges` →
   * `spec.inboundCIDRs` of the library's IngressClassParams. A credential needs `ingress.host`: the
   * ALB authenticates only on HTTPS.
   */
  public addIngress(ctx: CloudContext, options: FrontendIngressOptions, target: IngressTarget, access?: EndpointAccess): readonly ApiObject[] {
    const s = albSettings(options, this.displayName);
    for (const key of ['kubernetes.io/ingress.class', 'alb.ingress.kubernetes.io/group.name']) {
      if (options.annotations && key in options.annotations) {
        throw invalid('ingress.annotations', `must not set ${key}, which EKS Auto Mode does not support`, key,
          'the library sets spec.ingressClassName; group Ingresses through the IngressClassParams of your own class (ingress.className)');
      }
    }
    if (access !== undefined) this.checkAccess(access, options);
    const annotations = ingressAnnotations(options, { ...albListenerAnnotations(s, target), ...(access ? albAuthAnnotations(access) : {}) });
    const tls = s.https && s.certificateArn === undefined;
    const secretReader = access?.oidcProps ? addManagedSecretReader(ctx, access.oidcProps.clientSecret.name) : [];
    if (options.className !== undefined) {
      const fix = 'set it on the IngressClassParams of that class, or remove ingress.className to let the library create the class';
      rejectUnappliedIngressOptions(options, `Cloud.eksAutoMode() with the existing class "${options.className}" (its IngressClassParams decide it)`,
        { internal: fix, certificateArn: fix, timeout: fix });
      const existing = addFrontendIngress(ctx, options, target, { className: options.className, annotations, tls });
      // The controller must be able to read the OIDC Secret before it builds the ALB's listeners.
      for (const o of secretReader) existing.node.addDependency(o);
      return [...secretReader, existing];
    }
    const name = `${ctx.dynamoNamespace}-alb`;
    const params = new ClusterObject(ctx.scope, 'IngressClassParams', {
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'IngressClassParams',
      metadata: { name, labels: ctx.labels },
      spec: {
        scheme: s.scheme,
        certificateARNs: s.certificateArn ? [s.certificateArn] : undefined,
        inboundCIDRs: access?.options.allowedSourceRanges ? [...access.options.allowedSourceRanges] : undefined,
        loadBalancerAttributes: [{ key: 'idle_timeout.timeout_seconds', value: String(s.idleTimeoutSeconds) }],
      },
    });
    const ingressClass = new ClusterObject(ctx.scope, 'IngressClass', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name, labels: ctx.labels },
      spec: {
        controller: 'eks.amazonaws.com/alb',
        parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name },
      },
    });
    ingressClass.node.addDependency(params);
    const ingress = addFrontendIngress(ctx, options, target, { className: name, annotations, tls });
    ingress.node.addDependency(ingressClass);
    for (const o of secretReader) ingress.node.addDependency(o);
    return [params, ingressClass, ...secretReader, ingress];
  }

  /** OIDC, Cognito and a source allow list, at the ALB (not JWT: see AUTO_MODE_ALB_ACCESS). */
  public accessSupport(options: FrontendIngressOptions): AccessSupport {
    void options;
    return { enforcer: albEnforcer(this.displayName), features: AUTO_MODE_ALB_ACCESS };
  }

  /** The checks of `access` on the Auto Mode ALB: the ALB's, and inbound CIDRs only on the library's class. */
  private checkAccess(access: EndpointAccess, options: FrontendIngressOptions): void {
    checkAlbAccess(access, options, this.displayName, AUTO_MODE_ALB_ACCESS);
    if (access.options.allowedSourceRanges !== undefined && options.className !== undefined) {
      throw invalid('access.allowedSourceRanges', `is set on the IngressClassParams of the class the library creates, not on the existing class "${options.className}"`,
        access.options.allowedSourceRanges, `set spec.inboundCIDRs on the IngressClassParams of "${options.className}", or remove ingress.className to let the library create the class`);
    }
  }

  private customNodeClassSpec(): Record<string, unknown> {
    const o = this.options;
    if (o.nodeRole === undefined) {
      throw invalid('cloud.nodeRole', 'is required for a custom Auto Mode NodeClass (set by the subnet, security group or ephemeral storage options)', undefined,
        'set nodeRole to a role with an EKS access entry (type EC2, AmazonEKSAutoNodePolicy), or remove the NodeClass options to use the built-in default NodeClass');
    }
    validateIamName('cloud.nodeRole', o.nodeRole, 64);
    const subnets = selectorTerms('cloud.subnet', 'node subnets of the custom NodeClass', o.subnetTags, o.subnetIds, 'subnet', "{ 'kubernetes.io/role/internal-elb': '1' }");
    const securityGroups = selectorTerms('cloud.securityGroup', 'node security groups of the custom NodeClass', o.securityGroupTags, o.securityGroupIds, 'sg',
      "{ 'aws:eks:cluster-name': 'my-cluster' }");
    const storage: Record<string, unknown> = {};
    if (o.ephemeralStorageSize !== undefined) {
      const gib = o.ephemeralStorageSize.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
      requireInteger('cloud.ephemeralStorageSize', gib, 1, 'give a whole number of GiB, e.g. Size.gibibytes(500)', 59000);
      storage.size = `${gib}Gi`;
    }
    if (o.ephemeralStorageIops !== undefined) {
      requireInteger('cloud.ephemeralStorageIops', o.ephemeralStorageIops, 3000, 'gp3 takes 3000 to 16000 IOPS', 16000);
      storage.iops = o.ephemeralStorageIops;
    }
    if (o.ephemeralStorageThroughput !== undefined) {
      requireInteger('cloud.ephemeralStorageThroughput', o.ephemeralStorageThroughput, 125, 'gp3 takes 125 to 1000 MiB/s', 1000);
      storage.throughput = o.ephemeralStorageThroughput;
    }
    return {
      role: o.nodeRole,
      subnetSelectorTerms: subnets,
      securityGroupSelectorTerms: securityGroups,
      ephemeralStorage: Object.keys(storage).length > 0 ? storage : undefined,
    };
  }
}
