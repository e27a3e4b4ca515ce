/**
 * The live progress line of a long `migrate` on a terminal:
 *
 *   [production] 12/300 0012_orders 3.4s
 *
 * done/total, the migration running now and the time since the first one
 * started, redrawn in place on stderr. Lines printed meanwhile (each applied
 * migration) go above it. Only on a TTY: in a log (CI, Kubernetes) the
 * command prints one line per migration instead, and never a carriage return.
 */
import { formatDuration } from './common.js';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const CLEAR = '\r\u001b[2K';

export class ProgressLine {
  private label = '';
  private done = 0;
  private total = 0;
  private current = '';
  private startedAt: number | undefined;
  private statement: { n: number; since: number } | undefined;
  private shown = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 100,
  ) {}

  /** A migration starts: `done` migrations of `total` are finished in environment `label`. */
  update(label: string, done: number, total: number, id: string): void {
    if (label !== this.label || this.startedAt === undefined) {
      this.label = label;
      this.startedAt = this.now();
    }
    this.done = done;
    this.total = total;
    this.current = id;
    this.statement = undefined;
    // drawn at once the first time, then by the timer: hundreds of quick migrations
    // must not turn into thousands of terminal writes
    if (!this.shown) this.draw();
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** A statement of the current migration has been running for `elapsedMs`. */
  slow(statement: number, elapsedMs: number): void {
    this.statement = { n: statement, since: this.now() - elapsedMs };
    this.draw();
  }

  /** A migration finished (the next update() names the next one). */
  finished(done: number): void {
    this.done = done;
    this.current = '';
    this.statement = undefined;
  }

  /** Print something (via `write`) above the progress line, then the line as it is now (not as last drawn). */
  above(write: () => void): void {
    if (!this.shown) return write();
    this.stream.write(CLEAR);
    write();
    this.shown = this.fitted();
    this.stream.write(this.shown);
  }

  /** Remove the line and stop redrawing; the terminal is as before. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown) this.stream.write(CLEAR);
    this.shown = '';
    this.startedAt = undefined;
  }

  /** The line as it would be drawn now (for tests). */
  text(): string {
    if (this.total === 0) return '';
    const elapsed = this.now() - (this.startedAt ?? this.now());
    // between two migrations no current one: `[prod] 12/300 3.4s`
    let line = `${this.label} ${this.done}/${this.total} ${this.current ? `${this.current} ` : ''}${formatSeconds(elapsed)}`;
    if (this.statement) {
      line += ` (statement ${this.statement.n} running for ${formatDuration(this.now() - this.statement.since)})`;
    }
    return line;
  }

  private fitted(): string {
    const line = this.text();
    const width = this.stream.columns || 80; // 0 when the terminal reports no size
    return line.length > width - 1 ? line.slice(0, Math.max(0, width - 2)) + '…' : line;
  }

  private draw(): void {
    const line = this.fitted();
    if (line === this.shown) return;
    this.stream.write(CLEAR + line);
    this.shown = line;
  }
}

/** `3.4s`, `1m03s`: short, and growing by one character at most as it ticks. */
export function formatSeconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}

/** Live progress only for a person watching: stderr is a terminal and the output is not --json. */
export function progressFor(stream: ProgressStream, json: boolean): ProgressLine | undefined {
  return stream.isTTY && !json ? new ProgressLine(stream) : undefined;
}
