// Measures window.weftUI.firstPaintMs of a page in headless Chromium through
// the DevTools protocol: the time from navigation start until a workflow's
// graph was first laid out and drawn.
//
//   node --experimental-websocket dev/first-paint.mjs URL [runs]
//
// Prints one line per run and the median. Needs Debian's chromium.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!url) {
  console.error('usage: node --experimental-websocket dev/first-paint.mjs URL [runs]');
  process.exit(2);
}

async function devtoolsPort(profile) {
  for (let i = 0; i < 100; i++) {
    try {
      return (await readFile(join(profile, 'DevToolsActivePort'), 'utf8')).split('\n')[0];
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('chromium did not open its DevTools port within 10 s');
}

async function measure() {
  const profile = await mkdtemp(join(tmpdir(), 'weft-fp-'));
  const chrome = spawn('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--remote-debugging-port=0', '--window-size=1400,900', `--user-data-dir=${profile}`, 'about:blank'], { stdio: 'ignore' });
  try {
    const port = await devtoolsPort(profile);
    const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    const page = targets.find((t) => t.type === 'page');
    const ws = new WebSocket(page.webSocketDebuggerUrl);
    await new Promise((r, j) => {
      ws.onopen = r;
      ws.onerror = j;
    });
    let id = 0;
    const pending = new Map();
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      pending.get(msg.id)?.(msg);
      pending.delete(msg.id);
    };
    const send = (method, params = {}) =>
      new Promise((r) => {
        pending.set(++id, r);
        ws.send(JSON.stringify({ id, method, params }));
      });
    await send('Page.enable');
    await send('Page.navigate', { url });
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const out = await send('Runtime.evaluate', { expression: 'JSON.stringify({fp: window.weftUI && window.weftUI.firstPaintMs, nodes: document.querySelectorAll("[data-testid=graph-node]").length, info: (document.querySelector(".graph-tools .muted")||{}).textContent})', returnByValue: true });
      const v = JSON.parse(out.result?.result?.value ?? '{}');
      if (v.fp != null) {
        ws.close();
        return v;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the graph was not drawn within 120 s');
  } finally {
    chrome.kill();
    await new Promise((r) => chrome.once('exit', r));
    await rm(profile, { recursive: true, force: true });
  }
}

const times = [];
for (let i = 0; i < runs; i++) {
  const v = await measure();
  times.push(v.fp);
  console.log(`run ${i + 1}: firstPaintMs=${v.fp} graph-node elements=${v.nodes} (${v.info})`);
}
times.sort((a, b) => a - b);
console.log(`median firstPaintMs=${times[Math.floor(times.length / 2)]}`);
