// Who the user is, and the namespace the pages show.
import { useEffect, useState } from 'preact/hooks';

/** WhoAmI is what /api/whoami answers. */
export interface WhoAmI {
  username: string;
  groups?: string[];
  authMode: 'kubeconfig' | 'token';
  namespace?: string;
}

/** allNamespaces is the picker's value for "every namespace the user may list". */
export const allNamespaces = '';

const storageKey = 'weft-ui.namespace';
const listeners = new Set<(ns: string) => void>();

function initialNamespace(): string {
  const fromQuery = new URLSearchParams(location.search).get('ns');
  if (fromQuery !== null) {
    return fromQuery;
  }
  try {
    return localStorage.getItem(storageKey) ?? allNamespaces;
  } catch {
    return allNamespaces;
  }
}

let current = initialNamespace();

/** currentNamespace is the chosen namespace, or allNamespaces. */
export function currentNamespace(): string {
  return current;
}

/** chooseNamespace changes the namespace every page shows and remembers it. */
export function chooseNamespace(ns: string): void {
  if (ns === current) {
    return;
  }
  current = ns;
  try {
    localStorage.setItem(storageKey, ns);
  } catch {
    // Storage may be off (private mode): the choice lasts for this page only.
  }
  listeners.forEach((l) => l(ns));
}

/** useNamespace re-renders the caller when the namespace changes. */
export function useNamespace(): string {
  const [ns, setNs] = useState(current);
  useEffect(() => {
    listeners.add(setNs);
    return () => {
      listeners.delete(setNs);
    };
  }, []);
  return ns;
}
