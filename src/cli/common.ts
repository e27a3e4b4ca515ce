import type { CommonOptions } from '../api/context.js';
import type { LadderEvents } from '../api/events.js';
import type { EnvironmentConfig } from '../config/types.js';
import { describeHolder } from '../db/lock.js';
import type { Output } from './output.js';
import type { CliContext } from './program.js';

/** The API options every command shares, with progress rendered for humans. */
export function commonOptions(ctx: CliContext, extraEvents: LadderEvents = {}): CommonOptions & { events: LadderEvents } {
  const flags = ctx.flags();
  const out = ctx.output();
  return {
    config: flags.config,
    env: flags.env,
    events: {
      environment: (env) => {
        out.secrets.push(...secretsOf(env));
      },
      lockWait: (env, holder) =>
        out.info(`${tag(env)} waiting for the migrate lock${holder ? ` held by ${describeHolder(holder)}` : ''}`),
      ...extraEvents,
    },
  };
}

/** Values that must never be printed: passwords (raw and URL-decoded), from config resolution. */
export function secretsOf(env: EnvironmentConfig): string[] {
  return env.secrets ?? [];
}

export function tag(env: EnvironmentConfig | string): string {
  return `[${typeof env === 'string' ? env : env.name}]`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Parse `60s`, `2m`, `500ms`, `90` (seconds). */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return unit === 'ms' ? n : unit === 's' ? n * 1000 : n * 60_000;
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export type { Output };
