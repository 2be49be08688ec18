import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildGraph, foldThreshold, loopBase, type ViewState } from '../src/graph/model';
import type { NodeStatus, Workflow } from '../src/types';

const open: ViewState = { collapsed: new Set(), unfolded: new Set(), unfoldAll: false };

function workflow(name: string, nodes: NodeStatus[], phase = 'Running'): Workflow {
  return { metadata: { name, namespace: 'default' }, spec: {}, status: { phase, nodes: Object.fromEntries(nodes.map((n) => [n.id, n])) } };
}

/** steps is a Steps node with one step group of count loop expansions. */
function steps(count: number, phase: (i: number) => string = (i) => (i % 2 ? 'Running' : 'Succeeded')): Workflow {
  const pods: NodeStatus[] = Array.from({ length: count }, (_, i) => ({
    id: `wf-p${i}`,
    name: `wf[0].test(${i}:item-${i})`,
    displayName: `test(${i}:item-${i})`,
    type: 'Pod',
    phase: phase(i),
    boundaryID: 'wf',
    startedAt: '2026-01-01T00:00:00Z',
  }));
  return workflow('wf', [
    { id: 'wf', name: 'wf', displayName: 'wf', type: 'Steps', phase: 'Running', children: ['wf-g0'], outboundNodes: pods.map((p) => p.id) },
    { id: 'wf-g0', name: 'wf[0]', displayName: '[0]', type: 'StepGroup', phase: 'Running', boundaryID: 'wf', children: pods.map((p) => p.id) },
    ...pods,
  ]);
}

test('loopBase strips the (i:item) suffix of a loop expansion only', () => {
  assert.equal(loopBase('wf[0].test-linux(0:image:debian,tag:12)'), 'wf[0].test-linux');
  assert.equal(loopBase('wf.task(12:{"a":1})'), 'wf.task');
  assert.equal(loopBase('flaky(0)'), null);
  assert.equal(loopBase('wf[0].step'), null);
});

test('a loops-maps workflow draws its Steps node, its step group and its four pods, linked in order', () => {
  const g = buildGraph(steps(4), open);
  assert.deepEqual(
    g.nodes.map((n) => n.id),
    ['wf', 'wf-g0', 'wf-p0', 'wf-p1', 'wf-p2', 'wf-p3'],
  );
  assert.deepEqual(g.edges, [
    [0, 1],
    [1, 2],
    [1, 3],
    [1, 4],
    [1, 5],
  ]);
  assert.deepEqual(
    g.nodes.slice(2).map((n) => [n.phase, n.glyph, n.tone]),
    [
      ['Succeeded', '✔', 'green'],
      ['Running', '◷', 'cyan'],
      ['Succeeded', '✔', 'green'],
      ['Running', '◷', 'cyan'],
    ],
  );
  assert.ok(g.nodes[1].small, 'a step group is drawn as a dot');
});

test(`loops of ${foldThreshold} items stay unfolded, larger ones fold into one node with a count`, () => {
  assert.equal(buildGraph(steps(foldThreshold), open).nodes.length, foldThreshold + 2);
  const g = buildGraph(steps(250), open);
  assert.equal(g.nodes.length, 3);
  const fold = g.nodes[2];
  assert.equal(fold.kind, 'fold');
  assert.equal(fold.label, 'test ×250');
  assert.equal(fold.hidden, 250);
  assert.equal(fold.phase, 'Running', 'a fold with running members runs');
  assert.equal(fold.stays, 'wf-p0');
  assert.deepEqual(g.edges, [
    [0, 1],
    [1, 2],
  ]);
  assert.equal(g.total, 252);
});

test('a fold shows the worst phase of its members', () => {
  const failed = buildGraph(steps(20, (i) => (i === 7 ? 'Failed' : 'Succeeded')), open).nodes[2];
  assert.deepEqual([failed.phase, failed.glyph, failed.tone], ['Failed', '✖', 'red']);
  const done = buildGraph(steps(20, () => 'Succeeded'), open).nodes[2];
  assert.deepEqual([done.phase, done.glyph], ['Succeeded', '✔']);
});

