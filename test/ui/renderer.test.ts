import { describe, expect, it } from 'vitest';
import { chooseRenderer, isCi, type RendererKind } from '../../src/ui/renderer.js';

describe('chooseRenderer', () => {
  it.each([
    // json   quiet  tty    ci     → renderer
    [false, false, true, false, 'listr'],
    [true, false, true, false, 'listr'],
    [false, false, false, false, 'lines'],
    [true, false, false, false, 'lines'],
    [false, false, true, true, 'lines'],
    [true, false, false, true, 'lines'],
    [false, true, true, false, 'silent'],
    [true, true, false, true, 'silent'],
  ] as [boolean, boolean, boolean, boolean, RendererKind][])('json=%s quiet=%s tty=%s ci=%s → %s', (json, quiet, isTTY, ci, kind) => {
    expect(chooseRenderer({ json, quiet, isTTY, ci })).toBe(kind);
  });

  it('--log-format json gives JSON lines on a terminal and off it; --quiet still silences it', () => {
    expect(chooseRenderer({ json: false, quiet: false, isTTY: true, ci: false, logFormat: 'json' })).toBe('json-lines');
    expect(chooseRenderer({ json: true, quiet: false, isTTY: false, ci: true, logFormat: 'json' })).toBe('json-lines');
    expect(chooseRenderer({ json: false, quiet: true, isTTY: false, ci: false, logFormat: 'json' })).toBe('silent');
    expect(chooseRenderer({ json: false, quiet: false, isTTY: false, ci: false, logFormat: 'text' })).toBe('lines');
  });
});

describe('isCi', () => {
  it.each([
    [{}, false],
    [{ CI: '' }, false],
    [{ CI: 'false' }, false],
    [{ CI: '0' }, false],
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'woodpecker' }, true],
  ] as [Record<string, string>, boolean][])('%j → %s', (env, ci) => {
    expect(isCi(env)).toBe(ci);
  });
});
