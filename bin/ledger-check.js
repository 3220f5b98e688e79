#!/usr/bin/env node
// The `ledger-check` command: runs the CLI bundle that scripts/build.js writes to dist/.
// CommonJS (bin/package.json says so), as the bundles are: Node then starts the CLI without
// setting up its ES module loader, a tenth of the time `--version` takes.
'use strict';
let cli;
try {
  cli = require('../dist/ledger-check.cjs');
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('ledger-check.cjs')) throw error;
  process.stderr.write('ledger-check: 尚未构建，请先运行 npm run build (not built yet: run npm run build)\n');
  process.exit(2);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
