// The progress view a roll gets, as chosen by chooseRenderer: all three listen to engine events only.
import type { RollPlan } from '../core/plan.js';
import type { EngineEvent } from '../engine/api.js';
import { LinesProgress } from './progress-lines.js';
import { ListrProgress } from './progress-listr.js';
import type { RendererKind } from './renderer.js';

export interface Progress {
  listener: (event: EngineEvent) => void;
  start(): void;
  /** Finishes the view; safe to call on any outcome, also after an error. */
  stop(): Promise<void>;
}

/** `rebalance`: the roll runs a rebalance as its last phase (the live view shows it). */
export function createProgress(kind: RendererKind, plan: RollPlan, stream: NodeJS.WriteStream, options: { rebalance?: boolean } = {}): Progress {
  switch (kind) {
    case 'listr': {
      const view = new ListrProgress(plan, stream, options);
      return { listener: neverThrows(view.listener), start: () => view.start(), stop: () => view.stop() };
    }
    case 'lines':
    case 'json-lines': {
      const lines = new LinesProgress(stream, { drain: false, format: kind === 'json-lines' ? 'json' : 'text' });
      return { listener: lines.listener, start: () => undefined, stop: async () => undefined };
    }
    case 'silent':
      return { listener: () => undefined, start: () => undefined, stop: async () => undefined };
  }
}

/** A rebalance on its own: one line per event (stages, moves, cordons) on a terminal too, or nothing. */
export function createRebalanceProgress(kind: RendererKind, stream: NodeJS.WriteStream): Progress {
  if (kind === 'silent') return { listener: () => undefined, start: () => undefined, stop: async () => undefined };
  const lines = new LinesProgress(stream, { drain: false, format: kind === 'json-lines' ? 'json' : 'text' });
  return { listener: lines.listener, start: () => undefined, stop: async () => undefined };
}

/**
 * The engine calls listeners inline and requires that they never throw: a drawing problem must not break a
 * roll. The live view is the one listener with a third-party library underneath, so it is guarded.
 */
function neverThrows(listener: (event: EngineEvent) => void): (event: EngineEvent) => void {
  return (event) => {
    try {
      listener(event);
    } catch {
      // the result and its summary still report everything; a stale line in the live view is harmless
    }
  };
}
