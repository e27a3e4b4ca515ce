// The CLI's entry: bundled with everything it imports into dist/cli/ladder.cjs
// (scripts/build.mjs), which dist/cli/bin.cjs runs.
import { main } from './program.js';
import { runMain } from './run-main.js';

runMain(() => main(process.argv));
