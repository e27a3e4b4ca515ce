/**
 * The one writer of drizzle's tracking rows (`__drizzle_migrations`), in the shape the
 * matching drizzle-orm writes: ("hash", "created_at") for 0.x journals, plus "name" for
 * 1.0 folders. Applying a migration and committing a try both record through here.
 */
import type { TableNames } from './quote.js';

/**
 * `insert into <migrations> (columns) <rows>`: `rows` is `values (...)` or a `select`
 * giving hash, created_at and, when `withName`, name, in that order.
 */
export function insertTrackingRow(t: TableNames, withName: boolean, rows: string): string {
  return `insert into ${t.migrations} ("hash", "created_at"${withName ? ', "name"' : ''}) ${rows}`;
}
