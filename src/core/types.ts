/**
 * Plain data shared by core/, source/, db/ and the API. No behaviour here.
 */
import type { Problem } from './errors.js';

/** One migration as found in the migrations folder (drizzle-kit's journal format today). */
export interface MigrationFile {
  /** the journal tag, e.g. "0000_init"; the migration's id everywhere */
  id: string;
  /** position in the journal (0-based) */
  index: number;
  /** the journal's `when` (ms since epoch); drizzle-orm stores it as created_at */
  when: number;
  /** path of the SQL file relative to the project root (for messages), e.g. "drizzle/0000_init.sql" */
  sqlPath: string;
  /** the SQL text (valid UTF-8, decoded) */
  sql: string;
  /** sha256 hex of the SQL file's bytes: the value drizzle-orm stores in its tracking table */
  hash: string;
  /** path of the revert file relative to the project root */
  revertPath: string;
  /** the revert file, or undefined when it does not exist */
  revert?: RevertFile;
  /** path of drizzle-kit's snapshot for this migration relative to the project root, when present */
  snapshotPath?: string;
}

export interface RevertFile {
  sql: string;
  hash: string;
  /** first line is `-- ladder:todo ...`: not written yet */
  todo: boolean;
  /** contains a line `-- ladder:irreversible` */
  irreversible: boolean;
}

/** One `[[migration]]` of committed.toml, in apply order. */
export interface CommittedEntry {
  id: string;
  hash: string;
  revertHash: string;
  fake: boolean;
  /** 1-based line of its `[[migration]]` header in committed.toml (for messages) */
  line?: number;
}

/** A row of drizzle's tracking table. */
export interface AppliedRow {
  id: number;
  hash: string;
  /** created_at: the journal's `when` of the migration, as drizzle-orm writes it */
  createdAt: number | null;
  /** drizzle-orm 1.0's `name` (the migration folder's name); null in a 0.x table or a 0.x row */
  name?: string | null;
}

/**
 * drizzle's tracking table: absent, 0.x's (id, hash, created_at), or 1.0's
 * (+ name, applied_at; drizzle-orm 1.0 decides what is pending by name).
 */
export type TrackingShape = 'none' | 'v0' | 'v1';

/** A row of __ladder_tries: an uncommitted migration applied by `ladder try`. */
export interface TryRow {
  migrationId: string;
  /** order of the tries, ascending */
  position: number;
  hash: string;
  revertHash: string;
  migrateSql: string;
  revertSql: string;
  triedAt: Date;
  /** why the revert check at try time did not prove its revert (it failed, or left another schema); absent when proven or not checked */
  revertUnverified?: string;
}

/** What ladder knows of one environment's database before it acts. */
export interface DatabaseState {
  applied: AppliedRow[];
  tries: TryRow[];
  /** hashes recorded as applied without running (from __ladder_log) */
  fakeHashes: Set<string>;
  /** what readState found (absent in hand-built states: treated as 0.x's) */
  trackingShape?: TrackingShape;
  /** no-transaction and segmented migrations stopped part way (__ladder_partial) */
  partials?: PartialRow[];
}

/** A row of __ladder_partial: how many statements of a migration have run and committed. */
export interface PartialRow {
  migrationId: string;
  hash: string;
  statementsDone: number;
  updatedAt: Date;
}

export type MigrationState =
  | 'uncommitted'
  | 'tried'
  | 'tried (stale)'
  | 'pending'
  | 'applied'
  | 'applied (fake)'
  | 'modified'
  | 'unknown'
  | 'missing'
  /** a no-transaction or segmented migration stopped at a statement: migrate resumes there */
  | 'partial'
  /** offline only: committed, database not consulted */
  | 'committed';

/**
 * Which drizzle-kit layout the migrations folder has: 0.x's journal
 * (`meta/_journal.json`, read by drizzle-orm 0.x) or 1.0's folders
 * (`<timestamp>_<name>/migration.sql`, read by drizzle-orm 1.0, which tracks
 * migrations by name).
 */
export type FolderFormatKind = 'journal' | 'folders';

/** The migrations folder, as read by source/. */
export interface MigrationSource {
  /** absolute path of the migrations folder */
  directory: string;
  format: FolderFormatKind;
  /** migrations in journal order */
  migrations: MigrationFile[];
  /** committed.toml entries in apply order */
  committed: CommittedEntry[];
  /** path of committed.toml relative to the project root */
  committedPath: string;
  /** what was read as drizzle-orm reads it but deserves a `warning:` line (a .sql file outside the journal) */
  warnings?: Problem[];
}
