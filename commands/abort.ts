// `dextre abort`: stop a roll for good and put every group back exactly as it was before it.
import { hostname } from 'node:os';
import { Flags } from '@oclif/core';
import type { AbortResult } from '../src/core/abort-result.js';
import { DextreError } from '../src/core/errors.js';
import { drainOnlySettings } from '../src/config/drain-flags.js';
import { parseDuration, parseTimeout } from '../src/config/duration.js';
import { logFormatFlags, logFormatOf, outputFlags, rollFlags, targetFlags, targetRequestFrom } from '../src/config/flags.js';
import { checkTargetNamed, openTarget, resolveTargetRequest } from '../src/config/target.js';
import { abortRoll } from '../src/engine/abort.js';
import { DextreCommand } from '../src/ui/base-command.js';
import { exitCodeHelp } from '../src/ui/exit-codes.js';
import { formatAbort } from '../src/ui/format-abort.js';
import { LinesProgress } from '../src/ui/progress-lines.js';

export default class Abort extends DextreCommand {
  static override summary = 'Stop a roll for good and put the cluster back as it was: groups at their original size, no mark of dextre left.';

  static override description = [
    'A roll running in another dextre (here or elsewhere: a CronJob, a colleague\'s laptop) is asked to stop through ' +
      'its lock, the Lease kube-system/dextre-lock; it hears it within 20 seconds (a third of the lock\'s TTL), stops ' +
      'launching and evicting, uncordons the nodes it had not drained, deletes the pre-pull DaemonSets, removes its ' +
      'taints, labels and annotations, restores each group and resumes only the processes it suspended, then releases the ' +
      'lock. A roll whose dextre died is resumed from its journal only to do the same. Then abort takes back what the ' +
      'roll added: the replacements above each group\'s original desired (waiting for any still booting to join) are ' +
      'drained through the Eviction API, respecting PodDisruptionBudgets, and terminated with decrement, so min, max and ' +
      'desired end exactly as before the roll; AZRebalance is resumed once the zones are even. The journal keeps the roll ' +
      'with the abort recorded (`dextre status` shows it). Running abort again changes nothing more.',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Stop the roll of prod and restore its groups.', command: '<%= config.bin %> <%= command.id %> --cluster prod' },
    { description: 'Wait up to 30 minutes for the running roll to unwind; result as JSON.', command: '<%= config.bin %> <%= command.id %> --cluster prod --wait 30m --json' },
  ];

  static override flags = {
    ...targetFlags,
    wait: Flags.string({ summary: 'Longest to wait for a running roll to stop and release its lock. [default: 10m]', helpValue: 'DURATION' }),
    'drain-timeout': Flags.string({ summary: 'Longest a surplus replacement may take to drain before abort stops as blocked (exit 3). [default: 15m]', helpValue: 'DURATION' }),
    force: rollFlags.force,
    'delete-emptydir-data': rollFlags['delete-emptydir-data'],
    'disregard-do-not-disrupt': rollFlags['disregard-do-not-disrupt'],
    journal: outputFlags.journal,
    quiet: outputFlags.quiet,
    ...logFormatFlags,
    debug: outputFlags.debug,
  };

  async run(): Promise<AbortResult> {
    const { flags } = await this.parse(Abort);
    const waitSeconds = parseDuration('--wait', flags.wait ?? '10m');
    const drainTimeoutSeconds = parseTimeout('--drain-timeout', flags['drain-timeout'] ?? '15m');
    const request = targetRequestFrom(flags, process.cwd());
    checkTargetNamed(request);
    const resolved = resolveTargetRequest(request);
    if (resolved.kind === 'simulator') {
      throw new DextreError(
        'USAGE',
        'There is no roll to abort on an in-process simulator: its world lives only in the dextre that rolls it (Ctrl-C stops that roll). ' +
          'To try abort, serve a simulated cluster with `dextre sim serve`, roll it with `dextre roll nodes --cluster sim`, and abort that.',
      );
    }
    const target = await openTarget(resolved);
    const progress = new LinesProgress(process.stderr, { drain: true, format: logFormatOf(flags) });
    try {
      const result = await abortRoll({ ...target, ...(flags.quiet ? {} : { listener: progress.listener }) }, target.clusterName, {
        by: `${hostname()}/${process.pid}`,
        waitSeconds,
        settings: drainOnlySettings(drainTimeoutSeconds, flags),
      });
      return this.finish(result, formatAbort(result));
    } finally {
      await target.close();
    }
  }
}
