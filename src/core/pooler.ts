/**
 * Poolers in front of PostgreSQL (issue 14): what a connection's address says
 * about one, and what the server's answers say.
 *
 * Through a pooler in transaction mode (PgBouncer `pool_mode = transaction`,
 * Supavisor and Supabase's PgBouncer on port 6543, Neon's `-pooler` endpoints)
 * a client's statements run on whichever server session is free: a session
 * advisory lock stays on a server session that others then use, and does not
 * exclude. ladder refuses such a URL before it changes anything.
 */

export type PoolerProvider = 'neon' | 'supabase' | 'rds-proxy' | 'pgbouncer' | 'pooler';

/** What a URL or connection parameters say about a pooler in between. */
export interface UrlSign {
  provider: PoolerProvider;
  /**
   * 'transaction': documented as transaction pooling: refuse.
   * 'proxy': something in between whose mode the address does not tell: ask the server.
   */
  mode: 'transaction' | 'proxy';
  /** why, for the message: `host ends with pooler.supabase.com and port is 6543` */
  reason: string;
}

export interface Target {
  host?: string;
  port?: number;
  /** the URL's query parameters (lower-cased keys) */
  params?: Record<string, string>;
}

/** Supabase's (and many PgBouncer setups') port for transaction pooling. */
export const TRANSACTION_POOLER_PORT = 6543;

/**
 * Signs of a pooler in the address, strongest first. A URL sign is a guess
 * about the other end (a host may be named anything), so only the documented
 * provider endpoints and Prisma's `pgbouncer=true` refuse by themselves; the
 * rest make ladder ask the server (see judgeSession).
 */
export function urlSign(t: Target): UrlSign | undefined {
  const host = (t.host ?? '').toLowerCase();
  const port = t.port;
  if (/(^|\.)[^.]*-pooler\./.test(host)) {
    return { provider: 'neon', mode: 'transaction', reason: `the host ${host} is a Neon pooled endpoint (-pooler)` };
  }
  if (host.endsWith('.pooler.supabase.com')) {
    // Supavisor: 6543 transaction mode, 5432 session mode (a normal session for ladder)
    if (port === TRANSACTION_POOLER_PORT) {
      return { provider: 'supabase', mode: 'transaction', reason: `${host}:${port} is Supabase's transaction pooler` };
    }
    return { provider: 'supabase', mode: 'proxy', reason: `${host} is Supabase's pooler (session mode on port 5432)` };
  }
  if (/\.supabase\.co$/.test(host) && port === TRANSACTION_POOLER_PORT) {
    return { provider: 'supabase', mode: 'transaction', reason: `${host}:${port} is Supabase's dedicated pooler (transaction mode)` };
  }
  const pgbouncerParam = t.params?.pgbouncer?.toLowerCase();
  if (pgbouncerParam === 'true' || pgbouncerParam === '1') {
    return { provider: 'pgbouncer', mode: 'transaction', reason: 'the URL says pgbouncer=true (transaction pooling)' };
  }
  if (/\.proxy-[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com(\.cn)?$/.test(host)) {
    // RDS Proxy multiplexes per transaction until a session state change pins
    // the client to one server session; an advisory lock should pin it: the server is asked.
    return { provider: 'rds-proxy', mode: 'proxy', reason: `${host} is an RDS Proxy endpoint` };
  }
  if (port === TRANSACTION_POOLER_PORT) {
    return { provider: 'pooler', mode: 'proxy', reason: `port ${port} is where transaction poolers usually listen` };
  }
  return undefined;
}

/** Host, port and query parameters of a postgres URL; {} when it does not parse (multi-host URLs). */
export function targetOfUrl(url: string): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return {};
  }
  const params: Record<string, string> = {};
  for (const [k, v] of u.searchParams) params[k.toLowerCase()] = v;
  const host = decodeURIComponent(u.hostname).replace(/^\[|\]$/g, '') || params.host;
  // a URL without a port means libpq's default (PGPORT aside)
  const port = u.port ? Number(u.port) : params.port && /^\d+$/.test(params.port) ? Number(params.port) : undefined;
  return { ...(host ? { host } : {}), ...(port !== undefined ? { port } : {}), params };
}

