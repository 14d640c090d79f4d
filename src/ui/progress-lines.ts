// Progress without a terminal to redraw (CI, CronJobs, pipes), and the rebalance's progress everywhere:
// one plain line per engine event on stderr, stamped with seconds since the run began (virtual seconds on
// a simulator).
import type { EngineEvent, RollPhase } from '../engine/api.js';

const PHASE_TEXT: Record<RollPhase, string> = {
  protecting: 'recording groups, suspending processes, surging new capacity',
  rolling: 'draining and replacing nodes',
  restoring: 'restoring groups and cleaning up',
  finished: 'finished',
};

/** One line for an event, or undefined for events that say nothing new (`planned`). */
export function formatEventLine(event: EngineEvent, origin: number): string | undefined {
  const stamp = `[+${Math.max(0, Math.round(event.at - origin))}s]`;
  switch (event.type) {
    case 'planned':
    case 'launch':
      // The node lines tell the story; launches serve the timeline.
      return undefined;
    case 'phase':
      return `${stamp} phase ${event.phase}: ${PHASE_TEXT[event.phase]}`;
    case 'node':
      return `${stamp} node ${event.node} ${event.status}${event.detail ? ` ${event.detail}` : ''}`;
    case 'pod':
      return `${stamp} pod ${event.pod} ${event.status}${event.detail ? `: ${event.detail}` : ''}`;
    case 'replacement':
      return event.prepulled
        ? `${stamp} new node ${event.node} (${event.group}, ${event.zone}) images pre-pulled`
        : `${stamp} new node ${event.node} (${event.group}, ${event.zone}) ready`;
    case 'warning':
      return `${stamp} warning: ${event.message}`;
    case 'finished':
      return `${stamp} roll ${event.result.outcome}`;
    case 'rebalance':
      return `${stamp} rebalance ${event.stage}${event.detail !== undefined ? `: ${event.detail}` : ''}`;
    case 'move':
      return `${stamp} move ${event.id} ${event.pod} (${event.from} → ${event.toZone}) ${event.status}${event.detail !== undefined ? `: ${event.detail}` : ''}`;
    case 'cordon':
      return `${stamp} node ${event.node} ${event.cordoned ? 'cordoned while a pod moves' : 'uncordoned'}`;
  }
}

/**
 * Writes formatted event lines to a stream; the first event sets the origin of the timestamps. `drain`
 * (`dextre drain`): a line per pod moved, as kubectl drain prints each eviction (a roll's hundreds would
 * drown its nodes), and no roll phases (a drain surges and restores nothing).
 */
export class LinesProgress {
  private origin: number | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly options: { drain: boolean } = { drain: false },
  ) {}

  readonly listener = (event: EngineEvent): void => {
    if (event.type === (this.options.drain ? 'phase' : 'pod')) return;
    this.origin ??= event.at;
    const line = formatEventLine(event, this.origin);
    if (line !== undefined) this.out.write(`${line}\n`);
  };
}
