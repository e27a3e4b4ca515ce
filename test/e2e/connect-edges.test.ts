// Connections fail fast and clearly (issue 14): a port where something other
// than PostgreSQL answers, a server that never answers, a refused port; and
// SIGTERM/SIGINT while connecting. Through the built binary.
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { committedProject, errorLines, fakeServer, removeDir, runLadderTimed, startLadder, type FakeServer } from '../helpers/edges.js';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function projectFor(port: number, query = ''): string {
  const dir = committedProject(`[environments.ci]\nconnection_url = "postgres://app:Edge-Secret-7@127.0.0.1:${port}/app${query}"\n`);
  cleanups.push(() => removeDir(dir));
  return dir;
}

async function server(answer: ((socket: net.Socket) => void) | undefined): Promise<FakeServer> {
  const s = await fakeServer(answer);
  cleanups.push(() => s.close());
  return s;
}

describe('a port that answers, but not as PostgreSQL', () => {
  it('an HTTP server: one error line within seconds, exit 1, one connection (no reconnect loop)', async () => {
    const http = await server((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
    const r = await runLadderTimed(projectFor(http.port), ['migrate'], {}, 30_000);
    expect(r.code, r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(5000);
    expect(errorLines(r.stderr)).toEqual([
      `error: ci: cannot connect (postgres://app:***@127.0.0.1:${http.port}/app): 127.0.0.1:${http.port} is not a PostgreSQL server: it answered "HTTP/1.1 400 Bad Request"`,
    ]);
    expect(r.stderr).toMatch(/^hint: check the port/m);
    expect(http.connections()).toBe(1);
    expect(r.stderr + r.stdout).not.toContain('Edge-Secret-7');
  });

  it('garbage bytes, or a close without a word: the same, once', async () => {
    const garbage = await server((socket) => socket.once('data', () => socket.end(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42]))));
    const r = await runLadderTimed(projectFor(garbage.port), ['status', '--json'], {}, 30_000);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toMatch(/is not a PostgreSQL server: it answered bytes 00 ff 13 37 42/);
    expect(garbage.connections()).toBe(1);

    const closer = await server((socket) => socket.once('data', () => socket.end()));
    const c = await runLadderTimed(projectFor(closer.port), ['migrate'], {}, 30_000);
    expect(c.code).toBe(1);
    expect(errorLines(c.stderr)[0]).toMatch(/is not a PostgreSQL server: it closed the connection without answering/);
    expect(closer.connections()).toBe(1);
  });
});

describe('timeouts and attempts', () => {
  it('connect_timeout in the URL is honoured: a server that never answers fails after it, once', async () => {
    const silent = await server(undefined);
    const r = await runLadderTimed(projectFor(silent.port, '?connect_timeout=2'), ['migrate'], {}, 30_000);
    expect(r.code).toBe(1);
    expect(r.ms).toBeGreaterThan(1900);
    expect(r.ms).toBeLessThan(6000);
    expect(errorLines(r.stderr)[0]).toMatch(/did not answer within 2 s/);
    expect(silent.connections()).toBe(1);
  });

  it('a refused port: a bounded number of attempts, each after the first said on stderr', async () => {
    // a port nobody listens on: take one, then free it
    const s = await fakeServer(undefined);
    const port = s.port;
    await s.close();
    const r = await runLadderTimed(projectFor(port), ['migrate'], {}, 30_000);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => /^\[ci\] connecting again \(attempt \d of 3\): .*ECONNREFUSED/.test(l))).toHaveLength(2);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.ms).toBeLessThan(6000);
  });
});

describe('signals while connecting', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} while the server does not answer: exit ${code} within a second, saying so`, async () => {
      const silent = await server(undefined);
      const run = startLadder(projectFor(silent.port), ['migrate'], {}, 30_000);
      // wait until it is connecting (the server has the connection)
      for (let i = 0; i < 100 && silent.connections() === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(silent.connections()).toBe(1);
      const sent = performance.now();
      run.child.kill(signal);
      const r = await run.done;
      expect(performance.now() - sent).toBeLessThan(1000);
      expect(r.code, r.stderr).toBe(code);
      expect(errorLines(r.stderr)).toEqual([`error: ci: interrupted by ${signal} while connecting (postgres://app:***@127.0.0.1:${silent.port}/app): nothing was done`]);
    });
  }

  it('a command without a clean stop (status) also ends at once with a line', async () => {
    const silent = await server(undefined);
    const run = startLadder(projectFor(silent.port), ['status'], {}, 30_000);
    for (let i = 0; i < 100 && silent.connections() === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const sent = performance.now();
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(performance.now() - sent).toBeLessThan(1000);
    expect(r.code).toBe(143);
    expect(errorLines(r.stderr)).toEqual(['error: interrupted by SIGTERM']);
  });
});
