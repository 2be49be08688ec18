// The layout worker: lays out the graph off the page's thread, with dagre up
// to dagreLimit nodes and the layered layout above.
import dagre from '@dagrejs/dagre';
import { dagreLimit, type LayoutRequest, type LayoutResult } from './layout-protocol';
import { layered } from './layered';

interface Lines {
  points: Float32Array;
  offsets: Uint32Array;
}

function straightLines(centres: Float32Array, sizes: Float32Array, edges: Uint32Array): Lines {
  const count = edges.length / 2;
  const points = new Float32Array(count * 4);
  const offsets = new Uint32Array(count + 1);
  for (let e = 0; e < count; e++) {
    const a = edges[e * 2];
    const b = edges[e * 2 + 1];
    points[e * 4] = centres[a * 2];
    points[e * 4 + 1] = centres[a * 2 + 1] + sizes[a * 2 + 1] / 2;
    points[e * 4 + 2] = centres[b * 2];
    points[e * 4 + 3] = centres[b * 2 + 1] - sizes[b * 2 + 1] / 2;
    offsets[e + 1] = (e + 1) * 2;
  }
  return { points, offsets };
}

/** siblingOrder keeps the children of a node in index order (the CLI's tree order), left to right. */
function siblingOrder(n: number, edges: Uint32Array): Array<{ left: string; right: string }> {
  const parents = new Uint32Array(n);
  for (let e = 1; e < edges.length; e += 2) {
    parents[edges[e]]++;
  }
  const children = new Map<number, number[]>();
  for (let e = 0; e < edges.length; e += 2) {
    const b = edges[e + 1];
    if (parents[b] !== 1) {
      continue;
    }
    const l = children.get(edges[e]);
    if (l) {
      l.push(b);
    } else {
      children.set(edges[e], [b]);
    }
  }
  const out: Array<{ left: string; right: string }> = [];
  for (const l of children.values()) {
    l.sort((a, b) => a - b);
    for (let i = 1; i < l.length; i++) {
      out.push({ left: String(l[i - 1]), right: String(l[i]) });
    }
  }
  return out;
}

function withDagre(req: LayoutRequest): Omit<LayoutResult, 'seq' | 'ms'> {
  const n = req.sizes.length / 2;
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 14, ranksep: 36, edgesep: 8, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (let i = 0; i < n; i++) {
    g.setNode(String(i), { width: req.sizes[i * 2], height: req.sizes[i * 2 + 1] });
  }
  const count = req.edges.length / 2;
  for (let e = 0; e < count; e++) {
    g.setEdge(String(req.edges[e * 2]), String(req.edges[e * 2 + 1]));
  }
  dagre.layout(g, { disableOptimalOrderHeuristic: n > 300, constraints: siblingOrder(n, req.edges) });
  const centres = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const label = g.node(String(i));
    centres[i * 2] = label.x ?? 0;
    centres[i * 2 + 1] = label.y ?? 0;
  }
  const all: number[] = [];
  const offsets = new Uint32Array(count + 1);
  for (let e = 0; e < count; e++) {
    const label = g.edge(String(req.edges[e * 2]), String(req.edges[e * 2 + 1]));
    for (const p of label?.points ?? []) {
      all.push(p.x, p.y);
    }
    offsets[e + 1] = all.length / 2;
  }
  const graph = g.graph();
  return { centres, points: new Float32Array(all), offsets, width: graph.width ?? 0, height: graph.height ?? 0, engine: 'dagre' };
}

function withLayers(req: LayoutRequest): Omit<LayoutResult, 'seq' | 'ms'> {
  const placed = layered(req.sizes, req.edges);
  const lines = straightLines(placed.centres, req.sizes, req.edges);
  return { centres: placed.centres, ...lines, width: placed.width, height: placed.height, engine: 'layered' };
}

self.onmessage = (ev: MessageEvent<LayoutRequest>) => {
  const req = ev.data;
  const start = performance.now();
  const out = req.sizes.length / 2 > dagreLimit ? withLayers(req) : withDagre(req);
  const result: LayoutResult = { seq: req.seq, ...out, ms: performance.now() - start };
  (self as unknown as Worker).postMessage(result, [result.centres.buffer, result.points.buffer, result.offsets.buffer]);
};
