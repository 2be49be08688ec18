// Hooks shared by the pages.
import { useEffect, useState } from 'preact/hooks';
import { getJSON } from './api';
import { errorOf } from './components/common';

/** useNow answers the current time, refreshed every intervalMs. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/** Loaded is the state of a fetch: its data, or its error, or neither while it runs. */
export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  reload(): void;
}

/** useJSON fetches path (when not null) and refetches when it changes. */
export function useJSON<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null }>({ data: null, error: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) {
      return;
    }
    const abort = new AbortController();
    setState({ data: null, error: null });
    getJSON<T>(path, abort.signal)
      .then((data) => setState({ data, error: null }))
      .catch((e) => {
        if (!abort.signal.aborted) {
          setState({ data: null, error: errorOf(e) });
        }
      });
    return () => abort.abort();
  }, [path, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}
