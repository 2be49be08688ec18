// Draws a laid-out graph: edges on a canvas, the visible nodes as elements
// over it; pans by drag, zooms by wheel, and draws only what is in view.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { glyphClass } from '../phase';
import { markGraphPainted } from '../perf';
import type { LayoutResult } from './layout-protocol';
import type { GraphModel, GraphNode } from './model';

interface View {
  tx: number;
  ty: number;
  k: number;
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Props of GraphView. */
export interface GraphViewProps {
  model: GraphModel;
  layout: LayoutResult;
  selected: string | null;
  onSelect(node: GraphNode): void;
  /** onToggle collapses or expands a group, or unfolds a folded loop. */
  onToggle(node: GraphNode): void;
  /** fitSignal changes when the user asks to fit the graph in view. */
  fitSignal: number;
}

const cellSize = 512;
/** maxElements is the most nodes drawn as elements; above, the canvas draws them as boxes. */
const maxElements = 600;
/** boxesBelow is the zoom under which nodes are drawn as boxes on the canvas, too small to read. */
const boxesBelow = 0.2;
/** straightBelow is the zoom under which edges are drawn as straight lines. */
const straightBelow = 0.3;
const maxZoom = 2.5;

/** SpatialIndex finds the nodes in a rectangle quickly. */
class SpatialIndex {
  private cells = new Map<number, number[]>();

  constructor(
    private centres: Float32Array,
    private model: GraphModel,
  ) {
    model.nodes.forEach((n, i) => {
      const x0 = Math.floor((centres[i * 2] - n.width / 2) / cellSize);
      const x1 = Math.floor((centres[i * 2] + n.width / 2) / cellSize);
      const y = Math.floor(centres[i * 2 + 1] / cellSize);
      for (let cx = x0; cx <= x1; cx++) {
        const key = cx * 100003 + y;
        const l = this.cells.get(key);
        if (l) {
          l.push(i);
        } else {
          this.cells.set(key, [i]);
        }
      }
    });
  }

  /** within answers the indices of the nodes that overlap r, stopping after limit. */
  within(r: Rect, limit: number): number[] {
    const found = new Set<number>();
    const cx0 = Math.floor(r.x0 / cellSize);
    const cx1 = Math.floor(r.x1 / cellSize);
    const cy0 = Math.floor(r.y0 / cellSize);
    const cy1 = Math.floor(r.y1 / cellSize);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > this.cells.size * 4) {
      return this.scan(r, limit);
    }
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        for (const i of this.cells.get(cx * 100003 + cy) ?? []) {
          if (this.overlaps(i, r)) {
            found.add(i);
            if (found.size > limit) {
              return [...found];
            }
          }
        }
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  private scan(r: Rect, limit: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.model.nodes.length && out.length <= limit; i++) {
      if (this.overlaps(i, r)) {
        out.push(i);
      }
    }
    return out;
  }

  private overlaps(i: number, r: Rect): boolean {
    const n = this.model.nodes[i];
    const x = this.centres[i * 2];
    const y = this.centres[i * 2 + 1];
    return x + n.width / 2 >= r.x0 && x - n.width / 2 <= r.x1 && y + n.height / 2 >= r.y0 && y - n.height / 2 <= r.y1;
  }
}

interface Palette {
  edge: string;
  tones: Record<string, string>;
}

function readPalette(el: HTMLElement): Palette {
  const s = getComputedStyle(el);
  const v = (name: string) => s.getPropertyValue(name).trim() || '#888';
  return {
    edge: v('--edge'),
    tones: { green: v('--green'), red: v('--red'), yellow: v('--yellow'), cyan: v('--cyan'), gray: v('--gray') },
  };
}

function initialView(layout: LayoutResult, width: number, height: number): View {
  const pad = 24;
  const fit = Math.min((width - pad * 2) / Math.max(1, layout.width), (height - pad * 2) / Math.max(1, layout.height));
  if (fit >= 0.6) {
    const k = Math.min(1, fit);
    return { k, tx: (width - layout.width * k) / 2, ty: pad };
  }
  const k = 0.8;
  const rootX = layout.centres.length ? layout.centres[0] : 0;
  return { k, tx: width / 2 - rootX * k, ty: pad };
}

