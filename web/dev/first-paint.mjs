// Measures window.weftUI.firstPaintMs of a page in headless Chromium: the
// time from navigation start until a workflow's graph was first laid out and
// drawn.
//
//   node --experimental-websocket dev/first-paint.mjs URL [runs]
//
// Prints one line per run and the median.
import { withPage } from './cdp.mjs';

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!url) {
  console.error('usage: node --experimental-websocket dev/first-paint.mjs URL [runs]');
  process.exit(2);
}

const times = [];
for (let i = 0; i < runs; i++) {
  const v = await withPage(async (page) => {
    await page.send('Page.navigate', { url });
    return JSON.parse(
      await page.waitFor(
        'window.weftUI && window.weftUI.firstPaintMs !== null && JSON.stringify({fp: window.weftUI.firstPaintMs, nodes: document.querySelectorAll("[data-testid=graph-node]").length, info: (document.querySelector(".graph-tools .muted") || {}).textContent})',
        120_000,
      ),
    );
  });
  times.push(v.fp);
  console.log(`run ${i + 1}: firstPaintMs=${v.fp} graph-node elements=${v.nodes} (${v.info})`);
}
times.sort((a, b) => a - b);
console.log(`median firstPaintMs=${times[Math.floor(times.length / 2)]}`);
