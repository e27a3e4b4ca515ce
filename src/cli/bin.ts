#!/usr/bin/env node
import { main } from './program.js';

// Should a driver promise never settle (a connection that died without an
// answer), Node would end the process with its own exit code 13 and no
// word. Say what happened and exit 1 instead: every migration is one
// transaction, so nothing is half-applied and a rerun is safe.
let finished = false;
process.on('exit', () => {
  // Node has set exitCode 13 (unsettled top-level await) by now; an explicit
  // exit (a second Ctrl-C: 130) keeps its code.
  if (finished || (process.exitCode !== undefined && process.exitCode !== 13 && process.exitCode !== 0)) return;
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

process.exitCode = await main(process.argv);
finished = true;
