import readline from 'node:readline';
import type { Command } from 'commander';
import { openSqlSession, sql, type SqlSession, type SqlStatementResult } from '../../api/sql.js';
import { splitSql } from '../../core/sql-split.js';
import { commonOptions, tag } from '../common.js';
import { renderError, type Output } from '../output.js';
import type { CliContext } from '../program.js';
import { formatTable } from '../table.js';

export function registerSql(program: Command, ctx: CliContext): void {
  program
    .command('sql [statement]')
    .description('run SQL against a development environment (PGlite included): a statement, stdin, or a prompt on a terminal')
    .option('--production', 'required in an is_production environment')
    .addHelpText(
      'after',
      `
Rows are printed as a table (--json: one JSON document). Each statement runs
on its own (autocommit). Without a statement: on a terminal, a prompt
(end statements with ;, quit with \\q or Ctrl-D); otherwise the statements
read from stdin, stopping at the first that fails.

Examples:
  ladder sql "select * from drizzle.__ladder_tries"
  ladder sql -e dev                          a prompt on the dev database
  ladder sql < inspect.sql`,
    )
    .action(async (statement: string | undefined, opts: { production?: boolean }) => {
      const out = ctx.output();
      const base = { ...commonOptions(ctx), production: opts.production };
      if (statement === undefined && process.stdin.isTTY && !out.json) {
        await prompt(ctx, await openSqlSession(base));
        return;
      }
      const text = statement ?? (await readStdin());
      const result = await sql({ ...base, text });
      if (out.json) return out.document({ ok: true, ...result });
      for (const r of result.results) print(out, r);
    });
}

function print(out: Output, r: SqlStatementResult): void {
  for (const l of formatTable(r.columns, r.rows)) out.line(l);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** psql-like: statements end with `;`, an error is shown and the prompt goes on. */
async function prompt(ctx: CliContext, session: SqlSession): Promise<void> {
  const out = ctx.output();
  out.info(`${tag(session.environment)} ${session.target}: end statements with ;  quit with \\q or Ctrl-D`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  let buffer = '';
  const setPrompt = () => rl.setPrompt(`${session.environment}${buffer.trim() ? '-' : '='}> `);
  setPrompt();
  rl.prompt();
  try {
    for await (const line of rl) {
      if (!buffer.trim() && /^\s*(\\q|quit|exit)\s*;?\s*$/.test(line)) break;
      buffer += `${line}\n`;
      const { statements, rest } = splitSql(buffer);
      buffer = rest.trim() ? rest : '';
      for (const s of statements) {
        try {
          print(out, await session.run(s));
        } catch (e) {
          renderError(out, e);
        }
      }
      setPrompt();
      rl.prompt();
    }
  } finally {
    rl.close();
    await session.close().catch(() => {});
  }
}
