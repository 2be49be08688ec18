// The graph of a workflow's nodes as Argo draws it: nodes linked by their
// children, groups nested as the CLI's tree nests them (pkg/cli/printer/tree.go),
// collapsed groups and folded loop expansions drawn as one node each.
import { nodeLook, phaseLook, type Tone } from '../phase';
import type { NodeStatus, Workflow } from '../types';

/** foldThreshold is the number of loop expansions above which they are folded into one node. */
export const foldThreshold = 10;

/** GraphNode is one drawn node: a workflow node, a collapsed group or a folded loop. */
export interface GraphNode {
  /** id is the workflow node's ID, or "fold:…" for a folded loop. */
  id: string;
  name: string;
  displayName: string;
  type: string;
  phase: string;
  glyph: string;
  tone: Tone;
  /** label is the text drawn in the node. */
  label: string;
  /** kind says what the drawn node stands for. */
  kind: 'node' | 'fold';
  /** hidden is the number of nodes a collapsed group or a fold stands for. */
  hidden: number;
  /** group says the node has nodes nested under it, which a click can collapse. */
  group: boolean;
  collapsed: boolean;
  /** stays is the ID of the node that takes this one's place when it is toggled: a fold's first member, else its own ID. */
  stays: string;
  /** small says the node is drawn as a dot (step and task groups). */
  small: boolean;
  width: number;
  height: number;
}

/** GraphModel is what the graph draws: nodes in tree order and edges between their indices. */
export interface GraphModel {
  nodes: GraphNode[];
  edges: Array<[number, number]>;
  /** total is the number of the workflow's nodes. */
  total: number;
}

interface TreeNode {
  status: NodeStatus;
  group: boolean;
  children: TreeNode[];
}

const loopSuffix = /^(.*)\((\d+):.*\)$/;

/** loopBase is a loop expansion's name without its "(i:item)" suffix, or null for other names. */
export function loopBase(name: string): string | null {
  const m = loopSuffix.exec(name);
  return m ? m[1] : null;
}

