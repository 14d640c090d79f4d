import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTarget, type TargetRequest } from '../../src/config/target.js';
import { DextreError } from '../../src/core/errors.js';
import { FileJournal, MemoryJournal } from '../../src/engine/journal-file.js';

const cwd = mkdtempSync(join(tmpdir(), 'dextre-target-'));
const base: TargetRequest = { speed: 'max', cwd };

function failure(request: TargetRequest): DextreError | undefined {
  try {
    resolveTarget(request);
  } catch (e: unknown) {
    if (e instanceof DextreError) return e;
    throw e;
  }
  return undefined;
}

describe('resolveTarget', () => {
  it('--cluster demo is the built-in demo fixture, journaled in memory', () => {
    const target = resolveTarget({ ...base, cluster: 'demo' });
    expect(target.clusterName).toBe('demo');
    expect(target.journal).toBeInstanceOf(MemoryJournal);
    expect(target.journalPath).toBeUndefined();
    expect(target.simulationReport?.().pdbViolations).toBe(0);
  });

  it('--journal names a file, relative to the working directory', () => {
    const target = resolveTarget({ ...base, cluster: 'demo', journal: 'j/roll.json' });
    expect(target.journal).toBeInstanceOf(FileJournal);
    expect(target.journalPath).toBe(join(cwd, 'j', 'roll.json'));
  });

  it('an unknown cluster is a usage error (exit 2) that names the way forward', () => {
    const e = failure({ ...base, cluster: 'prod' });
    expect(e?.code).toBe('UNKNOWN_CLUSTER');
    expect(e?.exitCode).toBe(2);
    expect(e?.message).toContain('"prod"');
    expect(e?.message).toContain('--cluster demo');
    expect(e?.message).toContain('--sim FILE');
  });

  it('a missing fixture file is a configuration error (exit 2)', () => {
    const e = failure({ ...base, sim: 'nope.yaml' });
    expect(e?.exitCode).toBe(2);
    expect(e?.message).toContain(join(cwd, 'nope.yaml'));
  });

  it('no cluster at all is a usage error', () => {
    expect(failure(base)?.code).toBe('USAGE');
  });
});
