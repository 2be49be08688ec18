// A workflow: its header and actions, its graph with the node panel, its YAML.
// Kept live by /api/workflows/{ns}/{name}?watch=true.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, apiFetch, readLines } from '../api';
import { Alert, Glyph, Labels, Link, Notice, errorOf } from '../components/common';
import { ago, localTime, runDuration } from '../format';
import { GraphView } from '../graph/GraphView';
import { LayoutClient } from '../graph/layout-client';
import type { LayoutResult } from '../graph/layout-protocol';
import { buildGraph, type GraphModel, type GraphNode } from '../graph/model';
import { useNow } from '../hooks';
import { statusText, workflowLook } from '../phase';
import { setQuery, useLocation } from '../router';
import type { Workflow, WorkflowEvent } from '../types';
import { Actions } from './Actions';
import { NodePanel } from './NodePanel';
import { YamlView } from './YamlView';

interface Live {
  wf: Workflow | null;
  podNames: Record<string, string>;
  deleted: boolean;
  error: Error | null;
}

const reconnectMs = 2000;

/** useLiveWorkflow follows one workflow through the NDJSON watch, reconnecting when the stream ends. */
function useLiveWorkflow(ns: string, name: string): Live {
  const [live, setLive] = useState<Live>({ wf: null, podNames: {}, deleted: false, error: null });
  useEffect(() => {
    const abort = new AbortController();
    setLive({ wf: null, podNames: {}, deleted: false, error: null });
    const path = `/api/workflows/${encodeURIComponent(ns)}/${encodeURIComponent(name)}?watch=true`;
    const run = async () => {
      while (!abort.signal.aborted) {
        try {
          const res = await apiFetch(path, { signal: abort.signal, headers: { Accept: 'application/x-ndjson' } });
          let deleted = false;
          await readLines(res, (line) => {
            if (!line.trim()) {
              return;
            }
            const ev = JSON.parse(line) as WorkflowEvent;
            if (ev.type === 'ERROR') {
              throw new ApiError(ev.status?.code ?? 500, ev.status?.message ?? 'the watch of the workflow failed');
            }
            deleted = ev.type === 'DELETED';
            setLive((prev) => ({ wf: ev.workflow ?? prev.wf, podNames: ev.podNames ?? prev.podNames, deleted, error: null }));
          });
          if (deleted) {
            return;
          }
        } catch (e) {
          if (abort.signal.aborted) {
            return;
          }
          const err = errorOf(e);
          setLive((prev) => ({ ...prev, error: err }));
          if (err instanceof ApiError && (err.code === 401 || err.code === 403 || err.code === 404)) {
            return;
          }
        }
        await new Promise((r) => setTimeout(r, reconnectMs));
      }
    };
    void run();
    return () => abort.abort();
  }, [ns, name]);
  return live;
}

interface Drawn {
  model: GraphModel;
  layout: LayoutResult;
}

