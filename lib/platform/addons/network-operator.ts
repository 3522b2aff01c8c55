import { k8s } from 'cdk8s-plus-28';
import { RdmaFabric } from '../../cloud/rdma-fabric';
import { invalid, requireInteger } from '../../core/errors';
import { arrayShape, booleanShape, FieldsOf, instanceShape, numberShape, objectShape, stringShape } from '../../core/input-shape';
import { isDns1123Subdomain } from '../../core/names';
import { CHART_CATALOG } from '../chart-catalog';
import { PlatformManifest, PlatformRelease } from '../platform-release';
import { AddonContext, addonRelease, checkAddonOptions, CHART_OPTION_FIELDS, PlatformChartOptions, PRIVILEGED_NAMESPACE, checkOwnNamespace, withTolerations } from './chart-options';

/**
 * The Network Operator's RDMA shared device plugin (`NicClusterPolicy.spec.rdmaSharedDevicePlugin`):
 * one extended resource `rdma/<resourceName>`; every pod that requests 1 sees all the node's HCAs.
 */
export interface RdmaSharedDevicePluginOptions {
  /**
   * The resource name; pods request `rdma/<resourceName>`.
   * @default 'shared_ib' (Azure/aks-rdma-infiniband, Dynamo's `aks-ib` recipe; `AksRdmaResource.SHARED_IB`)
   */
  readonly resourceName?: string;
  /**
   * How many pods of a node may share the HCAs (`rdmaHcaMax`).
   * @default 63 (Azure/aks-rdma-infiniband `rdma-shared-device-plugin`; the Network Operator example)
   */
  readonly rdmaHcaMax?: number;
  /**
   * The PCI vendor ids of the NICs to expose (`selectors.vendors`).
   * @default ['15b3'] (NVIDIA/Mellanox)
   */
  readonly vendors?: string[];
  /**
   * The link types of the NICs to expose (`selectors.linkTypes`).
   * @default - `['infiniband']` for `RdmaFabric.INFINIBAND`, `['ether']` for `RdmaFabric.ROCE`
   */
  readonly linkTypes?: string[];
}

/**
 * The SR-IOV network device plugin with RDMA (`NicClusterPolicy.spec.sriovDevicePlugin`): one
 * extended resource `<resourcePrefix>/<resourceName>` counting the node's RDMA devices; a pod gets
 * the devices it requests.
 */
export interface SriovDevicePluginOptions {
  /**
   * The resource prefix.
   * @default 'rdma' (Azure/aks-rdma-infiniband `sriov-device-plugin`)
   */
  readonly resourcePrefix?: string;
  /**
   * The resource name; pods request `<resourcePrefix>/<resourceName>`.
   * @default 'ib' (Azure/aks-rdma-infiniband, llm-d AKS; `AksRdmaResource.IB`)
   */
  readonly resourceName?: string;
  /**
   * The PCI vendor ids of the NICs to expose (`selectors.vendors`).
   * @default ['15b3'] (NVIDIA/Mellanox)
   */
  readonly vendors?: string[];
  /**
   * The link types of the NICs to expose (`selectors.linkTypes`).
   * @default - `['infiniband']` for `RdmaFabric.INFINIBAND`, `['ether']` for `RdmaFabric.ROCE`
   */
  readonly linkTypes?: string[];
}

/**
 * Options of the NVIDIA Network Operator add-on (chart `nvidia/network-operator`), which installs
 * the NIC driver and the RDMA device plugins on nodes with NVIDIA (Mellanox) NICs for InfiniBand or
 * RoCE. The platform applies a `NicClusterPolicy` (`nic-cluster-policy`) built from these options
 * once the chart is installed.
 */
export interface NetworkOperatorOptions extends PlatformChartOptions {
  /**
   * The fabric the NICs run: `RdmaFabric.INFINIBAND` or `RdmaFabric.ROCE`; it picks the device
   * plugins' default link types.
   * @default RdmaFabric.INFINIBAND
   */
  readonly fabric?: RdmaFabric;
  /**
   * Install the DOCA-OFED driver container on the NIC nodes (`spec.ofedDriver`), as Azure's AKS
   * InfiniBand configuration does; turn it off where the host image has the driver.
   * @default true
   */
  readonly ofedDriver?: boolean;
  /**
   * The DOCA-OFED driver image tag (`spec.ofedDriver.version`); the operator adds the OS suffix.
   * @default 'doca3.4.1-26.04-1.1.0.0-1' (the Network Operator v26.4.1 release, Mellanox/network-operator `hack/release.yaml`);
   *   pick the one your chart version lists when you change `version`
   */
  readonly ofedDriverVersion?: string;
  /**
   * The RDMA shared device plugin.
   * @default - on with its defaults (`rdma/shared_ib`) unless only `sriovDevicePlugin` is given
   */
  readonly rdmaSharedDevicePlugin?: RdmaSharedDevicePluginOptions;
  /**
   * The SR-IOV device plugin with RDMA.
   * @default - off
   */
  readonly sriovDevicePlugin?: SriovDevicePluginOptions;
}

