// A mock of the weft ui server for developing and testing the app without a
// cluster: serves pkg/ui/assets/dist and answers the endpoints of the plan's
// contract with fixture workflows. Loopback only.
//
//   node dev/server.mjs [--port 2747] [--auth kubeconfig|token|expired] [--viewer] [--watch-expiry SECONDS]
//
// --auth token asks for POST /api/login first (any token but "bad" signs in);
// --auth expired answers 401 to every /api request; --viewer refuses every
// action with the 403 Status RBAC answers a user with view rights;
// --watch-expiry ends every watch of a collection after that many seconds
// with the 410 Gone a compacted resourceVersion gets, so clients relist.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fx from './fixtures.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(flag('--port', '2747'));
const authMode = flag('--auth', 'kubeconfig');
const viewer = args.includes('--viewer');
const watchExpirySeconds = Number(flag('--watch-expiry', '0'));
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'pkg', 'ui', 'assets', 'dist');

const start = Date.now();
const state = { version: 1000, resumed: false, cronSuspended: false, deleted: new Set(), extra: [] };
const big = fx.bigWorkflow(start - 7 * 60000);
const many = fx.manyWorkflows(start, 3000);
const history = fx.cronHistory(start);
const sessions = new Set();

function allWorkflows() {
  const now = Date.now();
  const list = [
    fx.loopsMaps(start, now),
    fx.dagDiamond(start - 30 * 60000),
    fx.suspendedWorkflow(start - 5 * 60000, state.resumed),
    fx.retriedWorkflow(start - 50 * 60000),
    big,
    ...history,
    ...state.extra,
    ...many,
  ];
  return list.filter((w) => !state.deleted.has(w.metadata.namespace + '/' + w.metadata.name));
}

function versioned(obj, rv) {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
}

function summary(wf) {
  const { nodes, ...status } = wf.status ?? {};
  return { ...wf, status };
}

function status(res, code, reason, message) {
  json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message });
}

function json(res, code, body) {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function matchesSelectors(obj, q) {
  const labels = q.get('labelSelector');
  if (labels) {
    for (const term of labels.split(',')) {
      const [k, v] = term.split('=');
      if (v === undefined ? !(k in (obj.metadata.labels ?? {})) : obj.metadata.labels?.[k] !== v) {
        return false;
      }
    }
  }
  const fields = q.get('fieldSelector');
  if (fields) {
    for (const term of fields.split(',')) {
      const neg = term.includes('!=');
      const [k, v] = term.split(neg ? '!=' : '=');
      const actual = k === 'metadata.name' ? obj.metadata.name : k === 'metadata.namespace' ? obj.metadata.namespace : k === 'status.phase' ? obj.status?.phase : k === 'involvedObject.name' ? obj.involvedObject?.name : undefined;
      if ((actual === v) === neg) {
        return false;
      }
    }
  }
  return true;
}

// Watchers of the workflow collection and of single workflows, told of changes.
const listWatchers = new Set();
const workflowWatchers = new Set();

function changed(wf) {
  state.version++;
  for (const w of listWatchers) {
    w(wf);
  }
  for (const w of workflowWatchers) {
    w(wf);
  }
}

// loops-maps advances every 4 s until its four pods succeed.
let lastLoops = JSON.stringify(fx.loopsMaps(start, Date.now()).status);
const ticker = setInterval(() => {
  const wf = fx.loopsMaps(start, Date.now());
  const s = JSON.stringify(wf.status);
  if (s !== lastLoops) {
    lastLoops = s;
    changed(wf);
  }
}, 500);
ticker.unref();

function findWorkflow(ns, name) {
  return allWorkflows().find((w) => w.metadata.namespace === ns && w.metadata.name === name);
}

function podNames(wf) {
  const out = {};
  for (const [id, n] of Object.entries(wf.status?.nodes ?? {})) {
    if (n.type === 'Pod') {
      out[id] = `${wf.metadata.name}-${n.templateName ?? 'pod'}-${id.split('-').pop()}`;
    }
  }
  return out;
}

function listOrWatch(req, res, q, items, watchable) {
  const filtered = items.filter((o) => matchesSelectors(o, q));
  if (q.get('watch') !== '1' && q.get('watch') !== 'true') {
    json(res, 200, { kind: 'List', apiVersion: 'weft.dev/v1alpha1', metadata: { resourceVersion: String(state.version) }, items: filtered });
    return;
  }
  const rv = Number(q.get('resourceVersion') || 0);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  if (rv && rv < state.version - 50) {
    res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } }) + '\n');
    return;
  }
  if (!watchable) {
    return;
  }
  const send = (wf) => {
    if (matchesSelectors(wf, q) && (!q.ns || wf.metadata.namespace === q.ns)) {
      res.write(JSON.stringify({ type: 'MODIFIED', object: versioned(summary(wf), state.version) }) + '\n');
    }
  };
  listWatchers.add(send);
  const expiry = watchExpirySeconds > 0 ? setTimeout(() => {
    state.version += 100;
    res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: `too old resource version: ${rv} (${state.version})` } }) + '\n');
  }, watchExpirySeconds * 1000) : null;
  req.on('close', () => {
    listWatchers.delete(send);
    clearTimeout(expiry);
  });
}

