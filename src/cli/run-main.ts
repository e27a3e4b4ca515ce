import { installSignalHandlers } from './signals.js';

/**
 * How ladder's executables run their main (the CLI's entry and every
 * `ladder bundle` file): the exit code it returns, and two guards.
 */

/**
 * Run main and exit with its code. Should a driver promise never settle (a
 * connection that died without an answer), the event loop would run dry and
 * Node would end the process without a word, exit code 0: say what happened
 * and exit 1 instead. Every migration is one transaction, so nothing is
 * half-applied and a rerun is safe.
 */
export function runMain(main: () => Promise<number>): void {
  // SIGINT/SIGTERM end every command, at any stage, with a line (signals.ts)
  installSignalHandlers();
  let finished = false;
  process.on('exit', () => {
    // an explicit exit (a second Ctrl-C: 130) keeps its code
    if (finished || (process.exitCode !== undefined && process.exitCode !== 0)) return;
    process.stderr.write('error: ladder stopped with database work unanswered (the connection ended); nothing is half-applied: run it again\n');
    process.exit(1);
  });

  // `ladder status | head`: the reader went away; stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') {
        finished = true; // a deliberate end, not work left unanswered
        process.exit(process.exitCode ?? 0);
      }
      throw e;
    });
  }

  void main().then(
    (code) => {
      process.exitCode = code;
      finished = true;
      // Exit once our output is written, not when the event loop runs dry:
      // that also waits for the server to close a connection we already
      // ended (our Terminate is sent; its backend exits in its own time).
      void written().then(() => process.exit(code));
    },
    (e: unknown) => {
      // main reports every error itself; this would be a bug: show it whole
      finished = true;
      process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

/** stdout and stderr have passed on everything written to them (a pipe may be asynchronous, as on macOS). */
function written(): Promise<unknown> {
  return Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
}
