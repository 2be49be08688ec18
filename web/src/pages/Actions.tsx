// The buttons that act on a workflow, as the CLI's commands do; a refusal is
// shown verbatim.
import { useState } from 'preact/hooks';
import { ApiError, postJSON } from '../api';
import { Alert, errorOf } from '../components/common';
import { finished, suspended } from '../phase';
import { navigate } from '../router';
import type { Workflow, WorkflowWithPods } from '../types';

/** Action is a verb of /api/workflows/{ns}/{name}/{action}. */
export type Action = 'suspend' | 'resume' | 'stop' | 'terminate' | 'retry' | 'resubmit' | 'delete';

interface Button {
  action: Action;
  label: string;
  title: string;
  enabled(wf: Workflow): boolean;
  confirm?: string;
  danger?: boolean;
}

const running = (wf: Workflow) => !finished(wf);

const buttons: Button[] = [
  { action: 'suspend', label: 'Suspend', title: 'Suspend the workflow (weft suspend)', enabled: (wf) => running(wf) && !suspended(wf) },
  { action: 'resume', label: 'Resume', title: 'Resume the workflow (weft resume)', enabled: (wf) => running(wf) && suspended(wf) },
  { action: 'stop', label: 'Stop', title: 'Stop: run exit handlers, then end (weft stop)', enabled: running, confirm: 'Stop workflow {name}?' },
  { action: 'terminate', label: 'Terminate', title: 'Terminate: end now, no exit handlers (weft terminate)', enabled: running, confirm: 'Terminate workflow {name}?', danger: true },
  { action: 'retry', label: 'Retry', title: 'Retry the failed nodes (weft retry)', enabled: (wf) => wf.status?.phase === 'Failed' || wf.status?.phase === 'Error' },
  { action: 'resubmit', label: 'Resubmit', title: 'Submit a new workflow with the same spec (weft resubmit)', enabled: () => true },
  { action: 'delete', label: 'Delete', title: 'Delete the workflow (weft delete)', enabled: () => true, confirm: 'Delete workflow {name}?', danger: true },
];

/** Actions draws the action buttons of wf. Buttons the workflow's state makes pointless are drawn quieter but stay usable: the API server decides, and its answer is shown. */
export function Actions({ wf, onDone }: { wf: Workflow; onDone?: (action: Action) => void }) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const ns = wf.metadata.namespace ?? '';
  const run = async (b: Button) => {
    if (b.confirm && !window.confirm(b.confirm.replace('{name}', wf.metadata.name))) {
      return;
    }
    setBusy(b.action);
    setError(null);
    try {
      const out = await postJSON<Partial<WorkflowWithPods>>(`/api/workflows/${encodeURIComponent(ns)}/${encodeURIComponent(wf.metadata.name)}/${b.action}`, {});
      onDone?.(b.action);
      if (b.action === 'resubmit' && out.workflow) {
        navigate(`/workflows/${encodeURIComponent(out.workflow.metadata.namespace ?? ns)}/${encodeURIComponent(out.workflow.metadata.name)}`);
      } else if (b.action === 'delete') {
        navigate('/');
      }
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="actions-wrap">
      <div class="actions" role="toolbar" aria-label="Workflow actions">
        {buttons.map((b) => (
          <button key={b.action} data-testid={'action-' + b.action} class={[b.danger ? 'danger' : '', b.enabled(wf) ? '' : 'quiet'].join(' ').trim()} title={b.title} disabled={busy !== null} onClick={() => run(b)}>
            {busy === b.action ? b.label + '…' : b.label}
          </button>
        ))}
      </div>
      <Alert error={error} onClose={() => setError(null)} />
    </div>
  );
}
