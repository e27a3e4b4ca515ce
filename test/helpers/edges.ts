// Helpers for the edge tests of issue 14: a project with committed
// migrations written directly (no drizzle-kit needed), the built binary
// spawned with a handle (to signal it and time it), and tiny TCP servers that
// are not PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ladderBin } from './project.js';

export interface Migration {
  tag: string;
  sql: string;
  revert: string;
}

export const INIT: Migration = {
  tag: '0000_init',
  sql: 'CREATE TABLE "items" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text NOT NULL\n);\n',
  revert: 'DROP TABLE "items";\n',
};

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A temp project: ladder.toml, a journal, the migrations and their revert files, all committed. */
export function committedProject(ladderToml: string, migrations: Migration[] = [INIT], prefix = 'ladder-edge-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(dir, 'drizzle', 'meta'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'ladder.toml'), ladderToml);
  const entries = migrations.map((m, idx) => ({ idx, version: '7', when: 1760000000000 + idx * 1000, tag: m.tag, breakpoints: true }));
  fs.writeFileSync(path.join(dir, 'drizzle', 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2));
  let committed = '# Managed by drizzle-ladder. Do not edit by hand.\n';
  for (const m of migrations) {
    fs.writeFileSync(path.join(dir, 'drizzle', `${m.tag}.sql`), m.sql);
    fs.writeFileSync(path.join(dir, 'drizzle', `${m.tag}.revert.sql`), m.revert);
    committed += `\n[[migration]]\nid = "${m.tag}"\nhash = "${sha256(m.sql)}"\nrevert_hash = "${sha256(m.revert)}"\n`;
  }
  fs.writeFileSync(path.join(dir, 'drizzle', 'committed.toml'), committed);
  return dir;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** from spawn to exit */
  ms: number;
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<Finished>;
  /** resolves once stderr or stdout has matched re */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
}

/** Spawn the built ladder in dir; killed after timeoutMs (default 60 s). */
export function startLadder(dir: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Running {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  delete fullEnv.FORCE_COLOR;
  const started = performance.now();
  const child = spawn(process.execPath, [ladderBin, ...args], { cwd: dir, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers: { re: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...watchers]) {
      if (w.re.test(stdout) || w.re.test(stderr)) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    check();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    check();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitFor: (re, ms = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${re}\nstderr: ${stderr}\nstdout: ${stdout}`)), ms);
        watchers.push({
          re,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
        check();
      }),
  };
}

export function runLadderTimed(dir: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<Finished> {
  return startLadder(dir, args, env, timeoutMs).done;
}

export interface FakeServer {
  port: number;
  /** connections accepted so far */
  connections(): number;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that is not PostgreSQL: it answers each connection with `answer` (or never, when undefined). */
export async function fakeServer(answer: ((socket: net.Socket) => void) | undefined): Promise<FakeServer> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    answer?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The `error:` lines of a run's stderr. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('error:'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
