// Fixture resources for the mock server: a loops-maps-like steps workflow that
// runs for a few seconds, a DAG, a suspended workflow, a failed retry, a
// generated workflow of 10,001 nodes, thousands of small workflows for the
// list, templates and a cron workflow with its history.

const minute = 60_000;

/** iso is an RFC 3339 time, ms after base. */
export function iso(base, ms = 0) {
  return new Date(base + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function meta(namespace, name, base, labels = {}) {
  return { name, namespace, uid: `uid-${namespace}-${name}`, creationTimestamp: iso(base), labels };
}

function node(id, fields) {
  return { id, displayName: fields.name, phase: 'Succeeded', ...fields };
}

/** loopsMaps is the seed's loops-maps: a Steps node, one step group, four pods that end one after another. */
export function loopsMaps(base, now) {
  const name = 'loops-maps-x7k2p';
  const items = [
    ['weft.localhost/debian', '12'],
    ['weft.localhost/busybox', '1.35'],
    ['weft.localhost/python3', '3.11'],
    ['weft.localhost/debian', '12-slim'],
  ];
  const group = `${name}-1431551846`;
  const nodes = {};
  const pods = items.map(([image, tag], i) => {
    const id = `${name}-${2000 + i * 17}`;
    const end = base + 4000 * (i + 1);
    const done = now >= end;
    nodes[id] = node(id, {
      name: `${name}[0].test-linux(${i}:image:${image},tag:${tag})`,
      displayName: `test-linux(${i}:image:${image},tag:${tag})`,
      type: 'Pod',
      templateName: 'cat-os-release',
      templateScope: 'local/' + name,
      phase: done ? 'Succeeded' : 'Running',
      boundaryID: name,
      startedAt: iso(base, 500),
      finishedAt: done ? iso(end) : undefined,
      progress: done ? '1/1' : '0/1',
      inputs: { parameters: [{ name: 'image', value: image }, { name: 'tag', value: tag }] },
      outputs: done ? { exitCode: '0', artifacts: [{ name: 'main-logs', s3: { key: `${name}/${id}/main.log` } }] } : undefined,
      hostNodeName: 'weft-worker',
    });
    return id;
  });
  const allDone = pods.every((id) => nodes[id].phase === 'Succeeded');
  nodes[group] = node(group, { name: `${name}[0]`, displayName: '[0]', type: 'StepGroup', templateScope: 'local/' + name, phase: allDone ? 'Succeeded' : 'Running', boundaryID: name, startedAt: iso(base, 200), finishedAt: allDone ? iso(base, 16000) : undefined, children: pods });
  nodes[name] = node(name, { name, displayName: name, type: 'Steps', templateName: 'loop-map-example', templateScope: 'local/' + name, phase: allDone ? 'Succeeded' : 'Running', startedAt: iso(base), finishedAt: allDone ? iso(base, 16100) : undefined, children: [group], outboundNodes: pods, progress: `${pods.filter((id) => nodes[id].phase === 'Succeeded').length}/4` });
  return workflow('default', name, base, { entrypoint: 'loop-map-example' }, {
    phase: allDone ? 'Succeeded' : 'Running',
    startedAt: iso(base),
    finishedAt: allDone ? iso(base, 16100) : undefined,
    progress: nodes[name].progress,
    nodes,
  });
}

function workflow(namespace, name, base, spec, status, labels = {}) {
  return { apiVersion: 'weft.dev/v1alpha1', kind: 'Workflow', metadata: meta(namespace, name, base, { 'weft.dev/completed': String(status.phase !== 'Running'), ...labels }), spec: { templates: [], ...spec }, status };
}

/** dagDiamond is a finished DAG of four tasks: A, then B and C, then D. */
export function dagDiamond(base) {
  const name = 'dag-diamond-4mz8q';
  const id = (t) => `${name}-${t.charCodeAt(0) * 7919}`;
  const task = (t, children, phase = 'Succeeded', at = 0) => node(id(t), { name: `${name}.${t}`, displayName: t, type: 'Pod', templateName: 'echo', phase, boundaryID: name, startedAt: iso(base, at), finishedAt: iso(base, at + 5000), children: children.map(id), inputs: { parameters: [{ name: 'message', value: t }] }, outputs: { exitCode: '0', parameters: [{ name: 'result', value: `echo ${t}` }] } });
  const nodes = {
    [id('A')]: task('A', ['B', 'C']),
    [id('B')]: task('B', ['D'], 'Succeeded', 6000),
    [id('C')]: task('C', ['D'], 'Succeeded', 6000),
    [id('D')]: task('D', [], 'Succeeded', 12000),
    [name]: node(name, { name, type: 'DAG', templateName: 'diamond', phase: 'Succeeded', startedAt: iso(base), finishedAt: iso(base, 17000), children: [id('A')], outboundNodes: [id('D')] }),
  };
  return workflow('default', name, base, { entrypoint: 'diamond' }, { phase: 'Succeeded', startedAt: iso(base), finishedAt: iso(base, 17000), progress: '4/4', nodes });
}

/** suspended is a steps workflow waiting at a suspend step named approve. */
export function suspendedWorkflow(base, resumed) {
  const name = 'approval-9qv4t';
  const g0 = `${name}-100`;
  const build = `${name}-101`;
  const g1 = `${name}-102`;
  const approve = `${name}-103`;
  const nodes = {
    [name]: node(name, { name, type: 'Steps', templateName: 'main', phase: resumed ? 'Succeeded' : 'Running', startedAt: iso(base), finishedAt: resumed ? iso(base, 30000) : undefined, children: [g0], outboundNodes: [approve] }),
    [g0]: node(g0, { name: `${name}[0]`, displayName: '[0]', type: 'StepGroup', boundaryID: name, startedAt: iso(base), children: [build] }),
    [build]: node(build, { name: `${name}[0].build`, displayName: 'build', type: 'Pod', templateName: 'build', boundaryID: name, startedAt: iso(base), finishedAt: iso(base, 8000), children: [g1] }),
    [g1]: node(g1, { name: `${name}[1]`, displayName: '[1]', type: 'StepGroup', boundaryID: name, phase: resumed ? 'Succeeded' : 'Running', startedAt: iso(base, 8000), children: [approve] }),
    [approve]: node(approve, { name: `${name}[1].approve`, displayName: 'approve', type: 'Suspend', templateName: 'approve', boundaryID: name, phase: resumed ? 'Succeeded' : 'Running', startedAt: iso(base, 8000), finishedAt: resumed ? iso(base, 30000) : undefined }),
  };
  return workflow('default', name, base, { entrypoint: 'main' }, { phase: resumed ? 'Succeeded' : 'Running', startedAt: iso(base), finishedAt: resumed ? iso(base, 30000) : undefined, progress: '1/1', nodes });
}

/** retried is a failed workflow whose one step was retried twice. */
export function retriedWorkflow(base) {
  const name = 'flaky-retry-2bd9c';
  const a0 = `${name}-501`;
  const a1 = `${name}-502`;
  const a2 = `${name}-503`;
  const attempt = (id, i) => node(id, { name: `${name}(${i})`, displayName: `${name}(${i})`, type: 'Pod', templateName: 'flaky', phase: 'Failed', message: 'Error (exit code 1)', boundaryID: '', startedAt: iso(base, i * 10000), finishedAt: iso(base, i * 10000 + 4000), outputs: { exitCode: '1' } });
  const nodes = {
    [name]: node(name, { name, type: 'Retry', templateName: 'flaky', phase: 'Failed', message: 'No more retries left', startedAt: iso(base), finishedAt: iso(base, 24000), children: [a0, a1, a2] }),
    [a0]: attempt(a0, 0),
    [a1]: attempt(a1, 1),
    [a2]: attempt(a2, 2),
  };
  return workflow('default', name, base, { entrypoint: 'flaky' }, { phase: 'Failed', message: 'No more retries left', startedAt: iso(base), finishedAt: iso(base, 24000), progress: '0/3', nodes });
}

/** big is a DAG of 100 loop tasks in 10 lanes, each task fanning out 99 items: 10,001 nodes. */
export function bigWorkflow(base, lanes = 10, depth = 10, items = 99) {
  const name = 'big-fanout-10k';
  const nodes = {};
  const groupId = (lane, level) => `${name}-g${lane}-${level}`;
  const podId = (lane, level, i) => `${name}-p${lane}-${level}-${i}`;
  const roots = [];
  let finishedCount = 0;
  for (let lane = 0; lane < lanes; lane++) {
    for (let level = 0; level < depth; level++) {
      const task = `lane${lane}-step${level}`;
      const gid = groupId(lane, level);
      const pods = [];
      for (let i = 0; i < items; i++) {
        const id = podId(lane, level, i);
        const phase = level < 6 ? 'Succeeded' : level === 6 ? (i % 7 === 3 && lane === 2 ? 'Failed' : i % 3 === 0 ? 'Running' : 'Succeeded') : 'Pending';
        if (phase === 'Succeeded') {
          finishedCount++;
        }
        nodes[id] = node(id, {
          name: `${name}.${task}(${i}:${i})`,
          displayName: `${task}(${i}:${i})`,
          type: 'Pod',
          templateName: 'work',
          phase,
          boundaryID: name,
          startedAt: iso(base, level * 60000 + i),
          finishedAt: phase === 'Succeeded' ? iso(base, level * 60000 + 30000 + i) : undefined,
          children: level + 1 < depth ? [groupId(lane, level + 1)] : [],
          inputs: { parameters: [{ name: 'item', value: String(i) }] },
        });
        pods.push(id);
      }
      const phase = level < 6 ? 'Succeeded' : level === 6 ? 'Running' : 'Pending';
      nodes[gid] = node(gid, { name: `${name}.${task}`, displayName: task, type: 'TaskGroup', templateName: 'work', phase, boundaryID: name, startedAt: iso(base, level * 60000), children: pods });
      if (level === 0) {
        roots.push(gid);
      }
    }
  }
  const outbound = [];
  for (let lane = 0; lane < lanes; lane++) {
    for (let i = 0; i < items; i++) {
      outbound.push(podId(lane, depth - 1, i));
    }
  }
  nodes[name] = node(name, { name, type: 'DAG', templateName: 'main', phase: 'Running', startedAt: iso(base), children: roots, outboundNodes: outbound });
  const total = lanes * depth * items;
  return workflow('team-a', name, base, { entrypoint: 'main' }, { phase: 'Running', startedAt: iso(base), progress: `${finishedCount}/${total}`, nodes });
}

/** manyWorkflows are count small workflows in namespace load, for the list. */
export function manyWorkflows(base, count) {
  const phases = ['Succeeded', 'Succeeded', 'Succeeded', 'Failed', 'Running', 'Error'];
  const out = [];
  for (let i = 0; i < count; i++) {
    const phase = phases[i % phases.length];
    const started = base - (count - i) * minute;
    out.push(
      workflow('load', `batch-${String(i).padStart(5, '0')}`, started, { entrypoint: 'main' }, {
        phase,
        startedAt: iso(started),
        finishedAt: phase === 'Running' ? undefined : iso(started, 40000 + (i % 50) * 1000),
        progress: phase === 'Running' ? '1/3' : '3/3',
      }, { team: i % 2 ? 'blue' : 'green' }),
    );
  }
  return out;
}

/** cronHistory is what the cron hourly-report started. */
export function cronHistory(base) {
  return [3, 2, 1].map((h) => {
    const started = base - h * 60 * minute;
    return workflow('default', `hourly-report-${1700000000 + h}`, started, { entrypoint: 'report' }, { phase: h === 2 ? 'Failed' : 'Succeeded', startedAt: iso(started), finishedAt: iso(started, 50000), progress: '1/1' }, { 'weft.dev/cron-workflow': 'hourly-report' });
  });
}

/** templates are the WorkflowTemplates of namespace default. */
export function templates(base) {
  return [
    {
      apiVersion: 'weft.dev/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: meta('default', 'hello-params', base),
      spec: {
        entrypoint: 'say',
        arguments: {
          parameters: [
            { name: 'message', value: 'hello world', description: 'What to print.' },
            { name: 'level', value: 'info', enum: ['info', 'warn', 'error'], description: 'Log level of the line.' },
            { name: 'count', description: 'How many times; no default.' },
          ],
        },
        templates: [{ name: 'say', container: { image: 'weft.localhost/busybox:1.35', command: ['echo', '{{workflow.parameters.message}}'] } }],
      },
    },
    { apiVersion: 'weft.dev/v1alpha1', kind: 'WorkflowTemplate', metadata: meta('default', 'nightly-etl', base), spec: { entrypoint: 'etl', templates: [{ name: 'etl', steps: [] }] } },
  ];
}

/** clusterTemplates are the ClusterWorkflowTemplates. */
export function clusterTemplates(base) {
  return [
    {
      apiVersion: 'weft.dev/v1alpha1',
      kind: 'ClusterWorkflowTemplate',
      metadata: { ...meta(undefined, 'cluster-hello', base), namespace: undefined },
      spec: { entrypoint: 'hello', arguments: { parameters: [{ name: 'who', value: 'world' }] }, templates: [{ name: 'hello', container: { image: 'weft.localhost/busybox:1.35' } }] },
    },
  ];
}

/** cronWorkflows are the CronWorkflows of namespace default. */
export function cronWorkflows(base, suspended) {
  return [
    {
      apiVersion: 'weft.dev/v1alpha1',
      kind: 'CronWorkflow',
      metadata: meta('default', 'hourly-report', base - 24 * 60 * minute),
      spec: { schedule: '0 * * * *', timezone: 'Europe/Paris', concurrencyPolicy: 'Forbid', suspend: suspended, workflowSpec: { entrypoint: 'report', templates: [{ name: 'report', container: { image: 'weft.localhost/busybox:1.35' } }] } },
      status: { lastScheduledTime: iso(base - 60 * minute), active: [], succeeded: 2, failed: 1 },
    },
  ];
}
