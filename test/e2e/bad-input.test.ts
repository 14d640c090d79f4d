// The bad-input table: each case runs the built CLI against a served simulated cluster (`sim serve`, so
// that "changes nothing" is checked on a cluster that outlives the process) and must end with one clear
// paragraph on stderr naming the fix (no stack trace, only flags and commands that exist), the documented
// exit code, and not one change to the cluster: no port call that writes, no journal, no lock.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../../src/kube/client/kubeconfig.js';
import { LeaseLock } from '../../src/kube/client/lease.js';
import { DEMO_FIXTURE } from '../../src/sim/index.js';
import { serveSimulation, type RunningSim } from '../../src/sim/serve/server.js';
import { assertBuilt, cliAsync, fixture } from '../commands/cli.js';
import { expectKnownFlagsAndCommands } from '../support/known-flags.js';
import { scratchDir } from '../support/scratch.js';

let s: RunningSim;
let dir: string;
let denyingAws: { server: Server; url: string };

beforeAll(async () => {
  assertBuilt();
  dir = scratchDir('dextre-bad-input-');
  s = await serveSimulation({ fixture: DEMO_FIXTURE, name: 'lab', port: 0, speed: 1, kubeconfig: join(dir, 'kubeconfig'), cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0 });
  denyingAws = await accessDeniedAws();
}, 60_000);
afterAll(async () => {
  await s.close();
  denyingAws.server.close();
});

function env(aws = s.info.aws ?? ''): NodeJS.ProcessEnv {
  return { AWS_ENDPOINT_URL: aws, AWS_REGION: s.info.region, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', HOME: dir };
}

/** A file in the scratch directory with this content; its path. */
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function put(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${s.info.kubernetes}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, await response.text()).toBe(201);
}

async function remove(path: string): Promise<void> {
  await fetch(`${s.info.kubernetes}${path}`, { method: 'DELETE' });
}

const JOURNAL = '/api/v1/namespaces/kube-system/configmaps/dextre-journal';
const CONFIGMAPS = '/api/v1/namespaces/kube-system/configmaps';

function journalWith(text: string) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dextre-journal', namespace: 'kube-system' }, data: { 'state.json': text } };
}

interface Case {
  name: string;
  args: () => string[];
  exit: number;
  /** What the paragraph must say (the fix, the thing named). */
  says: RegExp[];
  /** Puts the cluster in the case's state; returns how to undo it. */
  setup?: () => Promise<() => Promise<void>>;
  env?: () => NodeJS.ProcessEnv;
  /** The paragraph names the unknown flag it was given (so not every flag it names exists). */
  namesUnknownFlag?: boolean;
}

const lab = () => ['--cluster', 'lab', '--kubeconfig', s.info.kubeconfig];

/** A window that is closed now (a real cluster's clock is the real one): one minute, three days from today (UTC). */
function closedWindow(): string {
  const day = new Date(Date.now() + 3 * 86_400_000).toUTCString().slice(0, 3);
  return `${day} 12:00-12:01`;
}

