import { k8s } from 'cdk8s-plus-28';
import { invalid } from '../../core/errors';
import type { CloudPoolContext } from '../cloud-profile';
import { GPU_PRODUCT_LABEL } from '../gpu-type';

/** How `Cloud.generic()` places a pool that names its GPU type. @internal */
export interface GpuProductSelection {
  /** A required node term: the node's `nvidia.com/gpu.product` label is one of the type's product names. */
  readonly nodeAffinity: k8s.NodeAffinity;
  /** For the endpoint card: `NVIDIA H100 80GB (nvidia.com/gpu.product)`. */
  readonly summary: string;
}

/**
 * The node selection of a pool with `gpuType` on a cluster the library knows no machines of: the
 * label GPU Feature Discovery (NVIDIA GPU Operator) writes on every GPU node, as Dynamo's recipes
 * select H100, H200 and B200 nodes. Undefined for a pool without `gpuType`; a custom type without
 * product names is an error naming the pool's prop.
 * @internal
 */
export function gpuProductSelection(pool: CloudPoolContext, cloudName: string): GpuProductSelection | undefined {
  const gpuType = pool.options.gpuType;
  if (gpuType === undefined) return undefined;
  if (gpuType.productNames.length === 0) {
    throw invalid(`${pool.prop}.gpuType`, `must list its nvidia.com/gpu.product values for ${cloudName} to select its nodes`, gpuType.displayName,
      `make it with GpuType.custom({ ..., productNames: ['<value>'] }), the values of \`kubectl get nodes -L ${GPU_PRODUCT_LABEL}\` `
      + `(the nvidia-smi product name with spaces replaced by "-"), or leave ${pool.prop}.gpuType out and select the nodes with ${pool.prop}.nodeSelector`);
  }
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: GPU_PRODUCT_LABEL, operator: 'In', values: [...gpuType.productNames] }] }],
      },
    },
    summary: `${gpuType.displayName} (${GPU_PRODUCT_LABEL})`,
  };
}
