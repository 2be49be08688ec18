// Signing in: with a token (the server's token mode), or the way back to a
// session in kubeconfig mode, which is the URL `weft ui` printed.
import { useState } from 'preact/hooks';
import { postJSON } from '../api';
import { Alert, errorOf } from '../components/common';

/** LoginPage is /login: a form that posts a bearer token to /api/login. */
export function LoginPage({ message }: { message?: string | null }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await postJSON('/api/login', { token: token.trim() });
      const next = new URLSearchParams(location.search).get('next');
      location.assign(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (err) {
      setError(errorOf(err));
      setBusy(false);
    }
  };
  return (
    <section class="page login">
      <form class="login-box" data-testid="login-form" onSubmit={submit}>
        <h1>Sign in to Weft</h1>
        {message && <p class="muted">{message}</p>}
        <p>
          Paste a bearer token the cluster accepts (an OIDC ID token, or <code>kubectl create token NAME</code>). Every request is made with it, so you see what its RBAC allows.
        </p>
        <label for="token">Token</label>
        <textarea id="token" rows={4} value={token} onInput={(e) => setToken((e.currentTarget as HTMLTextAreaElement).value)} autoComplete="off" spellcheck={false} />
        <Alert error={error} />
        <button class="primary" type="submit" disabled={busy || !token.trim()} data-testid="login-button">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}

/** NoSession is shown after a 401 in kubeconfig mode: the message verbatim and how to get a session. */
export function NoSession({ message }: { message: string }) {
  return (
    <section class="page login">
      <div class="login-box" data-testid="no-session">
        <h1>This browser has no session</h1>
        <p data-testid="alert" class="alert" data-code="401">
          {message}
        </p>
        <p>
          Open the URL that <code>weft ui</code> printed when it started (<code>http://127.0.0.1:2746/?login=…</code>). It signs this browser in with your kubeconfig's credentials. If you restarted <code>weft ui</code>, use the new URL.
        </p>
        <p class="muted small">
          Running weft ui in a cluster with token sign-in? <a href="/login">Sign in with a token</a>.
        </p>
      </div>
    </section>
  );
}
