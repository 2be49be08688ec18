import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layered } from '../src/graph/layered';

/** fan is a root, a group under it, and n leaves under the group, all 100×30. */
function fan(n: number): { sizes: Float32Array; edges: Uint32Array } {
  const sizes = new Float32Array((n + 2) * 2).fill(30);
  for (let i = 0; i < n + 2; i++) {
    sizes[i * 2] = 100;
  }
  const edges: number[] = [0, 1];
  for (let i = 0; i < n; i++) {
    edges.push(1, i + 2);
  }
  return { sizes, edges: Uint32Array.from(edges) };
}

test('the layered layout puts each rank below the one before and no two nodes of a rank on each other', () => {
  const { sizes, edges } = fan(1000);
  const p = layered(sizes, edges);
  const y = (i: number) => p.centres[i * 2 + 1];
  assert.ok(y(0) < y(1) && y(1) < y(2));
  const xs = Array.from({ length: 1000 }, (_, i) => p.centres[(i + 2) * 2]).sort((a, b) => a - b);
  for (let i = 1; i < xs.length; i++) {
    assert.ok(xs[i] - xs[i - 1] >= 100, `leaves ${i - 1} and ${i} overlap`);
  }
  assert.ok(Math.abs(p.centres[2] - (xs[0] + xs[999]) / 2) < 1, 'the group is centred over its leaves');
  assert.ok(p.width >= 1000 * 100);
});

test('the layered layout keeps the children of a node in index order', () => {
  const { sizes, edges } = fan(5);
  const p = layered(sizes, edges);
  const xs = [2, 3, 4, 5, 6].map((i) => p.centres[i * 2]);
  assert.deepEqual(
    xs,
    [...xs].sort((a, b) => a - b),
  );
});

test('the layered layout of nothing is empty', () => {
  assert.deepEqual(layered(new Float32Array(0), new Uint32Array(0)), { centres: new Float32Array(0), width: 0, height: 0 });
});
