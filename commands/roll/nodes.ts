// `dextre roll nodes`: replace outdated nodes — surge, pre-pull, drain, terminate, restore.
import { hostname } from 'node:os';
import { Flags } from '@oclif/core';
import { DextreError } from '../../src/core/errors.js';
import { checkInsideWindow } from '../../src/core/window.js';
import type { RollOptions } from '../../src/core/plan.js';
import { abortRoll } from '../../src/engine/abort.js';
import { checkResumable, loadRollState, rollSettings } from '../../src/engine/roll.js';
import { formatAbort } from '../../src/ui/format-abort.js';
import type { RollResult } from '../../src/core/result.js';
import { prepareRoll } from '../../src/engine/prepare.js';
import { planResult } from '../../src/engine/plan-result.js';
import { executeRollThenRebalance } from '../../src/engine/roll-rebalance.js';
import { logFormatFlags, logFormatOf, outputFlags, rollFlags, rollRequestFrom, selectionFlags, targetFlags } from '../../src/config/flags.js';
import { rebalanceOptionsFrom } from '../../src/config/rebalance-flags.js';
import { openTarget, type Target } from '../../src/config/target.js';
import { DextreCommand } from '../../src/ui/base-command.js';
import { canPrompt, confirm, noTtyError } from '../../src/ui/confirm.js';
import { exitCodeHelp } from '../../src/ui/exit-codes.js';
import { formatPlan } from '../../src/ui/format-plan.js';
import { formatResult } from '../../src/ui/format-result.js';
import { onInterrupt } from '../../src/ui/interrupt.js';
import { createProgress } from '../../src/ui/progress.js';
import { chooseRenderer, isCi } from '../../src/ui/renderer.js';

export default class RollNodes extends DextreCommand {
  static override summary = 'Replace outdated nodes: surge the group, pre-pull images, drain through the Eviction API, terminate, restore.';

  static override description = [
    'Plans the roll (see `dextre plan`), shows the plan and asks `Proceed? [y/N]` — on a terminal only: without one it ' +
      'refuses at once unless --yes is given. Then, per Auto Scaling group: records and protects the group (suspends ' +
      'AZRebalance, ReplaceUnhealthy, ScheduledActions, AlarmNotification), raises desired capacity by the surge, ' +
      "pre-pulls the old nodes' images onto the new nodes, cordons and drains old nodes through the Eviction API " +
      '(respecting PodDisruptionBudgets and waiting for moved pods to be Ready), terminates them, and restores the group. ' +
      'Once the roll has succeeded, `dextre rebalance` runs as its last phase (with its defaults and this command\'s --force, ' +
      '--delete-emptydir-data and --disregard-do-not-disrupt), moving pods the roll crowded onto the new nodes back within their ' +
      'zone maxSkew; --no-rebalance skips it. Its result is `rebalance` in the roll\'s result.',
    'Progress goes to stderr (a live view on a terminal, timestamped lines otherwise); with --json stdout carries only ' +
      'the result, also when the roll fails. The roll state is journaled after every step (--journal FILE); re-running ' +
      'with the same journal resumes an interrupted roll. On the simulator (--cluster demo, --sim FILE) time is virtual: --speed ' +
      'sets how many virtual seconds pass per real second (default 150: the demo roll, about 22 virtual minutes, plays in about 10 seconds; `max` does not wait).',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Watch a whole roll on the built-in demo cluster.', command: '<%= config.bin %> <%= command.id %> --cluster demo --yes' },
    { description: 'Roll unattended as fast as the simulator goes, result as JSON.', command: '<%= config.bin %> <%= command.id %> --cluster demo --yes --json --speed max' },
    { description: 'Show the plan only (same as `dextre plan`).', command: '<%= config.bin %> <%= command.id %> --cluster demo --dry-run' },
    { description: 'Roll only in the Saturday night maintenance window (exit 6 outside it; the next run in a window goes on).', command: '<%= config.bin %> <%= command.id %> --cluster prod --yes --window "Sat 02:00-06:00 Europe/Berlin"' },
    { description: 'Roll one group, two extra nodes at a time, without pre-pull.', command: '<%= config.bin %> <%= command.id %> --sim fixtures/clusters/demo.yaml --group demo-general --surge 2 --no-prepull --yes' },
  ];

