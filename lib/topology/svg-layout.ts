import { charsThatFit, textWidth, wrapLine } from './text-metrics';
import { TopologyEdge, TopologyNode } from './topology-model';

/**
 * The layered layout of a topology picture, pure and deterministic: clients and ingress on top, the
 * DynamoGraphDeployment as a frame (frontend, then the worker pools side by side with the KV
 * transfer between them, then the planner), the node pools under their pools, and the pieces
 * around the graph (observability, model cache, autoscalers, the Dynamo platform) in a column on
 * its right. Every line
 * is wrapped to its box by the conservative width estimate of `text-metrics.ts`.
 */

/** The picture's width in px (viewBox and width): at a README's ~830 px the 12 px text stays above 11 px. @internal */
export const SVG_WIDTH = 880;
/** Font sizes, px. @internal */
export const FONT = { title: 13, detail: 12, label: 12 } as const;
/** Line heights, px. @internal */
export const LINE = { title: 17, detail: 15 } as const;
/** Inner padding of a box, px. @internal */
export const PAD = { x: 10, y: 9 } as const;
/** Where the frame's header text starts, from the frame's left edge, px. @internal */
export const FRAME_TEXT_INSET = 12;
const MARGIN = 16;
const ROW_GAP = 44;
const SIDE_WIDTH = 230;
const SIDE_GAP = 24;
const FRAME_PAD = 16;
const KV_GAP = 140;
const POOL_GAP = 40;
const MIN_BOX = 150;

/** A box and its wrapped text. @internal */
export interface LaidBox {
  readonly node: TopologyNode;
  x: number;
  y: number;
  readonly w: number;
  h: number;
  readonly titleLines: readonly string[];
  readonly detailLines: readonly string[];
}

/** An edge label: its lines, centred at a point, and the size of its background. @internal */
export interface LaidLabel {
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
  readonly w: number;
  readonly h: number;
}

/** An edge as a polyline, with its label when one is drawn. @internal */
export interface LaidEdge {
  readonly edge: TopologyEdge;
  readonly points: readonly (readonly [number, number])[];
  /** @default - none: the edge has no label, or it is not drawn */
  readonly label?: LaidLabel;
}

/** The DynamoGraphDeployment frame, its title and detail lines at its top left. @internal */
export interface LaidFrame {
  readonly node: TopologyNode;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** The width the header lines were wrapped to (left of the arrow that enters the frame). */
  readonly textWidth: number;
  readonly titleLines: readonly string[];
  readonly detailLines: readonly string[];
}

/** A laid-out picture. @internal */
export interface TopologyLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly LaidBox[];
  /** @default - none: the topology has no DynamoGraphDeployment node */
  readonly frame?: LaidFrame;
  readonly edges: readonly LaidEdge[];
}

/** The lines of a node's text in a width. */
function wrapped(node: TopologyNode, textW: number): { titleLines: string[]; detailLines: string[] } {
  return {
    titleLines: wrapLine(node.title, charsThatFit(textW, FONT.title)),
    detailLines: node.details.flatMap((d) => wrapLine(d, charsThatFit(textW, FONT.detail))),
  };
}

/** A box sized to its text, between {@link MIN_BOX} and `maxW` wide (or exactly `fixedW`). */
function box(node: TopologyNode, maxW: number, fixedW?: number): LaidBox {
  const natural = Math.max(textWidth(node.title, FONT.title), ...node.details.map((d) => textWidth(d, FONT.detail))) + 2 * PAD.x;
  const w = Math.round(fixedW ?? Math.min(maxW, Math.max(MIN_BOX, Math.ceil(natural))));
  const lines = wrapped(node, w - 2 * PAD.x);
  const h = 2 * PAD.y + lines.titleLines.length * LINE.title + (lines.detailLines.length > 0 ? 3 : 0) + lines.detailLines.length * LINE.detail;
  return { node, x: 0, y: 0, w, h, ...lines };
}

/** Gives the boxes of a row one height and one top; returns the height. */
function row(boxes: readonly LaidBox[], y: number): number {
  const h = Math.max(0, ...boxes.map((b) => b.h));
  for (const b of boxes) {
    b.y = y;
    b.h = h;
  }
  return h;
}

const center = (b: LaidBox): number => b.x + b.w / 2;
const middle = (b: LaidBox): number => b.y + b.h / 2;
const bottom = (b: LaidBox): number => b.y + b.h;
const right = (b: LaidBox): number => b.x + b.w;

