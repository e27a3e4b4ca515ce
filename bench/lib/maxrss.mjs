// Preloaded with `node --import` in the memory runs only (never in timed
// runs): prints the process's peak resident set size when it exits.
process.on('exit', () => {
  process.stderr.write(`\n__BENCH_MAXRSS_KB__ ${process.resourceUsage().maxRSS}\n`);
});
