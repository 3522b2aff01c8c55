import { colorClass, NODE_COLORS } from './palette';
import { FONT, FRAME_TEXT_INSET, LaidBox, LaidEdge, LaidFrame, layoutTopology, LINE, PAD, TopologyLayout } from './svg-layout';
import { escapeXml, FONT_FAMILY } from './text-metrics';
import { TopologyEdge, TopologyEdgeKind, TopologyNode } from './topology-model';

/**
 * The SVG of a topology, drawn from {@link layoutTopology}: a white card (readable on dark pages
 * too), boxes with a bold title and detail lines, the DynamoGraphDeployment as a dashed frame, and
 * arrows styled by kind. Accessible: `role="img"`, an `aria-label`, a `<title>` and a `<desc>` that
 * lists every edge in words.
 */

const EDGE_STYLES: Readonly<Record<TopologyEdgeKind, { readonly color: string; readonly width: number; readonly dash?: string }>> = {
  request: { color: '#455a64', width: 1.5 },
  kvTransfer: { color: '#2e7d32', width: 2.5 },
  placement: { color: '#78909c', width: 1.5 },
  scaling: { color: '#ef6c00', width: 1.5, dash: '5 4' },
  weights: { color: '#6d4c41', width: 1.5, dash: '5 4' },
  metrics: { color: '#ad1457', width: 1.5, dash: '5 4' },
  operates: { color: '#558b2f', width: 1.5, dash: '2 3' },
};

const TITLE_COLOR = '#1a1a1a';
const DETAIL_COLOR = '#424242';

/** A number as SVG writes it: at most one decimal, no trailing zero. */
function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Lines of text centred on `cx`, the first baseline at `y`. */
function textLines(lines: readonly string[], cx: number, y: number, size: number, lineHeight: number, attrs: string): string[] {
  return lines.map((l, i) => `<text x="${n(cx)}" y="${n(y + i * lineHeight)}" font-size="${size}"${attrs}>${escapeXml(l)}</text>`);
}

/** The first baselines of a box's title and detail lines: each line's baseline sits 3 px above its line box's bottom. */
function baselines(top: number, titleLines: number, gap: number): { title: number; detail: number } {
  const title = top + PAD.y + LINE.title - 4;
  return { title, detail: top + PAD.y + titleLines * LINE.title + gap + LINE.detail - 3 };
}

function boxSvg(b: LaidBox): string[] {
  const c = NODE_COLORS[colorClass(b.node)];
  const cx = b.x + b.w / 2;
  const at = baselines(b.y, b.titleLines.length, 3);
  return [
    `<g data-node="${escapeXml(b.node.id)}">`,
    `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.w)}" height="${n(b.h)}" rx="6" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"/>`,
    ...textLines(b.titleLines, cx, at.title, FONT.title, LINE.title, ` font-weight="bold" fill="${TITLE_COLOR}"`),
    ...textLines(b.detailLines, cx, at.detail, FONT.detail, LINE.detail, ` fill="${DETAIL_COLOR}"`),
    '</g>',
  ];
}

function frameSvg(f: LaidFrame): string[] {
  const c = NODE_COLORS.deployment;
  const x = f.x + FRAME_TEXT_INSET;
  const at = baselines(f.y, f.titleLines.length, 0);
  const start = (y: number, size: number, attrs: string, l: string) => `<text text-anchor="start" x="${n(x)}" y="${n(y)}" font-size="${size}"${attrs}>${escapeXml(l)}</text>`;
  return [
    `<g data-node="${escapeXml(f.node.id)}">`,
    `<rect x="${n(f.x)}" y="${n(f.y)}" width="${n(f.w)}" height="${n(f.h)}" rx="10" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    ...f.titleLines.map((l, i) => start(at.title + i * LINE.title, FONT.title, ` font-weight="bold" fill="${TITLE_COLOR}"`, l)),
    ...f.detailLines.map((l, i) => start(at.detail + i * LINE.detail, FONT.detail, ` fill="${DETAIL_COLOR}"`, l)),
    '</g>',
  ];
}

function edgeSvg(e: LaidEdge, markerPrefix: string): string[] {
  const s = EDGE_STYLES[e.edge.kind];
  const points = e.points.map(([x, y]) => `${n(x)},${n(y)}`).join(' ');
  const out = [
    `<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} marker-end="url(#${markerPrefix}-${e.edge.kind})"/>`,
  ];
  const l = e.label;
  if (l) {
    const top = l.y - l.h / 2;
    out.push(`<rect x="${n(l.x - l.w / 2)}" y="${n(top)}" width="${n(l.w)}" height="${n(l.h)}" rx="3" fill="#ffffff" fill-opacity="0.92"/>`);
    out.push(...textLines(l.lines, l.x, top + 2 + LINE.detail - 3, FONT.label, LINE.detail, ` fill="${s.color}"${e.edge.kind === 'kvTransfer' ? ' font-weight="bold"' : ''}`));
  }
  return out;
}

function markers(prefix: string, kinds: readonly TopologyEdgeKind[]): string[] {
  return kinds.map((k) => `<marker id="${prefix}-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">`
    + `<path d="M0,0 L10,5 L0,10 z" fill="${EDGE_STYLES[k].color}"/></marker>`);
}

/** Every edge in words, for screen readers: `Clients → AWS Application Load Balancer; ...`. */
function description(nodes: readonly TopologyNode[], edges: readonly TopologyEdge[]): string {
  const title = new Map(nodes.map((x) => [x.id, x.title]));
  return edges.map((e) => `${title.get(e.from)} → ${title.get(e.to)}${e.label ? ` (${e.label})` : ''}`).join('; ');
}

/**
 * The SVG document of a topology: {@link SVG_WIDTH} px wide, as tall as its content.
 * `idPrefix` keeps the marker ids of several pictures in one page apart.
 * @internal
 */
export function renderSvg(title: string, idPrefix: string, nodes: readonly TopologyNode[], edges: readonly TopologyEdge[]): string {
  const layout: TopologyLayout = layoutTopology(nodes, edges);
  const prefix = `${idPrefix.replace(/[^A-Za-z0-9_-]/g, '-')}-topology`;
  const kinds = [...new Set(layout.edges.map((e) => e.edge.kind))];
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${n(layout.height)}" viewBox="0 0 ${layout.width} ${n(layout.height)}" `
      + `role="img" aria-label="${escapeXml(title)}" font-family="${escapeXml(FONT_FAMILY)}" text-anchor="middle">`,
    `<title>${escapeXml(title)}</title>`,
    `<desc>${escapeXml(description(nodes, edges))}</desc>`,
    `<defs>${markers(prefix, kinds).join('')}</defs>`,
    `<rect x="0" y="0" width="${layout.width}" height="${n(layout.height)}" rx="8" fill="#ffffff"/>`,
    ...(layout.frame ? frameSvg(layout.frame) : []),
    ...layout.edges.flatMap((e) => edgeSvg(e, prefix)),
    ...layout.boxes.flatMap(boxSvg),
    '</svg>',
  ];
  return `${lines.join('\n')}\n`;
}
