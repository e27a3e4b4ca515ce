import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/core/duration.js';

describe('parseDuration (--lock-timeout)', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['90', 90_000],
    ['1.5s', 1_500],
    [' 10s ', 10_000],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 's', '10h', '-5s', '1e3', 'ten seconds', '5 s'])('%j is refused', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
