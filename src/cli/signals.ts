import { ExitCode, LadderError } from '../core/errors.js';

/**
 * SIGINT and SIGTERM, for every command and every stage (issue 14: a signal
 * while connecting was ignored until Kubernetes' SIGKILL, and a second one
 * ended the run without a word).
 *
 * runMain installs the handlers once. A command that can stop cleanly
 * (migrate: drop its connections, so the server rolls back and frees the
 * lock, then say what was applied) takes interruptSignal(); on the first
 * signal it gets GRACE_MS to finish its report and exit 130/143. A command
 * without one, or one that has not finished by then, is ended with a line
 * saying so; a second signal ends the run at once, also with a line.
 */
// a clean stop is done in ms; migrate's check of what committed may take longer on a loaded server (api/migrate.ts)
const GRACE_MS = 3000;

const controller = new AbortController();
let installed = false;
/** commands stopping cleanly right now */
let graceful = 0;

type SignalName = 'SIGINT' | 'SIGTERM';

const codeOf = (name: SignalName) => (name === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm);

/** Install the handlers (runMain does, once per process). */
export function installSignalHandlers(write: (line: string) => void = (line) => process.stderr.write(line)): void {
  if (installed) return;
  installed = true;
  const on = (name: SignalName) => () => {
    if (controller.signal.aborted) {
      write(`error: interrupted again by ${name}: stopped at once\nhint: a transaction in flight is rolled back by the server; run \`ladder status\` to see where things stand\n`);
      process.exit(codeOf(name));
    }
    controller.abort(new LadderError(codeOf(name), `interrupted by ${name}`));
    const end = () => {
      write(`error: interrupted by ${name}\nhint: a transaction in flight is rolled back by the server; run \`ladder status\` to see where things stand\n`);
      process.exit(codeOf(name));
    };
    if (graceful === 0) return end();
    setTimeout(end, GRACE_MS).unref();
  };
  process.on('SIGINT', on('SIGINT'));
  process.on('SIGTERM', on('SIGTERM'));
}

/**
 * An AbortSignal fired by the first SIGINT or SIGTERM, for a command that
 * stops cleanly: it drops its connections (the server rolls back and frees
 * the lock) and exits 130 or 143 saying what was applied.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  installSignalHandlers();
  graceful++;
  let disposed = false;
  return {
    signal: controller.signal,
    dispose: () => {
      if (!disposed) graceful--;
      disposed = true;
    },
  };
}
