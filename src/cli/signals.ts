import { ExitCode, LadderError } from '../core/errors.js';

/**
 * An AbortSignal fired by the first SIGINT or SIGTERM. The command then
 * drops its connections (the server rolls back and frees the lock) and exits
 * 130 or 143 saying what was applied. A second signal exits at once.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const on = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (controller.signal.aborted) process.exit(name === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm);
    controller.abort(new LadderError(name === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm, `interrupted by ${name}`));
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
