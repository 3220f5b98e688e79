// Preloaded by bench/cli.ts into the CLI and the baseline alike (node --import): prints the
// process's own CPU time at exit on stderr, so both are compared by CPU as well as wall time.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\ncpu-ms ${((user + system) / 1000).toFixed(1)}\n`);
});
