// The executable keeps one code cache per command name it knows: that list must be the program's commands.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../src/cli/command-names.js';
import { registerCommands } from '../../../src/cli/commands/index.js';
import type { CliContext } from '../../../src/cli/program.js';

describe('COMMAND_NAMES', () => {
  it('lists exactly the commands the program registers', () => {
    const program = new Command('ladder');
    registerCommands(program, {} as CliContext);
    expect([...COMMAND_NAMES].sort()).toEqual(program.commands.map((c) => c.name()).sort());
  });
});
