import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './harness-page.js';
import { freePort } from './worker-process.js';

// SPEC section 13: the server's CAMPAIGN is checked when the Worker starts. A broken one stops it
// with the reason (so `wrangler deploy` refuses it too), never falling back to the default.
it('a Worker given a broken CAMPAIGN does not start, and says which settings are wrong', async () => {
  const state = mkdtempSync(join(tmpdir(), 'ledger-bad-campaign-'));
  const broken = JSON.stringify({ id: 'chengbu-2024', name: '2024年整改', county: '城步苗族自治县', year: 2024, startsOn: '2024-03-01', selfCheckDue: '30/04/2024', categories: [] });
  const child = spawn(
    process.execPath,
    ['node_modules/wrangler/bin/wrangler.js', 'dev', '--local', '--ip', '127.0.0.1', '--port', String(await freePort()), '--persist-to', state, '--show-interactive-dev-session=false', '--var', `CAMPAIGN:${broken}`],
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    for (let i = 0; i < 240 && !/failed to start|Ready on/.test(out); i++) await new Promise((r) => setTimeout(r, 500));
    expect(out).toContain('服务器的检查方案设置有误');
    expect(out).toContain('selfCheckDue');
    expect(out).toContain('categories');
    expect(out).not.toContain('Ready on');
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already exited
    }
    rmSync(state, { recursive: true, force: true });
  }
}, 150_000);
