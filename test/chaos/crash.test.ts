// Crash anywhere: dextre is killed with SIGKILL right after its k-th journal write (the ConfigMap write has
// landed; dextre never hears the answer), then `roll nodes` runs again against the same served cluster, whose
// state outlived the killed process. The rerun takes the dead holder's lock at once (same host, pid gone),
// resumes the journal and must end succeeded with the invariants: no PDB violated, no pod lost, no instance
// terminated twice, every group back at its size with its processes as before, no mark of dextre left.
// `npm run test:chaos` runs a sample of the checkpoints (every 7th, the first and last, and a few drawn with
// DEXTRE_CHAOS_SEED); `npm run test:chaos:full` (DEXTRE_CHAOS=full) runs every one.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RollResult } from '../../src/core/result.js';
import type { StatusView } from '../../src/core/status/view.js';
import { seededRandom } from '../../src/sim/serve/aws/faults.js';
import type { ServedWrite } from '../../src/sim/serve/kube/router.js';
import { serveSimulation, type RunningSim } from '../../src/sim/serve/server.js';
import { assertBuilt, cliAsync, fixture, json } from '../commands/cli.js';
import { scratchDir } from '../support/scratch.js';
import { awsEnv, expectCleanCluster, expectGroupsRestored, expectNoInstanceTerminatedTwice, groups, journal, lockHolder, simReport } from '../support/served.js';

const FULL = process.env['DEXTRE_CHAOS'] === 'full';
const SEED = Number(process.env['DEXTRE_CHAOS_SEED'] ?? 5);
/** Real seconds per virtual second of the served world: fast, yet with boots and drains that take many requests. */
const SPEED = 100;

let sim: RunningSim | undefined;
/** Hears the served cluster's writes; each case sets its own. */
let onWrite: (w: ServedWrite) => void = () => undefined;

beforeAll(() => assertBuilt());
afterEach(async () => {
  onWrite = () => undefined;
  await sim?.close();
  sim = undefined;
});

async function serve(): Promise<RunningSim> {
  const kubeconfig = join(scratchDir('dextre-chaos-crash-'), 'kubeconfig');
  sim = await serveSimulation({ fixture: fixture('chaos.yaml'), name: 'lab', port: 0, speed: SPEED, kubeconfig, cloud: 'aws', awsThrottleRate: 0, awsErrorRate: 0, afterKubeWrite: (w) => onWrite(w) });
  return sim;
}

function roll(s: RunningSim): string[] {
  return ['roll', 'nodes', '--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--yes', '--json', '--no-rebalance'];
}

/** A write of the roll journal that landed: a checkpoint. */
function isJournalWrite(w: ServedWrite): boolean {
  return w.resource === 'configmaps' && w.namespace === 'kube-system' && w.name === 'dextre-journal' && w.code < 300;
}

/** The reference roll, not killed: how many checkpoints it has. */
async function countCheckpoints(): Promise<number> {
  const s = await serve();
  let writes = 0;
  onWrite = (w) => void (isJournalWrite(w) && writes++);
  const run = await cliAsync(roll(s), undefined, awsEnv(s), 240_000);
  expect(json<RollResult>(run).outcome, run.stderr).toBe('succeeded');
  await sim?.close();
  sim = undefined;
  return writes;
}

/** Every 7th checkpoint from the first, the last, and three drawn with the seed: a sample that moves with the seed. */
function sample(n: number): number[] {
  const random = seededRandom(SEED);
  const picked = new Set<number>([n]);
  for (let k = 1; k <= n; k += 7) picked.add(k);
  for (let i = 0; i < 3; i++) picked.add(1 + Math.floor(random() * n));
  return [...picked].sort((a, b) => a - b);
}

describe(`crash anywhere: SIGKILL after journal write k, then roll nodes again (${FULL ? 'every checkpoint' : `sampled, seed ${SEED}`})`, async () => {
  assertBuilt();
  const checkpoints = await countCheckpoints();
  const ks = FULL ? Array.from({ length: checkpoints }, (_, i) => i + 1) : sample(checkpoints);

  it('the reference roll has checkpoints to kill at', () => {
    // A roll of four nodes journals each transition: dozens of writes, not a handful.
    expect(checkpoints).toBeGreaterThan(20);
  });

  it.each(ks)(`killed right after journal write %i of ${checkpoints}: the rerun succeeds with the invariants`, async (k) => {
    const s = await serve();
    const before = groups(s);
    let pid: number | undefined;
    let writes = 0;
    let killed = false;
    onWrite = (w) => {
      if (killed || !isJournalWrite(w) || ++writes !== k || pid === undefined) return;
      // Before the answer is sent: the write has landed, dextre dies without hearing of it.
      process.kill(pid, 'SIGKILL');
      killed = true;
    };
    const first = await cliAsync(roll(s), undefined, awsEnv(s), 240_000, (p) => (pid = p));
    // The count of writes may differ a little from the reference's (timing of boots and evictions): a run that ended
    // before write k was not killed, and says so.
    expect(killed, `the roll ended (exit ${first.status}) after ${writes} journal writes, before write ${k}`).toBe(true);
    expect(first.status).toBeNull();

    const holder = await lockHolder(s);
    const left = await journal(s);
    const finished = left === undefined || left.outcome === 'succeeded';
    // Between the kill and the rerun, `dextre status` explains the unfinished roll: where it stopped, node by node.
    if (!finished && holder !== undefined) {
      const run = await cliAsync(['status', '--cluster', 'lab', '--kubeconfig', s.info.kubeconfig, '--json'], undefined, awsEnv(s), 60_000);
      expect(run.status, run.stderr).toBe(0);
      const seen = json<StatusView>(run);
      expect(seen.state).toBe('stopped-unfinished');
      expect(seen.phase).toBe(left.phase);
      expect(seen.nodes.map((n) => [n.name, n.status])).toEqual(left.nodeOrder.map((name) => [name, left.nodes[name]?.status]));
    }
    const second = await cliAsync(roll(s), undefined, awsEnv(s), 240_000);
    const result = json<RollResult>(second);
    expect(second.status, second.stderr).toBe(0);
    // Killed after the roll journaled its end (or its journal was removed): the rerun has nothing left to do.
    expect(result.outcome, second.stderr).toBe(finished ? 'nothing-to-do' : 'succeeded');
    if (holder !== undefined) expect(holder).toBe(`${hostname()}/${pid}`);
    // A rerun with nothing to do reports no notes (the lock it freed is checked below, with the cluster).
    if (holder !== undefined && !finished) {
      expect(result.warnings.some((w) => w.includes(`Took over the lock`) && w.includes(holder) && w.includes('no longer exists')), result.warnings.join('\n')).toBe(true);
    }
    expect(await simReport(s)).toMatchObject({ pdbViolations: 0, lostPods: 0, outdatedNodesRemaining: 0 });
    expectNoInstanceTerminatedTwice(s);
    expectGroupsRestored(s, before, result.warnings);
    await expectCleanCluster(s);
    expect((await journal(s))?.outcome ?? 'removed').toMatch(/^(succeeded|removed)$/);
  });
});
