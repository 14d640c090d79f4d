// Fixture validation: every mistake is a FIXTURE error naming file:line:col, the path of the value, what
// is wrong and the fix; every fixture shipped in fixtures/clusters loads.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DextreError } from '../../src/core/errors.js';
import { DEMO_FIXTURE, loadFixture, loadSimulation, parseFixture } from '../../src/sim/index.js';
import { cpuMillicores, memoryMiB } from '../../src/kube/quantity.js';
import { clusterYaml, fixturePath } from './helpers.js';
import { dextreError } from '../support/errors.js';

const WEB = '{kind: Deployment, namespace: app, name: web, replicas: 2, images: ["web:1"], requests: {cpu: 100m, memory: 128Mi}}';

function errorOf(text: string): DextreError {
  return dextreError(() => parseFixture(text, 'bad.yaml'), 'FIXTURE');
}

/** 1-based line of the first line containing `marker`. */
function lineOf(text: string, marker: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(marker));
  if (index < 0) throw new Error(`marker ${marker} not in the text`);
  return index + 1;
}

describe('fixture errors', () => {
  it.each([
    { name: 'a YAML syntax error', edit: (t: string) => t.replace('region: eu-west-1', 'region: [eu-west-1'), marker: 'zones:', message: /bad\.yaml:\d+:\d+: .*Fix the YAML syntax there/ },
    { name: 'an unknown top-level key', edit: (t: string) => `${t}\nworkload: []`, marker: 'workload: []', message: /bad\.yaml:\d+:1: workload: unknown key "workload" \(did you mean "workloads"\?\)/ },
    { name: 'a misspelt workload key', edit: (t: string) => `${t}\nworkloads:\n  - ${WEB.replace('replicas:', 'replica:')}`, marker: 'replica:', message: /unknown key "replica" \(did you mean "replicas"\?\)/ },
    { name: 'an unknown zone', edit: (t: string) => t.replace('{zone: eu-west-1b,', '{zone: eu-west-9z,'), marker: 'eu-west-9z', message: /nodeGroups\[0\]\.instances\[1\]\.zone: zone "eu-west-9z" is not one of the group's zones/ },
    { name: 'an unknown image', edit: (t: string) => `${t}\nworkloads:\n  - ${WEB.replace('"web:1"', '"nginx:latest"')}`, marker: 'nginx:latest', message: /workloads\[0\]\.images\[0\]: unknown image "nginx:latest"; list it under images:/ },
    { name: 'an unknown launch template', edit: (t: string) => t.replace('{id: lt-0test, version: $Latest}', '{id: lt-0nope, version: $Latest}'), marker: 'lt-0nope', message: /unknown launch template "lt-0nope"; define it under launchTemplates:/ },
    { name: 'a launch template version that does not exist', edit: (t: string) => t.replace('version: $Latest}', 'version: 7}'), marker: 'version: 7}', message: /has no version "7"/ },
    { name: 'a negative CPU request', edit: (t: string) => `${t}\nworkloads:\n  - ${WEB.replace('cpu: 100m', 'cpu: -100m')}`, marker: '-100m', message: /requests\.cpu: not a Kubernetes quantity of 0 or more/ },
    { name: 'a negative count', edit: (t: string) => t.replace('launchTemplateVersion: 1, count: 1}', 'launchTemplateVersion: 1, count: -2}'), marker: 'count: -2', message: /instances\[0\]\.count: must be at least 0, found -2/ },
    { name: 'a number that is text', edit: (t: string) => t.replace('min: 0', 'min: three'), marker: 'min: three', message: /nodeGroups\[0\]\.min: expected a number, found the string "three"/ },
    { name: 'desired outside min and max', edit: (t: string) => t.replace('max: 20', 'max: 2'), marker: '- name: ng', message: /desired capacity 3 must be between min 0 and max 2 \(desired defaults to the number of instances listed\)/ },
    { name: 'a duplicate workload', edit: (t: string) => `${t}\nworkloads:\n  - ${WEB}\n  - ${WEB.replace('replicas: 2', 'replicas: 3')}`, marker: 'replicas: 3', message: /duplicate workload "Deployment app\/web"/ },
    { name: 'a budget with both forms', edit: (t: string) => `${t}\npdbs:\n  - {namespace: app, name: p, selector: {matchLabels: {app: web}}, minAvailable: 1, maxUnavailable: 1}`, marker: 'name: p,', message: /give exactly one of minAvailable or maxUnavailable/ },
    { name: 'a bad quantity', edit: (t: string) => `${t}\nworkloads:\n  - ${WEB.replace('cpu: 100m', 'cpu: 100x')}`, marker: '100x', message: /requests\.cpu: not a Kubernetes quantity of 0 or more; write CPU like "250m"/ },
    { name: 'a label value that is a number', edit: (t: string) => `${t}\nworkloads:\n  - ${WEB.replace('replicas: 2,', 'replicas: 2, labels: {tier: 1},')}`, marker: 'tier: 1', message: /labels\.tier: values are strings; quote it \("1"\)/ },
    { name: 'a duplicate key', edit: (t: string) => t.replace('region: eu-west-1', 'region: eu-west-1\nregion: eu-west-2'), marker: 'eu-west-2', message: /Map keys must be unique/ },
    { name: 'replicas on a DaemonSet', edit: (t: string) => `${t}\nworkloads:\n  - ${WEB.replace('Deployment', 'DaemonSet')}`, marker: 'DaemonSet', message: /a DaemonSet runs one pod per matching node; remove replicas/ },
    { name: 'a zone over capacity', edit: (t: string) => t.replace('{name: eu-west-1a}', '{name: eu-west-1a, capacity: 0}'), marker: '{zone: eu-west-1a', message: /instances\[0\]: zone eu-west-1a would hold 1 instances but its capacity is 0/ },
    { name: 'an unknown namespace', edit: (t: string) => `${t}\nworkloads:\n  - ${WEB.replace('namespace: app', 'namespace: shop')}`, marker: 'namespace: shop', message: /unknown namespace "shop"; list it under namespaces:/ },
  ])('$name names the place and the fix', ({ edit, marker, message }) => {
    const text = edit(clusterYaml());
    const error = errorOf(text);
    expect(error.code).toBe('FIXTURE');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^bad\\.yaml:${lineOf(text, marker)}:\\d+: `));
  });

  it('points at the column of the offending value', () => {
    const text = `${clusterYaml()}\nworkloads:\n  - ${WEB.replace('"web:1"', '"nginx:latest"')}`;
    const line = text.split('\n')[lineOf(text, 'nginx:latest') - 1]!;
    expect(errorOf(text).message).toMatch(new RegExp(`^bad\\.yaml:\\d+:${line.indexOf('"nginx:latest"') + 1}: `));
  });

  it('a missing file is a FIXTURE error naming the path', () => {
    expect(() => loadFixture('/nowhere/cluster.yaml')).toThrow(/^\/nowhere\/cluster\.yaml:1:1: cannot read the fixture/);
  });

  it('fills in the documented defaults', () => {
    const f = parseFixture(clusterYaml({ workloads: [WEB] }), 'ok.yaml');
    expect(f.startTime).toBe(1_767_225_600);
    expect(f.shutdownSeconds).toBe(30);
    expect(f.nodeGroups[0]!.desired).toBe(3);
    expect(f.workloads[0]!.template).toMatchObject({ labels: { app: 'web' }, startupSeconds: 10, stopSeconds: 5, gracePeriodSeconds: 30, requests: { cpu: 100, memory: 128 } });
    expect(f.clusterAutoscaler.enabled).toBe(false);
  });
});

describe('quantities', () => {
  it.each([
    ['250m', 250],
    ['1', 1000],
    ['1.5', 1500],
    [2, 2000],
    ['0.1', 100],
    ['100u', 1],
  ])('CPU %s is %i millicores', (text, millicores) => {
    expect(cpuMillicores(text)).toBe(millicores);
  });

  it.each([
    ['256Mi', 256],
    ['1Gi', 1024],
    ['512Ki', 0.5],
    ['1G', 1e9 / 2 ** 20],
    ['134217728', 128],
  ])('memory %s is %f MiB', (text, mib) => {
    expect(memoryMiB(text)).toBeCloseTo(mib, 9);
  });

  it.each(['', 'abc', '1.2.3', '5mi'])('"%s" is not a quantity', (text) => {
    expect(cpuMillicores(text)).toBeUndefined();
  });
});

describe('shipped fixtures', () => {
  const dir = dirname(fixturePath('demo'));
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s loads settled: everything placed and Ready', async (file) => {
    const sim = loadSimulation(`${dir}/${file}`);
    const pods = await sim.kube.listPods();
    expect(pods.every((p) => p.nodeName !== undefined && p.ready)).toBe(true);
    expect(sim.report().unreadyControllerPods).toBe(0);
    expect(await sim.clock.idle(Promise.resolve())).toBe(false);
  });

  it('DEMO_FIXTURE resolves to the demo cluster', () => {
    expect(DEMO_FIXTURE).toBe(fixturePath('demo'));
    expect(loadFixture(DEMO_FIXTURE).cluster).toBe('demo');
  });
});
