/**
 * How a migration runs, decided once from its statements (issue 13). Pure:
 * the statements come in already parsed (src/sql/parser.ts turns PostgreSQL's
 * own parse tree into SqlStatement), so every rule here is a table-driven
 * unit test.
 *
 * The rule every mode keeps: a failed statement is the last statement of its
 * migration that runs, and a migration is recorded as applied only when every
 * statement of it succeeded.
 */
import { parseDuration } from './duration.js';

/**
 * - transaction: one transaction, statements pipelined (nothing in it can end
 *   or revive the transaction, so after a failure the server refuses the rest);
 * - transaction-stepwise: one transaction, one statement at a time, stop at the
 *   first error (SAVEPOINT/ROLLBACK TO could revive an aborted transaction);
 * - no-transaction: `-- ladder:no-transaction`, statements one by one outside
 *   a transaction, with per-statement progress and resume;
 * - segmented: top-level BEGIN/COMMIT/ROLLBACK (the drizzle-orm#860 `COMMIT;`
 *   workaround): the transaction boundaries drizzle-orm gives it, with
 *   progress and resume as no-transaction.
 */
export type MigrationMode = 'transaction' | 'transaction-stepwise' | 'no-transaction' | 'segmented';

export type StatementKind =
  /** cannot change the transaction's state */
  | 'plain'
  /** BEGIN / START TRANSACTION */
  | 'begin'
  /** COMMIT / END */
  | 'commit'
  /** ROLLBACK / ABORT */
  | 'rollback'
  /** SAVEPOINT, RELEASE, ROLLBACK TO: could revive an aborted transaction */
  | 'savepoint'
  /** PREPARE TRANSACTION: hands the transaction to two-phase commit */
  | 'prepare-transaction'
  /** COPY ... FROM STDIN / TO STDOUT: needs data ladder does not feed */
  | 'copy-stdio'
  /** CREATE INDEX CONCURRENTLY, VACUUM...: "cannot run inside a transaction block" */
  | 'no-transaction-block'
  /** the parser could not read it: not provably safe (the server will say what is wrong) */
  | 'unknown';

export interface SqlStatement {
  /** index of its `--> statement-breakpoint` chunk */
  chunk: number;
  /** UTF-16 offset in the chunk where `text` starts */
  offset: number;
  text: string;
  kind: StatementKind;
  /** CREATE INDEX CONCURRENTLY's index, checked before a resume */
  index?: { schema?: string; name: string };
  /** DROP INDEX CONCURRENTLY's index (without IF EXISTS), checked before a resume */
  droppedIndex?: { schema?: string; name: string };
}

// --- the cheap prescan ------------------------------------------------------

/**
 * Words without which no statement can be anything but 'plain': when a
 * migration has none of them, its mode is `transaction` and the parser is not
 * loaded (a no-op deploy and plain drizzle-kit output never pay for it).
 * Matches in comments or strings only cost a parse.
 */
const MAY_MATTER =
  /\b(begin|start|commit|end|rollback|abort|savepoint|release|prepare|copy|concurrently|vacuum|reindex|cluster|database|tablespace|system|subscription)\b/i;

export function needsParser(sql: string, directives: MigrationDirectives): boolean {
  return directives.noTransaction || MAY_MATTER.test(sql);
}

// --- directives -------------------------------------------------------------

export interface MigrationDirectives {
  noTransaction: boolean;
  /** ms */
  lockTimeoutMs?: number;
  /** ms */
  statementTimeoutMs?: number;
  /** a directive line that could not be read */
  problems: string[];
}

/**
 * `-- ladder:no-transaction`, `-- ladder:lock-timeout 30s`,
 * `-- ladder:statement-timeout 10m`: comment lines at the top of the file
 * (before the first line that is not a comment or blank).
 */
