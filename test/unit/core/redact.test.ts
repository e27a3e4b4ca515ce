import { describe, expect, it } from 'vitest';
import { redactSecrets as redact } from '../../../src/core/redact.js';

describe('redactSecrets with safe strings', () => {
  const display = 'postgres://postgres:***@127.0.0.1:5432/postgres';

  it('replaces the secret everywhere outside the known-safe display', () => {
    const line = `error: production: cannot connect (${display}): the server said postgres is wrong`;
    expect(redact(line, ['postgres'], [display])).toBe(
      `error: production: cannot connect (${display}): the server said *** is wrong`,
    );
  });

  it('without a safe string, errs on hiding', () => {
    expect(redact(`target ${display}`, ['postgres'])).toBe('target ***://***:***@127.0.0.1:5432/***');
  });

  it('a real password is gone, raw and URL-encoded, in any text', () => {
    const text = 'failed for "S3cr@t!" and S3cr%40t! in postgres://u:S3cr%40t!@h/db';
    expect(redact(text, ['S3cr@t!', 'S3cr%40t!'], ['postgres://u:***@h/db'])).not.toMatch(/S3cr/);
  });
});