/** The worker pools side by side across the frame, the KV gap between prefill and decode; one pool on the axis. */
function placePools(pools: readonly TopologyNode[], left: number, width: number, axis: number): LaidBox[] {
  if (pools.length === 0) return [];
  const gaps = pools.slice(1).map((p, i) => (pools[i].pool?.role === 'prefill' && p.pool?.role === 'decode' ? KV_GAP : POOL_GAP));
  const gapSum = gaps.reduce((a, b) => a + b, 0);
  const w = Math.min(340, Math.floor((width - gapSum) / pools.length));
  const laid = pools.map((p) => box(p, w, w));
  const total = w * pools.length + gapSum;
  let x = pools.length === 1 ? axis - w / 2 : left + (width - total) / 2;
  laid.forEach((b, i) => {
    b.x = Math.round(x);
    x += w + (gaps[i] ?? 0);
  });
  return laid;
}

/**
 * The planner under the pools: between prefill and decode, or right of a single pool, clear of
 * the arrows that leave the pools' bottom centres for their nodes.
 */
function placePlanner(planner: TopologyNode, pools: readonly LaidBox[], frameRight: number): LaidBox {
  const b = box(planner, 220);
  if (pools.length >= 2) {
    b.x = Math.round((right(pools[0]) + pools[1].x) / 2 - b.w / 2);
  } else {
    const pool = pools[0];
    b.x = pool ? Math.round(Math.min(frameRight - b.w, Math.max(center(pool) + 30, right(pool) - b.w / 2))) : frameRight - b.w;
  }
  return b;
}

/** A label of an edge, wrapped to `maxW`, centred at a point. */
function labelAt(text: string, x: number, y: number, maxW: number): LaidLabel {
  const lines = wrapLine(text, charsThatFit(maxW - 8, FONT.label));
  const w = Math.ceil(Math.max(...lines.map((l) => textWidth(l, FONT.label))) + 8);
  return { x, y, lines, w, h: lines.length * LINE.detail + 4 };
}

/** Spreads `k` anchors across a box's width, returning the i-th. */
function spread(b: LaidBox, i: number, k: number): number {
  return Math.round(b.x + (b.w * (i + 1)) / (k + 1));
}

/** The planner's arrow up into a pool: straight where they overlap, else from its facing side. */
function routePlanner(e: TopologyEdge, s: LaidBox, t: LaidBox): LaidEdge {
  const lo = Math.max(s.x, t.x) + 16;
  const hi = Math.min(right(s), right(t)) - 16;
  if (hi - lo >= 8) {
    const x = Math.round(Math.abs(lo - center(t)) > Math.abs(hi - center(t)) ? lo : hi);
    return { edge: e, points: [[x, s.y], [x, bottom(t)]] };
  }
  const y = Math.round(middle(s));
  const fromLeft = center(t) < center(s);
  const x = Math.round(fromLeft ? right(t) - 24 : t.x + 24);
  return { edge: e, points: [[fromLeft ? s.x : right(s), y], [x, y], [x, bottom(t)]] };
}

/** The gap between two lanes under the pools, px. */
const LANE_GAP = 10;
/** The first lane under the pools, below their bottom, px. */
const LANE_TOP = 12;

/**
 * The arrows of the autoscalers beside the graph into their pools. In the side column's order (top
 * to bottom, the rightmost pool's autoscaler first): straight into the rightmost pool's side when
 * level with it; else left to a turn between the pools and the frame's edge, to a lane under the
 * pools, and up into the pool. Each such arrow has its own lane (the upper arrow the upper lane)
 * and its own turn: arrows that run down to their lane take the inner turns in order, those that
 * run up the outer ones in reverse order, so no two arrows cross or share a line.
 */
