// Connections fail fast and clearly (issue 14): a port where something other
// than PostgreSQL answers, a server that never answers, a refused port; and
// SIGTERM/SIGINT while connecting. Through the built binary.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { committedProject, errorLines, fakeServer, removeDir, runLadderTimed, startLadder, type FakeServer } from '../helpers/edges.js';
import { repoRoot } from '../helpers/project.js';
import { spawnProcess } from '../helpers/spawn.js';

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

// runMain (dist/cli/run-main.js, as the CLI and every bundle run their main):
// how the process ends when the work neither succeeds nor fails.
describe('the end of the process', () => {
  function script(main: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-run-main-'));
    cleanups.push(() => removeDir(dir));
    const file = path.join(dir, 'main.mjs');
    const runMain = pathToFileURL(path.join(repoRoot, 'dist', 'cli', 'run-main.js')).href;
    fs.writeFileSync(file, `import { runMain } from ${JSON.stringify(runMain)};\nrunMain(${main});\n`);
    return file;
  }

  it('a driver promise that never settles (the connection died unanswered): exit 1, saying so, not a silent 0', async () => {
    const r = await spawnProcess(process.execPath, [script('() => new Promise(() => {})')], { cwd: repoRoot, timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: ladder stopped with database work unanswered (the connection ended); nothing is half-applied: run it again\n');
  });

  it('a reader that goes away (`ladder status | head -n 1`): exit 0 and not a word', async () => {
    // output until the pipe breaks, yielding as a command waiting on its database does
    const file = script(`async () => {
      for (let i = 0; i < 1e6; i++) {
        process.stdout.write('a line of status\\n');
        if (i % 100 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      return 0;
    }`);
    const r = await spawnProcess('bash', ['-c', `"${process.execPath}" "${file}" | head -n 1; echo "exit \${PIPESTATUS[0]}"`], { cwd: repoRoot, timeoutMs: 60_000 });
    expect(r.stdout).toBe('a line of status\nexit 0\n');
    expect(r.stderr).toBe('');
  });
});
