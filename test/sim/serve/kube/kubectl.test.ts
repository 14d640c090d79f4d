// The served Kubernetes API against the real kubectl: what it lists, cordon/uncordon, and drain — which
// exercises discovery, field selectors, DaemonSet lookups, the Eviction API with PDB refusals (kubectl
// retries a 429 every 5 s) and pod deletion — while a pump moves virtual time as `sim serve` does.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, eventually, KUBECTL, kubectl, serve, type Served } from './helpers.js';

const SKIP = KUBECTL === undefined;
const why = SKIP ? ' (skipped: kubectl is not on PATH)' : '';
let served: Served | undefined;

afterEach(async () => {
  await served?.close();
  served = undefined;
});

async function demo(): Promise<Served> {
  served = await serve({ fixture: 'demo' });
  return served;
}

/** A general-purpose node of the demo (no taint) and the pods on it. */
function generalNode(s: Served): string {
  const sn = [...s.ctx.world.nodes.values()].find((n) => n.node.labels['workload-class'] === 'general');
  if (!sn) throw new Error('the demo has no general node');
  return sn.node.name;
}

describe(`kubectl against the served API${why}`, () => {
  it.skipIf(SKIP)('get nodes lists every node, Ready, with its kubelet version', async () => {
    const s = await demo();
    const run = await kubectl(s, ['get', 'nodes', '--no-headers']);
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout.trim().split('\n').map((line) => line.split(/\s+/));
    expect(rows.map((r) => r[0])).toEqual([...s.ctx.world.nodes.keys()].sort());
    expect(rows.every((r) => r[1] === 'Ready' && r[2] === '<none>' && /^v1\.\d+\.\d+/.test(r[4] ?? ''))).toBe(true);
  });

  it.skipIf(SKIP)('get pods -A lists every pod with its namespace, readiness and status', async () => {
    const s = await demo();
    const run = await kubectl(s, ['get', 'pods', '-A', '--no-headers']);
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout.trim().split('\n').map((line) => line.split(/\s+/));
    expect(rows.map((r) => `${r[0]}/${r[1]}`).sort()).toEqual([...s.ctx.world.pods.keys()].sort());
    expect(rows.every((r) => r[2] === '1/1' && r[3] === 'Running' && r[4] === '0')).toBe(true);
  });

  it.skipIf(SKIP)('get nodes -o json returns the Node objects', async () => {
    const s = await demo();
    const run = await kubectl(s, ['get', 'nodes', '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const list = JSON.parse(run.stdout) as { kind: string; items: { kind: string; metadata: { name: string }; spec: { providerID: string }; status: { allocatable: { cpu: string } } }[] };
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(s.ctx.world.nodes.size);
    const first = list.items[0]!;
    const sn = s.ctx.world.nodes.get(first.metadata.name)!;
    expect(first).toMatchObject({ kind: 'Node', spec: { providerID: sn.node.providerId }, status: { allocatable: { cpu: `${sn.node.allocatable.cpu}m` } } });
  });

  it.skipIf(SKIP)('cordon and uncordon change spec.unschedulable; a second uncordon is "already uncordoned"', async () => {
    const s = await demo();
    const name = generalNode(s);
    const cordon = await kubectl(s, ['cordon', name]);
    expect(cordon.stdout).toContain(`node/${name} cordoned`);
    expect(s.ctx.world.nodes.get(name)?.node.unschedulable).toBe(true);
    const status = await kubectl(s, ['get', 'node', name, '--no-headers']);
    expect(status.stdout).toContain('Ready,SchedulingDisabled');
    expect((await kubectl(s, ['uncordon', name])).stdout).toContain(`node/${name} uncordoned`);
    expect(s.ctx.world.nodes.get(name)?.node.unschedulable).toBe(false);
    const again = await kubectl(s, ['uncordon', name]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`node/${name} already uncordoned`);
    // Through the in-process adapter: one patch each way, compared before it was sent.
    expect(s.ctx.world.actions.filter((a) => a.verb === 'patchNode').map((a) => a.detail)).toEqual(['{"unschedulable":true}', '{"unschedulable":false}']);
  });

  it.skipIf(SKIP)('drain without --ignore-daemonsets refuses, naming the DaemonSet pods and the flag', async () => {
    const s = await demo();
    const name = generalNode(s);
    const run = await kubectl(s, ['drain', name, '--timeout=30s']);
    expect(run.code).not.toBe(0);
    const daemonPods = [...s.ctx.world.podsOn(name)].filter((sp) => sp.pod.owner?.kind === 'DaemonSet').map((sp) => sp.key).sort();
    expect(daemonPods.length).toBeGreaterThan(0);
    expect(run.stderr).toContain('cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)');
    for (const key of daemonPods) expect(run.stderr).toContain(key);
    // Cordoned, and nothing evicted.
    expect(s.ctx.world.nodes.get(name)?.node.unschedulable).toBe(true);
    expect(s.ctx.world.actions.filter((a) => a.verb === 'evictPod')).toEqual([]);
  });

  it.skipIf(SKIP)('drain --ignore-daemonsets evicts every other pod of a demo node while time passes', async () => {
    const s = await demo();
    const name = generalNode(s);
    const movable = [...s.ctx.world.podsOn(name)].filter((sp) => sp.pod.owner?.kind !== 'DaemonSet').map((sp) => sp.key);
    expect(movable.length).toBeGreaterThan(0);
    const stop = s.pump(30);
    const run = await kubectl(s, ['drain', name, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=90s'], 120_000);
    stop();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`node/${name} drained`);
    const left = [...s.ctx.world.podsOn(name)].filter((sp) => sp.pod.owner?.kind !== 'DaemonSet');
    expect(left).toEqual([]);
    for (const key of movable) expect(run.stdout).toContain(`pod/${key.split('/')[1]} evicted`);
    expect(s.ctx.observer.report()).toMatchObject({ pdbViolations: 0, lostPods: 0 });
  }, 150_000);

  it.skipIf(SKIP)('a PDB-refused eviction is retried by kubectl until a replacement is Ready elsewhere', async () => {
    // Two nodes, three replicas under maxUnavailable 1: one node holds two of them. Draining it, the
    // first eviction is allowed and the second refused (429) until the first pod's replacement, on the
    // other node, is Ready — then kubectl's retry succeeds.
    served = await serve({
      cluster: {
        nodes: [1, 1, 0],
        workloads: ['{kind: Deployment, namespace: app, name: web, replicas: 3, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}, startupSeconds: 20, stopSeconds: 5}'],
        pdbs: ['{namespace: app, name: web, selector: {matchLabels: {app: web}}, maxUnavailable: 1}'],
      },
    });
    const s = served;
    const crowded = [...s.ctx.world.nodes.keys()].find((n) => [...s.ctx.world.podsOn(n)].length === 2);
    expect(crowded).toBeDefined();
    const stop = s.pump(10);
    const run = await kubectl(s, ['drain', crowded!, '--ignore-daemonsets', '--timeout=60s'], 90_000);
    stop();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/error when evicting pods\/"web-[a-z0-9-]+" -n "app" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
    expect(run.stdout).toContain(`node/${crowded!} drained`);
    const evictions = s.ctx.world.actions.filter((a) => a.verb === 'evictPod').map((a) => a.detail);
    expect(evictions.filter((d) => d === 'refused-by-pdb').length).toBeGreaterThanOrEqual(1);
    expect(evictions.filter((d) => d === 'evicted')).toHaveLength(2);
    expect(s.ctx.observer.report()).toMatchObject({ pdbViolations: 0, lostPods: 0 });
  }, 120_000);

  it.skipIf(SKIP)('apply creates, leaves unchanged and configures a ConfigMap and a DaemonSet (server-side validation)', async () => {
    const s = await demo();
    const file = join(s.dir, 'objects.yaml');
    const write = (value: string, image: string) =>
      writeFileSync(
        file,
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata: {name: settings, namespace: default}',
          `data: {value: "${value}"}`,
          '---',
          'apiVersion: apps/v1',
          'kind: DaemonSet',
          'metadata: {name: probe, namespace: kube-system, labels: {app: probe}}',
          'spec:',
          '  selector: {matchLabels: {app: probe}}',
          '  template:',
          '    metadata: {labels: {app: probe}}',
          '    spec:',
          '      tolerations: [{operator: Exists}]',
          `      containers: [{name: pause, image: "${image}", resources: {requests: {cpu: 10m, memory: 16Mi}}}]`,
          '',
        ].join('\n'),
      );
    write('1', 'registry.k8s.io/pause:3.10');
    const created = await kubectl(s, ['apply', '-f', file]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('configmap/settings created');
    expect(created.stdout).toContain('daemonset.apps/probe created');
    const again = await kubectl(s, ['apply', '-f', file]);
    expect(again.stdout).toContain('configmap/settings unchanged');
    expect(again.stdout).toContain('daemonset.apps/probe unchanged');
    expect(again.stderr).toBe('');
    write('2', 'registry.k8s.io/pause:3.9');
    const changed = await kubectl(s, ['apply', '-f', file]);
    expect(changed.stdout).toContain('configmap/settings configured');
    expect(changed.stdout).toContain('daemonset.apps/probe configured');
    expect(s.ctx.world.actions.filter((a) => a.verb === 'applyDaemonSet').map((a) => a.detail)).toEqual(['created', 'configured']);
    const value = await kubectl(s, ['get', 'configmap', 'settings', '-n', 'default', '-o', 'jsonpath={.data.value}']);
    expect(value.stdout).toBe('2');
  });

  it.skipIf(SKIP)('get -w prints the watch events of an eviction as table rows', async () => {
    served = await serve({ fixture: 'pdb-never' });
    const s = served;
    const web = [...s.ctx.world.pods.values()].find((sp) => sp.pod.labels['app'] === 'web')!;
    const child = spawn(KUBECTL ?? 'kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(s.dir, 'cache'), 'get', 'pods', '-n', 'app', '-w', '--output-watch-events'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      await eventually('the initial listing', () => out.includes(web.pod.name));
      await call(s, 'POST', `/api/v1/namespaces/app/pods/${web.pod.name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: web.pod.name } });
      s.advance(60);
      await eventually('the deletion to be printed', () => new RegExp(`DELETED\\s+${web.pod.name}`).test(out));
    } finally {
      child.kill();
    }
    expect(out).toMatch(new RegExp(`MODIFIED\\s+${web.pod.name}\\s+1/1\\s+Terminating`));
    expect(out).toMatch(/ADDED\s+web-[a-z0-9]+-[a-z0-9]+\s+0\/1\s+Pending/);
  });
});
