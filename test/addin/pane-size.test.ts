import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the build script is plain JavaScript without types
import { ENTRIES } from '../../scripts/build.js';

// SPEC section 11: the task pane's initial script under 200 KB gzip. Built here with the
// production options (minified), so the figure is today's code, not a stale dist/.
describe('the task pane script', () => {
  it('is under 200 KB gzip', async () => {
    const options = (ENTRIES as Record<string, object>).taskpane!;
    const result = await build({ ...options, bundle: true, write: false, logLevel: 'warning', sourcemap: false, metafile: true });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!;
    const gzip = gzipSync(js.contents, { level: 9 }).length;
    expect(gzip).toBeLessThan(200 * 1024);
    // zod's English messages only: its 64 locales were 65 KB of the 178 KB gzip (`import { z }`
    // keeps them all; `import * as z` lets esbuild drop the unused ones).
    const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint)!;
    const locales = Object.entries(output.inputs).filter(([f, i]) => f.includes('zod/v4/locales/') && i.bytesInOutput > 0).map(([f]) => f.replace(/^.*\//, ''));
    expect(locales).toEqual(['en.js']);
  });
});
