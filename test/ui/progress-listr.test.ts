import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/api.js';
import { createProgress } from '../../src/ui/progress.js';
import { samplePlan } from './builders.js';

/** A stand-in terminal on stderr: what the live view draws, ANSI codes stripped. */
function terminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = Object.assign(new PassThrough(), { columns: 200, rows: 60, isTTY: true }) as unknown as NodeJS.WriteStream;
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  // eslint-disable-next-line no-control-regex
  return { stream, text: () => out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the live listr2 view', () => {
  it('follows the engine events to the end: each node with its replacement and zone', async () => {
    const term = terminal();
    const progress = createProgress('listr', samplePlan(), term.stream);
    progress.start();
    const events: EngineEvent[] = [
      { type: 'phase', at: 0, phase: 'rolling' },
      { type: 'replacement', at: 1, node: 'ip-new-1', group: 'workers-a', zone: 'eu-west-1c', ready: true, prepulled: false },
      { type: 'node', at: 2, node: 'ip-10-0-1-1', group: 'workers-a', status: 'cordoned' },
      { type: 'node', at: 3, node: 'ip-10-0-1-1', group: 'workers-a', status: 'draining' },
      { type: 'node', at: 4, node: 'ip-10-0-1-1', group: 'workers-a', status: 'replaced', detail: 'by ip-new-1' },
      { type: 'node', at: 5, node: 'ip-10-0-2-2', group: 'workers-a', status: 'failed' },
      { type: 'phase', at: 6, phase: 'restoring' },
      { type: 'phase', at: 7, phase: 'finished' },
    ];
    for (const event of events) {
      progress.listener(event);
      await tick();
    }
    await progress.stop();
    const text = term.text();
    expect(text).toContain('ip-10-0-1-1 (workers-a, eu-west-1a)  replaced → ip-new-1 (eu-west-1c)');
    expect(text).toContain('ip-10-0-2-2 (workers-a, eu-west-1b)  failed');
    expect(text).toContain('Restore groups and clean up');
  });

  it('stops without hanging when the roll ends early (an engine error): every task is settled', async () => {
    const term = terminal();
    const progress = createProgress('listr', samplePlan(), term.stream);
    progress.start();
    progress.listener({ type: 'phase', at: 0, phase: 'rolling' });
    await progress.stop();
    expect(term.text()).toContain('Replace 2 nodes');
  });

  it('shows the rebalance as the roll\'s last task, its moves as they go, and how it ended', async () => {
    const term = terminal();
    const progress = createProgress('listr', samplePlan(), term.stream, { rebalance: true });
    progress.start();
    const events: EngineEvent[] = [
      { type: 'phase', at: 0, phase: 'rolling' },
      { type: 'node', at: 0, node: 'ip-10-0-1-1', group: 'workers-a', status: 'replaced', detail: 'by ip-new-1' },
      { type: 'node', at: 0, node: 'ip-10-0-2-2', group: 'workers-a', status: 'replaced', detail: 'by ip-new-2' },
      { type: 'phase', at: 0, phase: 'restoring' },
      { type: 'phase', at: 1, phase: 'finished' },
      { type: 'rebalance', at: 2, stage: 'moving', detail: 'moving pods' },
      { type: 'move', at: 3, id: 'm1', pod: 'shop/cart-1', from: 'ip-10-0-1-1', toZone: 'eu-west-1c', status: 'terminating' },
      { type: 'rebalance', at: 4, stage: 'finished', detail: 'succeeded' },
    ];
    for (const event of events) {
      progress.listener(event);
      await tick();
    }
    await progress.stop();
    const text = term.text();
    expect(text).toContain('m1 shop/cart-1 → eu-west-1c: terminating');
    expect(text).toContain('Rebalance succeeded');
  });

  it('skips the rebalance task when the roll ended without one', async () => {
    const term = terminal();
    const progress = createProgress('listr', samplePlan(), term.stream, { rebalance: true });
    progress.start();
    progress.listener({ type: 'phase', at: 0, phase: 'finished' });
    await tick();
    await progress.stop();
    expect(term.text()).toContain('Rebalance: not run (the roll did not succeed)');
  });

  it('never throws into the engine, whatever arrives', () => {
    const progress = createProgress('listr', samplePlan(), terminal().stream);
    expect(() => progress.listener({ type: 'node', at: 0, node: 'unknown', group: 'g', status: 'replaced' })).not.toThrow();
  });
});
