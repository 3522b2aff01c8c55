/**
 * The stack config of `cloud`: the profile (`provider: generic | eks | eks-auto-mode | gke | aks`)
 * and that profile's options, as `Cloud.<factory>({...})` takes them.
 */
import { k8s } from 'cdk8s-plus-28';
import {
  AksGpuDriver, AksImageFamily, AksOptions, AksRdmaResource, Cloud, EfaInterfaces, EksAmi, EksAutoModeOptions, EksNetworkInterface, EksOptions,
  GenericCloudOptions, GenericRdmaOptions, GkeOptions, GkeRdmaNetworkOptions, NetworkInterfaceType, WhenUnsatisfiable,
} from '../../../lib';
import { UNSUPPORTED_AUTO_MODE_OPTIONS } from '../../../lib/cloud/eks/eks-auto-mode-profile';
import { invalid } from '../../../lib/core/errors';
import { propPath, shown } from '../../../lib/core/input-shape';
import { configError, fromLibrary, rmCommand } from './errors';
import { extraShapes, fabric } from './hardware';
import { bool, choice, constantsOf, duration, json, list, map, num, object, Read, size, text, variant } from './values';

const STRINGS = list(text);
const TAGS = map(text, 'karpenter.sh/discovery', 'my-cluster');
const NODE_LIMITS = map(num, 'decode', '8');

/** `ami: al2023@v20250821` or `bottlerocket@v1.45.0`: the pinned Karpenter alias. */
const ami: Read<EksAmi> = (v, at) => {
  const alias = typeof v === 'string' ? /^(al2023|bottlerocket)@(.+)$/.exec(v.trim()) : null;
  if (!alias) throw configError(at, 'must be a pinned AMI alias: al2023@<version> or bottlerocket@<version>', shown(v), 'al2023@v20250821');
  const [, family, version] = alias;
  return fromLibrary({ 'cloud.ami': at }, () => (family === 'al2023' ? EksAmi.al2023(version) : EksAmi.bottlerocket(version)),
    family === 'al2023' ? 'al2023@v20250821' : 'bottlerocket@v1.45.0');
};

/** `efaInterfaces: efa-only | karpenter-default`, or the layout: `[{ networkCardIndex, deviceIndex, interfaceType }]`. */
const efaInterfaces: Read<EfaInterfaces> = (v, at) => {
  if (!Array.isArray(v)) return choice(constantsOf(EfaInterfaces))(v, at);
  const layout = list(object<EksNetworkInterface>('EksNetworkInterface', {
    networkCardIndex: num, deviceIndex: num, interfaceType: choice(constantsOf(NetworkInterfaceType)),
  }, ['networkCardIndex', 'deviceIndex', 'interfaceType']))(v, at);
  return fromLibrary({ 'cloud.efaInterfaces': at }, () => EfaInterfaces.custom(layout));
};

const eks = object<EksOptions>('the eks cloud profile', {
  ami,
  nodeRole: text,
  instanceProfile: text,
  subnetTags: TAGS,
  subnetIds: STRINGS,
  securityGroupTags: TAGS,
  securityGroupIds: STRINGS,
  capacityReservationIds: STRINGS,
  capacityReservationTags: TAGS,
  placementGroupName: text,
  placementGroupId: text,
  efaInterfaces,
  privileged: bool,
  efaHugePages: bool,
  associatePublicIPAddress: bool,
  volumeSize: size,
  poolNodeLimits: NODE_LIMITS,
  consolidateAfter: duration,
  expireAfter: duration,
  extraShapes,
}, ['ami']);

const eksAutoModeOptions = object<EksAutoModeOptions>('the eks-auto-mode cloud profile', {
  nodeRole: text,
  subnetTags: TAGS,
  subnetIds: STRINGS,
  securityGroupTags: TAGS,
  securityGroupIds: STRINGS,
  ephemeralStorageSize: size,
  ephemeralStorageIops: num,
  ephemeralStorageThroughput: num,
  privileged: bool,
  poolNodeLimits: NODE_LIMITS,
  consolidateAfter: duration,
  expireAfter: duration,
  extraShapes,
});