test('an unfolded loop, or all loops with unfoldAll, draws every member', () => {
  const folded = buildGraph(steps(30), open);
  const id = folded.nodes[2].id;
  assert.equal(buildGraph(steps(30), { ...open, unfolded: new Set([id]) }).nodes.length, 32);
  assert.equal(buildGraph(steps(30), { ...open, unfoldAll: true }).nodes.length, 32);
});

test('a collapsed group stands for everything under it, and edges out of it leave from it', () => {
  const wf = workflow('wf', [
    { id: 'wf', name: 'wf', type: 'DAG', phase: 'Running', children: ['a'], outboundNodes: ['c'] },
    { id: 'a', name: 'wf.a', displayName: 'a', type: 'Steps', phase: 'Succeeded', boundaryID: 'wf', children: ['a-g0'], outboundNodes: ['a-s'] },
    { id: 'a-g0', name: 'wf.a[0]', displayName: '[0]', type: 'StepGroup', phase: 'Succeeded', boundaryID: 'a', children: ['a-s'] },
    { id: 'a-s', name: 'wf.a[0].s', displayName: 's', type: 'Pod', phase: 'Succeeded', boundaryID: 'a', children: ['c'] },
    { id: 'c', name: 'wf.c', displayName: 'c', type: 'Pod', phase: 'Running', boundaryID: 'wf' },
  ]);
  const open_ = buildGraph(wf, open);
  assert.deepEqual(
    open_.nodes.map((n) => n.id),
    ['wf', 'a', 'a-g0', 'a-s', 'c'],
  );
  const g = buildGraph(wf, { ...open, collapsed: new Set(['a']) });
  assert.deepEqual(
    g.nodes.map((n) => n.id),
    ['wf', 'a', 'c'],
  );
  assert.equal(g.nodes[1].label, 'a (+2)');
  assert.ok(g.nodes[1].collapsed);
  assert.deepEqual(g.edges.map(([x, y]) => [g.nodes[x].id, g.nodes[y].id]).sort(), [
    ['a', 'c'],
    ['wf', 'a'],
  ]);
});

test('retry attempts nest under their Retry node, and an exit handler follows the outbound nodes', () => {
  const wf = workflow(
    'wf',
    [
      { id: 'wf', name: 'wf', type: 'Retry', phase: 'Failed', children: ['wf-0', 'wf-1'], outboundNodes: ['wf-1'] },
      { id: 'wf-0', name: 'wf(0)', type: 'Pod', phase: 'Failed', startedAt: '2026-01-01T00:00:00Z' },
      { id: 'wf-1', name: 'wf(1)', type: 'Pod', phase: 'Failed', startedAt: '2026-01-01T00:01:00Z' },
      { id: 'wf-exit', name: 'wf.onExit', type: 'Pod', phase: 'Succeeded', startedAt: '2026-01-01T00:02:00Z' },
    ],
    'Failed',
  );
  const g = buildGraph(wf, open);
  assert.deepEqual(
    g.nodes.map((n) => [n.id, n.glyph]),
    [
      ['wf', '↻'],
      ['wf-0', '✖'],
      ['wf-1', '✖'],
      ['wf-exit', '✔'],
    ],
  );
  assert.deepEqual(g.edges.map(([x, y]) => [g.nodes[x].id, g.nodes[y].id]), [
    ['wf', 'wf-0'],
    ['wf', 'wf-1'],
    ['wf-1', 'wf-exit'],
  ]);
});

test('a waiting suspend step is ⏸ yellow, a node stopped by a shutdown ⏹ red', () => {
  const wf = workflow('wf', [
    { id: 'wf', name: 'wf', type: 'Steps', phase: 'Running', children: ['g'] },
    { id: 'g', name: 'wf[0]', type: 'StepGroup', phase: 'Running', boundaryID: 'wf', children: ['s', 'p'] },
    { id: 's', name: 'wf[0].approve', type: 'Suspend', phase: 'Running', boundaryID: 'wf' },
    { id: 'p', name: 'wf[0].work', type: 'Pod', phase: 'Failed', message: "Stopped with strategy 'Terminate'", boundaryID: 'wf' },
  ]);
  const g = buildGraph(wf, open);
  const by = Object.fromEntries(g.nodes.map((n) => [n.id, [n.glyph, n.tone]]));
  assert.deepEqual(by.s, ['⏸', 'yellow']);
  assert.deepEqual(by.p, ['⏹', 'red']);
});
