// The app: the header with navigation and the namespace picker, and the page
// of the current route.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJSON, onUnauthorized, postJSON } from './api';
import { Link } from './components/common';
import { NamespacePicker } from './components/NamespacePicker';
import { CronList, CronPage } from './pages/Cron';
import { LoginPage, NoSession } from './pages/Login';
import { TemplateList, TemplatePage } from './pages/Templates';
import { WorkflowList } from './pages/WorkflowList';
import { WorkflowPage } from './pages/WorkflowPage';
import './perf';
import { navigate, useLocation } from './router';
import { chooseNamespace, type WhoAmI } from './session';
import './app.css';

const modeKey = 'weft-ui.authMode';

function rememberedMode(): string | null {
  try {
    return sessionStorage.getItem(modeKey);
  } catch {
    return null;
  }
}

function Page({ path, who }: { path: string; who: WhoAmI | null }) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
      return <WorkflowList homeNamespace={who?.namespace} />;
    case 'workflows':
      if (parts.length === 3) {
        return <WorkflowPage key={parts[1] + '/' + parts[2]} ns={parts[1]} name={parts[2]} />;
      }
      return <WorkflowList homeNamespace={who?.namespace} />;
    case 'templates':
      return parts.length === 3 ? <TemplatePage key={path} ns={parts[1]} name={parts[2]} cluster={false} /> : <TemplateList cluster={false} />;
    case 'cluster-templates':
      return parts.length === 2 ? <TemplatePage key={path} name={parts[1]} cluster={true} /> : <TemplateList cluster={true} />;
    case 'cron':
      return parts.length === 3 ? <CronPage key={path} ns={parts[1]} name={parts[2]} /> : <CronList />;
  }
  return (
    <section class="page">
      <h1>Not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link href="/">Workflows</Link>
      </p>
    </section>
  );
}

function App() {
  const { path, query } = useLocation();
  const nsInURL = query.get('ns');
  useEffect(() => {
    if (nsInURL !== null) {
      chooseNamespace(nsInURL);
    }
  }, [nsInURL]);
  const [who, setWho] = useState<WhoAmI | null>(null);
  const [unauthorized, setUnauthorized] = useState<string | null>(null);

  useEffect(() => {
    const off = onUnauthorized((message) => {
      setUnauthorized(message);
      const tokenMode = rememberedMode() === 'token' || message.includes('/login');
      if (tokenMode && location.pathname !== '/login') {
        navigate('/login?next=' + encodeURIComponent(location.pathname + location.search));
      }
    });
    if (location.pathname !== '/login') {
      getJSON<WhoAmI>('/api/whoami')
        .then((w) => {
          setWho(w);
          try {
            sessionStorage.setItem(modeKey, w.authMode);
          } catch {
            // Without storage a 401 later shows the kubeconfig page, which links to /login.
          }
        })
        .catch(() => undefined);
    }
    window.weftUI.ready = true;
    return off;
  }, []);

  if (path === '/login') {
    return <LoginPage message={unauthorized} />;
  }
  if (unauthorized !== null) {
    return <NoSession message={unauthorized} />;
  }
  const nav = [
    ['/', 'Workflows'],
    ['/templates', 'Templates'],
    ['/cluster-templates', 'Cluster templates'],
    ['/cron', 'Cron'],
  ];
  const current = '/' + (path.split('/')[1] ?? '');
  const active = (href: string) => (href === '/' ? current === '/' || current === '/workflows' : current === href);
  return (
    <>
      <header class="top">
        <Link href="/" class="brand">
          weft
        </Link>
        <nav class="nav">
          {nav.map(([href, label]) => (
            <Link key={href} href={href} class={active(href) ? 'on' : ''}>
              {label}
            </Link>
          ))}
        </nav>
        <div class="spacer" />
        <NamespacePicker fallback={who?.namespace} />
        {who && (
          <span class="user muted" title={(who.groups ?? []).join(', ')}>
            {who.username}
          </span>
        )}
        {who?.authMode === 'token' && (
          <button
            class="link"
            onClick={() =>
              postJSON('/api/logout', {})
                .catch(() => undefined)
                .then(() => location.assign('/login'))
            }
          >
            Sign out
          </button>
        )}
      </header>
      <main>
        <Page path={path} who={who} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