/** The Auto Mode options; an `eks` option Auto Mode cannot honour is refused with its reason. */
const eksAutoMode: Read<EksAutoModeOptions> = (v, at) => {
  for (const [k, x] of Object.entries(typeof v === 'object' && v !== null ? v : {})) {
    const reason = UNSUPPORTED_AUTO_MODE_OPTIONS[k];
    if (reason !== undefined) {
      throw invalid(`config ${propPath(at, k)}`, `is not a setting of the eks-auto-mode cloud profile: ${reason}`, shown(x), `run ${rmCommand(propPath(at, k))}`);
    }
  }
  return eksAutoModeOptions(v, at);
};

const gke = object<GkeOptions>('the gke cloud profile', {
  extraShapes,
  whenUnsatisfiable: choice(constantsOf(WhenUnsatisfiable)),
  reservations: STRINGS,
  reservationProject: text,
  placementPolicy: text,
  acceleratorNetworkProfile: bool,
  rdmaNetwork: object<GkeRdmaNetworkOptions>('GkeRdmaNetworkOptions', { vpc: text, subnets: STRINGS }, ['vpc', 'subnets']),
  driverPrelude: bool,
});

/** `rdmaResource`: a built-in resource by name (`shared-ib` or `rdma/shared_ib`, ...), or `{ resourceName, shared }`. */
const rdmaResource: Read<AksRdmaResource> = (v, at) => {
  if (typeof v === 'string') {
    const named = constantsOf(AksRdmaResource);
    return choice({ ...named, ...Object.fromEntries(Object.values(named).map((r) => [r.resourceName, r])) })(v, at);
  }
  const o = object<{ resourceName: string; shared: boolean }>('a custom RDMA resource', { resourceName: text, shared: bool }, ['resourceName', 'shared'])(v, at);
  return fromLibrary({ 'cloud.rdmaResource': at }, () => AksRdmaResource.custom(o.resourceName, o.shared));
};

const aks = object<AksOptions>('the aks cloud profile', {
  nodePools: map(text, 'prefill', 'ndh100'),
  imageFamily: choice(constantsOf(AksImageFamily)),
  gpuDriver: choice(constantsOf(AksGpuDriver)),
  osDiskSizeGB: num,
  maxGpusPerPool: num,
  rdmaResource,
  ucxNetDevices: STRINGS,
  mountInfinibandDevices: bool,
  extraShapes,
});

const generic = object<GenericCloudOptions>('the generic cloud profile', {
  rdma: object<GenericRdmaOptions>('GenericRdmaOptions', {
    fabric,
    resourceName: text,
    devicesPerPod: num,
    ucxNetDevices: STRINGS,
    mountInfinibandDevices: bool,
    privileged: bool,
    efaHugePages: bool,
  }, ['fabric']),
  gpuTolerations: list(json<k8s.Toleration>('Toleration')),
});

/** Reads a profile's options, then makes the Cloud (whose own rules report on `cloud.<option>`). */
function profile<O>(options: Read<O>, make: (o: O) => Cloud): Read<Cloud> {
  return (v, at) => {
    const o = options(v, at);
    return fromLibrary({ cloud: at }, () => make(o));
  };
}

/**
 * `cloud`: `{ provider: <profile>, ...its options }`, or the profile's name alone when it needs no
 * options (`cloud: gke`). Without `cloud`, the pattern's default (`Cloud.generic()`).
 */
export const cloud: Read<Cloud> = variant('cloud profile', {
  'generic': profile(generic, (o) => Cloud.generic(o)),
  'eks': profile(eks, (o) => Cloud.eks(o)),
  'eks-auto-mode': profile(eksAutoMode, (o) => Cloud.eksAutoMode(o)),
  'gke': profile(gke, (o) => Cloud.gke(o)),
  'aks': profile(aks, (o) => Cloud.aks(o)),
}, 'provider');