function routeAutoscalers(scalers: readonly (readonly [TopologyEdge, LaidBox, LaidBox])[], boxes: readonly LaidBox[], frame: LaidFrame | undefined): Map<TopologyEdge, LaidEdge> {
  const routes = new Map<TopologyEdge, LaidEdge>();
  const ordered = [...scalers].sort((a, b) => a[1].y - b[1].y);
  const exitY = (s: LaidBox, t: LaidBox): number => Math.round(Math.min(Math.max(middle(t), s.y + 8), bottom(s) - 8));
  const rightmost = (b: LaidBox) => !boxes.some((o) => o !== b && o.node.kind === b.node.kind && o.y === b.y && o.x > b.x);
  const laned = ordered.filter(([e, s, t]) => {
    const y = exitY(s, t);
    if (!(rightmost(t) && y > t.y && y < bottom(t))) return true;
    routes.set(e, { edge: e, points: [[s.x, y], [right(t), y]] });
    return false;
  });
  if (laned.length === 0) return routes;
  // The turns lie between the rightmost pool and the frame's edge (or the side column), innermost first.
  const inner = Math.max(...laned.map(([, , t]) => right(t)), ...boxes.filter((b) => b.node.kind === 'workers').map(right));
  const outer = frame ? frame.x + frame.w : Math.min(...laned.map(([, s]) => s.x));
  const turns = laned.map((_, j) => Math.round(inner + ((outer - inner) * (j + 1)) / (laned.length + 1)));
  const lanes = laned.map(([, , t], i) => Math.round(bottom(t) + LANE_TOP + i * LANE_GAP));
  const down = laned.map(([, s, t], i) => exitY(s, t) < lanes[i]);
  let nextInner = 0;
  let nextOuter = laned.length - 1;
  const slots = down.map((d) => (d ? nextInner++ : nextOuter--));
  laned.forEach(([e, s, t], i) => {
    const y = exitY(s, t);
    const turn = turns[slots[i]];
    const tx = Math.round(t.x + (t.w * 3) / 4);
    routes.set(e, { edge: e, points: [[s.x, y], [turn, y], [turn, lanes[i]], [tx, lanes[i]], [tx, bottom(t)]] });
  });
  return routes;
}

/** The room the lanes of `n` autoscaler arrows need under the pools, beyond the frame's padding, px. */
function laneRoom(n: number): number {
  return n > 1 ? Math.max(0, LANE_TOP + (n - 1) * LANE_GAP + 8 - FRAME_PAD) : 0;
}

/** The route of each edge, from the laid boxes and frame. */
function routeEdges(edges: readonly TopologyEdge[], boxes: readonly LaidBox[], frame: LaidFrame | undefined): LaidEdge[] {
  const byId = new Map(boxes.map((b) => [b.node.id, b]));
  const fanOut = (e: TopologyEdge) => edges.filter((o) => o.from === e.from && o.kind === e.kind);
  const fanIn = (e: TopologyEdge) => edges.filter((o) => o.to === e.to && o.kind === e.kind);
  const scalers = edges.flatMap((e): (readonly [TopologyEdge, LaidBox, LaidBox])[] => {
    const s = byId.get(e.from);
    const t = byId.get(e.to);
    return e.kind === 'scaling' && s?.node.kind === 'autoscaler' && t ? [[e, s, t]] : [];
  });
  const autoscaled = routeAutoscalers(scalers, boxes, frame);
  return edges.flatMap((e): LaidEdge[] => {
    const scaled = autoscaled.get(e);
    if (scaled) return [scaled];
    const s = byId.get(e.from);
    const t = byId.get(e.to);
    if (!s) return [];
    if (!t) {
      // Beside the graph, into its frame: a short arrow; the box's title says what it brings.
      if (!frame || e.to !== frame.node.id) return [];
      const y = Math.round(middle(s));
      return [{ edge: e, points: [[s.x, y], [frame.x + frame.w, y]] }];
    }
    if (e.kind === 'kvTransfer') {
      // The label sits above the arrow, which stays whole.
      const y = Math.round(middle(s) + 10);
      const label = e.label !== undefined ? labelAt(e.label, (right(s) + t.x) / 2, 0, t.x - right(s) - 8) : undefined;
      return [{ edge: e, points: [[right(s), y], [t.x, y]], ...(label ? { label: { ...label, y: y - 4 - label.h / 2 } } : {}) }];
    }
    if (e.kind === 'scaling') return [routePlanner(e, s, t)];
    const siblings = fanOut(e);
    const peers = fanIn(e);
    const sx = siblings.length > 1 ? spread(s, siblings.indexOf(e), siblings.length) : Math.round(center(s));
    const tx = peers.length > 1 ? spread(t, peers.indexOf(e), peers.length) : Math.round(center(t));
    return [{ edge: e, points: [[sx, bottom(s)], [tx, t.y]] }];
  });
}

/** The node pools, each under the pools that run on it. */
function nodePoolBoxes(nodePools: readonly TopologyNode[], edges: readonly TopologyEdge[], pools: readonly LaidBox[]): LaidBox[] {
  const poolW = pools[0]?.w ?? 300;
  const left = pools.length > 0 ? Math.min(...pools.map((p) => p.x)) : MARGIN;
  const end = pools.length > 0 ? Math.max(...pools.map(right)) : MARGIN + poolW;
  return nodePools.map((n) => {
    const users = pools.filter((p) => edges.some((e) => e.kind === 'placement' && e.from === p.node.id && e.to === n.id));
    const cx = users.length > 0 ? users.reduce((sum, p) => sum + center(p), 0) / users.length : left + poolW / 2;
    const b = box(n, poolW);
    b.x = Math.round(Math.min(Math.max(cx - b.w / 2, left), end - b.w));
    return b;
  });
}