/** minZoom lets the whole graph fit in view, and a little more. */
function minZoom(layout: LayoutResult, width: number, height: number): number {
  return Math.min(0.05, (0.8 * width) / Math.max(1, layout.width), (0.8 * height) / Math.max(1, layout.height));
}

/** edgeBoxes are the bounding boxes (x0, y0, x1, y1) of the edges' polylines, to skip those out of view. */
function edgeBoxes(layout: LayoutResult): Float32Array {
  const { points, offsets } = layout;
  const boxes = new Float32Array((offsets.length - 1) * 4);
  for (let e = 0; e + 1 < offsets.length; e++) {
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (let p = offsets[e]; p < offsets[e + 1]; p++) {
      x0 = Math.min(x0, points[p * 2]);
      x1 = Math.max(x1, points[p * 2]);
      y0 = Math.min(y0, points[p * 2 + 1]);
      y1 = Math.max(y1, points[p * 2 + 1]);
    }
    boxes.set([x0, y0, x1, y1], e * 4);
  }
  return boxes;
}

function sameList(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function fitView(layout: LayoutResult, width: number, height: number): View {
  const pad = 24;
  const k = Math.max(minZoom(layout, width, height), Math.min(1, (width - pad * 2) / Math.max(1, layout.width), (height - pad * 2) / Math.max(1, layout.height)));
  return { k, tx: (width - layout.width * k) / 2, ty: (height - layout.height * k) / 2 };
}

/** GraphView draws model at layout. */
export function GraphView({ model, layout, selected, onSelect, onToggle, fitSignal }: GraphViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLDivElement>(null);
  const view = useRef<View | null>(null);
  const shown = useRef<Rect | null>(null);
  const frame = useRef(0);
  const palette = useRef<Palette | null>(null);
  /** shownNodes are the indices of the nodes drawn as elements, and the model they index. */
  const [shownNodes, setShownNodes] = useState<{ model: GraphModel | null; list: number[] }>({ model: null, list: [] });
  const visible = shownNodes.model === model ? shownNodes.list : [];
  const [dense, setDense] = useState(false);
  const index = useRef<SpatialIndex | null>(null);
  const denseRef = useRef(false);
  const boxesRef = useRef<Float32Array | null>(null);
  /** anchor is the node toggled last and where it was on screen: the next layout keeps it there. */
  const anchor = useRef<{ id: string; sx: number; sy: number } | null>(null);

  const viewport = (): Rect => {
    const v = view.current!;
    const el = box.current!;
    return { x0: -v.tx / v.k, y0: -v.ty / v.k, x1: (el.clientWidth - v.tx) / v.k, y1: (el.clientHeight - v.ty) / v.k };
  };

  const draw = () => {
    frame.current = 0;
    const c = canvas.current;
    const el = box.current;
    const v = view.current;
    if (!c || !el || !v) {
      return;
    }
    const dpr = window.devicePixelRatio || 1;
    const w = el.clientWidth;
    const h = el.clientHeight;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
      c.style.width = w + 'px';
      c.style.height = h + 'px';
    }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.setTransform(dpr * v.k, 0, 0, dpr * v.k, dpr * v.tx, dpr * v.ty);
    const pal = (palette.current ??= readPalette(el));
    const r = viewport();
    const { points, offsets } = layout;
    const boxes = boxesRef.current!;
    const straight = v.k < straightBelow;
    ctx.strokeStyle = pal.edge;
    ctx.lineWidth = straight ? 1 / v.k : Math.max(1, 1.2 / v.k);
    ctx.beginPath();
    for (let e = 0; e + 1 < offsets.length; e++) {
      const s = offsets[e];
      const t = offsets[e + 1];
      if (t - s < 2 || boxes[e * 4 + 2] < r.x0 || boxes[e * 4] > r.x1 || boxes[e * 4 + 3] < r.y0 || boxes[e * 4 + 1] > r.y1) {
        continue;
      }
      if (straight) {
        ctx.moveTo(points[s * 2], points[s * 2 + 1]);
        ctx.lineTo(points[(t - 1) * 2], points[(t - 1) * 2 + 1]);
      } else {
        traceEdge(ctx, points, s, t);
      }
    }
    ctx.stroke();
    if (denseRef.current && index.current) {
      const byTone = new Map<string, Path2D>();
      for (const i of index.current.within(r, Infinity)) {
        const n = model.nodes[i];
        let path = byTone.get(n.tone);
        if (!path) {
          path = new Path2D();
          byTone.set(n.tone, path);
        }
        path.rect(layout.centres[i * 2] - n.width / 2, layout.centres[i * 2 + 1] - n.height / 2, n.width, n.height);
      }
      for (const [tone, path] of byTone) {
        ctx.fillStyle = pal.tones[tone];
        ctx.fill(path);
      }
    }
  };

  const drawRef = useRef(draw);
  drawRef.current = draw;

  const refresh = () => {
    const v = view.current;
    const el = box.current;
    if (!v || !el || !index.current) {
      return;
    }
    if (overlay.current) {
      overlay.current.style.transform = `translate(${v.tx}px, ${v.ty}px) scale(${v.k})`;
    }
    const r = viewport();
    const s = shown.current;
    if (!s || r.x0 < s.x0 || r.y0 < s.y0 || r.x1 > s.x1 || r.y1 > s.y1) {
      const mx = (r.x1 - r.x0) / 2;
      const my = (r.y1 - r.y0) / 2;
      const wide = { x0: r.x0 - mx, y0: r.y0 - my, x1: r.x1 + mx, y1: r.y1 + my };
      const tooMany = v.k < boxesBelow || index.current.within(r, maxElements).length > maxElements;
      const next = tooMany ? [] : index.current.within(wide, maxElements * 2);
      shown.current = tooMany ? r : wide;
      denseRef.current = tooMany;
      setDense(tooMany);
      setShownNodes((prev) => (prev.model === model && sameList(prev.list, next) ? prev : { model, list: next }));
    }
    if (!frame.current) {
      frame.current = requestAnimationFrame(() => drawRef.current());
    }
  };

  useLayoutEffect(() => {
    index.current = new SpatialIndex(layout.centres, model);
    boxesRef.current = edgeBoxes(layout);
    palette.current = null;
    shown.current = null;
    const el = box.current!;
    if (!view.current) {
      view.current = initialView(layout, el.clientWidth, el.clientHeight);
    }
    const a = anchor.current;
    const at = a ? model.nodes.findIndex((n) => n.id === a.id) : -1;
    if (a && at >= 0) {
      const v = view.current;
      view.current = { k: v.k, tx: a.sx - layout.centres[at * 2] * v.k, ty: a.sy - layout.centres[at * 2 + 1] * v.k };
      anchor.current = null;
    }
    refresh();
  }, [layout, model]);

  const toggle = useCallback(
    (node: GraphNode) => {
      const i = model.nodes.indexOf(node);
      const v = view.current;
      if (i >= 0 && v) {
        anchor.current = { id: node.stays, sx: layout.centres[i * 2] * v.k + v.tx, sy: layout.centres[i * 2 + 1] * v.k + v.ty };
      }
      onToggle(node);
    },
    [model, layout, onToggle],
  );

  useEffect(() => {
    if (fitSignal > 0 && box.current) {
      view.current = fitView(layout, box.current.clientWidth, box.current.clientHeight);
      refresh();
    }
  }, [fitSignal]);

  useEffect(() => {
    const id = requestAnimationFrame(() => requestAnimationFrame(markGraphPainted));
    return () => cancelAnimationFrame(id);
  }, [layout]);

  useEffect(() => {
    const el = box.current!;
    let drag: { x: number; y: number; moved: boolean } | null = null;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const v = view.current!;
      const rect = el.getBoundingClientRect();
      const mx = e.clientX - rect.left;
      const my = e.clientY - rect.top;
      if (e.ctrlKey || !e.shiftKey) {
        const k = Math.min(maxZoom, Math.max(minZoom(layout, el.clientWidth, el.clientHeight), v.k * Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.0015))));
        view.current = { k, tx: mx - ((mx - v.tx) * k) / v.k, ty: my - ((my - v.ty) * k) / v.k };
      } else {
        view.current = { ...v, tx: v.tx - e.deltaY };
      }
      refresh();
    };
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0) {
        return;
      }
      drag = { x: e.clientX, y: e.clientY, moved: false };
    };
    const onMove = (e: PointerEvent) => {
      if (!drag) {
        return;
      }
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) {
        return;
      }
      if (!drag.moved) {
        drag.moved = true;
        el.setPointerCapture(e.pointerId);
        el.classList.add('panning');
      }
      drag.x = e.clientX;
      drag.y = e.clientY;
      const v = view.current!;
      view.current = { ...v, tx: v.tx + dx, ty: v.ty + dy };
      refresh();
    };
    const onUp = (e: PointerEvent) => {
      if (drag?.moved) {
        el.releasePointerCapture(e.pointerId);
        el.classList.remove('panning');
        const swallow = (c: MouseEvent) => {
          c.stopPropagation();
          c.preventDefault();
        };
        el.addEventListener('click', swallow, { capture: true, once: true });
        setTimeout(() => el.removeEventListener('click', swallow, { capture: true }), 0);
      }
      drag = null;
    };
    const onResize = () => {
      shown.current = null;
      refresh();
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    const ro = new ResizeObserver(onResize);
    ro.observe(el);
    return () => {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
      ro.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [layout, model]);

  const v = view.current;
  return (
    <div class={'graph' + (dense ? ' dense' : '')} data-testid="graph" data-nodes={model.nodes.length} data-total={model.total} data-engine={layout.engine} ref={box}>
      <canvas ref={canvas} />
      <div class="graph-overlay" ref={overlay} style={v ? { transform: `translate(${v.tx}px, ${v.ty}px) scale(${v.k})` } : undefined}>
        {visible.map((i) => (
          <NodeBox key={model.nodes[i].id} node={model.nodes[i]} x={layout.centres[i * 2]} y={layout.centres[i * 2 + 1]} selected={model.nodes[i].id === selected} onSelect={onSelect} onToggle={toggle} />
        ))}
      </div>
    </div>
  );
}