  static override flags = {
    ...targetFlags,
    ...selectionFlags,
    ...rollFlags,
    rebalance: Flags.boolean({
      summary: 'After a roll that succeeded, rebalance pods across zones and nodes (see `dextre rebalance`). [default: on]',
      allowNo: true,
      default: true,
    }),
    restart: Flags.boolean({
      summary: 'Abort the unfinished roll of the cluster first (as `dextre abort` does: unwound, surplus replacements drained, groups restored), then plan this roll afresh.',
      default: false,
    }),
    'dry-run': Flags.boolean({ summary: 'Show the plan and change nothing (same as `dextre plan`).', default: false }),
    yes: Flags.boolean({ char: 'y', summary: 'Roll without asking for confirmation (required without a terminal).', default: false }),
    ...outputFlags,
    ...logFormatFlags,
  };

  async run(): Promise<RollResult> {
    const { flags } = await this.parse(RollNodes);
    const request = rollRequestFrom(flags, process.cwd());
    const rebalance = flags.rebalance ? rebalanceOptionsFrom(flags) : undefined;
    const dryRun = flags['dry-run'];
    if (!dryRun && !flags.yes && !canPrompt()) throw noTtyError();

    const target = await openTarget(request.target);
    // Outside every maintenance window the roll does not start: before the lock, the journal, --restart.
    if (!dryRun) checkInsideWindow(request.options.windows ?? [], target.clock.now());
    if (flags.restart && !dryRun) await restart(target, request.options, this.jsonEnabled());
    const prepared = await prepareRoll(target, target.clusterName, request.options);
    // Asked for another roll than the unfinished one: say so before showing a plan that would not run.
    const pending = dryRun ? undefined : await loadRollState(target.journal);
    if (pending && pending.phase !== 'finished' && pending.cluster === target.clusterName) checkResumable(pending, prepared);
    const planText = formatPlan(prepared.plan, { prepull: request.options.prepull });
    if (dryRun) return this.finish(planResult(prepared), planText);

    const { plan } = prepared;
    if (!flags.yes && plan.nodes.length > 0 && plan.blockers.length === 0) {
      (this.jsonEnabled() ? process.stderr : process.stdout).write(`${planText}\n\n`);
      if (!(await confirm('Proceed? [y/N] '))) {
        process.stderr.write('Not confirmed; nothing was changed.\n');
        return this.finish(planResult(prepared));
      }
    }

    const renderer = chooseRenderer({ json: this.jsonEnabled(), quiet: flags.quiet, isTTY: process.stderr.isTTY === true, ci: isCi(process.env), logFormat: logFormatOf(flags) });
    const progress = createProgress(renderer, plan, process.stderr, { rebalance: rebalance !== undefined });
    const abort = new AbortController();
    const release = onInterrupt(abort);
    progress.start();
    let result: RollResult;
    try {
      result = await executeRollThenRebalance({ ...target, listener: progress.listener, signal: abort.signal }, prepared, rebalance);
    } finally {
      await progress.stop();
      release();
    }
    return this.finish(result, formatResult(result));
  }
}

/** `--restart`: the unfinished roll is aborted (its report goes to stderr), then this roll plans afresh. */
async function restart(target: Target, options: RollOptions, json: boolean): Promise<void> {
  const result = await abortRoll(target, target.clusterName, { by: `${hostname()}/${process.pid}`, waitSeconds: 600, settings: rollSettings(options) });
  if (result.outcome === 'failed') throw new DextreError(result.error?.code === 'BLOCKED' ? 'BLOCKED' : 'UNAVAILABLE', `--restart could not abort the unfinished roll: ${result.error?.message ?? 'see dextre status'}`);
  if (!json && result.outcome !== 'nothing-to-do') process.stderr.write(`${formatAbort(result)}\n\n`);
}

