// The one way tests catch a usage error: it must be thrown, be a DextreError with code USAGE (exit 2),
// and is returned for further checks of its message. Nothing is asserted inside the catch.
import { expect } from 'vitest';
import { DextreError } from '../../src/core/errors.js';

export function usageError(run: () => unknown): DextreError {
  let caught: unknown;
  try {
    run();
  } catch (e: unknown) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DextreError);
  const error = caught as DextreError;
  expect(error.code).toBe('USAGE');
  expect(error.exitCode).toBe(2);
  return error;
}
