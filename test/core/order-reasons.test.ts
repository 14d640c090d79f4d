// Why each node stands where it does in the roll order: zone turns, the toe-dip, the pipeline window.
import { describe, expect, it } from 'vitest';
import { orderReasons, ordinal } from '../../src/core/order.js';
import { planRoll } from '../../src/core/planner.js';
import { cluster, rollOptions } from './builders.js';

describe('ordinal', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [102, '102nd'],
    [111, '111th'],
  ])('%i is %s', (n, text) => {
    expect(ordinal(n)).toBe(text);
  });
});

describe('orderReasons', () => {
  const nodes = [{ zone: 'a' }, { zone: 'b' }, { zone: 'a' }, { zone: 'b' }];

  it.each([
    [{ surge: 2, maxUnavailable: 0 }, 2],
    [{ surge: 1, maxUnavailable: 1 }, 2],
    [{ surge: 0, maxUnavailable: 0 }, 1],
  ])('with %j: zone turns count per zone, the first node is the toe-dip, the window is %i', (settings, window) => {
    const reasons = orderReasons('ng', nodes, settings);
    expect(reasons.map((r) => [r.position, r.zoneTurn, r.toeDip, r.window])).toStrictEqual([
      [1, 1, true, window],
      [2, 1, false, window],
      [3, 2, false, window],
      [4, 2, false, window],
    ]);
  });

  it('says why in words', () => {
    const [first, second] = orderReasons('ng', nodes, { surge: 2, maxUnavailable: 0 });
    expect(first?.message).toBe(
      "1st in group ng: a's 1st turn (zones take turns; the oldest node of a zone goes first); the toe-dip: its replacement launches alone and must be Ready and pre-pulled before the roll widens",
    );
    expect(second?.message).toBe(
      "2nd in group ng: b's 1st turn (zones take turns; the oldest node of a zone goes first); in the pipeline after the toe-dip: up to 2 of the group's nodes in flight at once (surge 2 + max-unavailable 0); it starts as soon as a slot frees",
    );
    expect(orderReasons('ng', nodes, { surge: 0, maxUnavailable: 1 })[0]?.message).toContain('it drains alone, before any replacement exists (no surge)');
  });

  it('is set on every planned node, per group', () => {
    const c = cluster();
    c.group('a');
    c.group('b');
    for (let i = 0; i < 3; i++) c.node(`a${i}`, { group: 'a', version: '6' });
    c.node('b0', { group: 'b', version: '6' });
    const plan = planRoll(c.view(), rollOptions());
    expect(plan.nodes.map((n) => [n.name, n.order?.position, n.order?.toeDip])).toStrictEqual([
      ['a0', 1, true],
      ['b0', 1, true],
      ['a1', 2, false],
      ['a2', 3, false],
    ]);
  });
});
