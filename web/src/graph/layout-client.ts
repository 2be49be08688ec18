// Talks to the layout worker: one request in flight, the newest one wins.
import type { GraphModel } from './model';
import type { LayoutRequest, LayoutResult } from './layout-protocol';

/** LayoutClient lays out graph models in the worker. */
export class LayoutClient {
  private worker: Worker;
  private seq = 0;
  private waiting = new Map<number, (r: LayoutResult) => void>();

  constructor() {
    this.worker = new Worker('/assets/layout-worker.js');
    this.worker.onmessage = (ev: MessageEvent<LayoutResult>) => {
      const done = this.waiting.get(ev.data.seq);
      this.waiting.delete(ev.data.seq);
      if (done && ev.data.seq === this.seq) {
        done(ev.data);
      }
    };
  }

  /** layout answers the layout of model, or never if a newer request replaced it. */
  layout(model: GraphModel): Promise<LayoutResult> {
    const seq = ++this.seq;
    const sizes = new Float32Array(model.nodes.length * 2);
    model.nodes.forEach((n, i) => {
      sizes[i * 2] = n.width;
      sizes[i * 2 + 1] = n.height;
    });
    const edges = new Uint32Array(model.edges.length * 2);
    model.edges.forEach(([a, b], i) => {
      edges[i * 2] = a;
      edges[i * 2 + 1] = b;
    });
    const req: LayoutRequest = { seq, sizes, edges };
    return new Promise((resolve) => {
      this.waiting.clear();
      this.waiting.set(seq, resolve);
      this.worker.postMessage(req, [sizes.buffer, edges.buffer]);
    });
  }

  /** close stops the worker. */
  close(): void {
    this.worker.terminate();
  }
}
