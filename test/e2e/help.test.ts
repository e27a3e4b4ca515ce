// Help that teaches: every command's --help lists the global options its
// examples use, -V prints the version, `help <command>` works and an unknown
// topic is named. The built CLI in a temp folder; no database.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runLadder } from '../helpers/project.js';

const GLOBAL = ['-e, --env <names>', '--config <path>', '--json', '--verbose', '-V, --version'];
/** at least these; every command `ladder --help` lists is checked */
const KNOWN = ['init', 'new', 'import', 'status', 'try', 'untry', 'retry', 'reset', 'commit', 'uncommit', 'migrate', 'baseline', 'verify', 'bundle'];

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-help-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('help', () => {
  it('every command\'s --help lists the global options', async () => {
    const top = await runLadder(dir, ['--help']);
    expect(top.code).toBe(0);
    const listed = top.stdout.slice(top.stdout.indexOf('Commands:'), top.stdout.indexOf('\n\n', top.stdout.indexOf('Commands:')));
    const commands = [...listed.matchAll(/^ {2}([a-z-]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(KNOWN));
    const helps = await Promise.all(commands.map((c) => runLadder(dir, [c, '--help'])));
    for (const [i, r] of helps.entries()) {
      expect(r.code, commands[i]).toBe(0);
      expect(r.stdout).toContain(`Usage: ladder ${commands[i]}`);
      expect(r.stdout, commands[i]).toContain('Global Options:');
      const global = r.stdout.slice(r.stdout.indexOf('Global Options:'));
      for (const option of GLOBAL) expect(global, `${commands[i]} --help`).toContain(option);
    }
  });

  it('-V and --version print the package version', async () => {
    const { version } = JSON.parse(await fs.readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['-V', '--version']) {
      const r = await runLadder(dir, [flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('`help <command>` shows that command; an unknown topic is named, exit 2', async () => {
    const ok = await runLadder(dir, ['help', 'migrate']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Usage: ladder migrate');
    const bad = await runLadder(dir, ['-e', 'dev', 'help', 'nosuch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: no help topic "nosuch": it is not a ladder command\nhint: the commands are listed by `ladder --help`\n');
    expect(bad.stdout).toBe('');
  });
});
