// `dextre plan`: the dry-run. Reads the cluster, plans the roll and shows it; changes nothing. With
// --simulate it rehearses the roll on a fresh simulator; with --report it also writes an HTML page.
import { rehearsalWorld, planWithRehearsal } from '../src/engine/rehearsal.js';
import { prepareRoll } from '../src/engine/prepare.js';
import type { RollResult } from '../src/core/result.js';
import { outputFlags, rollFlags, rollRequestFrom, selectionFlags, snapshotFlags, targetFlags } from '../src/config/flags.js';
import { planFlags, reportPathFrom } from '../src/config/plan-flags.js';
import { openTarget } from '../src/config/target.js';
import { DextreCommand } from '../src/ui/base-command.js';
import { exitCodeHelp } from '../src/ui/exit-codes.js';
import { formatPlanResult } from '../src/ui/format-prediction.js';
import { renderReport } from '../src/ui/report/page.js';
import { writeReport } from '../src/ui/report/write.js';

export default class Plan extends DextreCommand {
  static override summary = 'Show which nodes a roll would replace, why, in what order, and what would block it; change nothing.';

  static override description = [
    'Reads the cluster and plans the roll exactly as `dextre roll nodes` would: per node group the resolved surge and ' +
      'max-unavailable, the target launch template and the capacity check (the peak against max, zones, room for the ' +
      'pods that must move); the nodes in roll order with every reason they are replaced and why they stand there ' +
      '(zone turn, toe-dip, pipeline window); each blocker and warning with its remedy and the flag that overrides it; ' +
      'and the images to pre-pull per namespace.',
    'Blockers: PDBs that never allow a disruption, pods selected by several PDBs, unreplicated pods, emptyDir pods, ' +
      'do-not-disrupt annotations, pods that fit on no node that stays nor on a replacement, pods that together need ' +
      'more room than there will be. Warnings: PDBs that allow no disruption right now (and which pods they wait for), ' +
      'groups at max size (the surge raises max, by how much), single-zone groups, rolls without surge.',
    '--simulate rehearses the roll: the same engine and options on a fresh simulator of the cluster, in virtual time as ' +
      'fast as it goes, and predicts the duration, a per-node timeline (surge, ready, pre-pull, drain, terminate), the ' +
      'time each PDB held the roll, the peak of extra instances, the ready capacity over time and the invariants the ' +
      'simulator observed. A real cluster is rehearsed from a snapshot. --report FILE.html writes all of it as one ' +
      'self-contained page (no network).',
    'Nothing is changed and nothing is asked. With --json, stdout carries only the result (outcome `planned`, or ' +
      '`nothing-to-do`; with --simulate also `prediction` and `simulation`). Exits 3 when the plan has blockers.',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Plan a roll of the built-in demo cluster.', command: '<%= config.bin %> <%= command.id %> --cluster demo' },
    { description: 'Rehearse it: predicted duration, timeline and invariants, as JSON.', command: '<%= config.bin %> <%= command.id %> --cluster demo --simulate --json' },
    { description: 'Rehearse it and write the timeline and the plan as an HTML page.', command: '<%= config.bin %> <%= command.id %> --cluster demo --simulate --report plan.html' },
    { description: 'Every blocker of a fixture, with its remedy (exits 3).', command: '<%= config.bin %> <%= command.id %> --sim fixtures/clusters/blocked.yaml' },
    { description: 'Plan a roll of one group of a simulator fixture, as JSON.', command: '<%= config.bin %> <%= command.id %> --sim fixtures/clusters/demo.yaml --group demo-general --json' },
    { description: 'Plan on a snapshot of a cluster (see `dextre snapshot`).', command: '<%= config.bin %> <%= command.id %> --snapshot prod.json' },
    { description: 'Also replace nodes older than 30 days.', command: '<%= config.bin %> <%= command.id %> --cluster demo --max-age 30d' },
  ];

  static override flags = { ...targetFlags, ...snapshotFlags, ...selectionFlags, ...rollFlags, ...planFlags, ...outputFlags };

  async run(): Promise<RollResult> {
    const { flags } = await this.parse(Plan);
    const request = rollRequestFrom(flags, process.cwd());
    const reportPath = reportPathFrom(flags.report, process.cwd());
    const target = await openTarget(request.target);
    const prepared = await prepareRoll(target, target.clusterName, request.options);
    const world = flags.simulate ? await rehearsalWorld(request.target, target) : undefined;
    if (world && world.assumptions.length > 0 && !flags.quiet && !this.jsonEnabled()) {
      process.stderr.write(`Rehearsing on a snapshot of ${target.clusterName} taken now; assumed:\n${world.assumptions.map((a) => `  - ${a}`).join('\n')}\n`);
    }
    const result = await planWithRehearsal(prepared, world?.fixture);
    const { prepull } = request.options;
    if (reportPath !== undefined) {
      writeReport(reportPath, renderReport({ plan: prepared.plan, result, prepull }));
      process.stderr.write(`Report written to ${reportPath}\n`);
    }
    return this.finish(result, formatPlanResult(prepared.plan, result, { prepull, simulate: flags.simulate }));
  }
}