/**
 * The column beside the graph: observability and the model cache from the frame's top, then each
 * autoscaler level with its pool (or under the box above), then the platform, in the order given.
 */
function sideBoxes(side: readonly TopologyNode[], edges: readonly TopologyEdge[], pools: readonly LaidBox[], x: number, top: number): LaidBox[] {
  let y = top;
  return side.map((n) => {
    const b = box(n, SIDE_WIDTH, SIDE_WIDTH);
    const target = n.kind === 'autoscaler' ? pools.find((p) => edges.some((e) => e.from === n.id && e.to === p.node.id)) : undefined;
    b.x = x;
    b.y = Math.max(y, target ? Math.round(middle(target) - b.h / 2) : y);
    y = bottom(b) + 16;
    return b;
  });
}

/**
 * Lays out a topology. The picture is {@link SVG_WIDTH} wide whatever the content: boxes wrap their
 * lines, and only the height grows.
 * @internal
 */
export function layoutTopology(nodes: readonly TopologyNode[], edges: readonly TopologyEdge[]): TopologyLayout {
  const of = (kind: TopologyNode['kind']) => nodes.filter((n) => n.kind === kind);
  const scalers = of('autoscaler');
  const side = [...of('observability'), ...of('modelCache'), ...scalers, ...of('platform')];
  const mainW = SVG_WIDTH - 2 * MARGIN - (side.length > 0 ? SIDE_WIDTH + SIDE_GAP : 0);
  const axis = Math.round(MARGIN + mainW / 2);
  const frameRight = MARGIN + mainW - FRAME_PAD;
  const boxes: LaidBox[] = [];
  let y = MARGIN;
  for (const n of [...of('clients'), ...of('ingress')]) {
    const b = box(n, mainW);
    b.x = Math.round(axis - b.w / 2);
    y += row([b], y) + ROW_GAP;
    boxes.push(b);
  }

  const group = of('deployment')[0];
  const frameTop = y;
  // The header stays left of the arrow that enters the frame on the axis.
  const headerW = axis - MARGIN - FRAME_TEXT_INSET - 14;
  const header = group ? wrapped(group, headerW) : { titleLines: [], detailLines: [] };
  if (group) y += PAD.y + header.titleLines.length * LINE.title + header.detailLines.length * LINE.detail + 14;
  const front = of('frontend').map((n) => box(n, 280));
  front.forEach((b) => { b.x = Math.round(axis - b.w / 2); });
  y += row(front, y) + ROW_GAP;
  // Each autoscaler arrow that goes under the pools turns between them and the frame's edge, on its own line.
  const turnRoom = scalers.length > 1 ? (scalers.length - 1) * 8 : 0;
  const pools = placePools(of('workers'), MARGIN + FRAME_PAD + turnRoom, mainW - 2 * (FRAME_PAD + turnRoom), axis);
  y += row(pools, y);
  const planners = of('planner').map((n) => placePlanner(n, pools, frameRight));
  if (planners.length > 0) y += 36 + row(planners, y + 36);
  else y += laneRoom(scalers.length);
  y += group ? FRAME_PAD : 0;
  boxes.push(...front, ...pools, ...planners);

  // The rightmost pool's autoscaler first: it may stay level with its pool and point straight at it.
  const poolX = (n: TopologyNode): number => pools.find((p) => edges.some((e) => e.from === n.id && e.to === p.node.id))?.x ?? 0;
  // The platform last: the autoscalers above it keep their places level with their pools.
  const ordered = [...side.filter((n) => n.kind !== 'autoscaler' && n.kind !== 'platform'), ...[...scalers].sort((a, b) => poolX(b) - poolX(a)), ...of('platform')];
  const besides = sideBoxes(ordered, edges, pools, MARGIN + mainW + SIDE_GAP, frameTop);
  boxes.push(...besides);
  y = Math.max(y, ...besides.map((b) => bottom(b) + (group ? FRAME_PAD : 0)));
  const frame: LaidFrame | undefined = group
    ? { node: group, x: MARGIN, y: frameTop, w: mainW, h: y - frameTop, textWidth: headerW, ...header }
    : undefined;
  y += ROW_GAP;

  const nodeBoxes = nodePoolBoxes(of('nodePool'), edges, pools);
  if (nodeBoxes.length > 0) y += row(nodeBoxes, y) + ROW_GAP;
  boxes.push(...nodeBoxes);
  const height = y - ROW_GAP + MARGIN;
  return { width: SVG_WIDTH, height, boxes, ...(frame ? { frame } : {}), edges: routeEdges(edges, boxes, frame) };
}
