/**
 * The `ladder` command line. Commands are registered from cli/commands/*,
 * each a thin layer over the public API (src/index.ts).
 */
import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { ExitCode, LadderError } from '../core/errors.js';
import { createOutput, renderError, type GlobalFlags, type Output } from './output.js';
import { registerCommands } from './commands/index.js';
import type { EmbeddedProject } from '../api/context.js';

/** Read when the full CLI starts, not on import: the bundle imports runProgram and has no package.json. */
function packageVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

export interface CliContext {
  /** the global flags, read when the action runs */
  flags(): GlobalFlags;
  output(): Output;
  /** a command that printed its result but must not exit 0 (status showing integrity problems) */
  exitCode?: number;
  /** a bundle file's project (set before its command runs), handed to the API with every call */
  embedded?: EmbeddedProject;
}

/** What differs between the two programs built on this setup: `ladder` and a bundle file. */
export interface ProgramSetup {
  name: string;
  description: string;
  version: string;
  versionHelp: string;
  /** --config is offered only where there is a ladder.toml to find */
  config: boolean;
  jsonHelp: string;
  /** help text after the options: workflow or examples, and the exit codes */
  after: string;
}

/**
 * A commander program with ladder's global options, help and error handling, and its
 * context. `ladder` (main below) and a bundle's CLI (bundle/cli.ts) are both built here,
 * so the two cannot drift apart in how they parse, help and fail.
 */
export function createProgram(setup: ProgramSetup): { program: Command; ctx: CliContext } {
  const program = new Command(setup.name);
  let output: Output | undefined;
  const ctx: CliContext = {
    flags: () => program.opts<GlobalFlags>(),
    output: () => (output ??= createOutput(program.opts<GlobalFlags>())),
  };
  program
    .description(setup.description)
    .version(setup.version, '-V, --version', setup.versionHelp)
    .addOption(new Option('-e, --env <names>', 'environment(s) to act on, comma separated (default: LADDER_ENV, then default_environments)'));
  if (setup.config) program.addOption(new Option('--config <path>', 'path of ladder.toml (default: searched upward from the current directory)'));
  program
    .addOption(new Option('--json', setup.jsonHelp))
    .addOption(new Option('--verbose', 'show stack traces on errors'))
    .showSuggestionAfterError(true)
    // every command's --help lists the global options too: the examples use them
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      // commander's own usage errors: one `error:` line, exit 2 (runProgram)
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(formatCommanderError(s)),
    })
    .addHelpText('after', `\n${setup.after}\n\nExit codes: 0 done, 1 database failure, 2 usage/config/refused, 3 integrity problem, 4 a fleet stopped early by its failure policy.`);
  return { program, ctx };
}

export async function main(argv: string[]): Promise<number> {
  const { program, ctx } = createProgram({
    name: 'ladder',
    description: 'Migration lifecycle and safe deploys for Drizzle ORM on PostgreSQL',
    version: packageVersion(),
    versionHelp: 'print the version',
    config: true,
    jsonHelp: 'write one JSON document to stdout (status, migrate, verify, baseline, commit)',
    after: `Workflow:
  npx drizzle-kit generate     write a migration (drizzle-kit)
  ladder try                   apply it to the dev database, with its revert file
  ladder retry                 after editing it: revert and apply again
  ladder commit                freeze it in drizzle/committed.toml
  ladder migrate -e production apply committed migrations, under a lock`,
  });
  registerCommands(program, ctx);
  return runProgram(program, ctx, argv);
}

/**
 * Parse and run, turning every outcome into an exit code: commander's usage
 * errors become exit 2 (not its 1) with ladder's `error:`/`hint:` lines, and
 * everything else goes to the one error renderer. Shared by the bundle's CLI.
 */
export async function runProgram(program: Command, ctx: CliContext, argv: string[]): Promise<number> {
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    refuseUnknownHelpTopic(program, argv.slice(2));
    await program.parseAsync(argv);
    return ctx.exitCode ?? ExitCode.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      if (e.code === 'commander.help' && e.exitCode === 0) return 0;
      // unknown command/option, missing argument: usage errors are exit 2, not commander's 1
      const usage =
        e.code === 'commander.help'
          ? // no command: commander printed the help to stderr; say what is wrong after it
            { message: 'no command given', hint: `run \`${program.name()} <command>\`; the commands are listed above (--help)` }
          : splitSuggestion(e.message.replace(/^error: /, ''));
      if (e.code === 'commander.help') {
        const out = ctx.output();
        out.info(`${out.paint.red('error:')} ${usage.message}`);
        if (usage.hint) out.info(`${out.paint.dim('hint:')} ${usage.hint}`);
      }
      if (program.opts<GlobalFlags>().json) ctx.output().document({ ok: false, error: { code: ExitCode.usage, ...usage } });
      return ExitCode.usage;
    }
    return renderError(ctx.output(), e);
  }
}

/** Global options that take a value: their value is not a command name. */
const VALUE_OPTIONS = new Set(['-e', '--env', '--config']);

/**
 * `ladder help nosuch`: commander would print the whole help and exit 2
 * without saying why; name the topic instead (exit 2, with a suggestion).
 */
function refuseUnknownHelpTopic(program: Command, args: string[]): void {
  const operands = args.filter((a, i) => !a.startsWith('-') && !VALUE_OPTIONS.has(args[i - 1] ?? ''));
  const [first, topic] = operands;
  if (first !== 'help' || topic === undefined) return;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (names.includes(topic)) return;
  // thrown before commander parses the flags: the error is rendered as --json asked
  if (args.includes('--json')) program.setOptionValue('json', true);
  const near = names.find((n) => n.startsWith(topic.slice(0, 3)) || topic.startsWith(n));
  throw new LadderError(ExitCode.usage, `no help topic "${topic}": it is not a ${program.name()} command`, {
    hint: near ? `did you mean ${near}? (${program.name()} help ${near})` : `the commands are listed by \`${program.name()} --help\``,
  });
}

/** commander's "error: unknown command 'migrat'\n(Did you mean migrate?)" as ladder prints errors. */
function formatCommanderError(s: string): string {
  const { message, hint } = splitSuggestion(s.replace(/^error: /, '').trimEnd());
  return `error: ${message}\n${hint ? `hint: ${hint}\n` : ''}`;
}

/** commander appends its suggestion as "\n(Did you mean x?)": make it a hint. */
function splitSuggestion(text: string): { message: string; hint?: string } {
  const m = /\s*\(Did you mean (.+?)\?\)\s*$/.exec(text);
  if (!m) return { message: text.trim() };
  return { message: text.slice(0, m.index).trim(), hint: `did you mean ${m[1]}?` };
}
