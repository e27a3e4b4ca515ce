import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { registerInit } from './init.js';
import { registerMigrate } from './migrate.js';
import { registerStatus } from './status.js';
import { registerVerify } from './verify.js';
import { registerAdopt } from './adopt.js';
import { registerBaseline } from './baseline.js';
import { registerBundle } from './bundle.js';
import { registerCommit } from './commit.js';
import { registerImport } from './import.js';
import { registerLint } from './lint.js';
import { registerNew } from './new.js';
import { registerTries } from './tries.js';
import { registerUp } from './up.js';
import { registerRollback } from './rollback.js';
import { registerSql } from './sql.js';

export function registerCommands(program: Command, ctx: CliContext): void {
  registerInit(program, ctx);
  registerNew(program, ctx);
  registerImport(program, ctx);
  registerStatus(program, ctx);
  registerTries(program, ctx);
  registerCommit(program, ctx);
  registerAdopt(program, ctx);
  registerMigrate(program, ctx);
  registerRollback(program, ctx);
  registerSql(program, ctx);
  registerBaseline(program, ctx);
  registerVerify(program, ctx);
  registerLint(program, ctx);
  registerBundle(program, ctx);
  registerUp(program, ctx);
}
