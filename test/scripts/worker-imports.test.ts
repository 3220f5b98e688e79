import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// What a new isolate evaluates before its first request is what the Worker's entry reaches by
// static imports (bench/worker-startup.ts times it). docx (letters and the bulletin, 0.7 MB of the
// bundle) is imported where a .docx is asked for, so no static path may lead to it.
const ROOT = join(import.meta.dirname, '../..');

/** The modules a source file imports statically (not `import type`, not `import()`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    if (!m[1]) out.push(m[2]!);
  }
  return out;
}

/** Every package (bare specifier) reachable from `entry` by static imports, with one path to each. */
function reachablePackages(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (file: string, path: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, [...path, relative(ROOT, file)]);
        continue;
      }
      const target = join(dirname(file), spec).replace(/\.js$/, '.ts');
      if (existsSync(target)) walk(target, [...path, relative(ROOT, file)]);
    }
  };
  walk(join(ROOT, entry), []);
  return packages;
}

describe("the Worker's static imports", () => {
  it('never reach docx: a new isolate evaluates it only when a letter or the bulletin is asked for', () => {
    const fromWorker = reachablePackages('worker/index.ts');
    expect(fromWorker.get('docx'), `docx reached by ${fromWorker.get('docx')?.join(' → ')}`).toBeUndefined();
    // The walk does find packages, and docx where it is imported.
    expect(fromWorker.has('hono')).toBe(true);
    expect(reachablePackages('worker/letters/letter-docx.ts').has('docx')).toBe(true);
    expect(reachablePackages('worker/reports/bulletin-docx.ts').has('docx')).toBe(true);
  });
});
