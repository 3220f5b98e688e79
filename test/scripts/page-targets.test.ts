import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the build script is plain JavaScript without types
import { ENTRIES } from '../../scripts/build.js';

// The dashboard and the bulletin open in the county office's own browsers (360安全浏览器 13 on a
// Chromium 86 core, a 信创 desktop's browser of that age), not in Excel's webview. esbuild lowers
// their syntax to the build's target; a runtime API is not lowered, so a call to one newer than
// Chromium 86 would throw there: none may be in the bundles. (Chrome version that added each.)
const NEWER_THAN_86: [RegExp, string][] = [
  [/\.at\((?!\))/, 'Array/String.prototype.at (92)'],
  [/Object\.hasOwn\(/, 'Object.hasOwn (93)'],
  [/\bstructuredClone\(/, 'structuredClone (98)'],
  [/\.findLast(Index)?\(/, 'Array.prototype.findLast (97)'],
  [/\.to(Sorted|Reversed|Spliced)\(/, 'Array.prototype.toSorted and kin (110)'],
  [/\b(Object|Map)\.groupBy\(/, 'Object.groupBy (117)'],
  [/randomUUID\(/, 'crypto.randomUUID (92)'],
  [/AbortSignal\.timeout\(/, 'AbortSignal.timeout (103)'],
  [/Intl\.Segmenter/, 'Intl.Segmenter (87)'],
];

const ROOT = join(import.meta.dirname, '../..');
type Entry = { entryPoints: string[]; target: string[] } & Record<string, unknown>;
const entries = ENTRIES as Record<string, Entry>;

describe('the county office pages run on a Chromium 86 core', () => {
  for (const name of ['dashboard', 'bulletin']) {
    it(`${name}: built for it, and calls no runtime API newer than it`, async () => {
      const entry = entries[name]!;
      expect(entry.target).toContain('chrome86');
      // As scripts/build.js builds it (writeBundle): bundled, from the repository's root.
      const out = await build({ bundle: true, absWorkingDir: ROOT, ...entry, write: false, sourcemap: false, logLevel: 'silent' });
      const code = out.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
      expect(code.length).toBeGreaterThan(10_000);
      const found = NEWER_THAN_86.filter(([re]) => re.test(code)).map(([, what]) => what);
      expect(found).toEqual([]);
    });
  }

  it('the check itself finds such a call', async () => {
    const out = await build({ stdin: { contents: 'export const last = (xs) => xs.at(-1); export const own = (o) => Object.hasOwn(o, "k");' }, bundle: true, write: false, format: 'iife', target: ['chrome86'], minify: true });
    const code = out.outputFiles[0]!.text;
    expect(NEWER_THAN_86.filter(([re]) => re.test(code)).map(([, what]) => what)).toEqual(['Array/String.prototype.at (92)', 'Object.hasOwn (93)']);
  });
});
