/**
 * When, how fast and by what each applied migration got applied, read from
 * __ladder_log (append-only). Pure: the rows in, a record per migration out.
 */

/** Which action put the tracking row there. */
export type AppliedBy = 'migrate' | 'commit' | 'baseline' | 'fake';

export interface LogRow {
  id: number;
  action: string;
  migrationId: string | null;
  hash: string | null;
  fake: boolean;
  startedAt: Date;
  durationMs: number | null;
  ok: boolean;
}

export interface ApplyRecord {
  appliedAt: Date;
  /** how long its SQL ran (for a commit: the try that ran it); absent for fake and baseline */
  durationMs?: number;
  by: AppliedBy;
  hash: string;
}

/** Log actions that leave a tracking row behind, and those that take it away. */
const APPLYING = new Set(['migrate', 'adopt-try', 'commit', 'baseline']);
const REMOVING = new Set(['rollback', 'uncommit']);

/**
 * The latest successful apply of each migration id, unless a rollback or an
 * uncommit came after it. A commit (or migrate adopting a try) ran nothing
 * itself: its duration is that of the latest try of the same SQL.
 */
export function applyRecords(log: LogRow[]): Map<string, ApplyRecord> {
  const records = new Map<string, ApplyRecord>();
  const tries = new Map<string, number | null>();
  for (const row of [...log].sort((a, b) => a.id - b.id)) {
    if (!row.ok || row.migrationId === null || row.hash === null) continue;
    const id = row.migrationId;
    if (row.action === 'try') tries.set(`${id}\0${row.hash}`, row.durationMs);
    else if (REMOVING.has(row.action)) records.delete(id);
    else if (APPLYING.has(row.action)) {
      const fromTry = row.action === 'commit' || row.action === 'adopt-try';
      const by: AppliedBy = row.action === 'baseline' ? 'baseline' : row.fake ? 'fake' : fromTry ? 'commit' : 'migrate';
      const durationMs = by === 'fake' || by === 'baseline' ? null : fromTry ? tries.get(`${id}\0${row.hash}`) ?? null : row.durationMs;
      records.set(id, { appliedAt: row.startedAt, by, hash: row.hash, ...(durationMs === null ? {} : { durationMs }) });
    }
  }
  return records;
}