export function migrationDirectives(sql: string): MigrationDirectives {
  const d: MigrationDirectives = { noTransaction: false, problems: [] };
  const body = sql.charCodeAt(0) === 0xfeff ? sql.slice(1) : sql;
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('--')) break;
    const m = /^--\s*ladder:([a-z-]+)(?:\s+(.*))?$/.exec(line);
    if (!m) continue;
    const [, name, arg] = m;
    if (name === 'no-transaction') d.noTransaction = true;
    else if (name === 'lock-timeout' || name === 'statement-timeout') {
      const ms = arg === undefined ? undefined : parseTimeout(arg);
      if (ms === undefined) d.problems.push(`-- ladder:${name} ${arg ?? ''}: not a duration (e.g. 30s, 10m, 0 for none)`.trim());
      else if (name === 'lock-timeout') d.lockTimeoutMs = ms;
      else d.statementTimeoutMs = ms;
    }
  }
  return d;
}

/** A timeout setting: a duration, or `0`/`off` for none. */
export function parseTimeout(text: string): number | undefined {
  const t = text.trim();
  if (t === 'off' || t === '0') return 0;
  return parseDuration(t);
}

// --- classification from PostgreSQL's parse tree ------------------------------

type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (v && typeof v === 'object' ? (v as Node) : {});

/** The kind of one parsed statement (`stmt` of libpg_query's JSON: `{ TransactionStmt: {...} }`). */
export function classifyNode(stmt: Node): Pick<SqlStatement, 'kind' | 'index' | 'droppedIndex'> {
  const [type, body] = Object.entries(stmt)[0] ?? ['', {}];
  const n = obj(body);
  switch (type) {
    case 'TransactionStmt':
      switch (n.kind) {
        case 'TRANS_STMT_BEGIN':
        case 'TRANS_STMT_START':
          return { kind: 'begin' };
        case 'TRANS_STMT_COMMIT':
          return { kind: 'commit' };
        case 'TRANS_STMT_ROLLBACK':
          return { kind: 'rollback' };
        case 'TRANS_STMT_SAVEPOINT':
        case 'TRANS_STMT_RELEASE':
        case 'TRANS_STMT_ROLLBACK_TO':
          return { kind: 'savepoint' };
        case 'TRANS_STMT_PREPARE':
          return { kind: 'prepare-transaction' };
        default:
          // COMMIT PREPARED / ROLLBACK PREPARED
          return { kind: 'no-transaction-block' };
      }
    case 'CopyStmt':
      // no file and no PROGRAM: the data goes through the client
      return n.filename === undefined && !n.is_program ? { kind: 'copy-stdio' } : { kind: 'plain' };
    case 'IndexStmt': {
      if (!n.concurrent) return { kind: 'plain' };
      const rel = obj(n.relation);
      const name = typeof n.idxname === 'string' ? n.idxname : undefined;
      const schema = typeof rel.schemaname === 'string' ? rel.schemaname : undefined;
      return { kind: 'no-transaction-block', index: name === undefined ? undefined : { schema, name } };
    }
    case 'DropStmt': {
      if (!n.concurrent) return { kind: 'plain' };
      // DROP INDEX CONCURRENTLY takes one index; IF EXISTS needs no check on a resume
      const objects = Array.isArray(n.objects) ? n.objects : [];
      const names = objects.length === 1 ? (obj(obj(objects[0]).List).items as unknown[] | undefined) : undefined;
      const parts = (names ?? []).map((i) => obj(obj(i).String).sval);
      if (n.removeType !== 'OBJECT_INDEX' || n.missing_ok || parts.length === 0 || parts.length > 2 || !parts.every((x) => typeof x === 'string')) {
        return { kind: 'no-transaction-block' };
      }
      const [schema, name] = parts.length === 2 ? (parts as [string, string]) : [undefined, parts[0] as string];
      return { kind: 'no-transaction-block', droppedIndex: schema === undefined ? { name } : { schema, name } };
    }
    case 'ReindexStmt': {
      const concurrently = Array.isArray(n.params) && n.params.some((p) => obj(obj(p).DefElem).defname === 'concurrently');
      const wide = n.kind === 'REINDEX_OBJECT_SYSTEM' || n.kind === 'REINDEX_OBJECT_DATABASE';
      return { kind: concurrently || wide ? 'no-transaction-block' : 'plain' };
    }
    case 'VacuumStmt':
      // ANALYZE alone runs in a transaction; VACUUM never does
      return { kind: n.is_vacuumcmd ? 'no-transaction-block' : 'plain' };
    case 'ClusterStmt':
      return { kind: n.relation === undefined ? 'no-transaction-block' : 'plain' };
    case 'AlterTableStmt': {
      const detachConcurrently = Array.isArray(n.cmds) && n.cmds.some((c) => obj(obj(obj(obj(c).AlterTableCmd).def).PartitionCmd).concurrent);
      return { kind: detachConcurrently ? 'no-transaction-block' : 'plain' };
    }
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'AlterSystemStmt':
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
    case 'CreateSubscriptionStmt':
    case 'DropSubscriptionStmt':
      return { kind: 'no-transaction-block' };
    default:
      return { kind: 'plain' };
  }
}

