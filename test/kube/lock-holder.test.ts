import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { holderProvablyDead, localHolder, type SignalZero } from '../../src/kube/client/lock-holder.js';

function errno(code: string): SignalZero {
  return () => {
    throw Object.assign(new Error(code), { code });
  };
}
const exists: SignalZero = () => undefined;

describe('holderProvablyDead', () => {
  it.each([
    ['a pid on this host that does not exist (ESRCH)', 'node-1/4242', errno('ESRCH'), true],
    ['a pid on this host run by another user (EPERM: it exists)', 'node-1/4242', errno('EPERM'), false],
    ['a pid on this host that exists', 'node-1/4242', exists, false],
    ['a pid on another host, even if no such pid here', 'node-2/4242', errno('ESRCH'), false],
    ['an identity without a pid', 'node-1', errno('ESRCH'), false],
    ['a pid that is not a number', 'node-1/abc', errno('ESRCH'), false],
    ['pid 0 (kill(0, 0) would signal our own group)', 'node-1/0', errno('ESRCH'), false],
  ])('%s', (_why, holder, signalZero, dead) => {
    expect(holderProvablyDead(holder, { hostname: 'node-1', signalZero })).toBe(dead);
  });

  it('asks about the pid the identity names', () => {
    const pids: number[] = [];
    holderProvablyDead('node-1/31337', { hostname: 'node-1', signalZero: (pid) => void pids.push(pid) });
    expect(pids).toEqual([31337]);
  });

  it('against the real process table: this process is alive, a child that exited is dead', async () => {
    expect(localHolder()).toBe(`${hostname()}/${process.pid}`);
    expect(holderProvablyDead(localHolder())).toBe(false);
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    expect(holderProvablyDead(`${hostname()}/${pid}`)).toBe(true);
  });
});
