import { describe, expect, it } from 'vitest';
import { ExitCode, problemsError, type Problem } from '../../../src/core/errors.js';

const modified: Problem = { kind: 'modified', message: '0002_x was modified', migration: '0002_x', file: 'drizzle/0002_x.sql', line: 3, hint: 'restore it', environment: 'prod' };
const unknown: Problem = { kind: 'unknown', message: '0009_y is unknown', migration: '0009_y' };

describe('problemsError: the one builder of an error from problems', () => {
  it.each<[string, Problem[], Record<string, unknown>, Record<string, unknown>]>([
    ['one problem is the message, with its location, hint and environment', [modified], { file: 'drizzle' },
      { message: '0002_x was modified', migration: '0002_x', file: 'drizzle/0002_x.sql', line: 3, hint: 'restore it', environment: 'prod' }],
    ['one problem without a file takes the fallback file', [unknown], { file: 'drizzle' },
      { message: '0009_y is unknown', migration: '0009_y', file: 'drizzle', line: undefined, hint: undefined }],
    ['the caller environment wins over the problem', [modified], { environment: 'staging' }, { environment: 'staging' }],
    ['several: the summary, the meta, no location borrowed from the first', [modified, unknown], { file: 'drizzle' },
      { message: '2 problems', migration: undefined, file: 'drizzle', line: undefined, hint: undefined, environment: undefined }],
  ])('%s', (_, problems, meta, expected) => {
    const e = problemsError(ExitCode.integrity, problems, '2 problems', meta);
    expect(e.code).toBe(ExitCode.integrity);
    expect(e.problems).toEqual(problems);
    for (const [key, value] of Object.entries(expected)) expect(e[key as keyof typeof e], key).toEqual(value);
  });
});
