/**
 * The command line of a `ladder bundle` file: migrate, status, verify and
 * baseline, the same commands (cli/commands/*) as the ladder CLI, over the
 * project embedded in the file. No ladder.toml, no migrations folder, no
 * drizzle-kit or PGlite.
 */
import { ExitCode, LadderError } from '../core/errors.js';
import { splitNames } from '../config/environments.js';
import type { GlobalFlags } from '../cli/output.js';
import { createProgram, runProgram } from '../cli/program.js';
import { registerBaseline } from '../cli/commands/baseline.js';
import { registerMigrate } from '../cli/commands/migrate.js';
import { registerStatus } from '../cli/commands/status.js';
import { registerVerify } from '../cli/commands/verify.js';
import type { EmbeddedProject } from '../api/context.js';
import type { EmbeddedData } from './data.js';

export interface BundleCliOptions {
  data: EmbeddedData;
  /** runs before any command's action: hash-checks the embedded migrations, and returns the project they make */
  prepare(): EmbeddedProject;
}

export async function bundleMain(argv: string[], opts: BundleCliOptions): Promise<number> {
  const { data } = opts;
  const envNames = Object.keys(data.config.environments);
  const last = data.migrations.at(-1)?.id;
  const { program, ctx } = createProgram({
    name: 'ladder-bundle',
    description: `drizzle-ladder ${data.ladderVersion} bundle: ${data.migrations.length} committed migration(s)${last ? ` up to ${last}` : ''}, environments ${envNames.join(', ')}`,
    version: data.ladderVersion,
    versionHelp: 'print the version of drizzle-ladder that built this bundle',
    config: false,
    jsonHelp: 'write one JSON document to stdout',
    after: `This file carries its migrations and the environments of ladder.toml
({ env = "NAME" } values are read from the environment when it runs).

Examples:
  node ${scriptName()} migrate -e production
  node ${scriptName()} status -e production
  node ${scriptName()} verify --offline`,
  });
  program
    .hook('preAction', () => {
      refuseOmitted(data, program.opts<GlobalFlags>().env);
      ctx.embedded = opts.prepare();
    });
  registerStatus(program, ctx);
  registerMigrate(program, ctx);
  registerBaseline(program, ctx);
  registerVerify(program, ctx);
  return runProgram(program, ctx, argv);
}

/** A PGlite environment was left out at bundle time: say so instead of "not defined". */
function refuseOmitted(data: EmbeddedData, flag: string | undefined): void {
  const requested = splitNames([flag ?? process.env['LADDER_ENV'] ?? '']);
  for (const name of requested) {
    const omitted = data.omittedEnvironments.find((o) => o.name === name);
    if (omitted) {
      throw new LadderError(ExitCode.usage, `environment ${name} is not in this bundle: ${omitted.reason}`, {
        environment: name,
        hint: `this bundle carries: ${Object.keys(data.config.environments).join(', ')}`,
      });
    }
  }
}

function scriptName(): string {
  const file = process.argv[1] ?? 'ladder-bundle.mjs';
  return file.split(/[\\/]/).pop() ?? file;
}
