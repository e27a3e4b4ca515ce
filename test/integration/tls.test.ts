// TLS as libpq does it (issue 14), against a real PostgreSQL with ssl=on and
// certificates made here: require encrypts without verifying, verify-ca
// checks the chain, verify-full also the host name; the same in a URL and in
// connection_params; sslrootcert/sslcert/sslkey as files or PEM text.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentConfig } from '../../src/config/types.js';
import { connect } from '../../src/db/connect.js';
import type { SqlClient } from '../../src/db/client.js';
import { LadderError } from '../../src/core/errors.js';
import { makeCertificates, startTlsServer, type TlsFiles } from '../helpers/tls.js';
import type { EmbeddedServer } from '../../scripts/embedded-postgres.mjs';

let files: TlsFiles;
let server: EmbeddedServer;

beforeAll(async () => {
  files = makeCertificates();
  server = await startTlsServer(files);
}, 120_000);

afterAll(async () => {
  await server?.destroy();
  if (files) fs.rmSync(files.dir, { recursive: true, force: true });
});

function urlEnv(host: string, query: string): EnvironmentConfig {
  const url = `postgres://postgres:postgres@${host}:${server.port}/postgres?${query}`;
  return { name: 'tls', connection: { kind: 'url', url }, isProduction: false, display: url.replace(':postgres@', ':***@'), secrets: ['postgres'] };
}

function paramsEnv(host: string, params: Record<string, string>): EnvironmentConfig {
  return {
    name: 'tls',
    connection: { kind: 'params', host, port: server.port, user: 'postgres', password: 'postgres', database: 'postgres', ...params },
    isProduction: false,
    display: host,
    secrets: ['postgres'],
  };
}

/** Whether this session is encrypted, as the server sees it. */
async function encrypted(env: EnvironmentConfig): Promise<boolean> {
  const db: SqlClient = await connect(env, undefined, { attempts: 1 });
  try {
    const [row] = await db.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()');
    return row!.ssl;
  } finally {
    await db.close();
  }
}

async function failure(env: EnvironmentConfig): Promise<LadderError> {
  const e = await connect(env, undefined, { attempts: 1 }).then(
    async (db) => {
      await db.close();
      return undefined;
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(LadderError);
  return e as LadderError;
}

describe('sslmode in connection_url', () => {
  it('disable talks plain text; prefer and require encrypt, whatever the certificate', async () => {
    expect(await encrypted(urlEnv('127.0.0.1', 'sslmode=disable'))).toBe(false);
    expect(await encrypted(urlEnv('127.0.0.1', 'sslmode=prefer'))).toBe(true);
    // the server certificate names localhost, not 127.0.0.1, and its CA is not given: require does not care
    expect(await encrypted(urlEnv('127.0.0.1', 'sslmode=require'))).toBe(true);
    // libpq's default is prefer
    expect(await encrypted(urlEnv('127.0.0.1', ''))).toBe(true);
  });

  it('verify-ca refuses a server whose CA is not the given one, and accepts the right CA whatever the host name', async () => {
    const e = await failure(urlEnv('127.0.0.1', `sslmode=verify-ca&sslrootcert=${encodeURIComponent(files.otherCa)}`));
    expect(e.code).toBe(1);
    expect(e.message).toMatch(/certificate of 127\.0\.0\.1:\d+ was refused \(sslmode=verify-ca\)/);
    expect(e.hint).toMatch(/sslrootcert/);
    // no CA given: Node's public CAs, which did not sign this one
    expect((await failure(urlEnv('localhost', 'sslmode=verify-ca'))).message).toMatch(/was refused/);
    expect(await encrypted(urlEnv('127.0.0.1', `sslmode=verify-ca&sslrootcert=${encodeURIComponent(files.ca)}`))).toBe(true);
  });

  it('verify-full refuses a host name the certificate does not name, and accepts the right one', async () => {
    const e = await failure(urlEnv('127.0.0.1', `sslmode=verify-full&sslrootcert=${encodeURIComponent(files.ca)}`));
    expect(e.message).toMatch(/was refused \(sslmode=verify-full\).*(altnames|IP)/i);
    expect(await encrypted(urlEnv('localhost', `sslmode=verify-full&sslrootcert=${encodeURIComponent(files.ca)}`))).toBe(true);
  });

  it('require with a root certificate verifies the chain, as libpq does', async () => {
    expect((await failure(urlEnv('127.0.0.1', `sslmode=require&sslrootcert=${encodeURIComponent(files.otherCa)}`))).message).toMatch(/was refused/);
  });

  it('a missing sslrootcert file is a usage error naming it', async () => {
    const e = await failure(urlEnv('localhost', 'sslmode=verify-full&sslrootcert=/nonexistent/ca.pem'));
    expect(e.code).toBe(2);
    expect(e.message).toBe('sslrootcert /nonexistent/ca.pem does not exist');
  });
});

describe('sslmode in connection_params', () => {
  it('verify-ca verifies (it used to turn verification off)', async () => {
    expect((await failure(paramsEnv('127.0.0.1', { sslmode: 'verify-ca', sslrootcert: files.otherCa }))).message).toMatch(/was refused \(sslmode=verify-ca\)/);
    expect(await encrypted(paramsEnv('127.0.0.1', { sslmode: 'verify-ca', sslrootcert: files.ca }))).toBe(true);
  });

  it('verify-full checks the host name; PEM text (from { env }) works like a file', async () => {
    const pem = fs.readFileSync(files.ca, 'utf8');
    expect((await failure(paramsEnv('127.0.0.1', { sslmode: 'verify-full', sslrootcert: pem }))).message).toMatch(/verify-full/);
    expect(await encrypted(paramsEnv('localhost', { sslmode: 'verify-full', sslrootcert: pem }))).toBe(true);
  });

  it('sends a client certificate and key', async () => {
    const db = await connect(
      paramsEnv('localhost', {
        sslmode: 'verify-full',
        sslrootcert: files.ca,
        sslcert: files.clientCert,
        sslkey: fs.readFileSync(files.clientKey, 'utf8'),
      }),
      undefined,
      { attempts: 1 },
    );
    try {
      const [row] = await db.query<{ client_dn: string | null }>('select client_dn from pg_stat_ssl where pid = pg_backend_pid()');
      expect(row!.client_dn).toBe('/CN=postgres');
    } finally {
      await db.close();
    }
  });
});

describe('a server without TLS', () => {
  it('require refuses it; prefer talks plain text', async () => {
    // the shared server is a plain one: its URL comes from global setup
    const { inject } = await import('vitest');
    const plain = inject('pgUrl');
    const env = (q: string): EnvironmentConfig => ({ name: 'plain', connection: { kind: 'url', url: `${plain}?${q}` }, isProduction: false, display: 'plain' });
    const e = await failure(env('sslmode=require'));
    expect(e.message).toMatch(/does not accept TLS connections, and sslmode=require requires TLS/);
    expect(await encrypted(env('sslmode=prefer'))).toBe(false);
  });
});
