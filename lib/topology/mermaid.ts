import { colorClass, NODE_COLORS } from './palette';
import { TopologyEdge, TopologyEdgeKind, TopologyNode } from './topology-model';

/**
 * Mermaid flowchart text of a topology: the DynamoGraphDeployment as a subgraph, each node with its
 * title in bold and its details on separate lines, the edges with their labels. Labels are quoted
 * and Mermaid's special characters written as its entity codes, so any name renders as text.
 */

/** Characters Mermaid would read as syntax or HTML inside a quoted label, as its entity codes. */
const ENTITIES: Readonly<Record<string, string>> = {
  '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '|': '#124;', '`': '#96;', '{': '#123;', '}': '#125;', '[': '#91;', ']': '#93;',
};

/** One line of label text, safe inside Mermaid quotes. @internal */
export function mermaidText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[#"<>&|`{}[\]]/g, (c) => ENTITIES[c]);
}

const ARROWS: Readonly<Record<TopologyEdgeKind, string>> = {
  request: '-->', kvTransfer: '==>', placement: '-->', scaling: '-.->', weights: '-.->', metrics: '-.->', operates: '-.->',
};

function label(node: TopologyNode): string {
  return [`<b>${mermaidText(node.title)}</b>`, ...node.details.map(mermaidText)].join('<br/>');
}

function shape(node: TopologyNode): string {
  const text = `"${label(node)}"`;
  if (node.kind === 'clients') return `([${text}])`;
  if (node.kind === 'modelCache') return `[(${text})]`;
  if (node.kind === 'platform') return `[[${text}]]`;
  return `[${text}]`;
}

function edge(e: TopologyEdge): string {
  return `  ${e.from} ${ARROWS[e.kind]}${e.label !== undefined ? `|"${mermaidText(e.label)}"|` : ''} ${e.to}`;
}

/** The Mermaid text (`flowchart TB`) of a topology, ending in a newline. @internal */
export function renderMermaid(title: string, nodes: readonly TopologyNode[], edges: readonly TopologyEdge[]): string {
  const lines = [`%% ${title.replace(/[\r\n]+/g, ' ')}`, 'flowchart TB'];
  const groups = nodes.filter((n) => n.kind === 'deployment');
  const grouped = new Set(groups.map((g) => g.id));
  for (const n of nodes) {
    if (n.kind === 'deployment') {
      lines.push(`  subgraph ${n.id}["${[n.title, ...n.details].map(mermaidText).join(' · ')}"]`);
      for (const child of nodes.filter((c) => c.parent === n.id)) lines.push(`    ${child.id}${shape(child)}`);
      lines.push('  end');
    } else if (n.parent === undefined || !grouped.has(n.parent)) {
      lines.push(`  ${n.id}${shape(n)}`);
    }
  }
  lines.push(...edges.map(edge));
  const classes = [...new Set(nodes.map(colorClass))];
  for (const c of classes) {
    const color = NODE_COLORS[c];
    lines.push(`  classDef ${c} fill:${color.fill},stroke:${color.stroke},color:#1a1a1a`);
    lines.push(`  class ${nodes.filter((n) => colorClass(n) === c).map((n) => n.id).join(',')} ${c}`);
  }
  return `${lines.join('\n')}\n`;
}
