/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The socket postgres.js talks through (its `socket` option), opened here so
 * that TLS means what libpq's sslmode says and a wrong server fails once.
 *
 * Issue 14: postgres.js maps `verify-ca` to no verification at all, takes no
 * CA file, and reconnects at once, forever, when what answers is not
 * PostgreSQL (~660 connections a second). Here each connection sends
 * SSLRequest first, as libpq does: PostgreSQL answers one byte, 'S' or 'N';
 * anything else fails with "not a PostgreSQL server", and postgres.js,
 * whose socket function threw, rejects the query instead of reconnecting.
 * Then TLS is set up with node:tls as the sslmode asks, and postgres.js gets
 * a socket that is ready for its StartupMessage.
 */
import net from 'node:net';
import tls from 'node:tls';
import { describeForeignAnswer, sslAnswer, type SslMode, type TlsPolicy } from '../core/conninfo.js';

export interface SocketSettings {
  sslmode: SslMode;
  policy: TlsPolicy;
  /** PEM text */
  ca?: string;
  cert?: string;
  key?: string;
  /** for the whole of TCP connect, SSLRequest and TLS handshake */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The part of postgres.js' parsed options the socket function reads. */
interface PgTarget {
  host: string[];
  port: number[];
  path?: string | false;
}

export type ConnectFailure = Error & { code: string };

/** SSLRequest: length 8, code 80877103 (1234 << 16 | 5679). */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/**
 * postgres.js' `socket` option: tries each host of the URL in turn, as libpq
 * does. A failure comes back as a socket that errors and closes at once,
 * not as a throw: postgres.js then rejects the query it was opening for and
 * runs its close handling (the next queued query gets its own attempt, and
 * our onclose learns the session is gone); a throw would leave queued
 * queries waiting forever.
 */
export function pgSocketFactory(settings: SocketSettings): (target: PgTarget) => Promise<net.Socket> {
  const open = openAny(settings);
  return async (target) => {
    try {
      return await open(target);
    } catch (e) {
      const dead = new net.Socket();
      setImmediate(() => dead.destroy(e instanceof Error ? e : new Error(String(e))));
      return dead;
    }
  };
}

function openAny(settings: SocketSettings): (target: PgTarget) => Promise<net.Socket> {
  return async (target) => {
    if (target.path) return openOne({ path: target.path, shown: target.path, host: 'localhost' }, settings);
    let last: unknown;
    for (let i = 0; i < target.host.length; i++) {
      const host = target.host[i]!;
      const port = target.port[i] ?? target.port[0] ?? 5432;
      try {
        return await openOne({ host, port, shown: `${host.includes(':') ? `[${host}]` : host}:${port}` }, settings);
      } catch (e) {
        last = e;
        if (settings.signal?.aborted) break;
      }
    }
    throw last;
  };
}

interface Where {
  host: string;
  port?: number;
  path?: string;
  /** host:port or the socket path, for messages */
  shown: string;
}

function failure(code: string, message: string): ConnectFailure {
  return Object.assign(new Error(message), { code });
}

async function openOne(where: Where, s: SocketSettings): Promise<net.Socket> {
  const first = await probe(where, s);
  if (first.answer === 'plain') {
    if (s.policy.required) {
      first.socket.destroy();
      throw failure('TLS_NOT_OFFERED', `${where.shown} does not accept TLS connections, and sslmode=${s.sslmode} requires TLS`);
    }
    return first.socket;
  }
  // 'tls'
  if (!s.policy.ask) {
    // sslmode=disable: the probe proved it is PostgreSQL; talk plain text on a new connection
    first.socket.destroy();
    return plainSocket(where, s);
  }
  return upgrade(first.socket, where, s);
}

/** Connect, send SSLRequest, read the one-byte answer. */
function probe(where: Where, s: SocketSettings): Promise<{ socket: net.Socket; answer: 'tls' | 'plain' }> {
  return new Promise((resolve, reject) => {
    const socket = where.path ? net.connect({ path: where.path }) : net.connect({ host: where.host, port: where.port! });
    const done = guard(socket, where, s, reject);
    done.on('connect', () => socket.write(SSL_REQUEST));
    done.on('data', (chunk: Buffer) => {
      const answer = sslAnswer(chunk[0]);
      if (answer === 'error') {
        done.fail(failure('SSL_NEGOTIATION', `${where.shown} answered the TLS request with an error: an old or misconfigured PostgreSQL server`));
      } else if (answer === 'not-postgres' || chunk.length > 1) {
        // more than the one byte: not PostgreSQL, or someone injecting data before TLS (CVE-2021-23222)
        done.fail(failure('NOT_POSTGRES', `${where.shown} is not a PostgreSQL server: ${describeForeignAnswer(chunk)}`));
      } else {
        done.ok();
        resolve({ socket, answer });
      }
    });
    done.on('end', () =>
      done.fail(failure('NOT_POSTGRES', `${where.shown} is not a PostgreSQL server: it closed the connection without answering the TLS request as PostgreSQL does`)),
    );
  });
}

function plainSocket(where: Where, s: SocketSettings): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = where.path ? net.connect({ path: where.path }) : net.connect({ host: where.host, port: where.port! });
    const done = guard(socket, where, s, reject);
    done.on('connect', () => {
      done.ok();
      resolve(socket);
    });
  });
}

