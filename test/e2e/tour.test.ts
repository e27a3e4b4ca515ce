// README's first command: `pnpm start` runs scripts/tour.mjs, the dev loop on
// a copy of the demo project against PGlite. A newcomer's first minute must
// not break: run it as they would and check what it says it did.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/project.js';

describe('the README tour (pnpm start)', () => {
  it('walks migrate, try, retry, untry, commit on PGlite and ends with every migration applied', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'tour.mjs')], { cwd: repoRoot, env, encoding: 'utf8', timeout: 170_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out).toBe(0);
    expect(out).toContain('[dev] 3 migrations applied');
    expect(out).toMatch(/0003_add_bio\s+tried \(stale\)/);
    expect(out).toContain('committed 0003_add_bio');
    expect(out).toMatch(/0003_add_bio\s+applied/);
    expect(out).toContain('4 applied');
    expect(out).not.toMatch(/error:/);
  }, 180_000);
});
