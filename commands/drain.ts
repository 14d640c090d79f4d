// `dextre drain NODE…`: cordon the nodes and move their pods away on the roll's own drain, kubectl's flags.
import { Args } from '@oclif/core';
import type { DrainResult } from '../src/core/drain-result.js';
import { dryRunFlag, drainFlags, drainRequestFrom, nodeSelectorFlags } from '../src/config/drain-flags.js';
import { logFormatFlags, logFormatOf, outputFlags, targetFlags } from '../src/config/flags.js';
import { openTarget } from '../src/config/target.js';
import { executeDrain, prepareDrain } from '../src/engine/drain.js';
import { drainPlanResult } from '../src/engine/drain-result.js';
import { DextreCommand } from '../src/ui/base-command.js';
import { canPrompt, confirm, noTtyError } from '../src/ui/confirm.js';
import { exitCodeHelp } from '../src/ui/exit-codes.js';
import { formatDrain } from '../src/ui/format-drain.js';
import { onInterrupt } from '../src/ui/interrupt.js';
import { LinesProgress } from '../src/ui/progress-lines.js';

export default class Drain extends DextreCommand {
  static override summary = 'Drain nodes for maintenance: cordon them and evict their pods through the Eviction API, respecting PDBs and readiness.';

  static override description = [
    'Every named node (or every node matching -l) must exist before anything changes. dextre checks what would block ' +
      '(pods no controller manages, emptyDir pods, do-not-disrupt annotations, PodDisruptionBudgets that never allow an ' +
      'eviction or several budgets on one pod) and, if anything does, stops with exit 3 having changed nothing. Otherwise it ' +
      'cordons every node first — so a pod moved off one never lands on another — then evicts their pods as `dextre roll ' +
      'nodes` does: DaemonSet and mirror pods stay; one pod per workload at a time, regular pods before system-critical ones; ' +
      'a 429 from a PodDisruptionBudget is retried after 5, 10, 20, then every 30 seconds; the next pod of a workload goes only ' +
      'once the previous one is gone and its replacement is Ready (--no-readiness-gate waits only for it to be gone).',
    'The nodes stay cordoned afterwards, also when the drain stops (blocked, --timeout, Ctrl-C): `dextre uncordon` puts them ' +
      'back. Like kubectl drain it asks nothing — except with --terminate, which terminates each drained node\'s instance ' +
      'through TerminateInstanceInAutoScalingGroup and decrements desired: the group does NOT replace it (capacity shrinks ' +
      'because you asked). To replace a node with a fresh one, use `dextre roll nodes --node NAME`. --terminate asks ' +
      '`Proceed? [y/N]` on a terminal and needs --yes without one; while it runs AZRebalance is suspended (and resumed after) ' +
      'so Auto Scaling cannot pick an undrained node itself.',
    'Without --terminate only Kubernetes is used (no AWS credentials needed). Progress goes to stderr as lines (`evicting pod ' +
      '…`); with --json stdout carries only the result. A re-run drains what is left; the roll journal is never touched.',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Drain a node of the demo cluster.', command: '<%= config.bin %> <%= command.id %> ip-10-1-0-10.eu-west-1.compute.internal --cluster demo' },
    { description: 'See what would be evicted and what blocks; change nothing.', command: '<%= config.bin %> <%= command.id %> NODE --cluster prod --dry-run' },
    { description: 'Drain every node of a zone, give each pod 60 s, give up after 20 minutes.', command: '<%= config.bin %> <%= command.id %> -l topology.kubernetes.io/zone=eu-west-1a --cluster prod --grace-period 60 --timeout 20m' },
    { description: 'Drain and remove a node for good (its group shrinks by one).', command: '<%= config.bin %> <%= command.id %> NODE --cluster prod --terminate --yes' },
  ];

  static override strict = false;

  static override args = {
    node: Args.string({ description: 'Node names (any number), or none with -l.', required: false }),
  };

  static override flags = { ...targetFlags, ...nodeSelectorFlags, ...drainFlags, ...dryRunFlag, quiet: outputFlags.quiet, ...logFormatFlags, debug: outputFlags.debug };

  async run(): Promise<DrainResult> {
    const { flags, argv } = await this.parse(Drain);
    const { request, target: resolved } = drainRequestFrom(flags, argv.map(String), process.cwd());
    const dryRun = flags['dry-run'];
    if (request.terminate && !dryRun && !flags.yes && !canPrompt()) throw noTtyError('terminate', 'run `dextre drain --dry-run` to see the plan');

    const target = await openTarget(resolved);
    const prepared = await prepareDrain(target, target.clusterName, request);
    if (dryRun) return this.finish(drainPlanResult(prepared, true), formatDrain(drainPlanResult(prepared, true)));

    if (request.terminate && !flags.yes && prepared.targets.length > 0 && prepared.plan.blockers.length === 0) {
      const names = prepared.targets.map((t) => `${t.name} (${t.group}, ${t.instanceId})`).join(', ');
      process.stderr.write(`Drain, then terminate without replacement: ${names}.\n`);
      if (!(await confirm('Proceed? [y/N] '))) {
        process.stderr.write('Not confirmed; nothing was changed.\n');
        return this.finish(drainPlanResult(prepared, true));
      }
    }

    const progress = new LinesProgress(process.stderr, { drain: true, format: logFormatOf(flags) });
    const abort = new AbortController();
    const release = onInterrupt(abort, process.stderr, {
      stopping: 'stopping the drain — nothing more is evicted, the nodes stay cordoned',
      quitting: 'The nodes stay cordoned; re-run the same command to drain what is left.',
    });
    let result: DrainResult;
    try {
      result = await executeDrain({ ...target, ...(flags.quiet ? {} : { listener: progress.listener }), signal: abort.signal }, prepared);
    } finally {
      release();
    }
    return this.finish(result, formatDrain(result));
  }
}
