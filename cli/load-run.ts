import { createRequire } from 'node:module';
import type { run } from './run.js';

/** The built CLI's run bundle (dist/cli/run-HASH.cjs), relative to dist/ledger-check.cjs; set by scripts/build.js. */
declare const __LEDGER_RUN_BUNDLE__: string | undefined;

/**
 * cli/run.ts, loaded only when there are files to check: in the built CLI its CommonJS bundle,
 * from source (tests) the module.
 *
 * Measured and dropped: compiling the bundle through V8's code cache (vm.Script with cached
 * data, as v8-compile-cache does). With zod out of the bundle it saved about 6 ms of loading and
 * nothing measurable over a 5,000-row run, against a cache file to write, validate and keep.
 * Measured again with the cache written after a whole 5,000-row run (so the lazily compiled
 * functions are in it), by instructions (valgrind, node --single-threaded): parsing and bytecode
 * 112 M -> 70 M, but TurboFan 628 M -> 674 M (it reparses the cached functions for their source
 * positions, we think), 2,250 M in all either way; on a six-row ledger 306 M -> 265 M.
 */
export async function loadRun(): Promise<typeof run> {
  if (typeof __LEDGER_RUN_BUNDLE__ === 'string') return (createRequire(import.meta.url)(__LEDGER_RUN_BUNDLE__) as typeof import('./run.js')).run;
  return (await import('./run.js')).run;
}
