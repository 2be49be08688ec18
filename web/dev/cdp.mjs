// A headless Chromium page driven through the DevTools protocol, for the
// development scripts (first paint, screenshots). Needs Debian's chromium and
// node's WebSocket (node --experimental-websocket on node 20).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** withPage starts chromium, calls use with a page ({send, evaluate, waitFor}), and stops chromium. */
export async function withPage(use, { width = 1400, height = 900 } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'weft-cdp-'));
  const chrome = spawn('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--remote-debugging-port=0', `--window-size=${width},${height}`, `--user-data-dir=${profile}`, 'about:blank'], { stdio: 'ignore' });
  try {
    const port = await devtoolsPort(profile);
    const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    const ws = new WebSocket(targets.find((t) => t.type === 'page').webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    let id = 0;
    const pending = new Map();
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      pending.get(msg.id)?.(msg);
      pending.delete(msg.id);
    };
    const send = (method, params = {}) =>
      new Promise((resolve) => {
        pending.set(++id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      });
    const evaluate = async (expression) => (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })).result?.result?.value;
    const waitFor = async (expression, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const v = await evaluate(expression);
        if (v) {
          return v;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${expression}`);
    };
    await send('Page.enable');
    const result = await use({ send, evaluate, waitFor });
    ws.close();
    return result;
  } finally {
    chrome.kill();
    await new Promise((r) => chrome.once('exit', r));
    await rm(profile, { recursive: true, force: true });
  }
}
