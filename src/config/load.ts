/**
 * The fs/env edge of config: find and read ladder.toml, parse it with smol-toml, and
 * resolve the active environments' variables. Every rule lives in validate.ts and environments.ts (pure);
 * this file only turns its problems into one LadderError(2) naming the file and lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { readTextFile } from '../source/read-file.js';
import { ExitCode, LadderError, problemsError, type Problem } from '../core/errors.js';
import { maskConfigText } from '../core/redact.js';
import { resolveEnvironment, selectEnvironmentNames } from './environments.js';
import { validateConfig, validateInlineConfig } from './validate.js';
import type { EnvironmentConfig, InlineConfig, LoadedConfig } from './types.js';

export const CONFIG_FILE_NAME = 'ladder.toml';

/** ladder.toml in `startDir` or the nearest parent directory that has one. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    // a FIFO or device named ladder.toml is found too, and refused by name when read (never opened blocking)
    const stat = fs.statSync(candidate, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Find, read, parse and validate ladder.toml (`configPath` is --config, relative to cwd).
 * Throws one LadderError(2) listing every problem.
 */
export function loadConfig(opts: { configPath?: string; cwd?: string } = {}): LoadedConfig {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const file = configFile(opts.configPath, cwd);
  const shown = shownPath(file, cwd);
  const text = readConfigText(file, shown);
  const parsed = parseToml(text, file, shown);
  const { config, problems } = validateConfig(parsed, text, path.dirname(file));
  if (!config || problems.length > 0) {
    throw configError(locateProblems(problems, file, shown), `${shown} has ${plural(problems.length, 'problem')}`, file);
  }
  config.config.configPath = file;
  return config;
}

/** The programmatic API's inline config: same rules as ladder.toml, camelCase keys. */
export function loadInlineConfig(inline: InlineConfig, cwd: string): LoadedConfig {
  const root = path.resolve(cwd, typeof inline?.root === 'string' ? inline.root : '.');
  const { config, problems } = validateInlineConfig(inline, root);
  if (!config || problems.length > 0) {
    throw configError(problems, `inline config has ${plural(problems.length, 'problem')}`);
  }
  return config;
}

/**
 * The environments a command runs in, with their {env} references resolved. Only the
 * active ones are resolved: a missing PGPASSWORD for production must not break `-e dev`.
 */
export function activeEnvironments(
  loaded: LoadedConfig,
  requested: string[] | undefined,
  processEnv: Record<string, string | undefined> = process.env,
): EnvironmentConfig[] {
  const { config, environments } = loaded;
  const selected = selectEnvironmentNames(
    config.environmentNames,
    config.defaultEnvironments,
    requested,
    processEnv['LADDER_ENV'],
  );
  const file = config.configPath;
  const shown = file === undefined ? undefined : shownPath(file, process.cwd());
  if (!selected.names) throw configError(selected.problems, 'no environment selected', file);

  const resolved: EnvironmentConfig[] = [];
  const problems: Problem[] = [];
  for (const name of selected.names) {
    const validated = environments[name];
    if (!validated) continue; // selectEnvironmentNames only returns declared names
    const result = resolveEnvironment(name, validated, processEnv);
    problems.push(...result.problems);
    const fleet = result.environment?.fleet;
    if (fleet?.control !== undefined) {
      // the query's database: another environment's, resolved here so its variables are checked with ours
      const control = environments[fleet.control];
      const key = `environments.${name}.fleet.control`;
      if (!control || control.fleet) {
        problems.push({
          kind: 'config-value',
          key,
          environment: name,
          message: `${key}: ${control ? `${fleet.control} is a fleet itself` : `no environment named ${fleet.control}`}`,
          hint: `name an environment that is one database: ${config.environmentNames.filter((n) => !environments[n]?.fleet).join(', ')}`,
        });
      } else {
        const c = resolveEnvironment(fleet.control, control, processEnv);
        problems.push(...c.problems);
        if (c.environment) result.environment!.fleet = { ...fleet, controlEnvironment: c.environment };
      }
    }
    if (result.environment) resolved.push(result.environment);
  }
  if (problems.length > 0) {
    const located = file === undefined || shown === undefined ? problems : locateProblems(problems, file, shown);
    throw configError(located, `${plural(problems.length, 'problem')} resolving environments`, file);
  }
  return resolved;
}

// ---------------------------------------------------------------------------

function configFile(configPath: string | undefined, cwd: string): string {
  if (configPath !== undefined) {
    const file = path.resolve(cwd, configPath);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      throw new LadderError(ExitCode.usage, `--config ${configPath}: ${file} is a directory, not a file`, {
        file,
        hint: `pass the path of the file, e.g. --config ${path.join(configPath, CONFIG_FILE_NAME)}`,
      });
    }
    if (!stat) {
      throw new LadderError(ExitCode.usage, `config file not found: ${file}`, { file });
    }
    return file;
  }
  const found = findConfigFile(cwd);
  if (found === undefined) {
    throw new LadderError(ExitCode.usage, `no ${CONFIG_FILE_NAME} found in ${cwd} or any parent directory`, {
      hint: 'run `ladder init` to create one, or pass --config <path>',
    });
  }
  return found;
}

function readConfigText(file: string, shown: string): string {
  try {
    // a BOM (Windows editors) is not TOML; drop it so lines and columns stay right
    return readTextFile(file).replace(/^\uFEFF/, '');
  } catch (e) {
    const reason = (e as { reason?: string }).reason;
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new LadderError(ExitCode.usage, reason ? `${shown} ${reason}` : `cannot read ${shown}: ${code}`, { file }, e);
  }
}

function parseToml(text: string, file: string, shown: string): unknown {
  try {
    return parse(text);
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    // smol-toml's message is "Invalid TOML document: <reason>\n\n<code frame>"
    const reason = (e.message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '');
    // the frame shows the lines around the error: a password written there must not be (issue 14)
    const message = maskConfigText(`${shown}:${e.line}:${e.column}: TOML syntax error: ${reason}`);
    const problem: Problem = { kind: 'config-syntax', message, file, line: e.line };
    // not the parser's error as cause: its message holds the frame unmasked (--verbose prints causes)
    throw new LadderError(ExitCode.usage, message, { file, line: e.line, detail: maskConfigText(e.codeblock), problems: [problem] });
  }
}

/** Prefix each message with `ladder.toml:7: ` and set file (and line) on each problem. */
function locateProblems(problems: Problem[], file: string, shown: string): Problem[] {
  return problems.map((p) => ({
    ...p,
    file,
    message: `${shown}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`,
  }));
}

/**
 * problemsError for config: a single problem is the message itself (one line, as the spec
 * wants); several get a summary message and the list in `detail`, each with its hint.
 */
function configError(problems: Problem[], summary: string, file?: string): LadderError {
  const detail = problems.length > 1 ? problems.map((p) => `  ${p.message}${p.hint === undefined ? '' : ` (${p.hint})`}`).join('\n') : undefined;
  return problemsError(ExitCode.usage, problems, summary, { ...(file === undefined ? {} : { file }), ...(detail === undefined ? {} : { detail }) });
}

/** The path as the user would type it from cwd, when that is shorter. */
function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && rel.length < file.length ? rel : file;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
