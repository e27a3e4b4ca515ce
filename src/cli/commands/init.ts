import type { Command } from 'commander';
import { init } from '../../api/init.js';
import { CONFIG_FILE_NAME } from '../../config/load.js';
import type { CliContext } from '../program.js';

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('write ladder.toml (a dev environment on embedded PGlite) and ignore .ladder/ in git')
    .addHelpText(
      'after',
      `
Loads drizzle.config.ts as drizzle-kit does (its text when it cannot be
loaded) for out and migrations.table/schema. Refuses to overwrite an existing
ladder.toml.

Example:
  ladder init && npx drizzle-kit generate && ladder try`,
    )
    .action(async () => {
      const out = ctx.output();
      const r = await init();
      if (out.json) return out.document({ ok: true, ...r });
      const config = r.drizzleConfig;
      if (config?.read === 'text') {
        out.info(`note: could not load ${config.file} (${config.reason}); read its text instead`);
      }
      if (config && r.hints.unreadable?.includes('out')) {
        out.info(
          `warning: could not read \`out\` from ${config.file} (not a string ladder can evaluate here): migrations_directory = "${r.migrationsDirectory}"; edit ${CONFIG_FILE_NAME} if drizzle-kit writes elsewhere`,
        );
      }
      const from = r.hints.out !== undefined && config ? `, from ${config.file}` : '';
      out.line(`wrote ${CONFIG_FILE_NAME} (migrations in ${r.migrationsDirectory}${from}; dev environment: PGlite in .ladder/dev)`);
      if (r.gitignore) out.line('added .ladder/ to .gitignore');
      out.line(
        r.hasMigrations
          ? 'next: `ladder status` shows your migrations; `ladder try` applies the first uncommitted one to the dev database'
          : 'next: write a migration with `npx drizzle-kit generate`, then `ladder try` applies it to the dev database',
      );
    });
}
