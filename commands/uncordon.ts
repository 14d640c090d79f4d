// `dextre uncordon NODE…`: mark nodes schedulable again, as kubectl uncordon; dextre's roll marks stay unless asked.
import { Args, Flags } from '@oclif/core';
import type { CordonResult } from '../src/core/drain-result.js';
import { dryRunFlag, nodeSelectorFlags, nodeTargetFrom } from '../src/config/drain-flags.js';
import { outputFlags, targetFlags } from '../src/config/flags.js';
import { openTarget } from '../src/config/target.js';
import { runCordon } from '../src/engine/cordon.js';
import { DextreCommand } from '../src/ui/base-command.js';
import { exitCodeHelp } from '../src/ui/exit-codes.js';
import { formatCordon } from '../src/ui/format-drain.js';

export default class Uncordon extends DextreCommand {
  static override summary = 'Mark nodes schedulable again (kubectl uncordon), e.g. after `dextre drain`.';

  static override description = [
    'Every named node (or every node matching -l) must exist before any is changed: an unknown name changes nothing (exit 2). ' +
      'A node already schedulable is left as it is (nothing is written). Each node uncordoned gets a Kubernetes Event ' +
      '(DextreUncordon).',
    "Only the cordon is undone. The marks a roll leaves — the taint dextre.io/outdated:PreferNoSchedule on a node it " +
      'replaces, the dextre.io/prepull label and the cluster-autoscaler scale-down-disabled annotation on its replacements — ' +
      'tell a running or interrupted roll what it is doing, so they stay (with a warning naming them) unless ' +
      '--clear-roll-marks is given. `dextre drain` leaves no mark but the cordon, so after it a plain uncordon puts the node ' +
      'fully back.',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Put a drained node back in service.', command: '<%= config.bin %> <%= command.id %> NODE --cluster demo' },
    { description: 'Also remove the marks an interrupted roll left.', command: '<%= config.bin %> <%= command.id %> NODE --cluster prod --clear-roll-marks' },
  ];

  static override strict = false;

  static override args = { node: Args.string({ description: 'Node names (any number), or none with -l.', required: false }) };

  static override flags = {
    ...targetFlags,
    ...nodeSelectorFlags,
    'clear-roll-marks': Flags.boolean({ summary: "Also remove dextre's roll marks (the outdated soft taint; a replacement's label and scale-down-disabled annotation).", default: false }),
    ...dryRunFlag,
    debug: outputFlags.debug,
  };

  async run(): Promise<CordonResult> {
    const { flags, argv } = await this.parse(Uncordon);
    const { nodes, target: resolved } = nodeTargetFrom(flags, argv.map(String), process.cwd());
    const target = await openTarget(resolved);
    const result = await runCordon(target.kube, target.clusterName, { nodes, unschedulable: false, clearRollMarks: flags['clear-roll-marks'], dryRun: flags['dry-run'] });
    return this.finish(result, formatCordon(result));
  }
}
