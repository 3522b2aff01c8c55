import { TopologyNode, TopologyNodeKind } from './topology-model';

/** The colors of the pictures, shared by the SVG and the Mermaid text: one fill and stroke per kind of node, prefill and decode apart. */

/** The fill and stroke of each kind of node, in both pictures. @internal */
export const NODE_COLORS: Readonly<Record<TopologyNodeKind | 'prefill' | 'decode', { readonly fill: string; readonly stroke: string }>> = {
  clients: { fill: '#f5f5f5', stroke: '#757575' },
  ingress: { fill: '#e3f2fd', stroke: '#1e88e5' },
  deployment: { fill: '#fafafa', stroke: '#90a4ae' },
  frontend: { fill: '#e8eaf6', stroke: '#3949ab' },
  workers: { fill: '#e0f2f1', stroke: '#00897b' },
  prefill: { fill: '#e8f5e9', stroke: '#43a047' },
  decode: { fill: '#f3e5f5', stroke: '#8e24aa' },
  planner: { fill: '#fff8e1', stroke: '#f9a825' },
  nodePool: { fill: '#eceff1', stroke: '#546e7a' },
  autoscaler: { fill: '#fff3e0', stroke: '#fb8c00' },
  observability: { fill: '#fce4ec', stroke: '#d81b60' },
  modelCache: { fill: '#efebe9', stroke: '#6d4c41' },
  platform: { fill: '#f1f8e9', stroke: '#76b900' },
};

/** The color class of a node: its kind, or its role for prefill and decode pools. @internal */
export function colorClass(node: TopologyNode): keyof typeof NODE_COLORS {
  const role = node.pool?.role;
  return role === 'prefill' || role === 'decode' ? role : node.kind;
}
