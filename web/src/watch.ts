// Live lists: list a collection, then watch it from the list's resourceVersion;
// relist when the watch ends or the version is gone (410).
import { ApiError, apiFetch, getJSON, k8s, readLines } from './api';
import type { List, ObjectMeta, Status } from './types';

/** Listed is any object with metadata. */
export interface Listed {
  metadata: ObjectMeta;
}

interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T | Status;
}

/** keyOf is an object's namespace/name. */
export function keyOf(m: ObjectMeta): string {
  return (m.namespace ?? '') + '/' + m.name;
}

/** LiveList keeps the items of a collection current and reports each change. */
export interface LiveListHandlers<T> {
  /** onItems is called with all items after the list and after every change. */
  onItems(items: Map<string, T>): void;
  /** onError is called with an error that stops updates for a while. */
  onError(err: ApiError | null): void;
}

const retryDelayMs = 2000;

/** liveList lists path (a proxied Kubernetes collection, with query) and watches it until stop is called. */
export function liveList<T extends Listed>(path: string, params: URLSearchParams, handlers: LiveListHandlers<T>): () => void {
  const abort = new AbortController();
  const items = new Map<string, T>();
  let pending = false;
  const publish = () => {
    if (pending) {
      return;
    }
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      if (!abort.signal.aborted) {
        handlers.onItems(items);
      }
    });
  };

  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const list = await getJSON<List<T>>(k8s(path) + '?' + params.toString(), abort.signal);
        items.clear();
        for (const it of list.items ?? []) {
          items.set(keyOf(it.metadata), it);
        }
        handlers.onError(null);
        publish();
        let version = list.metadata.resourceVersion ?? '';
        while (!abort.signal.aborted) {
          const wq = new URLSearchParams(params);
          wq.set('watch', '1');
          wq.set('allowWatchBookmarks', 'true');
          wq.set('resourceVersion', version);
          const res = await apiFetch(k8s(path) + '?' + wq.toString(), { signal: abort.signal });
          let gone = false;
          await readLines(res, (line) => {
            if (!line.trim()) {
              return;
            }
            const ev = JSON.parse(line) as WatchEvent<T>;
            if (ev.type === 'ERROR') {
              const st = ev.object as Status;
              if (st.code === 410) {
                gone = true;
                return;
              }
              throw new ApiError(st.code ?? 500, st.message ?? 'the watch failed');
            }
            const obj = ev.object as T;
            if (obj.metadata?.resourceVersion) {
              version = obj.metadata.resourceVersion;
            }
            if (ev.type === 'BOOKMARK') {
              return;
            }
            if (ev.type === 'DELETED') {
              items.delete(keyOf(obj.metadata));
            } else {
              items.set(keyOf(obj.metadata), obj);
            }
            publish();
          });
          if (gone) {
            break;
          }
        }
      } catch (e) {
        if (abort.signal.aborted) {
          return;
        }
        if (e instanceof ApiError && e.code === 410) {
          continue;
        }
        if (e instanceof ApiError) {
          handlers.onError(e);
          if (e.code === 401 || e.code === 403 || e.code === 404) {
            return;
          }
        }
        await new Promise((r) => setTimeout(r, retryDelayMs));
      }
    }
  };
  void run();
  return () => abort.abort();
}