const STRINGS = arrayShape(stringShape(), '["15b3"]');
/** @internal */
export const RDMA_SHARED_DEVICE_PLUGIN_FIELDS: FieldsOf<RdmaSharedDevicePluginOptions> = { resourceName: stringShape(), rdmaHcaMax: numberShape(), vendors: STRINGS, linkTypes: STRINGS };
/** @internal */
export const SRIOV_DEVICE_PLUGIN_FIELDS: FieldsOf<SriovDevicePluginOptions> = { resourcePrefix: stringShape(), resourceName: stringShape(), vendors: STRINGS, linkTypes: STRINGS };
/** What an untyped caller may pass (the table the options check). @internal */
export const NETWORK_OPERATOR_FIELDS: FieldsOf<NetworkOperatorOptions> = {
  ...CHART_OPTION_FIELDS,
  fabric: instanceShape(RdmaFabric, 'RdmaFabric.INFINIBAND or RdmaFabric.ROCE'),
  ofedDriver: booleanShape(),
  ofedDriverVersion: stringShape(),
  rdmaSharedDevicePlugin: objectShape('RdmaSharedDevicePluginOptions', RDMA_SHARED_DEVICE_PLUGIN_FIELDS),
  sriovDevicePlugin: objectShape('SriovDevicePluginOptions', SRIOV_DEVICE_PLUGIN_FIELDS),
};

/**
 * Facts of the Network Operator v26.4.1 release (Mellanox/network-operator `hack/release.yaml`,
 * `example/crs/mellanox.com_v1alpha1_nicclusterpolicy_cr*.yaml` @v26.4.1): the image of each
 * component; the device plugins' tags follow the chart version (`network-operator-v<version>`).
 */
const IMAGES = {
  registry: 'nvcr.io/nvidia/mellanox',
  ofedDriver: 'doca-driver',
  ofedDriverVersion: 'doca3.4.1-26.04-1.1.0.0-1',
  rdmaSharedDevicePlugin: 'k8s-rdma-shared-dev-plugin',
  sriovDevicePlugin: 'sriov-network-device-plugin',
} as const;

/** The link type of each fabric the plugins select by (`selectors.linkTypes`). */
const LINK_TYPES: ReadonlyMap<RdmaFabric, string> = new Map([[RdmaFabric.INFINIBAND, 'infiniband'], [RdmaFabric.ROCE, 'ether']]);

/**
 * The node label NFD sets on nodes with an NVIDIA (Mellanox, PCI vendor 15b3) NIC, from the chart's
 * NodeFeatureRule `nvidia-nics-rules` (`nfd.deployNodeFeatureRules`, default true); Azure's
 * NicClusterPolicy pins the driver to it (aks-rdma-infiniband `configs/nicclusterpolicy/base/nic.yaml`).
 */
const NIC_NODE_LABEL = 'feature.node.kubernetes.io/pci-15b3.present';

/**
 * The chart's own tolerations (`deployment/network-operator/values.yaml` @v26.4.1), restated
 * because a list value replaces them.
 */
