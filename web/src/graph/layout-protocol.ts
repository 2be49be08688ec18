// The messages between the page and the layout worker.

/** LayoutRequest asks for the positions of nodes (width, height pairs) linked by edges (from, to index pairs). */
export interface LayoutRequest {
  seq: number;
  sizes: Float32Array;
  edges: Uint32Array;
}

/** LayoutResult holds node centres (x, y pairs) and each edge's polyline. */
export interface LayoutResult {
  seq: number;
  centres: Float32Array;
  /** points holds the x, y pairs of all edges' polylines, edge i from offsets[i] to offsets[i+1] (in pairs). */
  points: Float32Array;
  offsets: Uint32Array;
  width: number;
  height: number;
  /** engine says which layout ran: dagre, or the layered one for graphs too large for dagre to be quick. */
  engine: 'dagre' | 'layered';
  ms: number;
}

/** dagreLimit is the number of nodes above which the layered layout replaces dagre. */
export const dagreLimit = 1500;
