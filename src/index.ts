/**
 * drizzle-ladder's programmatic API. The CLI (src/cli) is built on it; this
 * module never imports the CLI framework.
 */
export { migrate, baseline } from './api/migrate.js';
export type {
  MigrateOptions,
  MigrateResult,
  EnvironmentMigrateResult,
  PlannedMigration,
  BaselineOptions,
  FleetMigrateResult,
  TargetMigrateResult,
} from './api/migrate.js';
export type { FleetOptions, FleetEvents, TargetError, TargetReport } from './api/fleet.js';
export type { FleetStatus, TargetStatus } from './api/status.js';
export type {
  LadderDocuments,
  MigrateDocument,
  StatusDocument,
  VerifyDocument,
  RollbackDocument,
  AdoptDocument,
  LintDocument,
  ErrorDocument,
} from './api/documents.js';
export { rollback } from './api/rollback.js';
export type {
  RollbackOptions,
  RollbackResult,
  EnvironmentRollbackResult,
  EnvironmentRollbackPlan,
  PlannedRevert,
  RevertedMigration,
} from './api/rollback.js';
export type { DataLoss } from './db/data-loss.js';
export { status, verify } from './api/status.js';
export { adopt } from './api/adopt.js';
export type { AdoptOptions, AdoptResult, AdoptedMigration, AdoptEnvironment } from './api/adopt.js';
export type { StatusOptions, StatusResult, EnvironmentStatus, VerifyOptions, VerifyResult } from './api/status.js';
export { lint } from './api/lint.js';
export type { LintOptions, LintResult, LintedMigration } from './api/lint.js';
export type { LintFinding } from './lint/findings.js';
export type { CommonOptions } from './api/context.js';
export type { LadderEvents } from './api/events.js';
export type { AppliedMigration } from './db/apply.js';
export type { StatusRow } from './core/plan.js';
export { LadderError, ExitCode, isLadderError } from './core/errors.js';
export type { Problem, LadderErrorMeta, ErrorPartial } from './core/errors.js';
export type { MigrationState } from './core/types.js';
export type { InlineConfig } from './config/types.js';
