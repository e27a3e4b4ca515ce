import type { Command } from 'commander';
import type { CliContext } from '../program.js';
import { registerInit } from './init.js';
import { registerMigrate } from './migrate.js';
import { registerStatus } from './status.js';
import { registerVerify } from './verify.js';
import { registerBaseline } from './baseline.js';
import { registerCommit } from './commit.js';

export function registerCommands(program: Command, ctx: CliContext): void {
  registerInit(program, ctx);
  registerStatus(program, ctx);
  registerCommit(program, ctx);
  registerMigrate(program, ctx);
  registerBaseline(program, ctx);
  registerVerify(program, ctx);
}