async function logs(req, res, wf, q) {
  const podName = q.get('podName');
  const pods = podNames(wf);
  const id = Object.keys(pods).find((k) => pods[k] === podName);
  if (!id) {
    status(res, 404, 'NotFound', `pods "${podName}" not found`);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  const lines = id.includes('-p') ? 2000 : 40;
  for (let i = 0; i < lines; i++) {
    res.write(`${podName}: line ${i + 1} PRETTY_NAME="Debian GNU/Linux 12 (bookworm)" step output ${'.'.repeat(i % 40)}\n`);
  }
  const follow = q.get('follow') === 'true';
  const running = () => findWorkflow(wf.metadata.namespace, wf.metadata.name)?.status?.nodes?.[id]?.phase === 'Running';
  if (!follow || !running()) {
    res.end();
    return;
  }
  let n = 0;
  const timer = setInterval(() => {
    if (!running()) {
      res.end(`${podName}: done\n`);
      clearInterval(timer);
      return;
    }
    res.write(`${podName}: live line ${++n} at ${new Date().toISOString()}\n`);
  }, 400);
  req.on('close', () => clearInterval(timer));
}

function events(q) {
  const base = Date.now();
  const out = [];
  for (const wf of [fx.loopsMaps(start, base), fx.dagDiamond(start)]) {
    for (const [, pod] of Object.entries(podNames(wf))) {
      out.push(
        { metadata: { name: pod + '.1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: pod }, type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/${pod} to weft-worker`, count: 1, lastTimestamp: fx.iso(start, 300) },
        { metadata: { name: pod + '.2', namespace: 'default' }, involvedObject: { kind: 'Pod', name: pod }, type: 'Normal', reason: 'Pulled', message: 'Container image "weft.localhost/debian:12" already present on machine', count: 1, lastTimestamp: fx.iso(start, 400) },
        { metadata: { name: pod + '.3', namespace: 'default' }, involvedObject: { kind: 'Pod', name: pod }, type: 'Warning', reason: 'BackOff', message: 'Back-off pulling image (mock warning)', count: 2, lastTimestamp: fx.iso(start, 450) },
      );
    }
  }
  return out.filter((e) => matchesSelectors(e, q));
}

async function proxy(req, res, path, q) {
  if (req.method !== 'GET') {
    status(res, 405, 'MethodNotAllowed', 'the proxy allows GET only');
    return;
  }
  if (path === '/api/v1/namespaces') {
    json(res, 200, { kind: 'NamespaceList', metadata: { resourceVersion: '1' }, items: ['default', 'load', 'team-a'].map((name) => ({ metadata: { name } })) });
    return;
  }
  let m = /^\/api\/v1\/namespaces\/([^/]+)\/events$/.exec(path);
  if (m) {
    json(res, 200, { kind: 'EventList', metadata: { resourceVersion: '1' }, items: events(q).filter((e) => e.metadata.namespace === m[1]) });
    return;
  }
  m = /^\/apis\/weft\.dev\/v1alpha1(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?(?:\/(log))?$/.exec(path);
  if (!m) {
    status(res, 404, 'NotFound', `the server could not find the requested resource (${path})`);
    return;
  }
  const [, ns, resource, name, sub] = m;
  q.ns = ns;
  const inNs = (o) => !ns || o.metadata.namespace === ns;
  const collections = {
    workflows: () => allWorkflows().map(summary),
    workflowtemplates: () => fx.templates(start),
    clusterworkflowtemplates: () => fx.clusterTemplates(start),
    cronworkflows: () => fx.cronWorkflows(start, state.cronSuspended),
  };
  if (!collections[resource]) {
    status(res, 404, 'NotFound', `the server could not find the requested resource (${resource})`);
    return;
  }
  if (resource === 'workflows' && !ns && q.get('watch') !== '1' && viewer) {
    status(res, 403, 'Forbidden', 'workflows.weft.dev is forbidden: User "viewer" cannot list resource "workflows" in API group "weft.dev" at the cluster scope');
    return;
  }
  if (!name) {
    listOrWatch(req, res, q, collections[resource]().filter(inNs), resource === 'workflows');
    return;
  }
  const full = resource === 'workflows' ? findWorkflow(ns, name) : collections[resource]().find((o) => inNs(o) && o.metadata.name === name);
  if (!full) {
    status(res, 404, 'NotFound', `${resource}.weft.dev "${name}" not found`);
    return;
  }
  if (sub === 'log') {
    await logs(req, res, full, q);
    return;
  }
  json(res, 200, versioned(full, state.version));
}

function workflowWatch(req, res, ns, name) {
  const wf = findWorkflow(ns, name);
  if (!wf) {
    status(res, 404, 'NotFound', `workflows.weft.dev "${name}" not found`);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Transfer-Encoding': 'chunked' });
  res.write(JSON.stringify({ type: 'ADDED', workflow: versioned(wf, state.version), podNames: podNames(wf) }) + '\n');
  const send = (changedWf) => {
    if (changedWf.metadata.namespace === ns && changedWf.metadata.name === name) {
      const type = state.deleted.has(ns + '/' + name) ? 'DELETED' : 'MODIFIED';
      res.write(JSON.stringify({ type, workflow: versioned(changedWf, state.version), podNames: podNames(changedWf) }) + '\n');
    }
  };
  workflowWatchers.add(send);
  req.on('close', () => workflowWatchers.delete(send));
}

async function body(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
  }
  return text ? JSON.parse(text) : {};
}

async function action(req, res, ns, name, verb) {
  const wf = findWorkflow(ns, name);
  if (!wf) {
    status(res, 404, 'NotFound', `workflows.weft.dev "${name}" not found`);
    return;
  }
  if (viewer) {
    const apiVerb = verb === 'delete' ? 'delete' : verb === 'resubmit' ? 'create' : 'patch';
    status(res, 403, 'Forbidden', `workflows.weft.dev "${name}" is forbidden: User "viewer" cannot ${apiVerb} resource "workflows" in API group "weft.dev" in the namespace "${ns}"`);
    return;
  }
  const opts = await body(req);
  if (verb === 'resume' && wf.metadata.name.startsWith('approval-')) {
    state.resumed = true;
    changed(findWorkflow(ns, name));
    json(res, 200, { workflow: findWorkflow(ns, name) });
    return;
  }
  if (verb === 'resume') {
    status(res, 409, 'Conflict', `workflow ${name} is not suspended`);
    return;
  }
  if (verb === 'delete') {
    state.deleted.add(ns + '/' + name);
    changed(wf);
    json(res, 200, {});
    return;
  }
  if (verb === 'resubmit') {
    const copy = structuredClone(wf);
    copy.metadata.name = name.replace(/-[a-z0-9]{5}$/, '') + '-' + Math.random().toString(36).slice(2, 7);
    copy.status = { phase: 'Pending' };
    state.extra.unshift(copy);
    changed(copy);
    json(res, 200, { workflow: copy });
    return;
  }
  json(res, 200, { workflow: wf, options: opts });
}

async function api(req, res, url) {
  const path = url.pathname;
  if (path === '/api/login' && req.method === 'POST') {
    const { token } = await body(req);
    if (!token || token === 'bad') {
      status(res, 401, 'Unauthorized', 'the token was not accepted: the API server answered 401 Unauthorized to a SelfSubjectReview made with it');
      return;
    }
    const id = Math.random().toString(36).slice(2);
    sessions.add(id);
    res.writeHead(200, { 'Set-Cookie': `weft-ui=${id}; HttpOnly; SameSite=Strict; Path=/`, 'Content-Type': 'application/json' });
    res.end('{}');
    return;
  }
  const cookie = /weft-ui=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (authMode === 'expired' || (authMode === 'token' && !sessions.has(cookie))) {
    status(res, 401, 'Unauthorized', authMode === 'token' ? 'sign in with a token at /login' : 'this browser has no session of weft ui: open the URL `weft ui` printed (http://127.0.0.1:2746/?login=...)');
    return;
  }
  if (req.method !== 'GET' && req.headers['x-weft-ui'] !== '1') {
    status(res, 403, 'Forbidden', 'a request that changes something must carry the header X-Weft-UI: 1');
    return;
  }
  const q = url.searchParams;
  if (path === '/api/logout') {
    sessions.delete(cookie);
    json(res, 200, {});
    return;
  }
  if (path === '/api/whoami') {
    json(res, 200, { username: viewer ? 'viewer' : 'kubernetes-admin', groups: ['system:authenticated'], authMode: authMode === 'token' ? 'token' : 'kubeconfig', namespace: 'default' });
    return;
  }
  if (path.startsWith('/api/k8s/')) {
    await proxy(req, res, path.slice('/api/k8s'.length), q);
    return;
  }
  let m = /^\/api\/workflows\/([^/]+)\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
  if (m) {
    const [, ns, name, verb] = m;
    if (verb && req.method === 'POST') {
      await action(req, res, ns, name, verb);
    } else if (q.get('watch') === 'true') {
      workflowWatch(req, res, ns, name);
    } else {
      const wf = findWorkflow(ns, name);
      wf ? json(res, 200, { workflow: versioned(wf, state.version), podNames: podNames(wf) }) : status(res, 404, 'NotFound', `workflows.weft.dev "${name}" not found`);
    }
    return;
  }
  m = /^\/api\/submit\/([^/]+)$/.exec(path);
  if (m && req.method === 'POST') {
    const sub = await body(req);
    if (viewer) {
      status(res, 403, 'Forbidden', `workflows.weft.dev is forbidden: User "viewer" cannot create resource "workflows" in API group "weft.dev" in the namespace "${m[1]}"`);
      return;
    }
    const name = `${sub.name}-${Math.random().toString(36).slice(2, 7)}`;
    const wf = { apiVersion: 'weft.dev/v1alpha1', kind: 'Workflow', metadata: { name, namespace: m[1], creationTimestamp: fx.iso(Date.now()), labels: sub.labels ?? {} }, spec: { workflowTemplateRef: { name: sub.name, clusterScope: sub.kind === 'ClusterWorkflowTemplate' }, arguments: { parameters: Object.entries(sub.parameters ?? {}).map(([k, v]) => ({ name: k, value: v })) } }, status: { phase: 'Pending' } };
    state.extra.unshift(wf);
    changed(wf);
    json(res, 201, { workflow: wf });
    return;
  }
  m = /^\/api\/cronworkflows\/([^/]+)\/([^/]+)\/(suspend|resume|next)$/.exec(path);
  if (m) {
    if (m[3] === 'next') {
      const count = Number(q.get('count') || 5);
      const first = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
      json(res, 200, { times: Array.from({ length: count }, (_, i) => fx.iso(first + i * 3_600_000)) });
      return;
    }
    if (viewer) {
      status(res, 403, 'Forbidden', `cronworkflows.weft.dev "${m[2]}" is forbidden: User "viewer" cannot patch resource "cronworkflows" in API group "weft.dev" in the namespace "${m[1]}"`);
      return;
    }
    state.cronSuspended = m[3] === 'suspend';
    json(res, 200, { cronWorkflow: fx.cronWorkflows(start, state.cronSuspended)[0] });
    return;
  }
  m = /^\/api\/artifacts\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (m) {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${m[4]}"` });
    res.end(`artifact ${m[4]} of node ${m[3]} of ${m[1]}/${m[2]}\n`);
    return;
  }
  status(res, 404, 'NotFound', `no such endpoint: ${req.method} ${path}`);
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

async function asset(res, file) {
  try {
    const data = await readFile(join(dist, normalize('/' + file)));
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    res.end(data);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname.startsWith('/api/')) {
    api(req, res, url).catch((e) => status(res, 500, 'InternalError', String(e)));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    void asset(res, url.pathname.slice('/assets/'.length));
    return;
  }
  void asset(res, 'index.html');
});
server.listen(port, '127.0.0.1', () => {
  console.log(`mock weft ui on http://127.0.0.1:${port}/ (auth ${authMode}${viewer ? ', viewer' : ''})`);
});
