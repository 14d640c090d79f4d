// The live progress view for a terminal: listr2 on stderr (stdout stays clean for --json). The engine
// pushes events; listr2 pulls tasks. Each task awaits a promise that the events settle, and the per-node
// tasks are built inside their parent task (task.newListr): listr2 never runs tasks add()ed to a running list.
import { DefaultRenderer, Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { RollPlan } from '../core/plan.js';
import type { EngineEvent, NodeStatus, RollPhase } from '../engine/api.js';
import { nodeTitle, type NodeView } from './node-title.js';

const PHASE_ORDER: readonly RollPhase[] = ['protecting', 'rolling', 'restoring', 'finished'];
const FINAL: ReadonlySet<NodeStatus> = new Set(['replaced', 'failed', 'uncordoned']);

/** The default renderer, allowed to draw when stdout is not a terminal: it draws on stderr. */
class StderrRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

interface Latch {
  promise: Promise<void>;
  open: () => void;
}

function latch(): Latch {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

interface TrackedNode extends NodeView {
  done: Latch;
  setTitle?: (title: string) => void;
}

export class ListrProgress {
  private readonly nodes = new Map<string, TrackedNode>();
  private readonly zones = new Map<string, string>();
  private readonly phases = new Map<RollPhase, Latch>(PHASE_ORDER.map((p) => [p, latch()]));
  private surgeOutput: (text: string) => void = () => undefined;
  private running: Promise<void> | undefined;
  /** The rebalance phase: whether it began, how it ended, and where its moves are shown. */
  private readonly rebalanced = latch();
  private rebalanceStarted = false;
  private rebalanceOutcome: string | undefined;
  private moveOutput: (text: string) => void = () => undefined;

  constructor(
    private readonly plan: RollPlan,
    private readonly stream: NodeJS.WriteStream,
    private readonly options: { rebalance?: boolean } = {},
  ) {
    for (const n of plan.nodes) this.nodes.set(n.name, { name: n.name, group: n.group, zone: n.zone, status: 'waiting', done: latch() });
  }

  readonly listener = (event: EngineEvent): void => {
    switch (event.type) {
      case 'phase':
        for (const p of PHASE_ORDER.slice(0, PHASE_ORDER.indexOf(event.phase))) this.phases.get(p)?.open();
        if (event.phase === 'finished') this.phases.get('finished')?.open();
        break;
      case 'node':
        this.onNode(event.node, event.status, event.detail);
        break;
      case 'replacement':
        this.zones.set(event.node, event.zone);
        this.surgeOutput(`${event.node} (${event.group}, ${event.zone}) ${event.prepulled ? 'images pre-pulled' : 'ready'}`);
        break;
      case 'finished':
        this.settleAll();
        break;
      case 'rebalance':
        this.rebalanceStarted = true;
        if (event.stage === 'finished') {
          this.rebalanceOutcome = event.detail;
          this.rebalanced.open();
        }
        break;
      case 'move':
        this.moveOutput(`${event.id} ${event.pod} → ${event.toZone}: ${event.status}${event.detail !== undefined ? ` (${event.detail})` : ''}`);
        break;
      case 'planned':
      case 'pod':
      case 'warning':
      case 'launch':
      case 'cordon':
        break; // warnings are listed in the summary; a redrawn view would lose them
    }
  };

  start(): void {
    const logger = new ListrLogger({ processOutput: new ProcessOutput(this.stream, this.stream) });
    const list = new Listr(
      [
        {
          title: 'Protect groups and surge new capacity',
          task: async (_ctx, task) => {
            this.showOutput((text) => (task.output = text));
            await this.phases.get('protecting')?.promise;
            this.showOutput(undefined);
          },
        },
        {
          title: `Replace ${this.plan.nodes.length} nodes`,
          task: (_ctx, task) => {
            // New nodes keep arriving while old ones drain: announce them under this task now.
            this.showOutput((text) => (task.output = text));
            return task.newListr(
              [...this.nodes.values()].map((node) => ({
                title: nodeTitle(node, this.zones),
                task: async (_c, sub) => {
                  node.setTitle = (title) => {
                    sub.title = title;
                  };
                  sub.title = nodeTitle(node, this.zones);
                  await node.done.promise;
                  if (node.status === 'failed') throw new Error(nodeTitle(node, this.zones));
                  if (node.status !== 'replaced') sub.skip(nodeTitle(node, this.zones));
                },
              })),
              { concurrent: true, exitOnError: false },
            );
          },
        },
        {
          title: 'Restore groups and clean up',
          task: async () => {
            this.showOutput(undefined);
            await this.phases.get('restoring')?.promise;
          },
        },
        ...(this.options.rebalance === true
          ? [
              {
                title: 'Rebalance pods across zones and nodes',
                task: async (_ctx: unknown, task: { output: string; title: string; skip: (message: string) => void }) => {
                  this.moveOutput = (text) => (task.output = text);
                  await this.rebalanced.promise;
                  this.moveOutput = () => undefined;
                  if (!this.rebalanceStarted) task.skip('Rebalance: not run (the roll did not succeed)');
                  else task.title = `Rebalance ${this.rebalanceOutcome ?? 'stopped'}`;
                },
              },
            ]
          : []),
      ],
      {
        renderer: StderrRenderer,
        rendererOptions: { logger, collapseSubtasks: false, collapseSkips: false, collapseErrors: false, formatOutput: 'truncate' },
        exitOnError: false,
        registerSignalListeners: false,
      },
    );
    this.running = list.run().then(
      () => undefined,
      () => undefined, // a failed node is shown in the view and reported in the result
    );
  }

  /** Settles every task (on any outcome, also after an engine error) and waits for the view to finish drawing. */
  async stop(): Promise<void> {
    this.settleAll();
    await this.running;
  }

  /** Where replacement announcements go: the running top-level task's output, or nowhere once it ended. */
  private showOutput(write: ((text: string) => void) | undefined): void {
    this.surgeOutput = write ?? (() => undefined);
  }

  private onNode(name: string, status: NodeStatus, detail: string | undefined): void {
    const node = this.nodes.get(name);
    if (!node) return;
    node.status = status;
    const replacement = detail?.startsWith('by ') ? detail.slice(3) : undefined;
    if (replacement !== undefined) node.replacement = replacement;
    else if (detail !== undefined) node.detail = detail;
    node.setTitle?.(nodeTitle(node, this.zones));
    if (FINAL.has(status)) node.done.open();
  }

  private settleAll(): void {
    this.rebalanced.open();
    for (const latch of this.phases.values()) latch.open();
    for (const node of this.nodes.values()) node.done.open();
  }
}