function upgrade(raw: net.Socket, where: Where, s: SocketSettings): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const servername = net.isIP(where.host) ? undefined : where.host;
    const socket = tls.connect({
      socket: raw,
      ...(servername ? { servername } : {}),
      host: where.host,
      ...(s.ca !== undefined ? { ca: s.ca } : {}),
      ...(s.cert !== undefined ? { cert: s.cert } : {}),
      ...(s.key !== undefined ? { key: s.key } : {}),
      rejectUnauthorized: s.policy.verifyChain,
      // verify-ca: the chain, not the name (libpq); verify-full: Node's own check of the name
      checkServerIdentity: s.policy.verifyHost ? tls.checkServerIdentity : () => undefined,
    });
    const done = guard(socket, where, s, reject, (e) => tlsFailure(e, where, s));
    done.on('secureConnect', () => {
      done.ok();
      resolve(socket);
    });
  });
}

/** A TLS error as a user reads it: what was checked, and what failed. */
function tlsFailure(e: Error & { code?: string }, where: Where, s: SocketSettings): ConnectFailure {
  const code = e.code ?? 'TLS_FAILED';
  const certificate = /CERT|SIGNATURE|ISSUER|ALTNAME|SELF_SIGNED/i.test(code);
  if (!certificate) return failure(code, `TLS with ${where.shown} failed: ${e.message}`);
  return failure('TLS_CERTIFICATE', `the certificate of ${where.shown} was refused (sslmode=${s.sslmode}): ${e.message} (${code})`);
}

/**
 * The end of a socket's opening, whatever it is: success, an error, the
 * timeout, or an interrupt (Ctrl-C while connecting stops at once).
 */
function guard(
  socket: net.Socket,
  where: Where,
  s: SocketSettings,
  reject: (e: unknown) => void,
  mapError: (e: Error & { code?: string }) => unknown = (e) => e,
): { ok(): void; fail(e: unknown): void; on(event: string, fn: (...args: any[]) => void): void } {
  let settled = false;
  // only our own listeners come off: a TLSSocket has listeners of its own
  const added: [string, (...args: any[]) => void][] = [];
  const finish = () => {
    settled = true;
    clearTimeout(timer);
    s.signal?.removeEventListener('abort', onAbort);
    for (const [event, fn] of added) socket.removeListener(event, fn);
  };
  const fail = (e: unknown) => {
    if (settled) return;
    finish();
    socket.destroy();
    reject(e);
  };
  const onError = (e: Error & { code?: string }) => fail(mapError(e));
  const onAbort = () => fail(s.signal?.reason ?? failure('ABORTED', 'interrupted'));
  const timer = setTimeout(
    () => fail(failure('CONNECT_TIMEOUT', `${where.shown} did not answer within ${Math.round(s.timeoutMs / 1000)} s`)),
    s.timeoutMs,
  );
  const on = (event: string, fn: (...args: any[]) => void) => {
    added.push([event, fn]);
    socket.on(event, fn);
  };
  on('error', onError);
  if (s.signal?.aborted) queueMicrotask(onAbort);
  else s.signal?.addEventListener('abort', onAbort, { once: true });
  return { ok: finish, fail, on };
}
