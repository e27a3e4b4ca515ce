import { expect } from 'vitest';
import { isLadderError, LadderError } from '../../src/core/errors.js';

/** The LadderError thrown by fn (fails the test when nothing, or something else, is thrown). */
export function thrown(fn: () => unknown): LadderError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LadderError);
    return e as LadderError;
  }
  throw new Error('expected a LadderError, nothing was thrown');
}

/** The LadderError a promise rejects with (fails the test when it resolves, or rejects with something else). */
export async function rejection(p: Promise<unknown>): Promise<LadderError> {
  try {
    await p;
  } catch (e) {
    if (isLadderError(e)) return e;
    throw e;
  }
  throw new Error('expected a LadderError, but the call succeeded');
}
