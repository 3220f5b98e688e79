import { fileURLToPath } from 'node:url';
import { cachePath, loadBundle } from './code-cache.js';
import type { run } from './run.js';

/** The built CLI's run bundle (dist/cli/run-HASH.cjs), relative to dist/ledger-check.cjs; set by scripts/build.js. */
declare const __LEDGER_RUN_BUNDLE__: string | undefined;

export interface LoadedRun {
  run: typeof run;
  /** Called after a run that finished: keeps the code cache for the next one. */
  finished: () => void;
}

/**
 * cli/run.ts, loaded only when there are files to check. The built CLI loads it as a CommonJS
 * bundle through V8's code cache (cli/code-cache.ts); from source (tests), as a module.
 */
export async function loadRun(): Promise<LoadedRun> {
  if (typeof __LEDGER_RUN_BUNDLE__ === 'string') {
    const file = fileURLToPath(new URL(__LEDGER_RUN_BUNDLE__, import.meta.url));
    const bundle = loadBundle<typeof import('./run.js')>(file, cachePath(file, process.env.LEDGER_CHECK_CODE_CACHE));
    if (process.env.LEDGER_CHECK_DEBUG) process.stderr.write(`ledger-check: code cache ${bundle.cache}\n`);
    return { run: bundle.exports.run, finished: bundle.save };
  }
  return { run: (await import('./run.js')).run, finished: () => {} };
}
