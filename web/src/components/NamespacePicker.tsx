// Chooses the namespace the pages show: every namespace the user may list,
// or the kubeconfig's when listing namespaces is not allowed.
import { useEffect, useState } from 'preact/hooks';
import { getJSON, k8s } from '../api';
import { allNamespaces, chooseNamespace, useNamespace } from '../session';
import type { List, ObjectMeta } from '../types';

/** NamespacePicker is the select of namespaces in the header. */
export function NamespacePicker({ fallback }: { fallback?: string }) {
  const ns = useNamespace();
  const [names, setNames] = useState<string[] | null>(null);
  useEffect(() => {
    getJSON<List<{ metadata: ObjectMeta }>>(k8s('/api/v1/namespaces'))
      .then((l) => setNames(l.items.map((i) => i.metadata.name).sort()))
      .catch(() => setNames(fallback ? [fallback] : []));
  }, [fallback]);
  const options = new Set(names ?? []);
  if (ns) {
    options.add(ns);
  }
  return (
    <label class="ns-picker">
      <span class="muted">Namespace</span>
      <select data-testid="namespace-picker" value={ns} onChange={(e) => chooseNamespace((e.currentTarget as HTMLSelectElement).value)}>
        <option value={allNamespaces}>All namespaces</option>
        {[...options].sort().map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