// --- the mode -----------------------------------------------------------------

export type ModeDecision = { mode: MigrationMode; refused?: undefined } | { mode?: undefined; refused: { statement: number; reason: string; hint: string } };

/** The mode of a migration; or why it is refused before anything runs. */
export function decideMode(directives: MigrationDirectives, statements: SqlStatement[]): ModeDecision {
  for (const [i, s] of statements.entries()) {
    if (s.kind === 'copy-stdio') {
      return {
        refused: {
          statement: i,
          reason: 'COPY ... FROM STDIN / TO STDOUT: ladder does not feed COPY data',
          hint: 'write the rows as INSERT statements (pg_dump --inserts), or COPY from a file on the server',
        },
      };
    }
    if (s.kind === 'prepare-transaction') {
      return { refused: { statement: i, reason: 'PREPARE TRANSACTION: ladder does not run two-phase commit', hint: 'remove it from the migration' } };
    }
    if (directives.noTransaction && (s.kind === 'begin' || s.kind === 'commit' || s.kind === 'rollback')) {
      return {
        refused: {
          statement: i,
          reason: 'a -- ladder:no-transaction migration cannot contain BEGIN, COMMIT or ROLLBACK',
          hint: 'each statement already runs on its own; remove the transaction control',
        },
      };
    }
  }
  if (directives.noTransaction) return { mode: 'no-transaction' };
  if (statements.some((s) => s.kind === 'begin' || s.kind === 'commit' || s.kind === 'rollback')) return { mode: 'segmented' };
  if (statements.some((s) => s.kind === 'savepoint' || s.kind === 'unknown')) return { mode: 'transaction-stepwise' };
  return { mode: 'transaction' };
}

/** Modes that commit before the migration is done: they keep progress and resume. */
export function keepsProgress(mode: MigrationMode): boolean {
  return mode === 'no-transaction' || mode === 'segmented';
}

// --- blocks: what runs together -------------------------------------------------

/**
 * A run of statements [from, to) of the flat list:
 * - transaction: inside one transaction, which also writes the progress
 *   (or, for the last block, the tracking row);
 * - alone: outside any transaction (it cannot run in one); progress after;
 * - rolled-back: the user's ROLLBACK ends it: its statements run in a
 *   transaction that is rolled back; progress after.
 * Transaction control statements in a block are not sent: the block's
 * boundaries are where they were.
 */
export interface Block {
  from: number;
  to: number;
  kind: 'transaction' | 'alone' | 'rolled-back';
}

/** Statements that run as they are (transaction control is translated into block boundaries). */
export function isSent(kind: StatementKind): boolean {
  return kind !== 'begin' && kind !== 'commit' && kind !== 'rollback';
}