const CASES: Case[] = [
  { name: 'no cluster named', args: () => ['roll', 'nodes', '--yes'], exit: 2, says: [/--cluster/] },
  { name: 'an unknown flag', args: () => ['roll', 'nodes', ...lab(), '--yes', '--bogus'], exit: 2, says: [/--bogus/], namesUnknownFlag: true },
  { name: '--surge negative', args: () => ['roll', 'nodes', ...lab(), '--yes', '--surge', '-1'], exit: 2, says: [/--surge/] },
  { name: '--surge above 100%', args: () => ['roll', 'nodes', ...lab(), '--yes', '--surge', '120%'], exit: 2, says: [/--surge/] },
  { name: '--max-unavailable not a number', args: () => ['roll', 'nodes', ...lab(), '--yes', '--max-unavailable', 'two'], exit: 2, says: [/--max-unavailable/] },
  { name: '--surge 0 with --max-unavailable 0', args: () => ['roll', 'nodes', ...lab(), '--yes', '--surge', '0', '--max-unavailable', '0'], exit: 2, says: [/--surge 1/, /--max-unavailable 1/] },
  { name: '--max-age unparseable', args: () => ['roll', 'nodes', ...lab(), '--yes', '--max-age', '30 days'], exit: 2, says: [/--max-age/] },
  { name: '--drain-timeout unparseable', args: () => ['roll', 'nodes', ...lab(), '--yes', '--drain-timeout', 'soon'], exit: 2, says: [/--drain-timeout/] },
  { name: '--speed unparseable', args: () => ['roll', 'nodes', '--cluster', 'demo', '--yes', '--speed', 'fast'], exit: 2, says: [/--speed/] },
  { name: 'a malformed label selector', args: () => ['roll', 'nodes', ...lab(), '--yes', '-l', 'zone in (a'], exit: 2, says: [/selector/] },
  { name: '--cluster and --sim together', args: () => ['plan', '--cluster', 'lab', '--sim', fixture('demo.yaml')], exit: 2, says: [/--sim/] },
  { name: 'no --yes without a terminal', args: () => ['roll', 'nodes', ...lab()], exit: 2, says: [/--yes/] },
  { name: 'a config file that does not exist', args: () => ['plan', '--cluster', 'lab', '--config', join(dir, 'nope.yaml')], exit: 2, says: [/nope\.yaml/] },
  { name: 'a config file that is not YAML', args: () => ['plan', '--cluster', 'lab', '--config', file('broken.yaml', 'clusters: [lab\n')], exit: 2, says: [/broken\.yaml/] },
  { name: 'a config file with a bad surge', args: () => ['plan', '--cluster', 'lab', '--config', file('surge.yaml', `clusters:\n  lab:\n    kubeconfig: ${s.info.kubeconfig}\n    roll: { surge: lots }\n`)], exit: 2, says: [/surge/] },
  { name: 'a kubeconfig that does not exist', args: () => ['plan', '--cluster', 'lab', '--kubeconfig', join(dir, 'no-kubeconfig')], exit: 2, says: [/no-kubeconfig/] },
  { name: 'a kubeconfig that is not YAML', args: () => ['plan', '--cluster', 'lab', '--kubeconfig', file('bad-kubeconfig', 'clusters: [\n')], exit: 2, says: [/bad-kubeconfig/] },
  { name: 'an unknown cluster (no such context)', args: () => ['plan', '--cluster', 'prod', '--kubeconfig', s.info.kubeconfig], exit: 2, says: [/prod/, /lab/] },
  { name: 'an unknown context', args: () => ['plan', ...lab(), '--context', 'staging'], exit: 2, says: [/staging/] },
  { name: 'a cluster without Auto Scaling groups', args: () => ['plan', '--cluster', 'elsewhere', '--context', 'lab', '--kubeconfig', s.info.kubeconfig], exit: 2, says: [/kubernetes\.io\/cluster\/elsewhere/] },
  { name: 'an unknown group', args: () => ['roll', 'nodes', ...lab(), '--yes', '--group', 'nope'], exit: 2, says: [/nope/] },
  { name: 'an unknown node', args: () => ['roll', 'nodes', ...lab(), '--yes', '--node', 'ip-10-9-9-9'], exit: 2, says: [/ip-10-9-9-9/] },
  { name: 'drain: an unknown node', args: () => ['drain', 'ip-10-9-9-9', ...lab()], exit: 2, says: [/ip-10-9-9-9/] },
  { name: 'drain: --grace-period not a number', args: () => ['drain', 'x', ...lab(), '--grace-period', 'soon'], exit: 2, says: [/--grace-period/] },
  { name: 'rebalance: --utilisation-threshold above 100%', args: () => ['rebalance', ...lab(), '--yes', '--utilisation-threshold', '150%'], exit: 2, says: [/--utilisation-threshold/] },
  { name: 'abort on the in-process simulator', args: () => ['abort', '--cluster', 'demo'], exit: 2, says: [/sim serve/] },
  { name: '--window that does not parse', args: () => ['roll', 'nodes', ...lab(), '--yes', '--window', 'Sat 2am-6am'], exit: 2, says: [/"2am" is not a time of day/, /Sat 02:00-06:00 Europe\/Berlin/] },
  { name: '--window with an unknown time zone', args: () => ['roll', 'nodes', ...lab(), '--yes', '--window', 'Sat 02:00-06:00 Europe/Paris-ish'], exit: 2, says: [/"Europe\/Paris-ish" is not a time zone/] },
  { name: 'outside the --window', args: () => ['roll', 'nodes', ...lab(), '--yes', '--window', closedWindow()], exit: 6, says: [/outside the maintenance window/, /next window opens/] },
  { name: 'abort: --wait unparseable', args: () => ['abort', ...lab(), '--wait', 'a while'], exit: 2, says: [/--wait/] },
  {
    name: 'AccessDenied from AWS',
    args: () => ['roll', 'nodes', ...lab(), '--yes'],
    env: () => env(denyingAws.url),
    exit: 1,
    says: [/autoscaling:DescribeAutoScalingGroups/],
  },
  {
    name: 'a journal that is not JSON',
    args: () => ['roll', 'nodes', ...lab(), '--yes'],
    setup: async () => {
      await put(CONFIGMAPS, journalWith('{not json'));
      return () => remove(JOURNAL);
    },
    exit: 2,
    says: [/dextre-journal/, /kubectl -n kube-system delete configmap dextre-journal/],
  },
  {
    name: 'a journal of an unknown schema',
    args: () => ['roll', 'nodes', ...lab(), '--yes'],
    setup: async () => {
      await put(CONFIGMAPS, journalWith(JSON.stringify({ schema: 99, state: {} })));
      return () => remove(JOURNAL);
    },
    exit: 2,
    says: [/schema 99/],
  },
  {
    name: 'another dextre holds the lock',
    args: () => ['roll', 'nodes', ...lab(), '--yes'],
    setup: async () => {
      const { kc } = await loadKubeConfig({ kubeconfig: s.info.kubeconfig, context: 'lab' });
      const lock = new LeaseLock(kc);
      await lock.acquire({ holder: 'ci-runner-7/4242', ttlSeconds: 600 });
      return () => lock.release();
    },
    exit: 5,
    says: [/ci-runner-7\/4242/, /dextre abort/],
  },
];

