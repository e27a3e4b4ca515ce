/**
 * ladder's commands, for the executable's code caches (bin.ts: one per
 * command; anything else, a typo or an option's value, shares `default`).
 * A unit test keeps this list equal to the commands the program registers.
 */
export const COMMAND_NAMES: ReadonlySet<string> = new Set([
  'init', 'new', 'import', 'status', 'try', 'untry', 'retry', 'reset',
  'commit', 'uncommit', 'migrate', 'baseline', 'verify', 'bundle', 'up',
]);
