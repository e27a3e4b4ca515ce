import type { CommonOptions } from '../api/context.js';
import type { LadderEvents } from '../api/events.js';
import type { EnvironmentConfig } from '../config/types.js';
import { describeHolder } from '../core/lock-holder.js';
import type { Output } from './output.js';
import type { CliContext } from './program.js';

/** The API options every command shares, with progress rendered for humans. */
export function commonOptions(ctx: CliContext, extraEvents: LadderEvents = {}): CommonOptions & { events: LadderEvents } {
  const flags = ctx.flags();
  const out = ctx.output();
  return {
    config: flags.config,
    env: flags.env,
    ...(ctx.embedded ? { embedded: ctx.embedded } : {}),
    events: {
      environment: (env) => {
        // passwords (raw and URL-decoded), from config resolution: never printed
        out.secrets.push(...(env.secrets ?? []));
        out.safe.push(env.display); // its password is masked already
      },
      connectRetry: (env, attempt, of, reason) => out.info(`${tag(env)} connecting again (attempt ${attempt} of ${of}): ${reason}`),
      warning: (problem) => out.warn(problem),
      lockWait: (env, holder) =>
        out.info(`${tag(env)} waiting for the migrate lock${holder ? ` held by ${describeHolder(holder)}` : ''}`),
      ...extraEvents,
    },
  };
}

export function tag(env: EnvironmentConfig | string): string {
  return `[${typeof env === 'string' ? env : env.name}]`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export type { Output };
