// A PostgreSQL server with TLS on, for the sslmode tests: certificates made
// with openssl in the test (a CA, a server certificate for `localhost`
// signed by it, and a second CA that signed nothing), and a second embedded
// server started with ssl=on (the shared server from global-setup has none).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../scripts/embedded-postgres.mjs';

export interface TlsFiles {
  dir: string;
  /** the CA that signed the server certificate */
  ca: string;
  /** a CA that signed nothing of this server */
  otherCa: string;
  serverCert: string;
  serverKey: string;
  /** a client certificate and key signed by the CA */
  clientCert: string;
  clientKey: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** Certificates for host name `localhost` only (so 127.0.0.1 is the wrong name). */
export function makeCertificates(): TlsFiles {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-tls-'));
  const ca = (name: string, cn: string) =>
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${cn}`], dir);
  ca('ca', 'ladder test CA');
  ca('other', 'some other CA');
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  const leaf = (name: string, cn: string, ext: boolean) => {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    openssl(
      ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', ...(ext ? ['-extfile', 'san.ext'] : [])],
      dir,
    );
  };
  leaf('server', 'localhost', true);
  leaf('client', 'postgres', false);
  // PostgreSQL (running as the `postgres` system user) reads its key only when owned by it with 0600
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'server.key'), 0o600);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(path.join(dir, 'server.key'), uid, gid);
  }
  const f = (n: string) => path.join(dir, n);
  return {
    dir,
    ca: f('ca.crt'),
    otherCa: f('other.crt'),
    serverCert: f('server.crt'),
    serverKey: f('server.key'),
    clientCert: f('client.crt'),
    clientKey: f('client.key'),
  };
}

export async function startTlsServer(files: TlsFiles): Promise<EmbeddedServer> {
  return startEmbeddedPostgres({
    prefix: 'ladder-pg-tls-',
    settings: { ssl: 'on', ssl_cert_file: files.serverCert, ssl_key_file: files.serverKey, ssl_ca_file: files.ca, fsync: 'off' },
  });
}
