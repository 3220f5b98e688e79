// Preloaded by bench/cli.ts into the CLI and the baseline alike (node --require): prints the
// process's own CPU time at exit on stderr, so both are compared by CPU as well as wall time.
// CommonJS and fs.writeSync, so measuring adds neither Node's ES module loader nor a stderr
// stream to the process measured.
'use strict';
const { writeSync } = require('node:fs');
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(2, `\ncpu-ms ${((user + system) / 1000).toFixed(1)}\n`);
});
