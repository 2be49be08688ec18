// A node's log through the workflows/log subresource, streamed as it comes,
// the last maxLines lines kept.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiFetch, k8s, query, readLines, weftPath } from '../api';
import { Alert, errorOf } from '../components/common';

/** maxLines is how many of the last log lines are kept on the page. */
export const maxLines = 10_000;

/** Props of LogView. */
export interface LogViewProps {
  namespace: string;
  workflow: string;
  nodeId: string;
  podName?: string;
  /** follow keeps the stream open while the node runs. */
  follow: boolean;
}

/** LogView streams and shows a node's log. */
export function LogView({ namespace, workflow, nodeId, podName, follow }: LogViewProps) {
  const pre = useRef<HTMLPreElement>(null);
  const [error, setError] = useState<Error | null>(null);
  const [state, setState] = useState<'loading' | 'streaming' | 'ended'>('loading');
  const [dropped, setDropped] = useState(0);
  const [tail, setTail] = useState(true);
  const tailRef = useRef(true);
  tailRef.current = tail;

  useEffect(() => {
    const abort = new AbortController();
    const el = pre.current!;
    el.textContent = '';
    setError(null);
    setDropped(0);
    setState('loading');
    const lines: string[] = [];
    let droppedCount = 0;
    let frame = 0;
    const flush = () => {
      frame = 0;
      el.textContent = lines.join('\n');
      if (tailRef.current) {
        el.scrollTop = el.scrollHeight;
      }
      setDropped(droppedCount);
    };
    const path = k8s(weftPath('workflows', namespace, workflow) + '/log') + query(podName ? { podName, follow } : { nodeId, follow });
    // The log comes as text whatever is asked; Accept decides the media type
    // of an error, which the API server offers only as JSON or YAML.
    apiFetch(path, { signal: abort.signal, headers: { Accept: 'application/json, */*' } })
      .then((res) => {
        setState('streaming');
        return readLines(res, (line) => {
          lines.push(line);
          if (lines.length > maxLines) {
            const extra = lines.length - maxLines;
            lines.splice(0, extra);
            droppedCount += extra;
          }
          if (!frame) {
            frame = requestAnimationFrame(flush);
          }
        });
      })
      .then(() => {
        cancelAnimationFrame(frame);
        flush();
        setState('ended');
      })
      .catch((e) => {
        if (!abort.signal.aborted) {
          setError(e instanceof ApiError ? e : errorOf(e));
          setState('ended');
        }
      });
    return () => {
      abort.abort();
      cancelAnimationFrame(frame);
    };
  }, [namespace, workflow, nodeId, podName]);

  return (
    <div class="logs">
      <div class="logs-bar">
        <span class="muted small">
          {state === 'loading' ? 'Connecting…' : state === 'streaming' ? (follow ? 'Following' : 'Reading') : 'End of log'}
          {dropped > 0 && ` · the first ${dropped} lines are not kept (last ${maxLines} shown)`}
        </span>
        <label class="small">
          <input type="checkbox" checked={tail} onChange={(e) => setTail((e.currentTarget as HTMLInputElement).checked)} /> Scroll to end
        </label>
      </div>
      <Alert error={error} />
      <pre class="log-text" data-testid="node-logs" data-state={state} ref={pre} />
    </div>
  );
}