const MASTER: k8s.Toleration = { key: 'node-role.kubernetes.io/master', operator: 'Equal', value: '', effect: 'NoSchedule' };
const CONTROL_PLANE: k8s.Toleration = { key: 'node-role.kubernetes.io/control-plane', operator: 'Equal', value: '', effect: 'NoSchedule' };
const GPU: k8s.Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };
const NFD_WORKER_TOLERATIONS: readonly k8s.Toleration[] = [
  { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
  GPU,
];

/** Why each cloud that cannot use the Network Operator cannot, and what to do instead. */
const REFUSED: Readonly<Record<string, string>> = {
  'eks': 'EC2 GPU instances have EFA, not NVIDIA NICs the operator drives: remove networkOperator and set efaDevicePlugin: {}',
  'eks-auto-mode': 'Auto Mode nodes have EFA with a built-in device plugin and a read-only host: remove networkOperator',
  'gke': 'GKE wires RDMA (A3 Ultra, A4) through its own multi-networking or DRANET and RDMA driver, which Cloud.gke() sets up: remove networkOperator',
};

/** One PCI vendor id: four hex digits. */
const VENDOR = /^[0-9a-f]{4}$/;
/** A resource name part of an extended resource (the name of a qualified name). */
const RESOURCE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** An image tag. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A device plugin: its resource and its `NicClusterPolicy.spec` section. */
interface ResolvedPlugin {
  readonly resource: string;
  readonly field: 'rdmaSharedDevicePlugin' | 'sriovDevicePlugin';
  readonly spec: Record<string, unknown>;
}

/**
 * The Network Operator's release, with its `NicClusterPolicy`.
 * @internal
 */
export function networkOperatorRelease(options: NetworkOperatorOptions, ctx: AddonContext): PlatformRelease {
  const prop = 'networkOperator';
  checkAddonOptions(prop, options, 'NetworkOperatorOptions', NETWORK_OPERATOR_FIELDS);
  checkOwnNamespace(prop, options.namespace);
  const refused = REFUSED[ctx.cloudId];
  if (refused !== undefined) throw invalid(prop, `must not be set on ${ctx.cloudId}`, ctx.cloudId, refused);
  const fabric = options.fabric ?? RdmaFabric.INFINIBAND;
  const linkType = LINK_TYPES.get(fabric);
  if (linkType === undefined) {
    throw invalid(`${prop}.fabric`, 'must be RdmaFabric.INFINIBAND or RdmaFabric.ROCE, the fabrics of NVIDIA NICs', fabric.id,
      'use RdmaFabric.INFINIBAND or RdmaFabric.ROCE');
  }
  const entry = CHART_CATALOG['network-operator'];
  const pluginTag = `network-operator-v${(options.version ?? entry.version).replace(/^v/, '')}`;
  const plugins: ResolvedPlugin[] = [];
  if (options.rdmaSharedDevicePlugin !== undefined || options.sriovDevicePlugin === undefined) {
    plugins.push(sharedPlugin(`${prop}.rdmaSharedDevicePlugin`, options.rdmaSharedDevicePlugin ?? {}, linkType, pluginTag));
  }
  if (options.sriovDevicePlugin !== undefined) plugins.push(sriovPlugin(`${prop}.sriovDevicePlugin`, options.sriovDevicePlugin, linkType, pluginTag));
  if (plugins.length === 2 && plugins[0].resource === plugins[1].resource) {
    throw invalid(`${prop}.sriovDevicePlugin.resourceName`, 'must differ from the shared device plugin\'s resource', plugins[1].resource,
      'give the two device plugins different resources, e.g. rdma/shared_ib and rdma/ib');
  }
  const ofedVersion = options.ofedDriverVersion ?? IMAGES.ofedDriverVersion;
  if (options.ofedDriverVersion !== undefined) {
    if (options.ofedDriver === false) {
      throw invalid(`${prop}.ofedDriverVersion`, 'only applies with the driver container (networkOperator.ofedDriver)', options.ofedDriverVersion,
        'remove ofedDriverVersion, or set ofedDriver: true');
    }
    if (!IMAGE_TAG.test(options.ofedDriverVersion)) {
      throw invalid(`${prop}.ofedDriverVersion`, 'must be an image tag', options.ofedDriverVersion, `use a doca-driver tag such as "${IMAGES.ofedDriverVersion}"`);
    }
  }

  // The policy's DaemonSets (driver, device plugins) and NFD's worker run on the GPU nodes: they also
  // tolerate the taints of the cloud's GPU nodes.
  const onGpuNodes = [...ctx.tolerations, ...(ctx.gpuNodeTolerations ?? [])];
  const tolerations = withTolerations([GPU], onGpuNodes);
  const policy: PlatformManifest = {
    apiVersion: 'mellanox.com/v1alpha1',
    kind: 'NicClusterPolicy',
    // The operator acts on the one policy named nic-cluster-policy (cluster-scoped).
    metadata: { name: 'nic-cluster-policy' },
    spec: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: NIC_NODE_LABEL, operator: 'In', values: ['true'] }] }],
        },
      },
      tolerations,
      ...(options.ofedDriver === false ? {} : {
        ofedDriver: {
          image: IMAGES.ofedDriver,
          repository: IMAGES.registry,
          version: ofedVersion,
          // The upstream example's upgrade policy: one node at a time, drained first.
          upgradePolicy: { autoUpgrade: true, maxParallelUpgrades: 1, drain: { enable: true, force: true, deleteEmptyDir: true, timeoutSeconds: 300 } },
        },
      }),
      ...Object.fromEntries(plugins.map((p) => [p.field, p.spec])),
    },
  };
  const values: Record<string, unknown> = {
    // NFD labels the NIC nodes the policy selects; keep it (the chart's default) even if the GPU
    // Operator is also on: that add-on then turns its own NFD off.
    nfd: { enabled: true },
    ...(ctx.tolerations.length > 0 ? { 'operator': { tolerations: withTolerations([MASTER, CONTROL_PLANE], ctx.tolerations) } } : {}),
    ...(onGpuNodes.length > 0 ? { 'node-feature-discovery': { worker: { tolerations: withTolerations(NFD_WORKER_TOLERATIONS, onGpuNodes) } } } : {}),
  };
  // Its driver and device-plugin DaemonSets run privileged; Dynamo's and Azure's AKS guides label the
  // namespace `pod-security.kubernetes.io/enforce=privileged` (Dynamo rdma-setup/infiniband-on-azure.mdx).
  return addonRelease({ entry, options, values, manifests: [policy], deviceResources: plugins.map((p) => p.resource), namespaceLabels: PRIVILEGED_NAMESPACE });
}