/** traceEdge adds the edge of points s to t (pairs) to the path: an S-curve between two points, else a curve through the midpoints of the polyline. */
function traceEdge(ctx: CanvasRenderingContext2D, points: Float32Array, s: number, t: number): void {
  const x0 = points[s * 2];
  const y0 = points[s * 2 + 1];
  ctx.moveTo(x0, y0);
  if (t - s === 2) {
    const x1 = points[s * 2 + 2];
    const y1 = points[s * 2 + 3];
    const my = (y0 + y1) / 2;
    ctx.bezierCurveTo(x0, my, x1, my, x1, y1);
    return;
  }
  for (let p = s + 1; p < t - 1; p++) {
    const cx = points[p * 2];
    const cy = points[p * 2 + 1];
    ctx.quadraticCurveTo(cx, cy, (cx + points[p * 2 + 2]) / 2, (cy + points[p * 2 + 3]) / 2);
  }
  ctx.lineTo(points[(t - 1) * 2], points[(t - 1) * 2 + 1]);
}

interface NodeBoxProps {
  node: GraphNode;
  x: number;
  y: number;
  selected: boolean;
  onSelect(node: GraphNode): void;
  onToggle(node: GraphNode): void;
}

function NodeBox({ node, x, y, selected, onSelect, onToggle }: NodeBoxProps) {
  const cls = ['gnode', 'tone-' + node.tone, node.small ? 'small' : '', node.kind === 'fold' ? 'fold' : '', node.collapsed ? 'collapsed' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  const style = { left: x - node.width / 2 + 'px', top: y - node.height / 2 + 'px', width: node.width + 'px', height: node.height + 'px' };
  const click = () => (node.kind === 'fold' ? onToggle(node) : onSelect(node));
  return (
    <div
      class={cls}
      style={style}
      data-testid="graph-node"
      data-node-id={node.id}
      data-name={node.name}
      data-display-name={node.displayName}
      data-phase={node.phase}
      data-glyph={node.glyph}
      data-type={node.type}
      data-tone={node.tone}
      title={`${node.name} (${node.type}${node.phase ? ', ' + node.phase : ''})${node.kind === 'fold' ? ': click to unfold' : ''}`}
      role="button"
      tabIndex={0}
      onClick={click}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && click()}
    >
      <span class={'glyph ' + glyphClass(node.glyph)}>
        <span class="gi">{node.glyph}</span>
      </span>
      {!node.small && <span class="label">{node.label}</span>}
      {node.group && (
        <button
          class="toggle"
          title={node.collapsed ? 'Expand' : 'Collapse'}
          aria-label={node.collapsed ? 'Expand group' : 'Collapse group'}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(node);
          }}
        >
          {node.collapsed ? '+' : '−'}
        </button>
      )}
    </div>
  );
}
