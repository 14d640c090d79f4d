import { describe, expect, it } from 'vitest';
import { statusView } from '../../src/core/status/view.js';
import { formatStatus } from '../../src/ui/format-status.js';
import { T0 } from '../core/roll/harness.js';
import { lock, waitingOnPdb } from '../core/status/states.js';

describe('formatStatus', () => {
  it('a running roll: summary, live lock with its expiry, progress unknown, groups, nodes, and the PDB wait with its age', () => {
    const text = formatStatus(statusView('test', waitingOnPdb(), lock, T0 + 120));
    expect(text.split('\n')[0]).toBe('Roll r1 of cluster test is running in laptop/4242 (phase rolling).');
    expect(text).toContain('Lock: held by laptop/4242, last renewed 2026-01-01T00:01:40Z (20s ago); TTL 60s, frees itself in 40s unless renewed.');
    expect(text).toContain('Progress: 0/1 node done; time left unknown (no node finished yet).');
    expect(text).toMatch(/ng\s+0\/1\s+1\s+1\s+1\/6\/2\s+1\/6\/1/);
    expect(text).toMatch(/old-0\s+ng\s+a\s+draining\s+0\s+1\s+new-0/);
    expect(text).toContain('eviction refused 1 time(s) by PodDisruptionBudget web-pdb; it is tried again until the drain timeout, since 2026-01-01T00:01:32Z (28s ago)');
  });

  it('a stale lock says so; no journal says so', () => {
    expect(formatStatus(statusView('test', waitingOnPdb(), lock, T0 + 400))).toContain('STALE: not renewed within its TTL of 60s');
    expect(formatStatus(statusView('prod', undefined, undefined, T0))).toBe('No roll has been journaled on cluster prod.\n\nLock: free (no dextre holds it).');
  });
});
