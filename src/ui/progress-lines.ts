// Progress without a terminal to redraw (CI, CronJobs, pipes), and the rebalance's progress everywhere:
// one plain line per engine event on stderr, stamped with seconds since the run began (virtual seconds on
// a simulator) — or, with `--log-format json`, one JSON object per event with the same message.
import type { EngineEvent, RollPhase } from '../engine/api.js';

const PHASE_TEXT: Record<RollPhase, string> = {
  protecting: 'recording groups, suspending processes, surging new capacity',
  rolling: 'draining and replacing nodes',
  restoring: 'restoring groups and cleaning up',
  finished: 'finished',
};

/** How progress lines are written: `text` for people, `json` (one object a line) for log pipelines. */
export type LogFormat = 'text' | 'json';

/** What an event says, apart from how it is written: the text line and the JSON line both come from it. */
export interface EventRecord {
  level: 'info' | 'warning' | 'error';
  node: string | null;
  group: string | null;
  message: string;
}

/** What an event says, or undefined for events that say nothing new (`planned`). */
export function describeEvent(event: EngineEvent): EventRecord | undefined {
  const info = (message: string, node: string | null = null, group: string | null = null): EventRecord => ({ level: 'info', node, group, message });
  switch (event.type) {
    case 'planned':
    case 'launch':
      // The node lines tell the story; launches serve the timeline.
      return undefined;
    case 'phase':
      return info(`phase ${event.phase}: ${PHASE_TEXT[event.phase]}`);
    case 'node':
      return { ...info(`node ${event.node} ${event.status}${event.detail ? ` ${event.detail}` : ''}`, event.node, event.group || null), ...(event.status === 'failed' ? { level: 'error' } : {}) };
    case 'pod':
      return info(`pod ${event.pod} ${event.status}${event.detail ? `: ${event.detail}` : ''}`, event.node, event.group || null);
    case 'replacement':
      return info(`new node ${event.node} (${event.group}, ${event.zone}) ${event.prepulled ? 'images pre-pulled' : 'ready'}`, event.node, event.group);
    case 'warning':
      return { level: 'warning', node: null, group: null, message: `warning: ${event.message}` };
    case 'finished':
      return { ...info(`roll ${event.result.outcome}`), ...(event.result.outcome === 'failed' ? { level: 'error' } : {}) };
    case 'rebalance':
      return info(`rebalance ${event.stage}${event.detail !== undefined ? `: ${event.detail}` : ''}`);
    case 'move':
      return info(`move ${event.id} ${event.pod} (${event.from} → ${event.toZone}) ${event.status}${event.detail !== undefined ? `: ${event.detail}` : ''}`, event.from);
    case 'cordon':
      return info(`node ${event.node} ${event.cordoned ? 'cordoned while a pod moves' : 'uncordoned'}`, event.node);
  }
}

/** One line for an event, stamped with seconds since `origin`, or undefined for events that say nothing new. */
export function formatEventLine(event: EngineEvent, origin: number): string | undefined {
  const record = describeEvent(event);
  if (!record) return undefined;
  return `[+${Math.max(0, Math.round(event.at - origin))}s] ${record.message}`;
}

/**
 * One JSON object for an event (`--log-format json`), or undefined for events that say nothing new. Every key is
 * always there (`node` and `group` null where the event has none); `time` is ISO 8601 (virtual on a simulator).
 */
export function formatEventJson(event: EngineEvent): string | undefined {
  const record = describeEvent(event);
  if (!record) return undefined;
  return JSON.stringify({ time: new Date(event.at * 1000).toISOString(), level: record.level, event: event.type, node: record.node, group: record.group, message: record.message });
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
    private readonly options: { drain: boolean; format?: LogFormat } = { drain: false },
  ) {}

  readonly listener = (event: EngineEvent): void => {
    if (event.type === (this.options.drain ? 'phase' : 'pod')) return;
    this.origin ??= event.at;
    const line = this.options.format === 'json' ? formatEventJson(event) : formatEventLine(event, this.origin);
    if (line !== undefined) this.out.write(`${line}\n`);
  };
}
