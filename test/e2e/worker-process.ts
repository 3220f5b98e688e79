// The county server as `npm start` runs it (scripts/dev-worker.ts: local D1, the demo county
// seeded, tokens printed once), in a state folder of its own, on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness-page.js';

export interface WorkerProcess {
  url: string;
  tokens: Map<string, string>;
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** `campaign`: a campaign JSON file for the server's CAMPAIGN; `today`: the county date to pin. */
export async function startWorker(origins: string, extra: { campaign?: string; today?: string } = {}): Promise<WorkerProcess> {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'ledger-worker-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/dev-worker.ts', '--port', String(port), '--persist-to', state, '--origins', origins,
    ...(extra.campaign ? ['--campaign', extra.campaign] : []), ...(extra.today !== undefined ? ['--today', extra.today] : [])], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(state, { recursive: true, force: true });
  };
  for (let i = 0; i < 240 && !out.includes('Try:'); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!out.includes('Try:')) {
    stop();
    throw new Error(`the county server did not start:\n${out.slice(-3000)}`);
  }
  const tokens = new Map<string, string>();
  for (const m of out.matchAll(/^ {2}(.+?)\t(lc_[\w-]+)$/gm)) tokens.set(m[1]!.replace(/（县委巡察办）|\s*\(县委巡察办\)/, '').trim(), m[2]!);
  return { url: `http://127.0.0.1:${port}`, tokens, stop };
}
