// Saves a PNG of a page in headless Chromium once the app is ready, its graph
// drawn (on a workflow's page) and the page quiet for a moment.
//
//   node --experimental-websocket dev/screenshot.mjs URL OUT.png [settleMs] [dark]
import { writeFile } from 'node:fs/promises';
import { withPage } from './cdp.mjs';

const [url, out, settle = '1200', scheme = 'light'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node --experimental-websocket dev/screenshot.mjs URL OUT.png [settleMs]');
  process.exit(2);
}
await withPage(async (page) => {
  await page.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme === 'dark' ? 'dark' : 'light' }] });
  await page.send('Page.navigate', { url });
  await page.waitFor('window.weftUI && window.weftUI.ready');
  if (new URL(url).pathname.startsWith('/workflows/') && !new URL(url).search.includes('tab=yaml')) {
    await page.waitFor('window.weftUI.firstPaintMs !== null');
  }
  await new Promise((r) => setTimeout(r, Number(settle)));
  const shot = await page.send('Page.captureScreenshot', { format: 'png' });
  await writeFile(out, Buffer.from(shot.result.data, 'base64'));
});
