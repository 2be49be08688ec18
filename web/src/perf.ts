// window.weftUI: the state browser tests and measurements read.

/** WeftUI is the object the app publishes as window.weftUI. */
export interface WeftUI {
  /** ready says the app has started and rendered its first page. */
  ready: boolean;
  /** firstPaintMs is when a workflow's graph was first laid out and drawn, in ms since navigation start. */
  firstPaintMs: number | null;
}

declare global {
  interface Window {
    weftUI: WeftUI;
  }
}

window.weftUI = { ready: false, firstPaintMs: null };

/** markGraphPainted records the first paint of a graph. */
export function markGraphPainted(): void {
  if (window.weftUI.firstPaintMs === null) {
    window.weftUI.firstPaintMs = Math.round(performance.now());
  }
}
