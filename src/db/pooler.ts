/**
 * Refuse a transaction pooler before anything changes (issue 14): before the
 * migrate lock, before CREATE SCHEMA. Three layers, cheapest first:
 *
 * 1. the address: Neon's `-pooler` hosts, Supabase's port 6543, `pgbouncer=true`
 *    are documented transaction poolers: refused (LADDER_POOLER=session overrides
 *    this layer only, for a host that merely looks like one);
 * 2. the server's answers on the lock's session: a cancel key whose pid is not
 *    pg_backend_pid(), or inet_server_port() not the port we connected to,
 *    mean something is in between; a direct connection pays nothing more;
 * 3. then the decisive probe, on a second connection: do two client
 *    connections share server sessions? A positive is a proof; a negative can
 *    be luck (another client took the server session the probe aimed at), so
 *    the lock guard in every migration's transaction (lock.ts) stays the
 *    last line: a migration on a server session without our lock is rolled back.
 */
import { randomBytes } from 'node:crypto';
import type { EnvironmentConfig } from '../config/types.js';
import { ExitCode, LadderError } from '../core/errors.js';
import {
  directUrlHint,
  proxySigns,
  sharedSessionProof,
  targetOfUrl,
  urlSign,
  type ProbeRound,
  type Target,
  type UrlSign,
} from '../core/pooler.js';
import type { LockSession, SqlClient } from './client.js';
import { describeDriverError } from './sql-error.js';

/** LADDER_POOLER=session: this URL is a real session although its address looks like a transaction pooler's. */
export const POOLER_ENV = 'LADDER_POOLER';

/**
 * Rounds of the probe. With PgBouncer's default LIFO reuse of server
 * sessions, the first round catches a quiet transaction pool. Under load
 * another client can take and give back the server session the round aims
 * at: one round then sometimes misses (seen with a few busy clients), so
 * rounds repeat, and A's server session must
 * also stay the same from round to round.
 */
const PROBE_ROUNDS = 4;

export interface PoolerCheck {
  env: EnvironmentConfig;
  /** the session that is about to take the lock */
  session: LockSession;
  /** a second client connection to the same target, for the probe; closed after */
  openSecond: () => Promise<SqlClient>;
  processEnv?: NodeJS.ProcessEnv;
  /**
   * The API caller gave the client (`db`): the address in the config may not
   * be the one it uses, and ladder has no second connection of its own to
   * probe with; only the cancel key tells, and a pooler is refused unless
   * LADDER_POOLER=session.
   */
  given?: boolean;
}

export async function refuseTransactionPooler(check: PoolerCheck): Promise<void> {
  const { env, session } = check;
  if (env.connection.kind === 'pglite' || session.singleSession) return;
  const target = targetOf(env);
  const override = (check.processEnv ?? process.env)[POOLER_ENV];
  if (override !== undefined && override !== '' && override !== 'session') {
    throw new LadderError(ExitCode.usage, `${POOLER_ENV}=${override} is not understood: the only value is "session"`, {
      environment: env.name,
      hint: `unset ${POOLER_ENV}, or set it to session when the URL is a real session although it looks like a transaction pooler's`,
    });
  }
  const sign = check.given ? undefined : urlSign(target);
  if (sign?.mode === 'transaction' && override !== 'session') throw refusal(env, sign, sign.reason);

  const rows = await session.query<{ pid: number; port: number | null }>(`select pg_backend_pid() as pid, inet_server_port() as port`);
  const facts = rows[0];
  if (!facts) return;
  // postgres.js keeps the BackendKeyData it got at connect on each result
  const keyPid = (rows as unknown as { state?: { pid?: unknown } }).state?.pid;
  const signs = proxySigns({
    backendPid: facts.pid,
    serverPort: facts.port,
    ...(typeof keyPid === 'number' ? { keyPid } : {}),
    ...(target.port !== undefined && !check.given ? { connectedPort: target.port } : {}),
  });
  if (signs.length === 0 && sign === undefined) return;
  if (check.given) {
    if (override === 'session') return;
    throw new LadderError(
      ExitCode.usage,
      `refused: the db client given goes through a pooler (${signs.join('; ')}), and ladder cannot tell whether it keeps one server session per client; nothing was changed`,
      { environment: env.name, hint: `give a client on the direct URL, or set ${POOLER_ENV}=session if the pooler is in session mode (docs/poolers.md)` },
    );
  }

  const proof = await probe(session, check.openSecond).catch((e: unknown) => {
    if (!(e instanceof ProbeFailed)) throw e;
    // Something in between (the signs above) would not even run a transaction for a second client.
    return `it ended a second connection's transaction (statement pooling?): ${describeDriverError(e.cause)}`;
  });
  if (proof) throw refusal(env, sign, proof);
}

/** Several rounds of ProbeRound (core/pooler.ts); the first proof of shared server sessions, or undefined. */
async function probe(a: LockSession, openSecond: () => Promise<SqlClient>): Promise<string | undefined> {
  const b = await openSecond();
  try {
    let first: number | undefined;
    for (let i = 0; i < PROBE_ROUNDS; i++) {
      const token = randomBytes(8).toString('hex');
      const [made] = await a.query<{ pid: number }>(`select pg_backend_pid() as pid, set_config('ladder.pooler_probe', '${token}', false)`);
      // a real session keeps its server session from round to round
      first ??= made!.pid;
      if (made!.pid !== first) return `the first connection moved from server session pid ${first} to pid ${made!.pid}`;
      const round = await b.transaction(async (tx) => {
        // B's transaction holds its server session while A asks again
        const [seen] = await tx.query<{ pid: number; s: string | null }>(`select pg_backend_pid() as pid, current_setting('ladder.pooler_probe', true) as s`);
        const [again] = await a.query<{ pid: number; s: string | null }>(`select pg_backend_pid() as pid, current_setting('ladder.pooler_probe', true) as s`);
        return { token, aPid: made!.pid, bPid: seen!.pid, bSaw: seen!.s, aPidAgain: again!.pid, aSawAgain: again!.s } satisfies ProbeRound;
      }).catch((e: unknown) => {
        // PgBouncer in statement mode refuses the transaction and drops the connection
        throw new ProbeFailed(e);
      });
      const proof = sharedSessionProof(round);
      if (proof) return proof;
    }
    await a.query(`select set_config('ladder.pooler_probe', '', false)`);
    return undefined;
  } finally {
    await b.close().catch(() => {});
  }
}

class ProbeFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('the probe transaction failed');
  }
}

function refusal(env: EnvironmentConfig, sign: UrlSign | undefined, why: string): LadderError {
  return new LadderError(
    ExitCode.usage,
    `refused: this URL goes through a transaction pooler (${why}), where a session lock does not hold; nothing was changed`,
    { environment: env.name, hint: directUrlHint(sign?.provider) },
  );
}

function targetOf(env: EnvironmentConfig): Target {
  const c = env.connection;
  if (c.kind === 'url') {
    const t = targetOfUrl(c.url);
    // postgres.js' default port, as it picks it
    if (t.port === undefined && t.host !== undefined && !t.host.startsWith('/')) return { ...t, port: Number(process.env.PGPORT) || 5432 };
    return t;
  }
  if (c.kind === 'params') return { ...(c.host !== undefined ? { host: c.host } : {}), port: c.port ?? 5432 };
  return {};
}
