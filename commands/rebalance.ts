// `dextre rebalance`: move the fewest pods that bring every workload within its zone maxSkew and hot nodes
// below the threshold, through the Eviction API, cordoning where a replacement must not land.
import { Flags } from '@oclif/core';
import type { RebalanceResult } from '../src/core/rebalance/result.js';
import { logFormatFlags, logFormatOf, outputFlags, targetFlags } from '../src/config/flags.js';
import { rebalanceFlags, rebalanceRequestFrom } from '../src/config/rebalance-flags.js';
import { openTarget } from '../src/config/target.js';
import { executeRebalance, planOnly, prepareRebalance } from '../src/engine/rebalance.js';
import { DextreCommand } from '../src/ui/base-command.js';
import { canPrompt, confirm, noTtyError } from '../src/ui/confirm.js';
import { exitCodeHelp } from '../src/ui/exit-codes.js';
import { formatRebalance } from '../src/ui/format-rebalance.js';
import { onInterrupt } from '../src/ui/interrupt.js';
import { createRebalanceProgress } from '../src/ui/progress.js';
import { chooseRenderer, isCi } from '../src/ui/renderer.js';

export default class Rebalance extends DextreCommand {
  static override summary = 'Move the fewest pods that bring every workload within its zone maxSkew and hot nodes below the threshold.';

  static override description = [
    'Measures, per workload (its controller), the pods per zone over the zones they can run in and the skew; the maxSkew comes from ' +
      'the pods\' topologySpreadConstraints on topology.kubernetes.io/zone, 1 where none is set. Plans the fewest evictions that bring ' +
      'each workload within it where some node of the emptier zone has room, then moves pods off nodes above --utilisation-threshold. ' +
      'A workload already within its maxSkew is never touched. DaemonSet, mirror, unreplicated, emptyDir and do-not-disrupt pods stay ' +
      'unless --force, --delete-emptydir-data or --disregard-do-not-disrupt allow them; system-critical pods move last; a pod with a ' +
      'PersistentVolumeClaim stays in its zone.',
    'Each move cordons the nodes where the replacement must not land (annotated dextre.io/rebalance-cordon), evicts the pod through ' +
      'the Eviction API (a PDB that refuses is retried with back-off until --move-timeout), waits until it is gone and its workload ' +
      'serves again, checks where the replacement landed, and lifts the cordons. One pod per workload at a time. Ctrl-C lifts every ' +
      'cordon; cordons a crash left behind are lifted by the next run. Each Auto Scaling group\'s nodes per zone are reported; ' +
      '--fix-zones evens them out by rolling nodes of the fullest zones.',
    'Asks for confirmation on a terminal (refuses without --yes elsewhere); --dry-run shows the plan and changes nothing. With --json ' +
      'stdout carries only the result.',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Show what a rebalance of a skewed simulated cluster would move.', command: '<%= config.bin %> <%= command.id %> --sim fixtures/clusters/skewed.yaml --dry-run' },
    { description: 'Rebalance it unattended, result as JSON.', command: '<%= config.bin %> <%= command.id %> --sim fixtures/clusters/skewed.yaml --yes --json --speed max' },
    { description: 'At most 10 evictions, 2 per node, and even out the groups\' zones too.', command: '<%= config.bin %> <%= command.id %> --cluster prod --max-evictions 10 --max-evictions-per-node 2 --fix-zones' },
  ];

  static override flags = {
    ...targetFlags,
    ...rebalanceFlags,
    'dry-run': Flags.boolean({ summary: 'Show the plan and change nothing.', default: false }),
    yes: Flags.boolean({ char: 'y', summary: 'Rebalance without asking for confirmation (required without a terminal).', default: false }),
    ...outputFlags,
    ...logFormatFlags,
    journal: Flags.string({
      summary:
        'Journal the rebalance state (the cordons it holds) to FILE.rebalance after every step, and the --fix-zones roll to FILE; a re-run lifts what an interrupted rebalance left. [default: the ConfigMap kube-system/dextre-rebalance-journal; in memory on a simulator]',
      helpValue: 'FILE',
    }),
  };

  async run(): Promise<RebalanceResult> {
    const { flags } = await this.parse(Rebalance);
    const request = rebalanceRequestFrom(flags, process.cwd());
    const dryRun = flags['dry-run'];
    if (!dryRun && !flags.yes && !canPrompt()) throw noTtyError('rebalance', 'run `dextre rebalance --dry-run` to see the plan');

    const target = await openTarget(request.target);
    const ctx = { ...target, journal: target.rebalanceJournal, rollJournal: target.journal };
    const prepared = await prepareRebalance(ctx, target.clusterName, request.options);
    const plan = planOnly(prepared);
    if (dryRun || plan.outcome === 'nothing-to-do') return this.finish(plan, formatRebalance(plan));

    if (!flags.yes) {
      (this.jsonEnabled() ? process.stderr : process.stdout).write(`${formatRebalance(plan)}\n\n`);
      if (!(await confirm('Proceed? [y/N] '))) {
        process.stderr.write('Not confirmed; nothing was changed.\n');
        return this.finish(plan);
      }
    }

    const renderer = chooseRenderer({ json: this.jsonEnabled(), quiet: flags.quiet, isTTY: process.stderr.isTTY === true, ci: isCi(process.env), logFormat: logFormatOf(flags) });
    const progress = createRebalanceProgress(renderer, process.stderr);
    const abort = new AbortController();
    const release = onInterrupt(abort, process.stderr, {
      stopping: 'stopping the rebalance — no new move starts and every cordon it set is lifted',
      quitting: 'The journal is kept; a re-run lifts the cordons it set and plans again.',
    });
    let result: RebalanceResult;
    try {
      result = await executeRebalance({ ...ctx, listener: progress.listener, signal: abort.signal }, prepared);
    } finally {
      await progress.stop();
      release();
    }
    return this.finish(result, formatRebalance(result));
  }
}
