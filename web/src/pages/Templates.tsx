// Workflow templates and cluster workflow templates: the list, one template,
// and the form that submits a workflow from it.
import { useState } from 'preact/hooks';
import { postJSON, k8s, weftPath } from '../api';
import { Alert, Link, Notice, errorOf } from '../components/common';
import { ago } from '../format';
import { useJSON } from '../hooks';
import { navigate } from '../router';
import { useNamespace } from '../session';
import type { List, Parameter, WorkflowTemplate, WorkflowWithPods } from '../types';
import { YamlView } from './YamlView';

/** TemplateList is the page at /templates (cluster false) or /cluster-templates (cluster true). */
export function TemplateList({ cluster }: { cluster: boolean }) {
  const ns = useNamespace();
  const path = cluster ? weftPath('clusterworkflowtemplates') : weftPath('workflowtemplates', ns || undefined);
  const { data, error } = useJSON<List<WorkflowTemplate>>(k8s(path));
  const items = (data?.items ?? []).slice().sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
  return (
    <section class="page">
      <div class="toolbar">
        <h1>{cluster ? 'Cluster workflow templates' : 'Workflow templates'}</h1>
      </div>
      <Alert error={error} />
      {data && items.length === 0 && <Notice>No templates{!cluster && ns ? ` in namespace ${ns}` : ''}.</Notice>}
      {items.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th>Name</th>
              {!cluster && <th>Namespace</th>}
              <th>Entrypoint</th>
              <th>Parameters</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => {
              const href = cluster ? `/cluster-templates/${encodeURIComponent(t.metadata.name)}` : `/templates/${encodeURIComponent(t.metadata.namespace ?? '')}/${encodeURIComponent(t.metadata.name)}`;
              return (
                <tr key={(t.metadata.namespace ?? '') + '/' + t.metadata.name} data-testid="template-row" data-namespace={t.metadata.namespace ?? ''} data-name={t.metadata.name}>
                  <td>
                    <Link href={href}>{t.metadata.name}</Link>
                  </td>
                  {!cluster && <td>{t.metadata.namespace}</td>}
                  <td>{t.spec.entrypoint}</td>
                  <td class="muted">{(t.spec.arguments?.parameters ?? []).map((p) => p.name).join(', ')}</td>
                  <td class="muted">{ago(t.metadata.creationTimestamp)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** TemplatePage is /templates/{ns}/{name} or /cluster-templates/{name}: the submit form and the YAML. */
export function TemplatePage({ ns, name, cluster }: { ns?: string; name: string; cluster: boolean }) {
  const chosen = useNamespace();
  const path = cluster ? weftPath('clusterworkflowtemplates', undefined, name) : weftPath('workflowtemplates', ns, name);
  const { data, error } = useJSON<WorkflowTemplate>(k8s(path));
  return (
    <section class="page">
      <div class="toolbar">
        <h1>{name}</h1>
        <span class="muted">{cluster ? 'cluster workflow template' : `workflow template in ${ns}`}</span>
      </div>
      <Alert error={error} />
      {data && (
        <div class="split">
          <SubmitForm template={data} cluster={cluster} namespace={cluster ? chosen || 'default' : ns!} />
          <div class="split-side">
            <h2>YAML</h2>
            <YamlView obj={data} />
          </div>
        </div>
      )}
    </section>
  );
}

function ParameterField({ p, value, onChange }: { p: Parameter; value: string; onChange(v: string): void }) {
  const id = 'param-' + p.name;
  return (
    <div class="field">
      <label for={id}>{p.name}</label>
      {p.enum && p.enum.length > 0 ? (
        <select id={id} name={p.name} value={value} data-param={p.name} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
          {p.enum.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} name={p.name} value={value} data-param={p.name} onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value)} />
      )}
      {p.description && <div class="muted small">{p.description}</div>}
    </div>
  );
}

/** changedParameters are the values to pass as -p: those that differ from the template's, leaving a parameter without a value unset while its field is empty. */
function changedParameters(params: Parameter[], values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) {
    const given = values[p.name] ?? '';
    const own = p.value ?? p.default;
    if (own === undefined ? given !== '' : given !== own) {
      out[p.name] = given;
    }
  }
  return out;
}

function SubmitForm({ template, cluster, namespace }: { template: WorkflowTemplate; cluster: boolean; namespace: string }) {
  const params = template.spec.arguments?.parameters ?? [];
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(params.map((p) => [p.name, p.value ?? p.default ?? p.enum?.[0] ?? ''])));
  const [target, setTarget] = useState(namespace);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const out = await postJSON<Partial<WorkflowWithPods>>(`/api/submit/${encodeURIComponent(target)}`, {
        kind: cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate',
        name: template.metadata.name,
        parameters: changedParameters(params, values),
        labels: {},
      });
      if (out.workflow) {
        navigate(`/workflows/${encodeURIComponent(out.workflow.metadata.namespace ?? target)}/${encodeURIComponent(out.workflow.metadata.name)}`);
      }
    } catch (err) {
      setError(errorOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="submit-form" data-testid="submit-form" onSubmit={submit}>
      <h2>Submit</h2>
      {cluster && (
        <div class="field">
          <label for="submit-namespace">Namespace</label>
          <input id="submit-namespace" value={target} onInput={(e) => setTarget((e.currentTarget as HTMLInputElement).value)} />
        </div>
      )}
      {params.length === 0 && <div class="muted small">This template takes no parameters.</div>}
      {params.map((p) => (
        <ParameterField key={p.name} p={p} value={values[p.name] ?? ''} onChange={(v) => setValues({ ...values, [p.name]: v })} />
      ))}
      <Alert error={error} onClose={() => setError(null)} />
      <button type="submit" class="primary" data-testid="submit-button" disabled={busy}>
        {busy ? 'Submitting…' : 'Submit'}
      </button>
    </form>
  );
}
