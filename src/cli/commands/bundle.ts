import path from 'node:path';
import type { Command } from 'commander';
import { plural } from '../common.js';
import type { CliContext } from '../program.js';

export function registerBundle(program: Command, ctx: CliContext): void {
  program
    .command('bundle')
    .description('write one file that runs migrate/status/verify/baseline with plain node: no node_modules, no migrations folder')
    .requiredOption('--out <file>', 'the file to write, e.g. dist/migrate.mjs (a symlink is written through)')
    .option('--allow-literal-secrets', 'carry a password written in ladder.toml (refused by default: use { env = "NAME" })')
    .addHelpText(
      'after',
      `
The file carries ladder's runtime with its PostgreSQL driver (postgres.js),
the committed migrations (hash-checked when it starts) and the
environments of ladder.toml ({ env = "NAME" } stays a reference, read when the
file runs). Uncommitted migrations and PGlite environments are left out.
-e limits the environments carried. Needs esbuild (a dev dependency) to build,
nothing to run.

Examples:
  ladder bundle --out dist/migrate.mjs
  ladder bundle -e production --out dist/migrate.mjs
  node dist/migrate.mjs migrate -e production     in the image, as a release step
  node dist/migrate.mjs status -e production`,
    )
    .action(async (opts: { out: string; allowLiteralSecrets?: boolean }) => {
      const out = ctx.output();
      const flags = ctx.flags();
      // loaded only here: the other commands never pay for the bundler's code
      const { bundleProject } = await import('../../bundle/build.js');
      const result = await bundleProject({ config: flags.config, env: flags.env, out: opts.out, allowLiteralSecrets: opts.allowLiteralSecrets });
      if (out.json) return out.document({ ok: true, ...result });
      const shown = path.relative(process.cwd(), result.file) || result.file;
      out.line(
        `wrote ${shown} (${formatBytes(result.bytes)}): ${plural(result.migrations, 'committed migration')}` +
          `${result.last ? ` up to ${result.last}` : ''}; environments: ${result.environments.join(', ')}`,
      );
      for (const o of result.omitted) out.info(`left out environment ${o.name}: ${o.reason}`);
      if (!/\.mjs$/i.test(result.file)) {
        out.info(
          `note: ${path.basename(result.file)} is ESM; Node.js 20 runs it as ESM only when named .mjs or next to a package.json with "type": "module"`,
        );
      }
      out.line(`run: node ${shown} migrate${result.environments.length > 1 ? ` -e ${result.environments[0]}` : ''}`);
    });
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}
