// Cron workflows: the list, and one with its next runs, history and
// suspend/resume buttons.
import { useState } from 'preact/hooks';
import { k8s, postJSON, query, weftPath } from '../api';
import { Alert, Glyph, Link, Notice, errorOf } from '../components/common';
import { ago, localTime, runDuration } from '../format';
import { useJSON, useNow } from '../hooks';
import { glyphs, statusText, workflowLook } from '../phase';
import { useNamespace } from '../session';
import type { CronWorkflow, List, Workflow } from '../types';
import { YamlView } from './YamlView';

function schedules(c: CronWorkflow): string {
  return (c.spec.schedules?.length ? c.spec.schedules : [c.spec.schedule ?? '']).join(', ');
}

/** CronList is the page at /cron. */
export function CronList() {
  const ns = useNamespace();
  const { data, error } = useJSON<List<CronWorkflow>>(k8s(weftPath('cronworkflows', ns || undefined)));
  const items = (data?.items ?? []).slice().sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
  return (
    <section class="page">
      <div class="toolbar">
        <h1>Cron workflows</h1>
      </div>
      <Alert error={error} />
      {data && items.length === 0 && <Notice>No cron workflows{ns ? ` in namespace ${ns}` : ''}.</Notice>}
      {items.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Namespace</th>
              <th>Schedule</th>
              <th>Timezone</th>
              <th>Suspended</th>
              <th>Last scheduled</th>
              <th>Active</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={(c.metadata.namespace ?? '') + '/' + c.metadata.name} data-testid="cron-row" data-namespace={c.metadata.namespace ?? ''} data-name={c.metadata.name} data-suspended={String(!!c.spec.suspend)}>
                <td>
                  <Link href={`/cron/${encodeURIComponent(c.metadata.namespace ?? '')}/${encodeURIComponent(c.metadata.name)}`}>{c.metadata.name}</Link>
                </td>
                <td>{c.metadata.namespace}</td>
                <td>
                  <code>{schedules(c)}</code>
                </td>
                <td>{c.spec.timezone || 'UTC'}</td>
                <td>{c.spec.suspend ? <span class="tone-yellow">{glyphs.suspended} yes</span> : 'no'}</td>
                <td title={localTime(c.status?.lastScheduledTime)}>{ago(c.status?.lastScheduledTime)}</td>
                <td>{c.status?.active?.length ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** CronPage is the page at /cron/{ns}/{name}. */
export function CronPage({ ns, name }: { ns: string; name: string }) {
  const now = useNow();
  const cron = useJSON<CronWorkflow>(k8s(weftPath('cronworkflows', ns, name)));
  const next = useJSON<{ times: string[] }>(`/api/cronworkflows/${encodeURIComponent(ns)}/${encodeURIComponent(name)}/next?count=5`);
  const history = useJSON<List<Workflow>>(k8s(weftPath('workflows', ns)) + query({ labelSelector: 'weft.dev/cron-workflow=' + name }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [changed, setChanged] = useState<CronWorkflow | null>(null);
  const c = changed ?? cron.data;
  const act = async (verb: 'suspend' | 'resume') => {
    setBusy(true);
    setError(null);
    try {
      const out = await postJSON<{ cronWorkflow?: CronWorkflow }>(`/api/cronworkflows/${encodeURIComponent(ns)}/${encodeURIComponent(name)}/${verb}`, {});
      if (out.cronWorkflow) {
        setChanged(out.cronWorkflow);
      } else {
        cron.reload();
      }
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };
  const runs = (history.data?.items ?? []).slice().sort((a, b) => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? 1 : -1));
  return (
    <section class="page">
      <div class="toolbar">
        <h1>{name}</h1>
        <span class="muted">cron workflow in {ns}</span>
      </div>
      <Alert error={cron.error} />
      {c && (
        <>
          <dl class="kv wide">
            <dt>Schedule</dt>
            <dd>
              <code>{schedules(c)}</code> ({c.spec.timezone || 'UTC'})
            </dd>
            <dt>Suspended</dt>
            <dd data-testid="cron-suspended" data-suspended={String(!!c.spec.suspend)}>
              {c.spec.suspend ? <span class="tone-yellow">{glyphs.suspended} yes</span> : 'no'}
            </dd>
            <dt>Concurrency</dt>
            <dd>{c.spec.concurrencyPolicy || 'Allow'}</dd>
            <dt>Last scheduled</dt>
            <dd>{c.status?.lastScheduledTime ? `${localTime(c.status.lastScheduledTime)} (${ago(c.status.lastScheduledTime, now)})` : 'never'}</dd>
            <dt>Active</dt>
            <dd>
              {(c.status?.active ?? []).map((a) => (
                <Link key={a.name} href={`/workflows/${encodeURIComponent(a.namespace ?? ns)}/${encodeURIComponent(a.name)}`}>
                  {a.name}{' '}
                </Link>
              ))}
              {(c.status?.active ?? []).length === 0 && 'none'}
            </dd>
          </dl>
          <div class="actions">
            <button data-testid="cron-suspend" disabled={busy} onClick={() => act('suspend')}>
              Suspend
            </button>
            <button data-testid="cron-resume" disabled={busy} onClick={() => act('resume')}>
              Resume
            </button>
          </div>
          <Alert error={error} onClose={() => setError(null)} />
          <h2>Next runs</h2>
          <Alert error={next.error} />
          <ul class="plain" data-testid="cron-next">
            {(next.data?.times ?? []).map((t) => (
              <li key={t}>
                {localTime(t)} <span class="muted">({ago(t, now)})</span>
              </li>
            ))}
          </ul>
          <h2>History</h2>
          <Alert error={history.error} />
          {history.data && runs.length === 0 && <Notice>No workflows of this cron workflow are left.</Notice>}
          {runs.length > 0 && (
            <table class="table" data-testid="cron-history">
              <tbody>
                {runs.map((w) => (
                  <tr key={w.metadata.name} data-testid="workflow-row" data-namespace={w.metadata.namespace ?? ns} data-name={w.metadata.name} data-phase={w.status?.phase || 'Pending'}>
                    <td>
                      <Glyph look={workflowLook(w)} title={statusText(w)} />
                    </td>
                    <td>
                      <Link href={`/workflows/${encodeURIComponent(ns)}/${encodeURIComponent(w.metadata.name)}`}>{w.metadata.name}</Link>
                    </td>
                    <td class="muted">{ago(w.status?.startedAt, now)}</td>
                    <td class="muted">{runDuration(w.status?.startedAt, w.status?.finishedAt, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>YAML</h2>
          <YamlView obj={c} />
        </>
      )}
    </section>
  );
}