function startedBefore(a: NodeStatus, b: NodeStatus): number {
  const ta = a.startedAt ? Date.parse(a.startedAt) : 0;
  const tb = b.startedAt ? Date.parse(b.startedAt) : 0;
  if (ta !== tb) {
    return ta - tb;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function groupIndex(n: NodeStatus): number | null {
  if (n.type !== 'StepGroup' || !n.name.endsWith(']')) {
    return null;
  }
  const open = n.name.lastIndexOf('[');
  if (open < 0) {
    return null;
  }
  const i = Number(n.name.slice(open + 1, -1));
  return Number.isInteger(i) ? i : null;
}

function displayParent(t: TreeNode, index: Map<string, TreeNode>, linkedFrom: Map<string, TreeNode[]>): TreeNode | null {
  const n = t.status;
  const boundary = (n.boundaryID && index.get(n.boundaryID)) || null;
  if (n.type === 'StepGroup') {
    return boundary;
  }
  const parents = linkedFrom.get(n.id) ?? [];
  for (const p of parents) {
    if (p.status.type === 'Retry' && n.name.startsWith(p.status.name + '(')) {
      return p;
    }
  }
  for (const p of parents) {
    if (!p.group || (p.status.boundaryID ?? '') !== (n.boundaryID ?? '')) {
      continue;
    }
    if ((p.status.type === 'StepGroup' && n.name.startsWith(p.status.name + '.')) || (p.status.type === 'TaskGroup' && n.name.startsWith(p.status.name + '('))) {
      return p;
    }
  }
  if (boundary === t) {
    return null;
  }
  return boundary;
}

function sortChildren(t: TreeNode): void {
  const position = new Map<string, number>();
  (t.status.children ?? []).forEach((id, i) => position.set(id, i));
  const linkedOrder = t.group || t.status.type === 'Retry';
  t.children.sort((x, y) => {
    const a = x.status;
    const b = y.status;
    if (linkedOrder) {
      const pa = position.get(a.id);
      const pb = position.get(b.id);
      if (pa !== undefined && pb !== undefined) {
        return pa - pb;
      }
      if ((pa === undefined) !== (pb === undefined)) {
        return pa !== undefined ? -1 : 1;
      }
    }
    const ga = groupIndex(a);
    const gb = groupIndex(b);
    if (ga !== null && gb !== null && ga !== gb) {
      return ga - gb;
    }
    return startedBefore(a, b);
  });
}

/** buildTree nests a workflow's nodes as the CLI does and answers the roots, the workflow's own node first. */
export function buildTree(workflow: string, nodes: Record<string, NodeStatus>): TreeNode[] {
  const index = new Map<string, TreeNode>();
  for (const [id, n] of Object.entries(nodes)) {
    index.set(id, { status: { ...n, id }, group: n.type === 'StepGroup' || n.type === 'TaskGroup', children: [] });
  }
  const linkedFrom = new Map<string, TreeNode[]>();
  for (const t of index.values()) {
    for (const c of t.status.children ?? []) {
      const l = linkedFrom.get(c);
      if (l) {
        l.push(t);
      } else {
        linkedFrom.set(c, [t]);
      }
    }
  }
  const roots: TreeNode[] = [];
  for (const t of index.values()) {
    const p = displayParent(t, index, linkedFrom);
    if (p) {
      p.children.push(t);
    } else {
      roots.push(t);
    }
  }
  for (const t of index.values()) {
    sortChildren(t);
  }
  roots.sort((x, y) => {
    const a = x.status;
    const b = y.status;
    if ((a.id === workflow) !== (b.id === workflow)) {
      return a.id === workflow ? -1 : 1;
    }
    return startedBefore(a, b);
  });
  return roots;
}

/** foldPhase is the phase a folded loop shows: the worst of its members'. */
function foldPhase(members: NodeStatus[]): string {
  let running = false;
  let succeeded = false;
  for (const m of members) {
    switch (m.phase) {
      case 'Failed':
      case 'Error':
        return m.phase;
      case 'Succeeded':
        succeeded = true;
        break;
      case 'Skipped':
      case 'Omitted':
        break;
      default:
        running = true;
    }
  }
  if (running) {
    return 'Running';
  }
  return succeeded ? 'Succeeded' : 'Skipped';
}

function countSubtree(t: TreeNode): number {
  let n = 1;
  for (const c of t.children) {
    n += countSubtree(c);
  }
  return n;
}

const charWidth = 7;

function boxWidth(label: string, group = false): number {
  return Math.min(300, Math.max(110, 48 + label.length * charWidth + (group ? 26 : 0)));
}

/** ViewState is what the user changed: groups collapsed and folds opened. */
export interface ViewState {
  collapsed: ReadonlySet<string>;
  unfolded: ReadonlySet<string>;
  /** unfoldAll turns folding off. */
  unfoldAll: boolean;
}

/** buildGraph makes the drawn graph of wf under view. */
export function buildGraph(wf: Workflow, view: ViewState): GraphModel {
  const nodes = wf.status?.nodes ?? {};
  const roots = buildTree(wf.metadata.name, nodes);
  const out: GraphNode[] = [];
  const indexOf = new Map<string, number>();
  const rep = new Map<string, number>();

  const add = (g: GraphNode) => {
    indexOf.set(g.id, out.length);
    out.push(g);
    return out.length - 1;
  };

  const hideUnder = (t: TreeNode, at: number) => {
    rep.set(t.status.id, at);
    for (const c of t.children) {
      hideUnder(c, at);
    }
  };

  const visit = (t: TreeNode) => {
    const n = t.status;
    const look = nodeLook(wf, n);
    const collapsed = t.children.length > 0 && view.collapsed.has(n.id);
    const label = n.displayName || n.name;
    const small = t.group;
    const hidden = collapsed ? countSubtree(t) - 1 : 0;
    const text = collapsed ? `${label} (+${hidden})` : label;
    const at = add({
      id: n.id,
      name: n.name,
      displayName: n.displayName ?? '',
      type: n.type,
      phase: n.phase ?? '',
      glyph: look.glyph,
      tone: look.tone,
      label: text,
      kind: 'node',
      hidden,
      group: t.children.length > 0,
      collapsed,
      stays: n.id,
      small: small && !collapsed,
      width: small && !collapsed ? 16 : boxWidth(text, t.children.length > 0),
      height: small && !collapsed ? 16 : 32,
    });
    rep.set(n.id, at);
    if (collapsed) {
      for (const c of t.children) {
        hideUnder(c, at);
      }
      return;
    }
    visitChildren(t.children, n.id);
  };

  const visitChildren = (children: TreeNode[], parentId: string) => {
    const byBase = new Map<string, TreeNode[]>();
    for (const c of children) {
      const base = loopBase(c.status.name);
      if (base !== null) {
        const l = byBase.get(base);
        if (l) {
          l.push(c);
        } else {
          byBase.set(base, [c]);
        }
      }
    }
    const done = new Set<string>();
    for (const c of children) {
      const base = loopBase(c.status.name);
      const members = base !== null ? byBase.get(base)! : null;
      const foldId = 'fold:' + parentId + ':' + base;
      if (!members || members.length <= foldThreshold || view.unfoldAll || view.unfolded.has(foldId)) {
        visit(c);
        continue;
      }
      if (done.has(foldId)) {
        continue;
      }
      done.add(foldId);
      const statuses = members.map((m) => m.status);
      const phase = foldPhase(statuses);
      const look = phaseLook(phase);
      const shortBase = loopBase(c.status.displayName || '') ?? c.status.displayName ?? base!;
      const label = `${shortBase} ×${members.length}`;
      const at = add({
        id: foldId,
        name: base!,
        displayName: shortBase,
        type: 'Loop',
        phase,
        glyph: look.glyph,
        tone: look.tone,
        label,
        kind: 'fold',
        hidden: members.reduce((s, m) => s + countSubtree(m), 0),
        group: false,
        collapsed: false,
        stays: members[0].status.id,
        small: false,
        width: boxWidth(label),
        height: 32,
      });
      for (const m of members) {
        hideUnder(m, at);
      }
    }
  };

  for (const r of roots) {
    visit(r);
  }

  const edges: Array<[number, number]> = [];
  const seen = new Set<number>();
  const link = (a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined || a === b) {
      return;
    }
    const key = a * 1048576 + b;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    edges.push([a, b]);
  };
  for (const [id, n] of Object.entries(nodes)) {
    const from = rep.get(id);
    for (const c of n.children ?? []) {
      link(from, rep.get(c));
    }
  }
  const main = roots[0]?.status;
  if (main) {
    const ends = main.outboundNodes?.length ? main.outboundNodes : [main.id];
    for (const r of roots.slice(1)) {
      for (const e of ends) {
        link(rep.get(e), rep.get(r.status.id));
      }
    }
  }
  return { nodes: out, edges, total: Object.keys(nodes).length };
}
