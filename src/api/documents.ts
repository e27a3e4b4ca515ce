/**
 * What `ladder <command> --json` prints on stdout: one document per run.
 * schema/results.schema.json (shipped in the package) is generated from
 * these types by scripts/results-schema.mjs, and a test keeps it current.
 */
import type { LadderErrorMeta } from '../core/errors.js';
import type { AdoptResult } from './adopt.js';
import type { LintResult } from './lint.js';
import type { MigrateResult } from './migrate.js';
import type { RollbackResult } from './rollback.js';
import type { StatusResult, VerifyResult } from './status.js';

/** `ladder migrate --json`, `ladder baseline --json` (ok is false when a fleet target failed) */
export type MigrateDocument = { ok: boolean } & MigrateResult;
/** `ladder status --json` (ok is false when an integrity problem is shown) */
export type StatusDocument = { ok: boolean } & StatusResult;
/** `ladder verify --json` */
export type VerifyDocument = VerifyResult;
/** `ladder rollback --json` */
export type RollbackDocument = { ok: boolean } & RollbackResult;
/** `ladder adopt --json` */
export type AdoptDocument = { ok: boolean } & AdoptResult;
/** `ladder lint --json` */
export type LintDocument = { ok: boolean } & LintResult;

/** Any command that fails, with --json: the document on stdout (the exit code says the kind) */
export interface ErrorDocument {
  ok: false;
  /** the error's data (`detail`, a code frame, is shown to people only) */
  error: {
    /** the exit code: 1 database, 2 usage or refused, 3 integrity, 4 fleet stopped early, 130/143 interrupted */
    code: number;
    message: string;
  } & Omit<LadderErrorMeta, 'detail'>;
}

/** Every document, by command: the schema's root lists them. */
export interface LadderDocuments {
  migrate: MigrateDocument;
  baseline: MigrateDocument;
  status: StatusDocument;
  verify: VerifyDocument;
  rollback: RollbackDocument;
  adopt: AdoptDocument;
  lint: LintDocument;
  error: ErrorDocument;
}
