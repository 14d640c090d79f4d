// `dextre status`: where the roll of a cluster is, read from its journal and lock without touching either.
import { Flags } from '@oclif/core';
import { DextreError } from '../src/core/errors.js';
import type { StatusView } from '../src/core/status/view.js';
import { SystemClock } from '../src/clock/system.js';
import { outputFlags, targetFlags, targetRequestFrom } from '../src/config/flags.js';
import { checkTargetNamed, openTarget, resolveTargetRequest, type ResolvedTarget } from '../src/config/target.js';
import { readStatus, type StatusSources } from '../src/engine/status.js';
import { DextreCommand } from '../src/ui/base-command.js';
import { exitCodeHelp } from '../src/ui/exit-codes.js';
import { formatStatus } from '../src/ui/format-status.js';

export default class Status extends DextreCommand {
  static override summary = 'Show where the roll of a cluster is: phase, lock holder, per-group and per-node progress, waits, blockers, time left.';

  static override description = [
    'Reads the roll journal (the ConfigMap kube-system/dextre-journal, or --journal FILE) and the lock (the Lease ' +
      'kube-system/dextre-lock) without taking the lock or writing anything, and shows: the roll id, phase and outcome ' +
      '(running, stopped-unfinished, succeeded, failed, interrupted or aborted), who holds the lock and when it was last ' +
      'renewed (stale once past its TTL: its dextre died), each group\'s progress and size now against its original size, ' +
      'each old node\'s status and replacement, what the roll waits on and since when, blockers (with their ' +
      'PodDisruptionBudgets), warnings, and an estimate of the time left from the rate of nodes done so far.',
    'A roll stopped unfinished is resumed by running the same `dextre roll nodes` again, or stopped for good with `dextre abort`. ' +
      'With no journal, status says so and exits 0; a journal dextre cannot read exits 2.',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Where is the roll of prod?', command: '<%= config.bin %> <%= command.id %> --cluster prod' },
    { description: 'The same as one JSON document (keys documented in the README).', command: '<%= config.bin %> <%= command.id %> --cluster prod --json' },
    { description: 'A roll journaled to a local file.', command: '<%= config.bin %> <%= command.id %> --cluster prod --journal roll.json' },
  ];

  static override flags = {
    cluster: targetFlags.cluster,
    config: targetFlags.config,
    kubeconfig: targetFlags.kubeconfig,
    context: targetFlags.context,
    sim: targetFlags.sim,
    journal: Flags.string({
      summary: 'Read the roll journal from this file (the --journal the roll was given) instead of the ConfigMap kube-system/dextre-journal.',
      helpValue: 'FILE',
    }),
    debug: outputFlags.debug,
  };

  async run(): Promise<StatusView> {
    const { flags } = await this.parse(Status);
    const request = targetRequestFrom(flags, process.cwd());
    checkTargetNamed(request);
    const sources = await openSources(resolveTargetRequest(request));
    const view = await readStatus(sources);
    if (!this.jsonEnabled()) process.stdout.write(`${formatStatus(view)}\n`);
    return view;
  }
}

/** The journal and the lock only: status never needs AWS. */
async function openSources(resolved: ResolvedTarget): Promise<StatusSources> {
  const clock = new SystemClock();
  if (resolved.kind === 'simulator') {
    if (resolved.journalPath === undefined) {
      throw new DextreError(
        'USAGE',
        'An in-process simulator keeps its roll in the memory of the dextre that rolls it, so there is no journal to read. ' +
          'Pass --journal FILE (the file that roll journaled to), or serve a simulated cluster with `dextre sim serve` and pass --cluster with its name.',
      );
    }
    const target = await openTarget(resolved);
    return { clusterName: target.clusterName, journal: target.journal, clock };
  }
  const { openClusterRecords } = await import('../src/config/open-cluster.js');
  return { ...(await openClusterRecords(resolved)), clock };
}
