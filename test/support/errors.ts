// The one way tests catch an expected DextreError: it must be thrown, be a DextreError (with the code given),
// and is returned for further checks of its message. Nothing is asserted inside the catch.
import { expect } from 'vitest';
import { DextreError } from '../../src/core/errors.js';

export function dextreError(run: () => unknown, code?: string): DextreError {
  let caught: unknown;
  try {
    run();
  } catch (e: unknown) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DextreError);
  const error = caught as DextreError;
  if (code !== undefined) expect(error.code).toBe(code);
  return error;
}

/** A usage error: code USAGE, exit 2. */
export function usageError(run: () => unknown): DextreError {
  const error = dextreError(run, 'USAGE');
  expect(error.exitCode).toBe(2);
  return error;
}
