// The one renderer of errors: the environment in front comes from the error's data
// (`environment`), and --json errors carry `partial` in one shape.
import { describe, expect, it } from 'vitest';
import { createOutput, renderError } from '../../../src/cli/output.js';
import { ExitCode, LadderError, partialResult, type LadderErrorMeta } from '../../../src/core/errors.js';

function render(e: unknown, json = false): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const streams = {
    out: { isTTY: false, write: (s: string) => ((out += s), true) },
    err: { isTTY: false, write: (s: string) => ((err += s), true) },
  } as unknown as Parameters<typeof createOutput>[1];
  const code = renderError(createOutput({ json }, streams), e);
  return { code, out, err };
}

describe('renderError', () => {
  it.each<[string, string, LadderErrorMeta, string]>([
    ['an environment is put in front', '0001_x failed at statement 2', { environment: 'prod' }, 'error: prod: 0001_x failed at statement 2'],
    ['a message that happens to start with the name still gets it (data decides, not text)', 'prod: looks named', { environment: 'prod' }, 'error: prod: prod: looks named'],
    ['no environment, no prefix', 'no migrations folder', {}, 'error: no migrations folder'],
    ['a config error names it in its key: no prefix', 'ladder.toml:3: environments.ci.x: unknown key', { environment: 'ci', problems: [{ kind: 'config-unknown-key', message: 'x' }] }, 'error: ladder.toml:3: environments.ci.x: unknown key'],
  ])('%s', (_, message, meta, first) => {
    const r = render(new LadderError(ExitCode.database, message, meta));
    expect(r.err.split('\n')[0]).toBe(first);
  });

  it('--json: partial is { environments, current } whatever the command', () => {
    const e = new LadderError(ExitCode.database, 'x failed', { environment: 'prod', partial: partialResult({ applied: [{ id: '0000_a' }] }) });
    const r = render(e, true);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { ok: boolean; error: { environment: string; partial: unknown } };
    expect(doc.ok).toBe(false);
    expect(doc.error.environment).toBe('prod');
    expect(doc.error.partial).toEqual({ environments: [], current: { applied: [{ id: '0000_a' }] } });
  });
});
