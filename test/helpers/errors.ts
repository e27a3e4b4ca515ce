import { expect } from 'vitest';
import { LadderError } from '../../src/core/errors.js';

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
