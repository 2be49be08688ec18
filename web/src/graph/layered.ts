// A linear-time layered layout for graphs too large for dagre to lay out in
// a few seconds: ranks by longest path, one pass of barycentre ordering, rows
// placed under their parents without overlaps, then parents centred over
// their children.

/** Placement is where the nodes go. */
export interface Placement {
  centres: Float32Array;
  width: number;
  height: number;
}

const nodeGap = 14;
const rankGap = 40;

/** Adjacency lists the parents and children of every node. */
interface Adjacency {
  parents: number[][];
  children: number[][];
}

function adjacency(n: number, edges: Uint32Array): Adjacency {
  const parents: number[][] = Array.from({ length: n }, () => []);
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < edges.length; e += 2) {
    children[edges[e]].push(edges[e + 1]);
    parents[edges[e + 1]].push(edges[e]);
  }
  return { parents, children };
}

/** ranks is each node's longest path from a source; nodes on cycles stay at rank 0. */
function ranks(n: number, adj: Adjacency): Int32Array {
  const rank = new Int32Array(n);
  const remaining = new Uint32Array(n);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) {
    remaining[i] = adj.parents[i].length;
    if (remaining[i] === 0) {
      queue.push(i);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (const w of adj.children[v]) {
      rank[w] = Math.max(rank[w], rank[v] + 1);
      if (--remaining[w] === 0) {
        queue.push(w);
      }
    }
  }
  return rank;
}

/** pack places row (in order) as near as it can to the wanted x of each node without overlaps. */
function pack(row: number[], wanted: Float64Array, sizes: Float32Array, x: Float64Array): void {
  let cursor = -Infinity;
  let shift = 0;
  let counted = 0;
  for (const v of row) {
    const half = sizes[v * 2] / 2;
    const want = isNaN(wanted[v]) ? (cursor === -Infinity ? 0 : cursor + half) : wanted[v];
    x[v] = Math.max(want, cursor + half);
    cursor = x[v] + half + nodeGap;
    if (!isNaN(wanted[v])) {
      shift += x[v] - wanted[v];
      counted++;
    }
  }
  const move = counted ? shift / counted : 0;
  for (const v of row) {
    x[v] -= move;
  }
}

/** meanX sets wanted[v] to the mean x of others(v), or NaN when it has none. */
function meanX(row: number[], others: number[][], x: Float64Array, wanted: Float64Array): void {
  for (const v of row) {
    const l = others[v];
    if (l.length === 0) {
      wanted[v] = NaN;
      continue;
    }
    let sum = 0;
    for (const o of l) {
      sum += x[o];
    }
    wanted[v] = sum / l.length;
  }
}

/** layered places n nodes of the given sizes, linked by edges (from, to pairs). */
export function layered(sizes: Float32Array, edges: Uint32Array): Placement {
  const n = sizes.length / 2;
  if (n === 0) {
    return { centres: new Float32Array(0), width: 0, height: 0 };
  }
  const adj = adjacency(n, edges);
  const rank = ranks(n, adj);
  let depth = 0;
  for (let i = 0; i < n; i++) {
    depth = Math.max(depth, rank[i] + 1);
  }
  const rows: number[][] = Array.from({ length: depth }, () => []);
  for (let i = 0; i < n; i++) {
    rows[rank[i]].push(i);
  }

  const x = new Float64Array(n);
  const order = new Float64Array(n);
  const wanted = new Float64Array(n);
  for (const row of rows) {
    const key = new Map<number, number>();
    row.forEach((v, j) => {
      const ps = adj.parents[v];
      key.set(v, ps.length ? ps.reduce((s, p) => s + order[p], 0) / ps.length : j);
    });
    row.sort((a, b) => key.get(a)! - key.get(b)! || a - b);
    row.forEach((v, j) => (order[v] = j));
    meanX(row, adj.parents, x, wanted);
    pack(row, wanted, sizes, x);
  }
  for (let r = depth - 2; r >= 0; r--) {
    meanX(rows[r], adj.children, x, wanted);
    pack(rows[r], wanted, sizes, x);
  }

  const centres = new Float32Array(n * 2);
  let y = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  for (const row of rows) {
    let rowHeight = 0;
    for (const v of row) {
      rowHeight = Math.max(rowHeight, sizes[v * 2 + 1]);
    }
    for (const v of row) {
      centres[v * 2] = x[v];
      centres[v * 2 + 1] = y + rowHeight / 2;
      minX = Math.min(minX, x[v] - sizes[v * 2] / 2);
      maxX = Math.max(maxX, x[v] + sizes[v * 2] / 2);
    }
    y += rowHeight + rankGap;
  }
  for (let i = 0; i < n; i++) {
    centres[i * 2] -= minX;
  }
  return { centres, width: maxX - minX, height: y - rankGap };
}