export function planBlocks(mode: MigrationMode, statements: SqlStatement[]): Block[] {
  const n = statements.length;
  if (mode === 'transaction' || mode === 'transaction-stepwise') return [{ from: 0, to: n, kind: 'transaction' }];
  const blocks: Block[] = [];
  const single = (i: number): Block => ({
    from: i,
    to: i + 1,
    // outside a transaction, SAVEPOINT & co fail on the server as they would under drizzle-orm
    kind: statements[i]!.kind === 'no-transaction-block' || statements[i]!.kind === 'savepoint' ? 'alone' : 'transaction',
  });
  if (mode === 'no-transaction') return statements.map((_, i) => single(i));
  // segmented: drizzle-orm runs the migration inside its own BEGIN; the
  // user's COMMIT ends that transaction, later statements autocommit until
  // the user's BEGIN opens the next, which ends at the user's COMMIT or at
  // the end of the migration (drizzle-orm's COMMIT).
  let open: number | undefined = 0;
  for (let i = 0; i < n; i++) {
    const kind = statements[i]!.kind;
    if (open !== undefined) {
      if (kind === 'commit' || kind === 'rollback') {
        blocks.push({ from: open, to: i + 1, kind: kind === 'commit' ? 'transaction' : 'rolled-back' });
        open = undefined;
      }
      // BEGIN inside a transaction: PostgreSQL only warns
    } else if (kind === 'begin') {
      open = i;
    } else if (kind === 'commit' || kind === 'rollback') {
      // outside a transaction PostgreSQL only warns: nothing runs, progress moves on
      blocks.push({ from: i, to: i + 1, kind: 'transaction' });
    } else {
      blocks.push(single(i));
    }
  }
  if (open !== undefined && open < n) blocks.push({ from: open, to: n, kind: 'transaction' });
  return blocks;
}

/** How one migration runs: its mode and, when it runs statement by statement, its statements and blocks. */
export interface RunPlan {
  mode: MigrationMode;
  directives: MigrationDirectives;
  /** parsed statements; undefined for a plain `transaction` migration, which runs its chunks as they are */
  statements?: SqlStatement[];
  blocks?: Block[];
}

/**
 * PGlite cannot build an index CONCURRENTLY ("tuple concurrently updated",
 * and the instance is unusable after): it is one session in one process, so
 * nothing could use the table meanwhile anyway. Its statement runs without
 * the word. Only for PGlite (a dev database), never for a server.
 */
export function withoutConcurrently(text: string): string {
  return text.replace(/\b(index|table)(\s+)concurrently\b\s*/i, '$1$2');
}

// --- --single-transaction -------------------------------------------------------

export interface PlannedMode {
  id: string;
  sql: string;
  mode: MigrationMode;
}

/**
 * Why a plan cannot run in one transaction, or undefined. A no-transaction or
 * segmented migration cannot; nor can an enum value added in one migration
 * and used in a later one (drizzle-orm#3466: "unsafe use of new value", the
 * new value is unusable until the transaction that added it commits).
 */
export function singleTransactionRefusal(plan: PlannedMode[]): { migration: string; reason: string } | undefined {
  for (const p of plan) {
    if (p.mode === 'no-transaction' || p.mode === 'segmented') {
      return { migration: p.id, reason: `${p.id} is a ${p.mode} migration: it cannot run inside one transaction` };
    }
  }
  const added: { id: string; value: string }[] = [];
  // a value added to a type created in the same transaction is usable at once
  const created = new Set<string>();
  for (const p of plan) {
    for (const a of added) {
      if (p.id !== a.id && containsLiteral(p.sql, a.value)) {
        return {
          migration: p.id,
          reason: `${a.id} adds the enum value '${a.value}' and ${p.id} uses it: PostgreSQL refuses a new enum value before the transaction that added it commits`,
        };
      }
    }
    for (const m of p.sql.matchAll(/\bcreate\s+type\s+((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)\s+as\s+enum\b/gi)) created.add(typeKey(m[1]!));
    for (const { type, value } of enumValuesAdded(p.sql)) if (!created.has(typeKey(type))) added.push({ id: p.id, value });
  }
  return undefined;
}

/** A type's name as written, without schema or quotes, for matching CREATE TYPE with ALTER TYPE. */
function typeKey(name: string): string {
  const last = name.split('.').pop()!.trim();
  return last.startsWith('"') ? last.slice(1, -1) : last.toLowerCase();
}

/** The types and values of `ALTER TYPE t ADD VALUE [IF NOT EXISTS] 'v'` in a migration. */
export function enumValuesAdded(sql: string): { type: string; value: string }[] {
  const re = /\balter\s+type\s+((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)\s+add\s+value\s+(?:if\s+not\s+exists\s+)?'((?:[^']|'')*)'/gi;
  return [...sql.matchAll(re)].map((m) => ({ type: m[1]!, value: m[2]!.replace(/''/g, "'") }));
}

function containsLiteral(sql: string, value: string): boolean {
  return sql.includes(`'${value.replace(/'/g, "''")}'`);
}