/** WorkflowPage is the page at /workflows/{ns}/{name}. */
export function WorkflowPage({ ns, name }: { ns: string; name: string }) {
  const { query } = useLocation();
  const tab = query.get('tab') === 'yaml' ? 'yaml' : 'graph';
  const selected = query.get('node');
  const live = useLiveWorkflow(ns, name);
  const wf = live.wf;
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [unfolded, setUnfolded] = useState<Set<string>>(new Set());
  const [unfoldAll, setUnfoldAll] = useState(query.get('unfold') === 'all');
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const [laying, setLaying] = useState(false);
  const [fitSignal, setFitSignal] = useState(0);
  const client = useRef<LayoutClient | null>(null);

  useEffect(() => {
    client.current = new LayoutClient();
    return () => client.current?.close();
  }, []);

  const nodes = wf?.status?.nodes;
  const model = useMemo(() => (wf ? buildGraph(wf, { collapsed, unfolded, unfoldAll }) : null), [nodes, wf?.spec.suspend, wf?.status?.phase, collapsed, unfolded, unfoldAll]);
  const drawnShape = useRef('');

  useEffect(() => {
    if (!model || !client.current) {
      return;
    }
    const shape = shapeOf(model);
    if (drawn && drawnShape.current === shape) {
      setDrawn({ model, layout: drawn.layout });
      return;
    }
    setLaying(true);
    let live = true;
    void client.current.layout(model).then((layout) => {
      if (live) {
        drawnShape.current = shape;
        setDrawn({ model, layout });
        setLaying(false);
      }
    });
    return () => {
      live = false;
    };
  }, [model]);

  const select = useCallback((n: GraphNode) => setQuery({ node: n.id }), []);
  const toggle = useCallback((n: GraphNode) => {
    if (n.kind === 'fold') {
      setUnfolded((prev) => new Set(prev).add(n.id));
      return;
    }
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(n.id)) {
        next.add(n.id);
      }
      return next;
    });
  }, []);

  if (live.error && !wf) {
    return (
      <section class="page">
        <Alert error={live.error} />
      </section>
    );
  }
  if (!wf) {
    return (
      <section class="page">
        <Notice>Loading workflow {name}…</Notice>
      </section>
    );
  }

  const look = workflowLook(wf);
  const node = selected ? wf.status?.nodes?.[selected] : undefined;

  return (
    <section class="page page-workflow">
      <div class="wf-head">
        <div class="wf-title">
          <Glyph look={look} title={statusText(wf)} />
          <h1>{wf.metadata.name}</h1>
          <span class={'phase-text tone-' + look.tone} data-testid="workflow-phase" data-phase={wf.status?.phase || 'Pending'}>
            {statusText(wf)}
          </span>
        </div>
        <div class="wf-meta muted">
          <span>
            namespace <Link href={`/?ns=${encodeURIComponent(ns)}`}>{ns}</Link>
          </span>
          <Times started={wf.status?.startedAt} finished={wf.status?.finishedAt} />
          {wf.status?.progress && <span>progress {wf.status.progress}</span>}
          <Labels labels={wf.metadata.labels} />
        </div>
        {wf.status?.message && <div class="wf-message">{wf.status.message}</div>}
        {live.deleted && <Notice>This workflow was deleted.</Notice>}
        {live.error && <Alert error={live.error} />}
        <Actions wf={wf} />
        <nav class="tabs" role="tablist">
          <button role="tab" class={tab === 'graph' ? 'on' : ''} aria-selected={tab === 'graph'} data-testid="tab-graph" onClick={() => setQuery({ tab: '' })}>
            Graph
          </button>
          <button role="tab" class={tab === 'yaml' ? 'on' : ''} aria-selected={tab === 'yaml'} data-testid="tab-yaml" onClick={() => setQuery({ tab: 'yaml' })}>
            YAML
          </button>
        </nav>
      </div>
      {tab === 'yaml' ? (
        <YamlView obj={wf} />
      ) : (
        <div class="wf-body">
          <div class="graph-pane">
            <div class="graph-tools">
              <button onClick={() => setFitSignal((s) => s + 1)} title="Show the whole graph">
                Fit
              </button>
              <label class="small">
                <input type="checkbox" checked={!unfoldAll} data-testid="fold-loops" onChange={(e) => setUnfoldAll(!(e.currentTarget as HTMLInputElement).checked)} /> Fold loops
              </label>
              {collapsed.size > 0 && <button onClick={() => setCollapsed(new Set())}>Expand groups</button>}
              {unfolded.size > 0 && <button onClick={() => setUnfolded(new Set())}>Fold loops again</button>}
              <span class="muted small">
                {drawn ? `${drawn.model.nodes.length} drawn of ${drawn.model.total} nodes · ${drawn.layout.engine} layout ${Math.round(drawn.layout.ms)} ms` : ''}
                {laying ? ' · laying out…' : ''}
              </span>
            </div>
            {drawn ? (
              drawn.model.nodes.length > 0 ? (
                <GraphView model={drawn.model} layout={drawn.layout} selected={selected} fitSignal={fitSignal} onSelect={select} onToggle={toggle} />
              ) : (
                <Notice>No nodes yet: the controller has not started this workflow.</Notice>
              )
            ) : (
              <Notice>Laying out {Object.keys(wf.status?.nodes ?? {}).length} nodes…</Notice>
            )}
          </div>
          {node && <NodePanel key={node.id} workflow={wf} node={node} podName={live.podNames[node.id]} onClose={() => setQuery({ node: '' })} />}
        </div>
      )}
    </section>
  );
}

/** Times shows when a workflow started and how long it ran, refreshed every second on its own. */
function Times({ started, finished }: { started?: string; finished?: string }) {
  const now = useNow();
  if (!started) {
    return null;
  }
  return (
    <>
      <span title={localTime(started)}>started {ago(started, now)}</span>
      <span>ran {runDuration(started, finished, now)}</span>
    </>
  );
}

/** shapeOf says what a layout depends on: the nodes, their sizes and the edges. */
function shapeOf(m: GraphModel): string {
  return m.nodes.map((n) => n.id + ':' + n.width).join(',') + '|' + m.edges.map((e) => e.join('>')).join(',');
}
