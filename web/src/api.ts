// Requests to the weft ui server: JSON, errors as Kubernetes Status, the CSRF
// header on every write, and the sign-in page after a 401.
import type { Status } from './types';

/** ApiError is a failed request: the HTTP code and the Status message verbatim. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type UnauthorizedListener = (message: string) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** onUnauthorized calls listener whenever the server answers 401; it returns the unsubscribe. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** errorFrom reads the Status of a failed response into an ApiError. */
async function errorFrom(res: Response): Promise<ApiError> {
  const text = await res.text();
  let message = text.trim() || `${res.status} ${res.statusText}`;
  try {
    const status = JSON.parse(text) as Status;
    if (status && typeof status.message === 'string' && status.message !== '') {
      message = status.message;
    }
  } catch {
    // The body was not JSON: keep its text as the message.
  }
  return new ApiError(res.status, message);
}

/** apiFetch sends a request and answers the response, or throws an ApiError for a non-2xx code. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (method !== 'GET' && method !== 'HEAD') {
    headers.set('X-Weft-UI', '1');
  }
  let res: Response;
  try {
    res = await fetch(path, { ...init, method, headers, credentials: 'same-origin' });
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, `cannot reach the weft ui server (${(e as Error).message}): is \`weft ui\` still running?`);
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401) {
      unauthorizedListeners.forEach((l) => l(err.message));
    }
    throw err;
  }
  return res;
}

/** getJSON fetches path and decodes its JSON body. */
export async function getJSON<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await apiFetch(path, { signal, headers: { Accept: 'application/json' } });
  return (await res.json()) as T;
}

/** postJSON posts body as JSON to path and decodes the JSON answer. */
export async function postJSON<T>(path: string, body: unknown): Promise<T> {
  const res = await apiFetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** readLines calls onLine with every complete line of a streamed body until it ends. */
export async function readLines(res: Response, onLine: (line: string) => void): Promise<void> {
  if (!res.body) {
    return;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    rest += value;
    let nl = rest.indexOf('\n');
    while (nl >= 0) {
      onLine(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  if (rest !== '') {
    onLine(rest);
  }
}

/** k8s is the proxy path of a Kubernetes API path. */
export function k8s(path: string): string {
  return '/api/k8s' + path;
}

/** weftPath is the API path of a weft.dev/v1alpha1 resource, in namespace ns or all namespaces. */
export function weftPath(resource: string, ns?: string, name?: string): string {
  let p = '/apis/weft.dev/v1alpha1';
  if (ns) {
    p += '/namespaces/' + encodeURIComponent(ns);
  }
  p += '/' + resource;
  if (name) {
    p += '/' + encodeURIComponent(name);
  }
  return p;
}

/** query builds a query string from the set values of params, with a leading "?" when any. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '' && v !== false) {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
