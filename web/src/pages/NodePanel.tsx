// The panel of one node: what it is, how it went, its inputs and outputs,
// its pod's events and its log.
import type { ComponentChildren } from 'preact';
import { Glyph } from '../components/common';
import { localTime, runDuration } from '../format';
import { useNow } from '../hooks';
import { nodeLook } from '../phase';
import type { IO, NodeStatus, Workflow } from '../types';
import { EventsView } from './EventsView';
import { LogView } from './LogView';

/** Props of NodePanel. */
export interface NodePanelProps {
  workflow: Workflow;
  node: NodeStatus;
  podName?: string;
  onClose(): void;
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  if (children === undefined || children === null || children === '') {
    return null;
  }
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function artifactHref(wf: Workflow, nodeId: string, name: string): string {
  const ns = encodeURIComponent(wf.metadata.namespace ?? '');
  return `/api/artifacts/${ns}/${encodeURIComponent(wf.metadata.name)}/${encodeURIComponent(nodeId)}/${encodeURIComponent(name)}`;
}

function IOBlock({ title, io, wf, nodeId, downloads }: { title: string; io?: IO; wf: Workflow; nodeId: string; downloads: boolean }) {
  const params = io?.parameters ?? [];
  const arts = io?.artifacts ?? [];
  if (!params.length && !arts.length && io?.result === undefined) {
    return null;
  }
  return (
    <div class="io">
      <h3>{title}</h3>
      <dl class="kv">
        {params.map((p) => (
          <Row key={'p' + p.name} label={p.name}>
            <code>{p.value ?? p.default ?? ''}</code>
          </Row>
        ))}
        {io?.result !== undefined && (
          <Row label="result">
            <code>{io.result}</code>
          </Row>
        )}
        {arts.map((a) => (
          <Row key={'a' + a.name} label={a.name}>
            {downloads ? (
              <a href={artifactHref(wf, nodeId, a.name)} download data-testid="artifact-link">
                download
              </a>
            ) : (
              <span class="muted">{a.path ?? 'artifact'}</span>
            )}
          </Row>
        ))}
      </dl>
    </div>
  );
}

/** NodePanel shows node of workflow. */
export function NodePanel({ workflow, node, podName, onClose }: NodePanelProps) {
  const now = useNow();
  const look = nodeLook(workflow, node);
  const ns = workflow.metadata.namespace ?? '';
  const running = node.phase === 'Running' || node.phase === 'Pending' || !node.phase;
  const isPod = node.type === 'Pod' || !!podName;
  return (
    <aside class="node-panel" data-testid="node-panel" data-node-id={node.id}>
      <header class="panel-head">
        <Glyph look={look} title={node.phase} />
        <h2 title={node.name}>{node.displayName || node.name}</h2>
        <button class="icon" onClick={onClose} aria-label="Close the node panel" title="Close">
          ×
        </button>
      </header>
      <dl class="kv">
        <Row label="Type">{node.type}</Row>
        <Row label="Phase">
          <span class={'tone-' + look.tone}>{node.phase || 'Pending'}</span>
        </Row>
        <Row label="Message">{node.message}</Row>
        <Row label="Name">
          <code>{node.name}</code>
        </Row>
        <Row label="ID">
          <code>{node.id}</code>
        </Row>
        <Row label="Template">{node.templateRef ? `${node.templateRef.name}/${node.templateRef.template}` : node.templateName}</Row>
        <Row label="Started">{localTime(node.startedAt)}</Row>
        <Row label="Finished">{localTime(node.finishedAt)}</Row>
        <Row label="Duration">{runDuration(node.startedAt, node.finishedAt, now)}</Row>
        <Row label="Progress">{node.progress}</Row>
        <Row label="Exit code">{node.outputs?.exitCode}</Row>
        <Row label="Pod">{podName && <code>{podName}</code>}</Row>
        <Row label="Host">{node.hostNodeName}</Row>
      </dl>
      <IOBlock title="Inputs" io={node.inputs} wf={workflow} nodeId={node.id} downloads={false} />
      <IOBlock title="Outputs" io={node.outputs} wf={workflow} nodeId={node.id} downloads={true} />
      {isPod && podName && (
        <div class="io">
          <h3>Pod events</h3>
          <EventsView key={podName + node.phase} namespace={ns} podName={podName} />
        </div>
      )}
      {isPod && (
        <div class="io grow">
          <h3>Log</h3>
          <LogView namespace={ns} workflow={workflow.metadata.name} nodeId={node.id} podName={podName} follow={running} />
        </div>
      )}
    </aside>
  );
}
