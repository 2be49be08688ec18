// Client-side routes with the History API.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

/** navigate goes to path (with its query) without reloading the page. */
export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) {
    return;
  }
  if (replace) {
    history.replaceState(null, '', path);
  } else {
    history.pushState(null, '', path);
  }
  listeners.forEach((l) => l());
}

window.addEventListener('popstate', () => listeners.forEach((l) => l()));

/** Location is the current path and query. */
export interface Location {
  path: string;
  query: URLSearchParams;
}

/** useLocation re-renders the caller whenever the location changes. */
export function useLocation(): Location {
  const read = () => ({ path: location.pathname, query: new URLSearchParams(location.search) });
  const [loc, setLoc] = useState<Location>(read);
  useEffect(() => {
    const l = () => setLoc(read());
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return loc;
}

/** linkClick makes an anchor's plain left click navigate in place. */
export function linkClick(e: MouseEvent): void {
  const a = e.currentTarget as HTMLAnchorElement;
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || a.target) {
    return;
  }
  e.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
}

/** setQuery replaces some query parameters of the current location (empty values are removed). */
export function setQuery(changes: Record<string, string>): void {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v) {
      q.set(k, v);
    } else {
      q.delete(k);
    }
  }
  const s = q.toString();
  navigate(location.pathname + (s ? '?' + s : ''), true);
}
