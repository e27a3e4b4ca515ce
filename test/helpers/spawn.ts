// The one way tests start a process: no TTY, no colours, output collected,
// killed after a timeout (and the result says so).
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  cwd: string;
  /** added to the environment */
  env?: Record<string, string | undefined>;
  /**
   * Start from PATH and HOME only, not this process' environment: for an
   * installed package or a bundle that must not lean on ours.
   */
  cleanEnv?: boolean;
  /** kill the process after this many ms (default 60 s) */
  timeoutMs?: number;
  /** Written to the child's stdin, then closed (default: no stdin). */
  stdin?: string;
}

export function spawnProcess(command: string, args: string[], opts: SpawnOptions): Promise<RunResult> {
  const env: Record<string, string | undefined> = opts.cleanEnv
    ? { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }
    : { ...process.env };
  // Vitest workers may carry FORCE_COLOR; output must be plain text to assert on.
  delete env.FORCE_COLOR;
  env.NO_COLOR = '1';
  Object.assign(env, opts.env);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env, stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timeoutMs = opts.timeoutMs ?? 60_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) stderr += `\n[killed after ${timeoutMs}ms: ${command} ${args.join(' ')}]`;
      resolve({ code, stdout, stderr });
    });
  });
}
