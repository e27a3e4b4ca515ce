// `[lint] allow` in ladder.toml (config/schema.ts).
import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { validateConfig, validateInlineConfig } from '../../../src/config/validate.js';

const ROOT = path.resolve('/proj');
const check = (toml: string) => validateConfig(parse(toml), toml, ROOT);

describe('[lint] in ladder.toml', () => {
  it('reads allow', () => {
    const r = check('[lint]\nallow = ["prefer-identity", "0003_x:transaction-control"]\n');
    expect(r.problems).toEqual([]);
    expect(r.config!.config.lint).toEqual({ allow: ['prefer-identity', '0003_x:transaction-control'] });
  });

  it('is optional', () => {
    expect(check('').config!.config.lint).toBeUndefined();
  });

  it.each([
    ['lint = 1\n', 'lint: expected a table'],
    ['[lint]\nallow = "prefer-identity"\n', 'lint.allow: expected an array of rule names'],
    ['[lint]\nallow = [1]\n', 'lint.allow: expected an array of rule names'],
    ['[lint]\nallwo = []\n', 'lint.allwo: unknown key'],
  ])('refuses %j', (toml, message) => {
    const r = check(toml);
    expect(r.config).toBeUndefined();
    expect(r.problems.map((p) => p.message).join('\n')).toContain(message);
  });

  it('is `lint` in the inline config too', () => {
    const r = validateInlineConfig({ environments: {}, lint: { allow: ['prefer-identity'] } }, ROOT);
    expect(r.config!.config.lint).toEqual({ allow: ['prefer-identity'] });
  });
});
