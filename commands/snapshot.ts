// `dextre snapshot`: write a cluster (nodes, pods, workloads, PDBs, groups, instances, launch templates) as a
// simulator fixture, to rehearse a roll on it with `dextre plan --snapshot FILE --simulate`.
import { Flags } from '@oclif/core';
import { DextreError } from '../src/core/errors.js';
import { outputFlags, targetFlags, targetRequestFrom } from '../src/config/flags.js';
import { checkTargetNamed, openTarget, resolveTargetRequest } from '../src/config/target.js';
import { takeSnapshot } from '../src/engine/snapshot.js';
import { writeSnapshot, writeSnapshotFile } from '../src/engine/snapshot-file.js';
import { DextreCommand } from '../src/ui/base-command.js';
import { exitCodeHelp } from '../src/ui/exit-codes.js';

/** What `snapshot --json` prints: where the snapshot went and what it holds. */
export interface SnapshotResult {
  outcome: 'written';
  cluster: string;
  file: string;
  groups: number;
  nodes: number;
  workloads: number;
  pods: number;
  pdbs: number;
  /** What the cluster could not tell and the snapshot assumed (also written into the file). */
  assumptions: string[];
}

export default class Snapshot extends DextreCommand {
  static override summary = 'Write a cluster as a simulator fixture, to rehearse a roll on a copy of it.';

  static override description = [
    'Reads the nodes, pods, workloads, PodDisruptionBudgets, Auto Scaling groups, instances and launch template versions ' +
      '(paginated lists, through the same backends as `roll nodes`) and writes them in the fixture format of ' +
      'fixtures/README.md: instance ids and node names are kept, running pods are pinned to their nodes, each workload ' +
      'gets a pod template read off its pods (start-up time from their status), images get the sizes the nodes report.',
    'Secrets are never read: pull secrets appear by name only. What the cluster cannot tell (pull bandwidth, what a new ' +
      'AMI has cached, …) is assumed, and each assumption is written into the snapshot under `snapshot.assumptions`.',
    'JSON by default (to stdout without -o); YAML when FILE ends in .yaml or .yml. Replay it with ' +
      '`dextre plan --snapshot FILE [--simulate]`, or any command with `--sim FILE`.',
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    { description: 'Snapshot a real cluster to a file.', command: '<%= config.bin %> <%= command.id %> --cluster prod -o prod.json' },
    { description: 'Then rehearse the roll on it.', command: '<%= config.bin %> plan --snapshot prod.json --simulate' },
    { description: 'The demo cluster, as YAML.', command: '<%= config.bin %> <%= command.id %> --cluster demo -o demo-snapshot.yaml' },
  ];

  static override flags = {
    ...targetFlags,
    output: Flags.string({ char: 'o', summary: 'Write the snapshot to this file (JSON, or YAML for .yaml/.yml). [default: stdout, JSON]', helpValue: 'FILE' }),
    quiet: outputFlags.quiet,
    debug: outputFlags.debug,
  };

  async run(): Promise<SnapshotResult | undefined> {
    const { flags } = await this.parse(Snapshot);
    const request = targetRequestFrom(flags, process.cwd());
    if (flags.output === undefined && this.jsonEnabled()) {
      throw new DextreError('USAGE', '--json prints a summary of the snapshot on stdout, so the snapshot itself needs a file: pass -o FILE.');
    }
    checkTargetNamed(request);
    const target = await openTarget(resolveTargetRequest(request));
    const source = request.cluster ?? request.sim ?? target.clusterName;
    const doc = await takeSnapshot(target, target.clusterName, source);
    const result: SnapshotResult = {
      outcome: 'written',
      cluster: doc.cluster,
      file: flags.output ?? '-',
      groups: doc.nodeGroups.length,
      nodes: doc.nodeGroups.reduce((n, g) => n + g.instances.length, 0) + doc.nodes.length,
      workloads: doc.workloads.length,
      pods: doc.workloads.reduce((n, w) => n + (w.pods?.length ?? 0), 0) + doc.pods.length,
      pdbs: doc.pdbs.length,
      assumptions: doc.snapshot.assumptions,
    };
    if (flags.output === undefined) {
      await writeSnapshot(doc, process.stdout, 'json');
    } else {
      await writeSnapshotFile(doc, flags.output);
    }
    if (this.jsonEnabled()) return result;
    const summary =
      `Snapshot of ${source}: ${result.groups} group(s), ${result.nodes} node(s), ${result.workloads} workload(s), ${result.pods} pinned pod(s), ${result.pdbs} PDB(s)` +
      `${flags.output !== undefined ? ` written to ${flags.output}` : ''}. Assumed (also in the file under snapshot.assumptions):\n` +
      result.assumptions.map((a) => `  - ${a}`).join('\n');
    // Without -o stdout carries the snapshot: the summary goes to stderr.
    if (!flags.quiet) (flags.output === undefined ? process.stderr : process.stdout).write(`${summary}\n`);
    return undefined;
  }
}
