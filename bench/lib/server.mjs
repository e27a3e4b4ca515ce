// The bench's own PostgreSQL, started like the tests' (scripts/embedded-postgres.mjs)
// but with fsync, synchronous_commit and full_page_writes at their defaults (on):
// a bench of migrations must pay for durable commits, as production does.
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres.mjs';

/** Start a fresh server; returns { url, port, stop }. */
export async function startServer({ log = () => {} } = {}) {
  const server = await startEmbeddedPostgres({ prefix: 'ladder-bench-pg-', settings: { max_connections: '50' } });
  log(`embedded-postgres on port ${server.port} (data ${server.databaseDir}, fsync on)`);
  return { url: server.url, port: server.port, stop: server.destroy };
}
