// Glyphs and colours of phases, as the CLI prints them (pkg/cli/printer/style.go).
import type { NodeStatus, Workflow } from './types';

/** Tone is a colour name; the stylesheet maps each to a CSS colour. */
export type Tone = 'green' | 'red' | 'yellow' | 'cyan' | 'gray';

/** Look is how a phase is drawn: a glyph and its colour. */
export interface Look {
  glyph: string;
  tone: Tone;
}

/** Glyphs of nodes: Argo's phases, and Weft's own for stopped, suspended and retries. */
export const glyphs = {
  succeeded: '✔',
  failed: '✖',
  error: '⚠',
  active: '◷',
  skipped: '○',
  suspended: '⏸',
  stopped: '⏹',
  retry: '↻',
} as const;

const stoppedPrefix = "Stopped with strategy '";
const deadlineText = 'exceeded its deadline';

/** phaseLook is the glyph and colour of a node phase. */
export function phaseLook(phase: string | undefined): Look {
  switch (phase) {
    case 'Succeeded':
      return { glyph: glyphs.succeeded, tone: 'green' };
    case 'Skipped':
    case 'Omitted':
      return { glyph: glyphs.skipped, tone: 'gray' };
    case 'Failed':
      return { glyph: glyphs.failed, tone: 'red' };
    case 'Error':
      return { glyph: glyphs.error, tone: 'red' };
  }
  return { glyph: glyphs.active, tone: 'cyan' };
}

/** finished says a workflow has ended: Succeeded, Failed or Error. */
export function finished(wf: Workflow): boolean {
  const p = wf.status?.phase;
  return p === 'Succeeded' || p === 'Failed' || p === 'Error';
}

/** stoppedMessage says a node was ended by a shutdown or a deadline. */
function stoppedMessage(message: string | undefined): boolean {
  return !!message && (message.startsWith(stoppedPrefix) || message.includes(deadlineText));
}

/** nodeLook is the glyph and colour of node n of wf, as the CLI's nodeGlyph. */
export function nodeLook(wf: Workflow, n: NodeStatus): Look {
  const look = phaseLook(n.phase);
  if (n.type === 'Retry') {
    return { glyph: glyphs.retry, tone: look.tone };
  }
  if ((n.type === 'Suspend' && n.phase === 'Running') || (n.id === wf.metadata.name && !finished(wf) && wf.spec.suspend === true)) {
    return { glyph: glyphs.suspended, tone: 'yellow' };
  }
  if (n.phase !== 'Succeeded' && stoppedMessage(n.message)) {
    return { glyph: glyphs.stopped, tone: 'red' };
  }
  return look;
}

/** workflowLook is the glyph and colour of a workflow's phase in the list. */
export function workflowLook(wf: Workflow): Look {
  const phase = wf.status?.phase ?? '';
  if (!finished(wf)) {
    if (wf.spec.shutdown) {
      return { glyph: glyphs.stopped, tone: 'red' };
    }
    if (suspended(wf)) {
      return { glyph: glyphs.suspended, tone: 'yellow' };
    }
  }
  switch (phase) {
    case 'Succeeded':
      return { glyph: glyphs.succeeded, tone: 'green' };
    case 'Failed':
      return { glyph: glyphs.failed, tone: 'red' };
    case 'Error':
      return { glyph: glyphs.error, tone: 'red' };
    case 'Running':
      return { glyph: glyphs.active, tone: 'cyan' };
  }
  return { glyph: glyphs.active, tone: 'yellow' };
}

/** suspended says spec.suspend holds wf or one of its suspend steps waits. */
export function suspended(wf: Workflow): boolean {
  if (wf.spec.suspend === true) {
    return true;
  }
  for (const n of Object.values(wf.status?.nodes ?? {})) {
    if (n.type === 'Suspend' && n.phase === 'Running') {
      return true;
    }
  }
  return false;
}

/** statusText is a workflow's status for people, as the CLI's StatusText. */
export function statusText(wf: Workflow): string {
  const phase = wf.status?.phase || 'Pending';
  if (finished(wf)) {
    return phase;
  }
  if (wf.spec.shutdown === 'Terminate') {
    return phase + ' (Terminating)';
  }
  if (wf.spec.shutdown === 'Stop') {
    return phase + ' (Stopping)';
  }
  if (suspended(wf)) {
    return phase + ' (Suspended)';
  }
  return phase;
}

/** glyphClass names the class that draws glyph with CSS when fonts may lack it (⏸ and ⏹), else "". */
export function glyphClass(glyph: string): string {
  if (glyph === glyphs.suspended) {
    return 'g-pause';
  }
  if (glyph === glyphs.stopped) {
    return 'g-stop';
  }
  return '';
}
