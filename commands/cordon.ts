// `dextre cordon NODE…`: mark nodes unschedulable, as kubectl cordon.
import { Args } from '@oclif/core';
import type { CordonResult } from '../src/core/drain-result.js';
import { dryRunFlag, nodeSelectorFlags, nodeTargetFrom } from '../src/config/drain-flags.js';
import { outputFlags, targetFlags } from '../src/config/flags.js';
import { openTarget } from '../src/config/target.js';
import { runCordon } from '../src/engine/cordon.js';
import { DextreCommand } from '../src/ui/base-command.js';
import { exitCodeHelp } from '../src/ui/exit-codes.js';
import { formatCordon } from '../src/ui/format-drain.js';

export default class Cordon extends DextreCommand {
  static override summary = 'Mark nodes unschedulable (kubectl cordon): new pods no longer land there; running pods stay.';

  static override description = [
    'Every named node (or every node matching -l) must exist before any is changed: an unknown name changes nothing (exit 2). ' +
      'A node already cordoned is left as it is (nothing is written). Each node cordoned gets a Kubernetes Event ' +
      '(DextreCordon, `kubectl describe node`). `dextre drain` also moves the pods away; `dextre uncordon` undoes this.',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Cordon two nodes of the demo cluster.', command: '<%= config.bin %> <%= command.id %> NODE1 NODE2 --cluster demo' },
    { description: 'Show which nodes of a zone would be cordoned.', command: '<%= config.bin %> <%= command.id %> -l topology.kubernetes.io/zone=eu-west-1a --cluster prod --dry-run' },
  ];

  static override strict = false;

  static override args = { node: Args.string({ description: 'Node names (any number), or none with -l.', required: false }) };

  static override flags = { ...targetFlags, ...nodeSelectorFlags, ...dryRunFlag, debug: outputFlags.debug };

  async run(): Promise<CordonResult> {
    const { flags, argv } = await this.parse(Cordon);
    const { nodes, target: resolved } = nodeTargetFrom(flags, argv.map(String), process.cwd());
    const target = await openTarget(resolved);
    const result = await runCordon(target.kube, target.clusterName, { nodes, unschedulable: true, clearRollMarks: false, dryRun: flags['dry-run'] });
    return this.finish(result, formatCordon(result));
  }
}
