// The workflows list: live through a watch, filtered by label and field
// selectors and by phase, its rows virtualised.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, weftPath } from '../api';
import { Alert, Glyph, Labels, Link, Notice } from '../components/common';
import { VirtualList } from '../components/VirtualList';
import { ago, runDuration } from '../format';
import { useNow } from '../hooks';
import { statusText, workflowLook } from '../phase';
import { setQuery, useLocation } from '../router';
import { chooseNamespace, useNamespace } from '../session';
import type { Workflow } from '../types';
import { liveList } from '../watch';

const phases = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'];

function newestFirst(a: Workflow, b: Workflow): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) {
    return ta < tb ? 1 : -1;
  }
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

/** WorkflowList is the page at /. */
export function WorkflowList({ homeNamespace }: { homeNamespace?: string }) {
  const ns = useNamespace();
  const { query } = useLocation();
  const labels = query.get('labels') ?? '';
  const fields = query.get('fields') ?? '';
  const phase = query.get('phase') ?? '';
  const [items, setItems] = useState<Workflow[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [fellBack, setFellBack] = useState(false);
  const now = useNow();

  useEffect(() => {
    setItems(null);
    setError(null);
    const params = new URLSearchParams();
    if (labels) {
      params.set('labelSelector', labels);
    }
    if (fields) {
      params.set('fieldSelector', fields);
    }
    return liveList<Workflow>(weftPath('workflows', ns || undefined), params, {
      onItems: (m) => setItems([...m.values()].sort(newestFirst)),
      onError: (e) => {
        if (e && e.code === 403 && !ns && homeNamespace) {
          setFellBack(true);
          chooseNamespace(homeNamespace);
          return;
        }
        setError(e);
      },
    });
  }, [ns, labels, fields, homeNamespace]);

  const shown = useMemo(() => (items ?? []).filter((w) => !phase || (w.status?.phase || 'Pending') === phase), [items, phase]);

  const header = (
    <div class="wf-row head" role="row">
      <span class="c-phase" />
      <span class="c-name">Name</span>
      <span class="c-ns">Namespace</span>
      <span class="c-progress">Progress</span>
      <span class="c-started">Started</span>
      <span class="c-duration">Duration</span>
      <span class="c-labels">Labels</span>
    </div>
  );

  return (
    <section class="page page-list">
      <div class="toolbar">
        <h1>Workflows</h1>
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget as HTMLFormElement);
            setQuery({ labels: String(f.get('labels') ?? '').trim(), fields: String(f.get('fields') ?? '').trim() });
          }}
        >
          <input name="labels" placeholder="label selector, e.g. team=blue" defaultValue={labels} data-testid="filter-labels" />
          <input name="fields" placeholder="field selector, e.g. metadata.name=x" defaultValue={fields} data-testid="filter-fields" />
          <select value={phase} data-testid="filter-phase" onChange={(e) => setQuery({ phase: (e.currentTarget as HTMLSelectElement).value })}>
            <option value="">Any phase</option>
            {phases.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <button type="submit">Filter</button>
        </form>
        <span class="muted count">{items ? `${shown.length} of ${items.length}` : ''}</span>
      </div>
      {fellBack && <Notice>Listing workflows in all namespaces is not allowed for you: showing namespace {homeNamespace}.</Notice>}
      <Alert error={error} />
      {items === null && !error && <Notice>Loading…</Notice>}
      {items !== null && shown.length === 0 && <Notice>No workflows{ns ? ` in namespace ${ns}` : ''}{labels || fields || phase ? ' match the filters' : ''}.</Notice>}
      {items !== null && shown.length > 0 && (
        <VirtualList
          class="wf-list"
          items={shown}
          rowHeight={34}
          header={header}
          row={(w) => {
            const look = workflowLook(w);
            const text = statusText(w);
            const ns = w.metadata.namespace ?? '';
            return (
              <div class="wf-row" role="row" key={ns + '/' + w.metadata.name} data-testid="workflow-row" data-namespace={ns} data-name={w.metadata.name} data-phase={w.status?.phase || 'Pending'}>
                <span class="c-phase">
                  <Glyph look={look} title={text} />
                </span>
                <span class="c-name">
                  <Link href={`/workflows/${encodeURIComponent(ns)}/${encodeURIComponent(w.metadata.name)}`}>{w.metadata.name}</Link>
                  {text !== (w.status?.phase || 'Pending') && <span class="muted small"> {text.replace(/^\S+ /, '')}</span>}
                </span>
                <span class="c-ns">{ns}</span>
                <span class="c-progress">{w.status?.progress ?? ''}</span>
                <span class="c-started" title={w.status?.startedAt}>
                  {ago(w.status?.startedAt, now)}
                </span>
                <span class="c-duration">{runDuration(w.status?.startedAt, w.status?.finishedAt, now)}</span>
                <span class="c-labels">
                  <Labels labels={w.metadata.labels} />
                </span>
              </div>
            );
          }}
        />
      )}
    </section>
  );
}
