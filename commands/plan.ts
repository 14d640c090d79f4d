// `dextre plan`: the dry-run. Reads the cluster, plans the roll and shows it; changes nothing.
import { prepareRoll } from '../src/engine/prepare.js';
import { planResult } from '../src/engine/plan-result.js';
import type { RollResult } from '../src/core/result.js';
import { outputFlags, rollFlags, rollRequestFrom, selectionFlags, snapshotFlags, targetFlags } from '../src/config/flags.js';
import { openTarget } from '../src/config/target.js';
import { DextreCommand } from '../src/ui/base-command.js';
import { exitCodeHelp } from '../src/ui/exit-codes.js';
import { formatPlan } from '../src/ui/format-plan.js';

export default class Plan extends DextreCommand {
  static override summary = 'Show which nodes a roll would replace, why, in what order, and what would block it; change nothing.';

  static override description = [
    'Reads the cluster and plans the roll exactly as `dextre roll nodes` would: per node group the resolved surge and ' +
      'max-unavailable and the target launch template; the nodes in roll order with every reason they are replaced; ' +
      'each blocker with its remedy and the flag that overrides it; and the images to pre-pull per namespace.',
    'Nothing is changed and nothing is asked. With --json, stdout carries only the result (outcome `planned`, or ' +
      '`nothing-to-do`).',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Plan a roll of the built-in demo cluster.', command: '<%= config.bin %> <%= command.id %> --cluster demo' },
    { description: 'Plan a roll of one group of a simulator fixture, as JSON.', command: '<%= config.bin %> <%= command.id %> --sim fixtures/clusters/demo.yaml --group demo-general --json' },
    { description: 'Plan on a snapshot of a cluster (see `dextre snapshot`).', command: '<%= config.bin %> <%= command.id %> --snapshot prod.json' },
    { description: 'Also replace nodes older than 30 days.', command: '<%= config.bin %> <%= command.id %> --cluster demo --max-age 30d' },
  ];

  static override flags = { ...targetFlags, ...snapshotFlags, ...selectionFlags, ...rollFlags, ...outputFlags };

  async run(): Promise<RollResult> {
    const { flags } = await this.parse(Plan);
    const request = rollRequestFrom(flags, process.cwd());
    const target = await openTarget(request.target);
    const prepared = await prepareRoll(target, target.clusterName, request.options);
    return this.finish(planResult(prepared), formatPlan(prepared.plan, { prepull: request.options.prepull }));
  }
}
