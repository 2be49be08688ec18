// Small pieces shared by the pages.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';
import { linkClick } from '../router';
import { glyphClass, type Look } from '../phase';

/** Link is an anchor that navigates without reloading. */
export function Link({ href, children, class: cls, title }: { href: string; children: ComponentChildren; class?: string; title?: string }) {
  return (
    <a href={href} onClick={linkClick} class={cls} title={title}>
      {children}
    </a>
  );
}

/** Glyph draws a phase's glyph in its colour. */
export function Glyph({ look, title }: { look: Look; title?: string }) {
  return (
    <span class={`glyph tone-${look.tone} ${glyphClass(look.glyph)}`} title={title} aria-label={title}>
      <span class="gi">{look.glyph}</span>
    </span>
  );
}

/** Alert shows an error verbatim, with its HTTP code in data-code. */
export function Alert({ error, onClose }: { error: ApiError | Error | null; onClose?: () => void }) {
  if (!error) {
    return null;
  }
  const code = error instanceof ApiError ? error.code : 0;
  return (
    <div class="alert" role="alert" data-testid="alert" data-code={code || undefined}>
      <span class="alert-text">{error.message}</span>
      {onClose && (
        <button class="alert-close" onClick={onClose} aria-label="Dismiss" title="Dismiss" />
      )}
    </div>
  );
}

/** Notice is a quiet line of status text. */
export function Notice({ children }: { children: ComponentChildren }) {
  return <div class="notice">{children}</div>;
}

/** Labels draws labels as small chips. */
export function Labels({ labels }: { labels?: Record<string, string> }) {
  const entries = Object.entries(labels ?? {}).filter(([k]) => k !== 'weft.dev/completed');
  return (
    <span class="labels">
      {entries.map(([k, v]) => (
        <span class="chip" key={k} title={`${k}=${v}`}>
          {k.replace(/^weft\.dev\//, '')}={v}
        </span>
      ))}
    </span>
  );
}

/** errorOf turns anything thrown into an Error to show. */
export function errorOf(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
