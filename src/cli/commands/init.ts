import { existsSync } from 'node:fs';
import { readTextFile } from '../../source/read-file.js';
import { writeFileAtomic } from '../../source/write-atomic.js';
import path from 'node:path';
import type { Command } from 'commander';
import { readDrizzleConfigHints, renderInitialConfig } from '../../config/init.js';
import { CONFIG_FILE_NAME } from '../../config/load.js';
import { ExitCode, LadderError } from '../../core/errors.js';
import type { CliContext } from '../program.js';

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('write ladder.toml (a dev environment on embedded PGlite) and ignore .ladder/ in git')
    .addHelpText(
      'after',
      `
Reads out and migrations.table/schema from drizzle.config.ts when present.
Refuses to overwrite an existing ladder.toml.

Example:
  ladder init && ladder status`,
    )
    .action(() => {
      const out = ctx.output();
      const dir = process.cwd();
      const target = path.join(dir, CONFIG_FILE_NAME);
      if (existsSync(target)) {
        throw new LadderError(ExitCode.usage, `${CONFIG_FILE_NAME} already exists in ${dir}`, {
          file: CONFIG_FILE_NAME,
          hint: 'edit it, or remove it first to start over',
        });
      }
      const hints = readDrizzleConfigHints(dir);
      writeFileAtomic(target, renderInitialConfig(hints), { exclusive: true });
      const ignored = ensureGitignore(dir, '.ladder/');
      if (out.json) return out.document({ ok: true, file: target, gitignore: ignored, ...hints });
      out.line(`wrote ${CONFIG_FILE_NAME}${hints.out ? ` (migrations in ${hints.out}, from drizzle.config)` : ''}`);
      if (ignored) out.line('added .ladder/ to .gitignore');
      out.line('next: `ladder status` (the dev environment is an embedded PGlite database in .ladder/dev)');
    });
}

/** Add an entry to .gitignore unless it is there; returns whether it was added. */
function ensureGitignore(dir: string, entry: string): boolean {
  const file = path.join(dir, '.gitignore');
  const text = existsSync(file) ? readTextFile(file) : '';
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines.includes(entry) || lines.includes(entry.replace(/\/$/, ''))) return false;
  writeFileAtomic(file, `${text}${text.length > 0 && !text.endsWith('\n') ? '\n' : ''}${entry}\n`);
  return true;
}
