import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file under shared/, and the modules it imports (static, re-exported or dynamic). */
function importsOf(dir: string): { file: string; specifier: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)'([^']+)'/gm)].map((m) => ({ file: f, specifier: m[1]! }));
    });
}

/** A file's code without its comments (line and block; lines kept), roughly: enough to look for names in it. */
const codeOf = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, '')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** Node's globals that Workers lack without `nodejs_compat`. */
const NODE_GLOBALS = /(?<![.\w$])(Buffer|process|require|__dirname|__filename|setImmediate|global)(?![\w$])/;

describe('shared/ is the pure core', () => {
  it('imports nothing from Node, Office, Workers or an I/O library: only its own modules, zod, numfmt and the noble hashes and AES', () => {
    const imports = importsOf('shared');
    expect(imports.length).toBeGreaterThan(100);
    const outside = imports.filter(({ specifier }) => !specifier.startsWith('./') && !specifier.startsWith('../'));
    // @noble/hashes and @noble/ciphers: pure, dependency-free (audited) hash and cipher functions,
    // bytes in and out, for encrypted workbooks (shared/office-crypto.ts).
    const allowed = new Set(['zod', 'numfmt', '@noble/hashes/legacy', '@noble/hashes/sha2', '@noble/ciphers/aes']);
    expect(outside.filter(({ specifier }) => !allowed.has(specifier))).toEqual([]);
    // Relative imports stay inside shared/, and never leave it to come back ('../../shared/…').
    const escaping = imports.filter(({ file, specifier }) => specifier.startsWith('.') && (join('shared', file, '..', specifier).split('/')[0] !== 'shared' || /(^|\/)shared\//.test(specifier)));
    expect(escaping).toEqual([]);
  });

  // The Worker runs without nodejs_compat (wrangler.toml), but vitest's Workers pool turns it on,
  // so a Node global in code the Worker bundles passes the worker tests and fails in production.
  it.each(['shared', 'worker'])('%s/ uses no Node global (Buffer, process, require…)', (dir) => {
    const uses = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .flatMap((f) => codeOf(readFileSync(join(dir, f), 'utf8')).split('\n').flatMap((line, i) => (NODE_GLOBALS.test(line) ? [`${dir}/${f}:${i + 1}: ${line.trim()}`] : [])));
    expect(uses).toEqual([]);
  });
});
