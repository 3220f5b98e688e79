import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

// Node 20 has no module.enableCompileCache (22.1+), so the CLI keeps V8's code cache itself, as
// v8-compile-cache does: the bundle is compiled by vm.Script with the bytecode a previous run
// left, which saves parsing it and compiling each function on its first call (measured on the
// 5,000-row run: about 60 ms of wall time, 50 ms of CPU).
//
// Safety: the cache file holds a copy of the exact bundle bytes it was made from, and is used
// only when they equal the bundle being loaded (V8's own check compares the source's length
// alone); V8 refuses a cache from another V8 or other flags (cachedDataRejected), and then the
// bundle compiles as usual. The cache lives beside the bundle (as trusted as the bundle itself)
// or where LEDGER_CHECK_CODE_CACHE points; writing it never fails a run (a read-only install
// simply runs uncached).

/** What became of the cache when the bundle loaded. */
export type CacheState = 'accepted' | 'rejected' | 'stale' | 'absent' | 'off';

export interface CachedBundle<T> {
  exports: T;
  cache: CacheState;
  /** Writes the cache when the one there was not used; after the run, so it holds the functions the run compiled. Never throws. */
  save(): void;
}

const MAGIC = Buffer.from('ledger-check code cache 1\n');
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n})'] as const;

/**
 * Where the cache of `bundle` lives: `setting` is LEDGER_CHECK_CODE_CACHE (unset: beside the
 * bundle; "off" or "0": no cache; else a folder). Named for the bundle (its name carries its
 * content hash), the V8 version and the CPU, so two Node versions never overwrite each other's.
 */
export function cachePath(bundle: string, setting: string | undefined): string | null {
  if (setting === 'off' || setting === '0') return null;
  return join(setting || dirname(bundle), `${basename(bundle)}.v8-${process.versions.v8}-${process.arch}.cache`);
}

function readCache(path: string, source: Buffer): Buffer | 'stale' | 'absent' {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return 'absent';
  }
  const at = MAGIC.length + 4;
  if (data.length < at || !data.subarray(0, MAGIC.length).equals(MAGIC)) return 'stale';
  const length = data.readUInt32LE(MAGIC.length);
  if (length !== source.length || data.length < at + length || !data.subarray(at, at + length).equals(source)) return 'stale';
  return data.subarray(at + length);
}

function writeCache(path: string, source: Buffer, cached: Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const length = Buffer.alloc(4);
    length.writeUInt32LE(source.length);
    writeFileSync(temporary, Buffer.concat([MAGIC, length, source, cached]));
    renameSync(temporary, path); // whole or not at all, even with runs side by side
  } catch {
    rmSync(temporary, { force: true });
  }
}

/**
 * Loads a CommonJS bundle (no dynamic import() inside: vm.Script has no module loader) through
 * the code cache at `cacheFile` (null: none).
 * @example const { exports, save } = loadBundle<typeof import('./run.js')>(file, cachePath(file, process.env.LEDGER_CHECK_CODE_CACHE))
 */
export function loadBundle<T>(file: string, cacheFile: string | null): CachedBundle<T> {
  const source = readFileSync(file);
  const found = cacheFile ? readCache(cacheFile, source) : 'off';
  const script = new Script(WRAPPER[0] + source.toString('utf8') + WRAPPER[1], {
    filename: file,
    cachedData: typeof found === 'string' ? undefined : found,
  });
  const cache: CacheState = typeof found === 'string' ? found : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cache,
    save() {
      if (!cacheFile || cache === 'accepted' || cache === 'off') return;
      try {
        writeCache(cacheFile, source, script.createCachedData());
      } catch {
        // createCachedData failing only means no cache next time.
      }
    },
  };
}
