import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/api.js';
import { formatEventJson, formatEventLine, LinesProgress } from '../../src/ui/progress-lines.js';
import { sampleResult, samplePlan } from './builders.js';

describe('formatEventLine', () => {
  it.each([
    [{ type: 'phase', at: 1000, phase: 'protecting' }, '[+0s] phase protecting: recording groups, suspending processes, surging new capacity'],
    [{ type: 'node', at: 1312, node: 'ip-10-0-1-1', group: 'workers-a', status: 'drained' }, '[+312s] node ip-10-0-1-1 drained'],
    [
      { type: 'node', at: 1400.4, node: 'ip-10-0-1-1', group: 'workers-a', status: 'replaced', detail: 'by ip-10-0-9-9' },
      '[+400s] node ip-10-0-1-1 replaced by ip-10-0-9-9',
    ],
    [
      { type: 'replacement', at: 1120, node: 'ip-10-0-9-9', group: 'workers-a', zone: 'eu-west-1b', ready: true, prepulled: false },
      '[+120s] new node ip-10-0-9-9 (workers-a, eu-west-1b) ready',
    ],
    [
      { type: 'replacement', at: 1180, node: 'ip-10-0-9-9', group: 'workers-a', zone: 'eu-west-1b', ready: true, prepulled: true },
      '[+180s] new node ip-10-0-9-9 (workers-a, eu-west-1b) images pre-pulled',
    ],
    [{ type: 'warning', at: 1500, message: 'image x failed to pull' }, '[+500s] warning: image x failed to pull'],
    [{ type: 'pod', at: 1005, node: 'n1', pod: 'app/web-1', status: 'evicting' }, '[+5s] pod app/web-1 evicting'],
    [
      { type: 'pod', at: 1010, node: 'n1', pod: 'app/web-1', status: 'refused', detail: 'PodDisruptionBudget web allows no disruption now; retrying in 5s' },
      '[+10s] pod app/web-1 refused: PodDisruptionBudget web allows no disruption now; retrying in 5s',
    ],
    [{ type: 'node', at: 1300, node: 'n1', group: 'g', status: 'terminated' }, '[+300s] node n1 terminated'],
    [{ type: 'finished', at: 2480, result: sampleResult() }, '[+1480s] roll succeeded'],
    [{ type: 'planned', at: 1000, plan: samplePlan() }, undefined],
    [{ type: 'rebalance', at: 1010, stage: 'moving', detail: 'moving pods, one per workload at a time' }, '[+10s] rebalance moving: moving pods, one per workload at a time'],
    [
      { type: 'move', at: 1042, id: 'm3', pod: 'shop/cart-1', workload: 'Deployment/shop/cart', from: 'ip-10-0-1-1', toZone: 'eu-west-1c', status: 'done', detail: 'landed on ip-10-0-3-1 (eu-west-1c)' },
      '[+42s] move m3 shop/cart-1 (ip-10-0-1-1 → eu-west-1c) done: landed on ip-10-0-3-1 (eu-west-1c)',
    ],
    [{ type: 'cordon', at: 1020, node: 'ip-10-0-1-1', cordoned: true }, '[+20s] node ip-10-0-1-1 cordoned while a pod moves'],
    [{ type: 'cordon', at: 1050, node: 'ip-10-0-1-1', cordoned: false }, '[+50s] node ip-10-0-1-1 uncordoned'],
  ] as [EngineEvent, string | undefined][])('%j', (event, line) => {
    expect(formatEventLine(event, 1000)).toBe(line);
  });
});

describe('LinesProgress', () => {
  it('stamps lines relative to the first event', () => {
    const out = new PassThrough();
    const progress = new LinesProgress(out);
    progress.listener({ type: 'phase', at: 50, phase: 'protecting' });
    progress.listener({ type: 'node', at: 80, node: 'n1', group: 'g', status: 'cordoned' });
    expect(String(out.read())).toBe('[+0s] phase protecting: recording groups, suspending processes, surging new capacity\n[+30s] node n1 cordoned\n');
  });

  it("a roll's lines leave pods out; a drain's show them and leave the roll's phases out", () => {
    const events: EngineEvent[] = [
      { type: 'phase', at: 50, phase: 'rolling' },
      { type: 'pod', at: 60, node: 'n1', group: 'g', pod: 'app/web-1', status: 'evicted' },
      { type: 'node', at: 80, node: 'n1', group: 'g', status: 'drained' },
    ];
    const roll = new PassThrough();
    const drain = new PassThrough();
    const rollView = new LinesProgress(roll);
    const drainView = new LinesProgress(drain, { drain: true });
    for (const e of events) {
      rollView.listener(e);
      drainView.listener(e);
    }
    expect(String(roll.read())).toBe('[+0s] phase rolling: draining and replacing nodes\n[+30s] node n1 drained\n');
    expect(String(drain.read())).toBe('[+0s] pod app/web-1 evicted\n[+20s] node n1 drained\n');
  });
});

describe('formatEventJson', () => {
  it('one object with every key, the message the text line prints, the level from the event', () => {
    const event: EngineEvent = { type: 'node', at: 1_767_225_912, node: 'ip-10-0-1-1', group: 'workers-a', status: 'replaced', detail: 'by ip-10-0-9-9' };
    expect(JSON.parse(formatEventJson(event) ?? '')).toEqual({
      time: '2026-01-01T00:05:12.000Z',
      level: 'info',
      event: 'node',
      node: 'ip-10-0-1-1',
      group: 'workers-a',
      message: (formatEventLine(event, event.at) ?? '').replace(/^\[\+0s\] /, ''),
    });
    expect(JSON.parse(formatEventJson({ type: 'warning', at: 0, message: 'image x failed to pull' }) ?? '')).toEqual({
      time: '1970-01-01T00:00:00.000Z', level: 'warning', event: 'warning', node: null, group: null, message: 'warning: image x failed to pull',
    });
    expect(JSON.parse(formatEventJson({ type: 'node', at: 0, node: 'n1', group: 'g', status: 'failed', detail: 'terminate refused' }) ?? '')).toMatchObject({ level: 'error' });
    expect(formatEventJson({ type: 'planned', at: 0, plan: samplePlan() })).toBeUndefined();
  });
});
