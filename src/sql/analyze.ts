/**
 * Reads a migration's statements with PostgreSQL's own parser (libpg_query
 * compiled to WASM, the `libpg-query` package) to decide its transaction mode
 * (core/modes.ts). The parser is a large WASM module, slow to load, so it is loaded only when
 * a migration's text has a word that could matter (needsParser): a no-op
 * deploy and plain drizzle-kit output never load it.
 */
import { ExitCode, LadderError } from '../core/errors.js';
import {
  classifyNode,
  decideMode,
  migrationDirectives,
  needsParser,
  planBlocks,
  type RunPlan,
  type SqlStatement,
} from '../core/modes.js';
import { isBlankStatement, splitStatements } from '../core/parse.js';

export type MigrationAnalysis = RunPlan;

interface Parser {
  parseSync(sql: string): { stmts?: { stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[] };
}

let parser: Promise<Parser> | undefined;

/** How long loading the parser took (ms), for docs/bench.md; undefined until loaded. */
export let parserLoadMs: number | undefined;

async function loadParser(): Promise<Parser> {
  parser ??= (async () => {
    const t0 = performance.now();
    const mod = (await import('libpg-query')) as unknown as Parser & { loadModule(): Promise<void> };
    await mod.loadModule();
    parserLoadMs = performance.now() - t0;
    return mod;
  })();
  return parser;
}

/** Split a breakpoint chunk into its statements with the parser's locations (bytes of UTF-8). */
export function statementsOfChunk(p: Parser, chunk: string, chunkIndex: number): SqlStatement[] {
  let stmts;
  try {
    stmts = p.parseSync(chunk).stmts ?? [];
  } catch {
    // not readable here (a syntax error, or newer syntax than the parser's):
    // sent whole and one at a time; the server says what is wrong
    return [{ chunk: chunkIndex, offset: 0, text: chunk, kind: 'unknown' }];
  }
  const bytes = Buffer.from(chunk, 'utf8');
  const out: SqlStatement[] = [];
  for (const s of stmts) {
    const from = s.stmt_location ?? 0;
    const to = s.stmt_len ? from + s.stmt_len : bytes.length;
    const text = bytes.subarray(from, to).toString('utf8');
    if (isBlankStatement(text)) continue;
    const offset = bytes.subarray(0, from).toString('utf8').length;
    out.push({ chunk: chunkIndex, offset, text, ...classifyNode(s.stmt) });
  }
  return out;
}

/**
 * The mode of one migration, and its statements when the mode runs them one
 * by one. Throws LadderError(2) for a migration ladder refuses to run (COPY
 * FROM STDIN...), before anything runs.
 */
export async function analyzeMigration(
  m: { id: string; sql: string; sqlPath: string },
  /** run it as `-- ladder:no-transaction` whatever its header says (the revert of such a migration) */
  force?: { noTransaction?: boolean },
): Promise<MigrationAnalysis> {
  const directives = migrationDirectives(m.sql);
  if (force?.noTransaction) directives.noTransaction = true;
  if (directives.problems.length > 0) {
    throw new LadderError(ExitCode.usage, `${m.id}: ${directives.problems[0]!}`, { migration: m.id, file: m.sqlPath });
  }
  if (!needsParser(m.sql, directives)) return { mode: 'transaction', directives };
  const p = await loadParser();
  const statements = splitStatements(m.sql).flatMap((chunk, i) => (isBlankStatement(chunk) ? [] : statementsOfChunk(p, chunk, i)));
  const decision = decideMode(directives, statements);
  if (decision.refused) {
    const r = decision.refused;
    throw new LadderError(ExitCode.usage, `${m.id} is refused (statement ${r.statement + 1}, ${m.sqlPath}): ${r.reason}`, {
      migration: m.id,
      file: m.sqlPath,
      hint: r.hint,
    });
  }
  const mode = decision.mode;
  if (mode === 'transaction') return { mode, directives };
  return { mode, directives, statements, blocks: planBlocks(mode, statements) };
}