/** Writes through the APIs (the world's own activities are capitalised); dextre's writes are what must not happen. */
function writes(): number {
  return s.ctx.world.actions.filter((a) => /^[a-z]/.test(a.verb)).length;
}

describe('bad input: one clear paragraph, the documented exit code, nothing changed', () => {
  it('has at least 25 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const undo = await c.setup?.();
    try {
      const before = writes();
      const journalBefore = await (await fetch(`${s.info.kubernetes}${JOURNAL}`)).text();
      const run = await cliAsync(c.args(), undefined, c.env?.() ?? env(), 60_000);
      expect(run.status, run.stderr).toBe(c.exit);
      expect(run.stderr).toMatch(/^Error: /);
      expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      if (c.namesUnknownFlag !== true) expectKnownFlagsAndCommands(run.stderr);
      for (const pattern of c.says) expect(run.stderr).toMatch(pattern);
      expect(writes()).toBe(before);
      expect(await (await fetch(`${s.info.kubernetes}${JOURNAL}`)).text()).toBe(journalBefore);
    } finally {
      await undo?.();
    }
  }, 90_000);
});

/** An AWS endpoint that denies every action, as IAM answers a role without the permission. */
async function accessDeniedAws(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const action = /Action=([A-Za-z]+)/.exec(body)?.[1] ?? 'Unknown';
      res.writeHead(403, { 'Content-Type': 'text/xml' });
      res.end(
        `<ErrorResponse xmlns="https://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
          `<Message>User: arn:aws:sts::123456789012:assumed-role/dextre/ci is not authorized to perform: autoscaling:${action} because no identity-based policy allows the autoscaling:${action} action</Message>` +
          `</Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