/** What the server said on the lock's session, before the lock. */
export interface SessionFacts {
  /** the pid in the BackendKeyData the other end sent at connect (a pooler makes up its own) */
  keyPid?: number;
  /** pg_backend_pid() */
  backendPid: number;
  /** the port we connected to, when known */
  connectedPort?: number;
  /** inet_server_port(): null over a Unix socket */
  serverPort: number | null;
}

/**
 * Is something between us and the server? A pooler sends its own cancel key
 * (a pid that is not the backend's), and a server it reaches on another port
 * answers inet_server_port() with that port. Either makes ladder run the
 * decisive probe. Neither proves transaction pooling (a port mapping, a
 * session-mode pooler), and their absence does not rule it out; the lock
 * check inside every migration's transaction is the guard for what slips by.
 */
export function proxySigns(f: SessionFacts): string[] {
  const signs: string[] = [];
  if (f.keyPid !== undefined && f.keyPid !== f.backendPid) {
    signs.push(`the connection's cancel key names pid ${f.keyPid}, the server session is pid ${f.backendPid}`);
  }
  if (f.connectedPort !== undefined && f.serverPort !== null && f.serverPort !== f.connectedPort) {
    signs.push(`connected to port ${f.connectedPort}, the server listens on ${f.serverPort}`);
  }
  return signs;
}

/** One round of the probe: a setting made on session A, read by client B inside a transaction, then by A again. */
export interface ProbeRound {
  token: string;
  /** A: pg_backend_pid() when it made the setting */
  aPid: number;
  /** B, inside its transaction */
  bPid: number;
  bSaw: string | null;
  /** A again, while B's transaction holds B's server session */
  aPidAgain: number;
  aSawAgain: string | null;
}

/**
 * Proof that server sessions are shared between client connections (a
 * transaction or statement pooler), or undefined. Any one of: B runs on A's
 * server session, B sees A's session setting, A is no longer on its server
 * session or no longer sees its own setting. In a real session (direct or
 * session pooling) none of these can happen, so a positive is never a false one.
 */
export function sharedSessionProof(r: ProbeRound): string | undefined {
  if (r.bPid === r.aPid || r.bSaw === r.token) return `a second connection ran on the first one's server session (pid ${r.aPid})`;
  if (r.aPidAgain !== r.aPid || r.aSawAgain !== r.token) {
    return `the first connection moved from server session pid ${r.aPid} to pid ${r.aPidAgain} between two statements`;
  }
  return undefined;
}

/** Where each provider documents the direct (non-pooled) connection string. */
export const DIRECT_URL_DOCS: Record<PoolerProvider, string> = {
  neon: 'Neon: the connection string without "-pooler" in the host (https://neon.tech/docs/connect/connection-pooling)',
  supabase:
    'Supabase: the "Direct connection" (db.<ref>.supabase.co:5432) or the session pooler on port 5432 (https://supabase.com/docs/guides/database/connecting-to-postgres)',
  'rds-proxy':
    'RDS Proxy: the DB instance or cluster endpoint instead of the proxy endpoint (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting.html)',
  pgbouncer: 'PgBouncer: the PostgreSQL server\'s own host and port, or a pool with pool_mode = session',
  pooler: 'the PostgreSQL server\'s own host and port, or a pool in session mode',
};

export function directUrlHint(provider: PoolerProvider | undefined): string {
  if (provider !== undefined && provider !== 'pooler' && provider !== 'pgbouncer') return `use the direct URL for migrations: ${DIRECT_URL_DOCS[provider]}`;
  return (
    'use the direct URL for migrations (Neon: the host without "-pooler"; Supabase: db.<ref>.supabase.co:5432 or the ' +
    'session pooler on port 5432; RDS Proxy: the DB endpoint; PgBouncer: the server itself or a pool_mode = session pool); see docs/poolers.md'
  );
}
