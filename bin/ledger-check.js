#!/usr/bin/env node
// The `ledger-check` command: runs the CLI bundle that scripts/build.js writes to dist/.
let cli;
try {
  cli = await import('../dist/ledger-check.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('ledger-check.js')) throw error;
  process.stderr.write('ledger-check: 尚未构建，请先运行 npm run build (not built yet: run npm run build)\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
