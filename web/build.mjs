// Bundles the app into pkg/ui/assets/dist (or $WEFT_UI_OUT): index.html, app.js, app.css and
// layout-worker.js. The output has no hashes, timestamps or absolute paths,
// so that building twice gives the same bytes and `make verify` can compare.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
// WEFT_UI_OUT names another output directory: hack/verify-ui.sh builds into a
// scratch one and compares it with the committed dist.
const dist = process.env.WEFT_UI_OUT ? resolve(process.env.WEFT_UI_OUT) : join(web, '..', 'pkg', 'ui', 'assets', 'dist');

const common = {
  absWorkingDir: web,
  bundle: true,
  minify: process.env.WEFT_UI_DEBUG !== '1',
  sourcemap: false,
  legalComments: 'eof',
  target: ['es2022'],
  charset: 'utf8',
  logLevel: 'warning',
  jsx: 'automatic',
  jsxImportSource: 'preact',
};

await mkdir(dist, { recursive: true });
for (const name of await readdir(dist)) {
  await rm(join(dist, name), { recursive: true });
}
await build({ ...common, entryPoints: { app: 'src/main.tsx' }, outdir: dist, format: 'esm' });
await build({ ...common, entryPoints: { 'layout-worker': 'src/graph/layout-worker.ts' }, outdir: dist, format: 'iife' });
await copyFile(join(web, 'src', 'index.html'), join(dist, 'index.html'));
