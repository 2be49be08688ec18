// The Kubernetes events of a pod, through the proxy.
import { k8s, query } from '../api';
import { Alert } from '../components/common';
import { ago } from '../format';
import { useJSON } from '../hooks';
import type { KubeEvent, List } from '../types';

/** EventsView lists the events of pod podName in namespace. */
export function EventsView({ namespace, podName }: { namespace: string; podName: string }) {
  const path = k8s(`/api/v1/namespaces/${encodeURIComponent(namespace)}/events`) + query({ fieldSelector: 'involvedObject.name=' + podName });
  const { data, error } = useJSON<List<KubeEvent>>(path);
  const items = (data?.items ?? []).slice().sort((a, b) => ((a.lastTimestamp ?? a.eventTime ?? '') < (b.lastTimestamp ?? b.eventTime ?? '') ? -1 : 1));
  return (
    <div class="events" data-testid="node-events" data-count={data ? items.length : undefined}>
      <Alert error={error} />
      {data && items.length === 0 && <div class="muted small">No events (Kubernetes keeps them for an hour).</div>}
      {items.map((e) => (
        <div class={'event' + (e.type === 'Warning' ? ' warning' : '')} key={e.metadata.name}>
          <span class="event-reason">{e.reason}</span>
          <span class="event-msg">{e.message}</span>
          <span class="muted small">
            {e.count && e.count > 1 ? `×${e.count} · ` : ''}
            {ago(e.lastTimestamp ?? e.eventTime)}
          </span>
        </div>
      ))}
    </div>
  );
}
