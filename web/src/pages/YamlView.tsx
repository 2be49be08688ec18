// A resource as read-only YAML.
import { useMemo } from 'preact/hooks';
import { stringify } from 'yaml';

/** YamlView shows obj as YAML, without managedFields. */
export function YamlView({ obj }: { obj: unknown }) {
  const text = useMemo(() => {
    const copy = JSON.parse(JSON.stringify(obj)) as { metadata?: { managedFields?: unknown } };
    if (copy.metadata) {
      delete copy.metadata.managedFields;
    }
    return stringify(copy, { lineWidth: 0, aliasDuplicateObjects: false });
  }, [obj]);
  return (
    <pre class="yaml" data-testid="yaml">
      {text}
    </pre>
  );
}
