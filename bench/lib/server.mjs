// The bench's own PostgreSQL, started like the tests' (scripts/embedded-postgres.mjs)
// but with fsync, synchronous_commit and full_page_writes at their defaults (on):
// a bench of migrations must pay for durable commits, as production does.
import fs from 'node:fs';
import os from 'node:os';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres.mjs';

/** Start a fresh server; returns { url, port, storage, dataDir, stop }. */
export async function startServer({ log = () => {} } = {}) {
  const server = await startEmbeddedPostgres({ prefix: 'ladder-bench-pg-', parentDir: dataParent(), settings: { max_connections: '50' } });
  const storage = storageOf(server.databaseDir);
  log(`embedded-postgres on port ${server.port} (data ${server.databaseDir} on ${storage}, fsync on)`);
  return { url: server.url, port: server.port, storage, dataDir: server.databaseDir, stop: server.destroy };
}

/**
 * Where the data directory goes: BENCH_DATA_DIR if set; else the system temp
 * dir unless it lives in memory, then /var/tmp (meant to be on disk). No
 * database a deploy migrates lives in memory: there a flush costs nothing and
 * a 300-migration run takes half the time, which measures start-up, not
 * migrating. When only memory is at hand the table's first line says so.
 */
function dataParent() {
  if (process.env.BENCH_DATA_DIR) return process.env.BENCH_DATA_DIR;
  const tmp = os.tmpdir();
  if (!inMemory(tmp)) return tmp;
  try {
    fs.accessSync('/var/tmp', fs.constants.W_OK);
    if (!inMemory('/var/tmp')) return '/var/tmp';
  } catch {
    // not there, or not ours to write
  }
  return tmp;
}

const IN_MEMORY = new Set([0x01021994 /* tmpfs */, 0x858458f6 /* ramfs */]);

function inMemory(dir) {
  try {
    return IN_MEMORY.has(fs.statfsSync(dir).type);
  } catch {
    return false;
  }
}

// Linux statfs f_type values of the file systems a temp dir is likely on
const FILE_SYSTEMS = new Map([
  [0xef53, 'ext4'],
  [0x58465342, 'xfs'],
  [0x9123683e, 'btrfs'],
  [0x794c7630, 'overlayfs'],
  [0x2fc12fc1, 'zfs'],
  [0x01021994, 'tmpfs (in memory: fsync costs nothing)'],
  [0x858458f6, 'ramfs (in memory: fsync costs nothing)'],
]);

/**
 * What the data directory is on. It matters: in memory, a flush costs
 * nothing and the whole run takes about half the time, so the 300-migration
 * ratios weigh start-up about twice as much.
 */
function storageOf(dir) {
  try {
    const { type } = fs.statfsSync(dir);
    return FILE_SYSTEMS.get(type) ?? `file system 0x${type.toString(16)}`;
  } catch {
    return 'unknown storage';
  }
}
