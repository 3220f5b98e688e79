// A new isolate's start: the Worker's bundle as `wrangler deploy` makes it, evaluated in a fresh
// Node process (the same V8; workerd's own start cannot be timed from inside, and wrangler's dev
// restart adds its own ~0.2 s). Beside it the way before: docx (letters, the bulletin) imported
// at the top, so every new isolate evaluated it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { ROOT, WRANGLER_ENV } from '../scripts/d1.js';
import { median } from './measure.js';

/** The Worker's bundle from `entry` (wrangler's dry run, offline), made loadable by Node: its bytes and its path. */
function bundle(entry: string, dir: string): { bytes: number; file: string } {
  const out = join(dir, entry.replace(/\W/g, '_'));
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--config', 'wrangler.toml', '--outdir', out, entry], { cwd: ROOT, env: { ...process.env, ...WRANGLER_ENV }, stdio: 'ignore' });
  // The bundle is named after its entry (index.js for the Worker's own).
  const built = join(out, `${basename(entry, extname(entry))}.js`);
  const js = readFileSync(built, 'utf8');
  // The one import Node lacks: the Worker reads `env` from it only inside requests.
  const envImport = /^import \{ env \} from "cloudflare:workers";$/m;
  if (!envImport.test(js)) throw new Error(`${entry}: its bundle no longer imports env as expected`);
  const file = `${out}.mjs`;
  writeFileSync(file, js.replace(envImport, 'const env = {};'));
  return { bytes: statSync(built).size, file };
}

/** Milliseconds to import `file` in a fresh process (parse, compile, the modules' top-level code). */
function evaluation(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

export interface StartupFigures { bytes: number; ms: number; eagerBytes: number; eagerMs: number }

/** Medians of `runs` fresh processes each way, interleaved. */
export function measureStartup(runs = 7): StartupFigures {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-startup-'));
  try {
    const lazy = bundle('worker/index.ts', dir);
    const eager = bundle('bench/worker-eager-entry.ts', dir);
    const ms: number[] = [];
    const eagerMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      ms.push(evaluation(lazy.file));
      eagerMs.push(evaluation(eager.file));
    }
    return { bytes: lazy.bytes, ms: median(ms), eagerBytes: eager.bytes, eagerMs: median(eagerMs) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
