// The live progress line of `ladder migrate` on a terminal (src/cli/progress.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { formatSeconds, progressFor, ProgressLine } from '../../../src/cli/progress.js';

class FakeTerminal {
  isTTY = true;
  columns = 60;
  written = '';
  write(text: string): boolean {
    this.written += text;
    return true;
  }
  /** What a terminal would show: the last thing after the last carriage return + clear. */
  get screenLine(): string {
    return this.written.split('\r\u001b[2K').at(-1) ?? '';
  }
}

const lines: ProgressLine[] = [];
afterEach(() => {
  for (const l of lines.splice(0)) l.stop();
});

function progress(term: FakeTerminal, clock: { t: number }): ProgressLine {
  const p = new ProgressLine(term, () => clock.t, 1_000_000);
  lines.push(p);
  return p;
}

describe('ProgressLine', () => {
  it('shows done/total, the current migration and the elapsed time, in place', () => {
    const term = new FakeTerminal();
    const clock = { t: 1000 };
    const p = progress(term, clock);
    p.update('[prod]', 0, 300, '0000_init');
    expect(term.screenLine).toBe('[prod] 0/300 0000_init 0.0s');
    clock.t += 3400;
    p.finished(12);
    p.update('[prod]', 12, 300, '0012_orders');
    expect(p.text()).toBe('[prod] 12/300 0012_orders 3.4s');
    expect(term.written).not.toContain('\n');
  });

  it('prints other lines above it and redraws it; stop() leaves a clean terminal', () => {
    const term = new FakeTerminal();
    const clock = { t: 0 };
    const p = progress(term, clock);
    p.update('[prod]', 0, 2, '0000_init');
    clock.t = 300;
    p.finished(1);
    p.above(() => term.write('[prod] applied 0000_init in 12 ms\n'));
    // redrawn as it is now: one done, none running yet, 0.3 s (not the stale `0/2 0000_init 0.0s`)
    expect(term.written.endsWith('\r\u001b[2K[prod] applied 0000_init in 12 ms\n[prod] 1/2 0.3s')).toBe(true);
    p.update('[prod]', 1, 2, '0001_posts');
    clock.t = 400;
    p.finished(2);
    p.above(() => term.write('[prod] applied 0001_posts in 5 ms\n'));
    expect(term.written.endsWith('[prod] applied 0001_posts in 5 ms\n[prod] 2/2 0.4s')).toBe(true);
    p.stop();
    expect(term.written.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('names a slow statement, and fits the terminal width', () => {
    const term = new FakeTerminal();
    term.columns = 40;
    const clock = { t: 0 };
    const p = progress(term, clock);
    p.update('[prod]', 4, 10, '0004_a_rather_long_migration_name_indeed');
    clock.t = 5000;
    p.slow(3, 2500);
    expect(p.text()).toBe('[prod] 4/10 0004_a_rather_long_migration_name_indeed 5.0s (statement 3 running for 2.5 s)');
    expect(term.screenLine.length).toBeLessThan(40);
    expect(term.screenLine.endsWith('…')).toBe(true);
  });

  it('is used only on a terminal and never with --json', () => {
    expect(progressFor(new FakeTerminal(), false)).toBeInstanceOf(ProgressLine);
    expect(progressFor(new FakeTerminal(), true)).toBeUndefined();
    expect(progressFor({ isTTY: false, write: () => true }, false)).toBeUndefined();
  });

  it('formats elapsed time short', () => {
    expect(formatSeconds(3400)).toBe('3.4s');
    expect(formatSeconds(63_000)).toBe('1m03s');
  });
});
