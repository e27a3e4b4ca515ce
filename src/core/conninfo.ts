/**
 * Pure rules of a PostgreSQL connection, as libpq has them (issue 14):
 * what each sslmode asks of TLS, which URL query parameters are ours to
 * read (postgres.js would send unknown ones to the server as settings), how
 * to read the server's first byte, and which failures are worth another try.
 */

/** libpq's sslmode values. */
export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
export const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/** libpq's default; a server without TLS still answers in plain text. */
export const DEFAULT_SSLMODE: SslMode = 'prefer';
/** seconds, for each attempt; `connect_timeout` in the URL or connection_params replaces it */
export const DEFAULT_CONNECT_TIMEOUT_S = 10;
/** attempts at a server that may be starting (refused, timed out, "starting up") */
export const CONNECT_ATTEMPTS = 3;

export interface TlsPolicy {
  /** ask the server for TLS (SSLRequest) */
  ask: boolean;
  /** a server that declines TLS is refused */
  required: boolean;
  /** the certificate chain must lead to a trusted CA (sslrootcert, else Node's CAs) */
  verifyChain: boolean;
  /** the certificate must name the host we connected to */
  verifyHost: boolean;
}

/**
 * What a sslmode means (https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION).
 * `require` with an explicit sslrootcert verifies the chain, as libpq does
 * when a root certificate is given. `allow` is served like `prefer`: TLS when
 * the server offers it, never verified.
 */
export function tlsPolicy(mode: SslMode, hasRootCert: boolean): TlsPolicy {
  switch (mode) {
    case 'disable':
      return { ask: false, required: false, verifyChain: false, verifyHost: false };
    case 'allow':
    case 'prefer':
      return { ask: true, required: false, verifyChain: false, verifyHost: false };
    case 'require':
      return { ask: true, required: true, verifyChain: hasRootCert, verifyHost: false };
    case 'verify-ca':
      return { ask: true, required: true, verifyChain: true, verifyHost: false };
    case 'verify-full':
      return { ask: true, required: true, verifyChain: true, verifyHost: true };
  }
}

export function isSslMode(s: string): s is SslMode {
  return (SSL_MODES as readonly string[]).includes(s);
}

/** The connection settings ladder reads itself from a URL's query. */
export interface UrlConnInfo {
  /** the URL without them (postgres.js would send them to the server as run-time settings) */
  url: string;
  sslmode?: string;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  connectTimeout?: string;
}

const OURS = { sslmode: 'sslmode', ssl: 'sslmode', sslrootcert: 'sslrootcert', sslcert: 'sslcert', sslkey: 'sslkey', connect_timeout: 'connectTimeout' } as const;

/**
 * Split `postgres://...?sslmode=verify-ca&sslrootcert=ca.pem&connect_timeout=5&application_name=x`
 * into ours and the rest. Text only (a URL with an unencoded @ in its
 * password is still split right); values are percent-decoded.
 */
export function splitUrlConnInfo(url: string): UrlConnInfo {
  const q = url.indexOf('?');
  if (q < 0) return { url };
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const kept: string[] = [];
  const out: UrlConnInfo = { url };
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const field = Object.prototype.hasOwnProperty.call(OURS, key) ? OURS[key as keyof typeof OURS] : undefined;
    if (field === undefined) kept.push(pair);
    else out[field] = decode(eq < 0 ? '' : pair.slice(eq + 1));
  }
  out.url = url.slice(0, q) + (kept.length > 0 ? `?${kept.join('&')}` : '') + (hash < 0 ? '' : url.slice(hash));
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** `connect_timeout` as libpq reads it: whole seconds; 0 or less means none (we keep a bound: the default). */
export function parseConnectTimeout(raw: string | number | undefined): number | 'invalid' {
  if (raw === undefined || raw === '') return DEFAULT_CONNECT_TIMEOUT_S;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(n) || !Number.isInteger(n)) return 'invalid';
  // libpq: values below 2 are raised to 2; 0 means wait forever, which a deploy must never do
  if (n <= 0) return DEFAULT_CONNECT_TIMEOUT_S;
  return Math.max(2, n);
}

/**
 * The server's answer to SSLRequest: one byte, 'S' (TLS accepted) or 'N'
 * (declined). 'E' is an error a PostgreSQL too old or too busy sends. Any
 * other byte is something else listening on that port.
 */
export function sslAnswer(firstByte: number | undefined): 'tls' | 'plain' | 'error' | 'not-postgres' {
  if (firstByte === 0x53) return 'tls';
  if (firstByte === 0x4e) return 'plain';
  if (firstByte === 0x45) return 'error';
  return 'not-postgres';
}

/** How the first bytes of a non-PostgreSQL answer look, for the message: `HTTP/1.1 400` or hex. */
export function describeForeignAnswer(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 24));
  const text = head.toString('latin1');
  if (/^[\x20-\x7e]+$/.test(text.split(/\r?\n/)[0] ?? '')) return `it answered "${(text.split(/\r?\n/)[0] ?? '').slice(0, 24)}"`;
  return `it answered bytes ${head.toString('hex').replace(/(..)/g, '$1 ').trim()}`;
}

/**
 * Failures another attempt may cure: the server is not up yet (refused,
 * reset, starting up or too busy), or the name does not resolve yet (a
 * container whose DNS entry is not there yet). Never a wrong password, a
 * missing database, a failed certificate check, a non-PostgreSQL answer, or
 * a timeout (connect_timeout has been waited for already).
 */
export function isTransientConnectError(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT.has(code);
}

const TRANSIENT: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // the database system is starting up / shutting down / in recovery
  '57P03',
  // too many connections
  '53300',
]);

/** Seconds to wait before attempt `n` (2, 3, ...): short, a deploy is waiting. */
export function retryDelayMs(attempt: number): number {
  return Math.min(500 * 2 ** (attempt - 2), 4000);
}
