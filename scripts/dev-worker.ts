// `npm run dev:worker`: the county server on this machine, offline. Applies the D1 migrations to
// local D1, seeds the demo county on first run (units, tokens printed once, their ledgers
// submitted), and runs `wrangler dev` with the cron testable at /__scheduled.
//
//   npm run dev:worker                      demo county from test/fixtures/demo-county
//   npm run dev:worker -- --seed DIR        another directory of .xlsx ledgers (one unit each)
//   npm run dev:worker -- --no-seed         empty county (register units with npm run admin)
//   npm run dev:worker -- --reset           wipe local state first
//   npm run dev:worker -- --today ''        the real clock instead of the demo date
//   npm run dev:worker -- --campaign FILE   the county's campaign (JSON) instead of the default
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate, ROOT, sql, WRANGLER_BIN, WRANGLER_ENV, type Target } from './d1.js';
import { issueDemoTokens, readLedgers, submitLedgers } from './demo-seed.js';
import { campaignFromSetting } from '../shared/index.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: join(ROOT, 'test/fixtures/demo-county') },
    'no-seed': { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    port: { type: 'string', default: '8787' },
    // The demo campaign is 2023's: pin the county's date to the day before its self-check was due.
    today: { type: 'string', default: '2023-04-24' },
    'persist-to': { type: 'string' },
    // Extra add-in origins CORS lets in (npm start adds the dev server's http and https origins).
    origins: { type: 'string' },
    // The CAMPAIGN setting from a JSON file, checked here first so a broken one stops the start.
    campaign: { type: 'string' },
  },
});
const campaignJson = values.campaign ? JSON.stringify(campaignFromSetting(readFileSync(values.campaign, 'utf8'))) : '';
const target: Target = { remote: false, persistTo: values['persist-to'] };
const state = values['persist-to'] ?? join(ROOT, '.wrangler/state');
if (values.reset) rmSync(state, { recursive: true, force: true });

migrate(target);
const [[{ n: units } = { n: 0 }] = []] = sql<{ n: number }>(target, 'SELECT COUNT(*) AS n FROM units');
const seeding = !values['no-seed'] && units === 0;
if (seeding && !existsSync(values.seed!)) throw new Error(`no ledgers to seed at ${values.seed}; pass --seed DIR or --no-seed`);
const ledgers = seeding ? await readLedgers(values.seed!) : [];
const tokens = seeding ? issueDemoTokens(target, [...new Set(ledgers.map((l) => l.unit))]) : null;

const base = `http://127.0.0.1:${values.port}`;
const dev = spawn(
  process.execPath,
  [WRANGLER_BIN, 'dev', '--local', '--ip', '127.0.0.1', '--port', values.port!, '--test-scheduled', '--show-interactive-dev-session=false',
    ...(values.today ? ['--var', `TODAY:${values.today}`] : []), ...(values.origins ? ['--var', `ALLOWED_ORIGINS:${values.origins}`] : []),
    ...(campaignJson ? ['--var', `CAMPAIGN:${campaignJson}`] : []), ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])],
  { cwd: ROOT, env: WRANGLER_ENV, stdio: 'inherit' },
);
process.on('SIGINT', () => dev.kill('SIGINT'));
process.on('SIGTERM', () => dev.kill('SIGTERM'));
dev.on('exit', (code) => process.exit(code ?? 0));

await waitForHealth(`${base}/api/v1/health`);
if (tokens) {
  const results = await submitLedgers(base, ledgers, tokens.units);
  console.log(`\n== Demo county seeded: ${results.length} ledgers, ${results.reduce((n, r) => n + r.items, 0)} items`);
  console.log('Access tokens (shown once; issue more with `npm run admin -- token create …`):');
  console.log(`  county (县委巡察办)\t${tokens.county}`);
  for (const [unit, token] of tokens.units) console.log(`  ${unit}\t${token}`);
  console.log(`\nTry:\n  curl -s -H "Authorization: Bearer ${tokens.county}" "${base}/api/v1/summary?asOf=2023-05-29"\n`);
} else {
  console.log(`\n== County server at ${base} (already seeded, or --no-seed: issue tokens with npm run admin)\n`);
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the Worker did not answer at ${url}`);
}
