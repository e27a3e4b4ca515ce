/**
 * Fleets (docs/fleets.md): the pure rules. Which targets a shard owns, the
 * order targets start in under the failure policy, and how a fleet's status
 * is summed up. No I/O here: listing targets is api/fleet-targets.ts and
 * running them api/fleet.ts.
 */
import { ExitCode, LadderError } from './errors.js';
import { sha256Hex } from './hash.js';
import { planEnvironment } from './plan.js';
import type { DatabaseState, MigrationSource } from './types.js';

export interface Shard {
  /** 1-based, as `--shard 2/4` says it */
  index: number;
  count: number;
}

/** `--shard i/n` (1 <= i <= n): Playwright's and Jest's spelling. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new LadderError(ExitCode.usage, `--shard ${text}: expected i/n with 1 <= i <= n`, {
      hint: 'e.g. --shard 1/4 ... --shard 4/4; in a Kubernetes Indexed Job: --shard $((JOB_COMPLETION_INDEX + 1))/<completions>',
    });
  }
  return { index, count };
}

/**
 * A target's shard depends on its name only (never on the list's order or
 * length), so every runner agrees without talking to the others, and a
 * tenant added tomorrow does not move the others.
 */
export function shardOf(key: string, count: number): number {
  return (parseInt(sha256Hex(key).slice(0, 8), 16) % count) + 1;
}

export function inShard(key: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(key, shard.count) === shard.index;
}

/**
 * Target names as a file or a command gives them: one per line, blank lines
 * and `#` comments skipped. Duplicates are refused: the same tenant twice
 * would be migrated by two workers at once (the lock would serialize them,
 * but the report would count it twice).
 */
export function targetNamesFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** The first name listed twice, if any. */
export function duplicateName(names: string[]): string | undefined {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) return n;
    seen.add(n);
  }
  return undefined;
}

export interface FleetPolicy {
  /** targets running at once (>= 1) */
  concurrency: number;
  /** the first N targets run (and must all succeed) before any other starts */
  canary: number;
  /** failures tolerated before no new target starts; Infinity: --continue-on-error */
  maxFailures: number;
}

export const DEFAULT_CONCURRENCY = 4;

/**
 * Which target starts next, under the policy. Targets start in list order;
 * the canaries first, the rest once every canary is done and none failed;
 * nothing new once failures exceed maxFailures. Running targets always finish.
 */
export class FleetSchedule {
  private nextIndex = 0;
  private running = 0;
  private canariesDone = 0;
  private canaryFailures = 0;
  private readonly canaries: number;
  private readonly perServer = new Map<number, number>();
  private failures = 0;

  /**
   * `serverOf(i)`: which server target i is on; with `perServerLimit`, no
   * server runs more than that many targets at once (list order is kept:
   * a target waits for its server rather than be overtaken).
   */
  constructor(
    private readonly total: number,
    private readonly policy: FleetPolicy,
    private readonly serverOf: (index: number) => number = () => 0,
    private readonly perServerLimit = Infinity,
  ) {
    this.canaries = Math.min(Math.max(0, policy.canary), total);
  }

  /** the index of the next target to start now, or undefined (wait for one to finish, or none is left) */
  next(): number | undefined {
    if (this.nextIndex >= this.total || this.running >= this.policy.concurrency || this.halted()) return undefined;
    // the rest wait until every canary is done
    if (this.nextIndex >= this.canaries && this.canariesDone < this.canaries) return undefined;
    const server = this.serverOf(this.nextIndex);
    const busy = this.perServer.get(server) ?? 0;
    if (busy >= this.perServerLimit) return undefined;
    this.perServer.set(server, busy + 1);
    this.running++;
    return this.nextIndex++;
  }

  finished(index: number, ok: boolean): void {
    this.running--;
    const server = this.serverOf(index);
    this.perServer.set(server, (this.perServer.get(server) ?? 1) - 1);
    if (index < this.canaries) this.canariesDone++;
    if (!ok) {
      this.failures++;
      if (index < this.canaries) this.canaryFailures++;
    }
  }

  /** targets the policy left unstarted (read once nothing runs) */
  get unstarted(): number {
    return this.total - this.nextIndex;
  }

  /** the policy stopped the run: a target was left unstarted because of failures */
  get stoppedEarly(): boolean {
    return this.unstarted > 0 && this.halted();
  }

  private halted(): boolean {
    // a failed canary stops the rest, whatever --max-failures says: that is what a canary is for
    return this.canaryFailures > 0 || this.failures > this.policy.maxFailures;
  }
}

/**
 * "97 up to date, 3 pending (next 0042_x), 1 modified": targets grouped by
 * what their status says, the largest group first.
 */
export function groupTargets<T>(targets: T[], keyOf: (t: T) => string): { key: string; targets: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const t of targets) {
    const k = keyOf(t);
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  return [...groups].map(([key, ts]) => ({ key, targets: ts })).sort((a, b) => b.targets.length - a.targets.length || a.key.localeCompare(b.key));
}

/** The last committed migration applied in a database, in committed order (null: none): where a target stands. */
export function lastAppliedId(source: MigrationSource, state: DatabaseState): string | null {
  const rows = planEnvironment(source, state).rows;
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.state.startsWith('applied')) return rows[i]!.id;
  return null;
}

/**
 * Which server a connection URL reaches, as a key: host and port (a
 * `host=` parameter too: a Unix socket), never the user, password or
 * database. Targets with one key share that server's --concurrency.
 */
export function serverOfUrl(url: string): string {
  const m = /^[^:]+:\/\/(?:[^@/?#]*@)?([^/?#]*)/.exec(url);
  const host = /[?&]host=([^&#]*)/.exec(url)?.[1];
  return `${m?.[1] ?? ''}${host ? `?host=${host}` : ''}`;
}

/**
 * The same server and credentials, another database: the URL's path
 * replaced by the (encoded) name, its query string kept. Undefined when the
 * URL has no `scheme://authority` to put a path after.
 */
export function urlWithDatabase(url: string, database: string): string | undefined {
  const m = /^([^?#]*?:\/\/[^/?#]*)(\/[^?#]*)?([?#].*)?$/.exec(url);
  return m ? `${m[1]}/${encodeURIComponent(database)}${m[3] ?? ''}` : undefined;
}
