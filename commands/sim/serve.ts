// `dextre sim serve`: serve a simulated cluster over HTTP as a Kubernetes API server and AWS endpoints.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { parseSpeed } from '../../src/config/flags.js';
import { resolveTargetRequest } from '../../src/config/target.js';
import { DextreError } from '../../src/core/errors.js';
import { DextreCommand } from '../../src/ui/base-command.js';
import { exitCodeHelp } from '../../src/ui/exit-codes.js';

export default class SimServe extends DextreCommand {
  static override summary = 'Serve a simulated cluster over HTTP: a Kubernetes API server and AWS Auto Scaling and EC2 endpoints.';

  static override description = [
    'Loads a fixture world (--cluster demo or --sim FILE) and serves it on loopback in real time scaled by --speed: ' +
      'a Kubernetes API subset (discovery, nodes, pods with evictions, namespaces, events, configmaps, deployments, ' +
      'replicasets, statefulsets, daemonsets, jobs, poddisruptionbudgets, leases; list, watch, selectors, patches) and ' +
      'the AWS Query actions dextre uses. dextre, kubectl and the AWS SDKs talk to it as to a real cluster.',
    'Writes (or merges into) a kubeconfig whose context is --name, the cluster\'s name in the Auto Scaling tags too ' +
      '(a cluster, user or context of that name that is not the simulator\'s own is refused unless --overwrite-kubeconfig), ' +
      'then prints one JSON line on stdout: {"kubernetes", "aws", "kubeconfig", "context", "cluster", "region"}. ' +
      'Point the AWS SDK at it with AWS_ENDPOINT_URL=<aws> and any credentials. GET <kubernetes>/sim/v1/report returns ' +
      "the simulator's own account (PDB violations, lost pods, outdated nodes remaining). Stops on SIGINT or SIGTERM.",
    exitCodeHelp(),
  ].join('\n\n');

  static override examples = [
    {
      description: 'Serve the demo cluster as "lab" at 50× real time, then roll it through the real adapters.',
      command: [
        '<%= config.bin %> <%= command.id %> --cluster demo --name lab --port 0 --kubeconfig lab.kubeconfig --speed 50',
        'AWS_ENDPOINT_URL=<aws> AWS_REGION=eu-west-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x <%= config.bin %> roll nodes --cluster lab --kubeconfig lab.kubeconfig --yes',
      ].join('\n'),
    },
    { description: 'Serve only Kubernetes, for another cloud emulator to register nodes.', command: '<%= config.bin %> <%= command.id %> --sim fixtures/clusters/demo.yaml --cloud none' },
  ];

  static override enableJsonFlag = false;

  static override flags = {
    cluster: Flags.string({ summary: 'The built-in cluster to serve: `demo`.', helpValue: 'demo', exclusive: ['sim'] }),
    sim: Flags.string({ summary: 'Serve the world of this fixture file (see fixtures/README.md).', helpValue: 'FILE' }),
    name: Flags.string({ summary: 'The kube context and the cluster name in the Auto Scaling tags.', default: 'sim', helpValue: 'NAME' }),
    port: Flags.integer({ summary: 'Port of the Kubernetes API on 127.0.0.1 (0: any free port); AWS listens on another free port.', default: 0, min: 0, max: 65535 }),
    kubeconfig: Flags.string({ summary: 'Kubeconfig to write or merge into. [default: a new file in the temporary directory]', helpValue: 'FILE' }),
    'overwrite-kubeconfig': Flags.boolean({
      summary: 'Replace a cluster, user or context named --name in the kubeconfig even when it is not the simulator\'s (a real cluster\'s entry).',
      default: false,
    }),
    speed: Flags.string({ summary: 'Virtual seconds per real second.', default: '1', helpValue: 'N' }),
    cloud: Flags.string({ summary: '`aws` serves the AWS endpoints too; `none` serves Kubernetes only.', options: ['aws', 'none'], default: 'aws' }),
    'aws-throttle-rate': Flags.string({ summary: 'Fraction of AWS requests answered with throttling (0 to 1).', default: '0', helpValue: 'RATE' }),
    'aws-error-rate': Flags.string({ summary: 'Fraction of AWS requests answered with a 5xx (0 to 1).', default: '0', helpValue: 'RATE' }),
    debug: Flags.boolean({ summary: 'Show stack traces with errors.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SimServe);
    const speed = parseSpeed(flags.speed);
    if (speed === 'max') throw new DextreError('USAGE', '--speed max cannot be served: clients need time to pass at a steady rate. Pass a number of virtual seconds per real second, such as 50.');
    const target = resolveTargetRequest({ cluster: flags.cluster, sim: flags.sim, speed, cwd: process.cwd(), env: {} });
    if (target.kind !== 'simulator') {
      throw new DextreError('USAGE', `--cluster ${JSON.stringify(flags.cluster)} is not a simulated cluster. sim serve serves --cluster demo or --sim FILE.`);
    }
    const kubeconfig = flags.kubeconfig !== undefined ? resolve(flags.kubeconfig) : join(tmpdir(), `dextre-sim-${flags.name}-${process.pid}`, 'kubeconfig');
    // Listening for the signals before the ready line: a supervisor may stop the server as soon as it reads
    // that line, and a signal before the handlers exist would kill the process without closing anything.
    const stopped = new Promise<NodeJS.Signals>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    const { serveSimulation } = await import('../../src/sim/serve/server.js');
    const sim = await serveSimulation({
      fixture: target.fixture,
      name: flags.name,
      port: flags.port,
      speed,
      kubeconfig,
      overwriteKubeconfig: flags['overwrite-kubeconfig'],
      cloud: flags.cloud === 'none' ? 'none' : 'aws',
      awsThrottleRate: rate('--aws-throttle-rate', flags['aws-throttle-rate']),
      awsErrorRate: rate('--aws-error-rate', flags['aws-error-rate']),
    });
    process.stdout.write(`${JSON.stringify(sim.info)}\n`);
    process.stderr.write(`Serving ${flags.name} at ${sim.info.kubernetes} (Kubernetes)${sim.info.aws ? ` and ${sim.info.aws} (AWS)` : ''}; ${speed}× real time. Stop with Ctrl-C.\n`);
    const signal = await stopped;
    await sim.close();
    process.stderr.write(`Stopped on ${signal}.\n`);
  }
}

function rate(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new DextreError('USAGE', `${flag} ${JSON.stringify(value)} is not a fraction from 0 to 1 (0.1 answers one request in ten with the fault).`);
  }
  return n;
}
