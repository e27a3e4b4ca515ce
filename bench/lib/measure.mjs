// Timing whole processes: wall time from spawn to exit, and peak RSS
// (getrusage of the child, via /usr/bin/time-free means: process.resourceUsage
// is the parent's, so the child's maxRSS comes from spawnSync's own rusage).
import { spawn } from 'node:child_process';

/**
 * Run a command to completion. Resolves { ms, maxRssKb, code, stdout, stderr }.
 * Peak memory is read from /proc/<pid>/status (VmHWM) just before the child
 * exits... which is racy, so instead the child is wrapped: see wrapRss().
 */
export function runOnce(cmd, args, { cwd, env, input } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    if (input !== undefined) child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      resolve({ ms, code, stdout, stderr });
    });
  });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
