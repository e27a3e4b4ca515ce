import type { EnvironmentConfig } from '../config/types.js';
import type { Problem } from '../core/errors.js';
import type { MigrationStep } from '../core/plan.js';
import type { AppliedMigration } from '../db/apply.js';
import type { LockHolder } from '../core/lock-holder.js';

/** Progress hooks: the CLI renders them; library users may ignore them. */
export interface LadderEvents {
  environment?(env: EnvironmentConfig): void;
  /** the server did not answer (refused, timed out, starting up): attempt `attempt` of `of` follows */
  connectRetry?(env: EnvironmentConfig, attempt: number, of: number, reason: string): void;
  lockWait?(env: EnvironmentConfig, holder: LockHolder | undefined): void;
  migrationStart?(env: EnvironmentConfig, step: MigrationStep, index: number, total: number): void;
  migrationDone?(env: EnvironmentConfig, applied: AppliedMigration, index: number, total: number): void;
  slowStatement?(env: EnvironmentConfig, step: MigrationStep, statement: number, elapsedMs: number): void;
  /** something read as drizzle-orm reads it but worth saying (a .sql file outside the journal); may repeat */
  warning?(problem: Problem): void;
  /** something to know while it runs: a retry after a lock timeout, an invalid index dropped before a resume */
  notice?(env: EnvironmentConfig, message: string): void;
}
