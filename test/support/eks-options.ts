/** The EKS options the tests share: a pinned AL2023 AMI and Karpenter's discovery tags. */
import { EksAmi, EksOptions } from '../../lib';

export const EKS_OPTIONS: EksOptions = {
  ami: EksAmi.al2023('v20250821'),
  nodeRole: 'KarpenterNodeRole-prod',
  subnetTags: { 'karpenter.sh/discovery': 'prod' },
  securityGroupTags: { 'karpenter.sh/discovery': 'prod' },
};
