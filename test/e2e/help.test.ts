// Help that teaches: every command's --help lists the global options its
// examples use, -V prints the version, `help <command>` works and an unknown
// topic is named. The built CLI in a temp folder; no database.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runLadder } from '../helpers/project.js';

const GLOBAL = ['-e, --env <names>', '--config <path>', '--json', '--verbose', '-V, --version'];
const COMMANDS = ['init', 'new', 'import', 'status', 'try', 'untry', 'retry', 'reset', 'commit', 'uncommit', 'migrate', 'baseline', 'verify', 'bundle'];

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-help-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('help', () => {
  it.each(COMMANDS)('`%s --help` lists the global options', async (command) => {
    const r = await runLadder(dir, [command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: ladder ${command}`);
    const global = r.stdout.slice(r.stdout.indexOf('Global Options:'));
    expect(r.stdout).toContain('Global Options:');
    for (const option of GLOBAL) expect(global).toContain(option);
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
