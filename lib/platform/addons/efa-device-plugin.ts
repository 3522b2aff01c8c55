import { k8s } from 'cdk8s-plus-28';
import { invalid } from '../../core/errors';
import { FieldsOf } from '../../core/input-shape';
import { CHART_CATALOG } from '../chart-catalog';
import { PlatformRelease } from '../platform-release';
import { AddonContext, addonRelease, checkAddonOptions, CHART_OPTION_FIELDS, PlatformChartOptions, withTolerations } from './chart-options';

/**
 * Options of the AWS EFA device plugin add-on (chart `eks/aws-efa-k8s-device-plugin`), which
 * advertises `vpc.amazonaws.com/efa` on EFA-capable nodes: EKS with Karpenter needs it (the AL2023
 * NVIDIA and Bottlerocket AMIs have the host EFA bits but not the plugin; the EFA DRA driver is not
 * supported with Karpenter), EKS Auto Mode has it built in (`clouds-gpu-rdma.md` §1.5, §1.6).
 * It also serves self-managed clusters on EC2 (`Cloud.generic()` with the EFA fabric, or a custom
 * cloud); GKE and AKS have no EFA.
 *
 * The plugin runs only on the instance types of the chart's `supportedInstanceLabels` (its default
 * lists the EFA types, p4d/p5/p5e/p5en/p6 included); set `values.supportedInstanceLabels` for others.
 */
export interface EfaDevicePluginOptions extends PlatformChartOptions {}

/** What an untyped caller may pass (the table the options check). @internal */
export const EFA_DEVICE_PLUGIN_FIELDS: FieldsOf<EfaDevicePluginOptions> = { ...CHART_OPTION_FIELDS };

/**
 * The taints of the nodes the plugin must run on: the GPU taint the library's Karpenter NodePools
 * set (lib/cloud/eks/karpenter.ts), and the EFA taint the chart's values suggest
 * (aws/eks-charts `stable/aws-efa-k8s-device-plugin/values.yaml`: `tolerations: []`, example
 * `aws.amazon.com/efa`). The chart's DaemonSet always adds `CriticalAddonsOnly` itself
 * (`templates/daemonset.yaml`), so it is not restated.
 */
const NODE_TAINTS: readonly k8s.Toleration[] = [
  { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'aws.amazon.com/efa', operator: 'Exists', effect: 'NoSchedule' },
];

/** The clouds without EFA, and what advertises their RDMA devices instead (for the fix). */
const NO_EFA: Readonly<Record<string, string>> = {
  gke: 'GKE advertises the RDMA networks of A3 Ultra and A4 nodes itself',
  aks: 'use networkOperator for the InfiniBand NICs of ND-series VMs',
};

/**
 * The EFA device plugin's release.
 * @internal
 */
export function efaDevicePluginRelease(options: EfaDevicePluginOptions, ctx: AddonContext): PlatformRelease {
  const prop = 'efaDevicePlugin';
  checkAddonOptions(prop, options, 'EfaDevicePluginOptions', EFA_DEVICE_PLUGIN_FIELDS);
  if (ctx.cloudId === 'eks-auto-mode') {
    throw invalid(prop, 'must not be set on EKS Auto Mode', ctx.cloudId,
      'remove efaDevicePlugin: Auto Mode nodes run their own EFA device plugin (EKS docs auto-accelerated)');
  }
  const other = NO_EFA[ctx.cloudId];
  if (other !== undefined) {
    throw invalid(prop, 'only applies on EC2 instances (Cloud.eks(), or Cloud.generic() or a custom cloud for self-managed EC2 nodes)', ctx.cloudId,
      `remove efaDevicePlugin: EFA exists only on EC2; ${other}`);
  }
  return addonRelease({
    entry: CHART_CATALOG['aws-efa-k8s-device-plugin'],
    options,
    values: { tolerations: withTolerations(NODE_TAINTS, ctx.tolerations) },
    deviceResources: ['vpc.amazonaws.com/efa'],
  });
}
