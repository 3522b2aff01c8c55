import { durationShape } from '../core/duration';
import {
  arrayShape, booleanShape, FieldsOf, FieldShapes, instanceShape, numberShape, objectShape, recordShape, Shape, stringShape,
} from '../core/input-shape';
import { sizeShape } from '../core/quantity';
import { TOLERATIONS } from '../core/value-shapes';
import { AksGpuDriver, AksImageFamily, AksOptions, AksRdmaResource } from './aks/aks-profile';
import { EksAutoModeOptions, UNSUPPORTED_AUTO_MODE_OPTIONS } from './eks/eks-auto-mode-profile';
import { EfaInterfaces, EksAmi, EksOptions } from './eks/eks-profile';
import { GenericCloudOptions, GenericRdmaOptions } from './generic/generic-profile';
import { GkeOptions, GkeRdmaNetworkOptions, WhenUnsatisfiable } from './gke/gke-profile';
import { MACHINE_SHAPES } from './machine-shape';
import { RdmaFabric } from './rdma-fabric';

/**
 * What an untyped caller (JavaScript, options read from a config file) may pass to the `Cloud`
 * factories, one table per options interface. `Cloud.eks(options)` checks the table before the
 * profile reads the options, so a wrong type, a `null` or a misspelt option is a named error on
 * `cloud.<option>`; the profiles' own rules then check the values.
 * @internal
 */

const TAGS = recordShape(stringShape());
const STRINGS = (example: string): Shape => arrayShape(stringShape(), example);
const NODE_LIMITS = recordShape(numberShape());

/** `EksAmi.al2023('v20250821')` for the alias string `al2023@v20250821`. */
function eksAmiUsage(value: unknown): string {
  const alias = typeof value === 'string' ? /^(al2023|bottlerocket)@(.+)$/.exec(value) : null;
  if (alias) return `EksAmi.${alias[1]}('${alias[2]}'), not the alias string`;
  return "EksAmi.al2023('v20250821') or EksAmi.bottlerocket('v1.45.0')";
}

const GENERIC_RDMA_FIELDS: FieldsOf<GenericRdmaOptions> = {
  fabric: instanceShape(RdmaFabric, 'RdmaFabric.EFA, RdmaFabric.INFINIBAND or RdmaFabric.ROCE'),
  resourceName: stringShape(),
  devicesPerPod: numberShape(),
  ucxNetDevices: STRINGS('["mlx5_0:1"]'),
  mountInfinibandDevices: booleanShape(),
  privileged: booleanShape(),
  efaHugePages: booleanShape(),
};

/** `Cloud.generic(options)`. */
export const GENERIC_FIELDS: FieldsOf<GenericCloudOptions> = {
  rdma: objectShape('GenericRdmaOptions', GENERIC_RDMA_FIELDS, ['fabric']),
  gpuTolerations: TOLERATIONS,
};

/** `Cloud.eks(options)`; `ami` is required. */
export const EKS_FIELDS: FieldsOf<EksOptions> = {
  ami: instanceShape(EksAmi, eksAmiUsage),
  nodeRole: stringShape(),
  instanceProfile: stringShape(),
  subnetTags: TAGS,
  subnetIds: STRINGS('["subnet-0123456789abcdef0"]'),
  securityGroupTags: TAGS,
  securityGroupIds: STRINGS('["sg-0123456789abcdef0"]'),
  capacityReservationIds: STRINGS('["cr-0123456789abcdef0"]'),
  capacityReservationTags: TAGS,
  placementGroupName: stringShape(),
  placementGroupId: stringShape(),
  efaInterfaces: instanceShape(EfaInterfaces, 'EfaInterfaces.EFA_ONLY, EfaInterfaces.KARPENTER_DEFAULT or EfaInterfaces.custom([...])'),
  privileged: booleanShape(),
  efaHugePages: booleanShape(),
  associatePublicIPAddress: booleanShape(),
  volumeSize: sizeShape('Size.gibibytes(500)'),
  poolNodeLimits: NODE_LIMITS,
  consolidateAfter: durationShape(),
  expireAfter: durationShape('Duration.days(30)'),
  extraShapes: MACHINE_SHAPES,
};

/** Passes any value: an option the profile rejects itself, with its reason. */
const LEFT_TO_PROFILE: Shape = { expected: 'any value', check: () => undefined };

/**
 * `Cloud.eksAutoMode(options)`. The `Cloud.eks()` options Auto Mode cannot honour are let through,
 * so the profile rejects each with its reason rather than as an unknown option.
 */
export const EKS_AUTO_MODE_FIELDS: FieldShapes = {
  ...Object.fromEntries(Object.keys(UNSUPPORTED_AUTO_MODE_OPTIONS).map((k) => [k, LEFT_TO_PROFILE])),
  ...({
    nodeRole: stringShape(),
    subnetTags: TAGS,
    subnetIds: STRINGS('["subnet-0123456789abcdef0"]'),
    securityGroupTags: TAGS,
    securityGroupIds: STRINGS('["sg-0123456789abcdef0"]'),
    ephemeralStorageSize: sizeShape('Size.gibibytes(200)'),
    ephemeralStorageIops: numberShape(),
    ephemeralStorageThroughput: numberShape(),
    privileged: booleanShape(),
    poolNodeLimits: NODE_LIMITS,
    consolidateAfter: durationShape(),
    expireAfter: durationShape('Duration.days(14)'),
    extraShapes: MACHINE_SHAPES,
  } satisfies FieldsOf<EksAutoModeOptions>),
};

const GKE_RDMA_NETWORK_FIELDS: FieldsOf<GkeRdmaNetworkOptions> = {
  vpc: stringShape(),
  subnets: STRINGS('["my-cluster-rdma-sub-0", "my-cluster-rdma-sub-1"]'),
};

/** `Cloud.gke(options)`. */
export const GKE_FIELDS: FieldsOf<GkeOptions> = {
  extraShapes: MACHINE_SHAPES,
  whenUnsatisfiable: instanceShape(WhenUnsatisfiable, 'WhenUnsatisfiable.DO_NOT_SCALE_UP or WhenUnsatisfiable.SCALE_UP_ANYWAY'),
  reservations: STRINGS('["h200-reservation"]'),
  reservationProject: stringShape(),
  placementPolicy: stringShape(),
  acceleratorNetworkProfile: booleanShape(),
  rdmaNetwork: objectShape('GkeRdmaNetworkOptions', GKE_RDMA_NETWORK_FIELDS, ['vpc', 'subnets']),
  driverPrelude: booleanShape(),
};

/** `Cloud.aks(options)`. */
export const AKS_FIELDS: FieldsOf<AksOptions> = {
  nodePools: recordShape(stringShape()),
  imageFamily: instanceShape(AksImageFamily, 'AksImageFamily.UBUNTU, UBUNTU_2204, UBUNTU_2404 or AZURE_LINUX'),
  gpuDriver: instanceShape(AksGpuDriver, 'AksGpuDriver.AKS_MANAGED or AksGpuDriver.NONE'),
  osDiskSizeGB: numberShape(),
  maxGpusPerPool: numberShape(),
  rdmaResource: instanceShape(AksRdmaResource, "AksRdmaResource.SHARED_IB, IB, HCA_SHARED_DEVICES_A or AksRdmaResource.custom('rdma/my_ib', true)"),
  ucxNetDevices: STRINGS('["mlx5_0:1"]'),
  mountInfinibandDevices: booleanShape(),
  extraShapes: MACHINE_SHAPES,
};
