/**
 * The session holding the migrate lock, as pg_stat_activity shows it, and how it is
 * named in "waiting for the migrate lock held by ...". Pure, so the CLI can describe a
 * holder without importing the database layer.
 */
export interface LockHolder {
  pid: number;
  applicationName: string | null;
  since: string | null;
  state: string | null;
  query: string | null;
}

export function describeHolder(h: LockHolder): string {
  const parts = [`pid ${h.pid}`];
  if (h.applicationName) parts.push(`application_name ${h.applicationName}`);
  // the lock cannot be older than the holder's session
  if (h.since) parts.push(`connected since ${h.since}`);
  if (h.state) parts.push(h.state);
  if (h.query) parts.push(`query: ${h.query.replace(/\s+/g, ' ').trim()}`);
  return parts.join(', ');
}