function checkSelectors(prop: string, vendors: readonly string[], linkTypes: readonly string[]): void {
  if (vendors.length === 0) throw invalid(`${prop}.vendors`, 'must list at least one PCI vendor id', vendors, 'use ["15b3"] (NVIDIA/Mellanox)');
  vendors.forEach((v, i) => {
    if (!VENDOR.test(v)) throw invalid(`${prop}.vendors[${i}]`, 'must be a PCI vendor id (four lowercase hex digits)', v, 'use "15b3" (NVIDIA/Mellanox)');
  });
  if (linkTypes.length === 0) throw invalid(`${prop}.linkTypes`, 'must list at least one link type', linkTypes, 'use ["infiniband"] or ["ether"]');
  linkTypes.forEach((t, i) => {
    if (t !== 'infiniband' && t !== 'ether') throw invalid(`${prop}.linkTypes[${i}]`, 'must be "infiniband" or "ether"', t, 'use "infiniband" for InfiniBand, "ether" for RoCE');
  });
}

function checkResourceName(prop: string, name: string): void {
  if (name.length > 63 || !RESOURCE_NAME.test(name)) {
    throw invalid(prop, 'must be a resource name (letters, digits, "-", "_" and ".", at most 63 characters)', name, 'use e.g. "shared_ib"');
  }
}

function sharedPlugin(prop: string, o: RdmaSharedDevicePluginOptions, linkType: string, tag: string): ResolvedPlugin {
  const resourceName = o.resourceName ?? 'shared_ib';
  const rdmaHcaMax = o.rdmaHcaMax ?? 63;
  const vendors = o.vendors ?? ['15b3'];
  const linkTypes = o.linkTypes ?? [linkType];
  checkResourceName(`${prop}.resourceName`, resourceName);
  requireInteger(`${prop}.rdmaHcaMax`, rdmaHcaMax, 1, 'set how many pods of a node may share its HCAs, e.g. 63');
  checkSelectors(prop, vendors, linkTypes);
  // The plugin's config, as a JSON string (k8s-rdma-shared-dev-plugin `configList`).
  const config = { configList: [{ resourceName, rdmaHcaMax, selectors: { vendors: [...vendors], linkTypes: [...linkTypes] } }] };
  return {
    // The shared plugin's resource prefix is always `rdma`.
    resource: `rdma/${resourceName}`,
    field: 'rdmaSharedDevicePlugin',
    spec: { image: IMAGES.rdmaSharedDevicePlugin, repository: IMAGES.registry, version: tag, config: JSON.stringify(config) },
  };
}

function sriovPlugin(prop: string, o: SriovDevicePluginOptions, linkType: string, tag: string): ResolvedPlugin {
  const resourcePrefix = o.resourcePrefix ?? 'rdma';
  const resourceName = o.resourceName ?? 'ib';
  const vendors = o.vendors ?? ['15b3'];
  const linkTypes = o.linkTypes ?? [linkType];
  if (!isDns1123Subdomain(resourcePrefix)) {
    throw invalid(`${prop}.resourcePrefix`, 'must be a DNS subdomain (the domain of an extended resource)', resourcePrefix, 'use e.g. "rdma"');
  }
  checkResourceName(`${prop}.resourceName`, resourceName);
  checkSelectors(prop, vendors, linkTypes);
  // sriov-network-device-plugin `resourceList`; `isRdma` selects devices with RDMA.
  const config = { resourceList: [{ resourcePrefix, resourceName, selectors: { vendors: [...vendors], linkTypes: [...linkTypes], isRdma: true } }] };
  return {
    resource: `${resourcePrefix}/${resourceName}`,
    field: 'sriovDevicePlugin',
    spec: { image: IMAGES.sriovDevicePlugin, repository: IMAGES.registry, version: tag, config: JSON.stringify(config) },
  };
}
