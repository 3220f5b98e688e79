import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** .xlsx files of a directory as base64 (tests run inside workerd, which cannot read the disk). */
function xlsxFiles(dir: string): Record<string, string> | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort();
  return files.length ? Object.fromEntries(files.map((f) => [f, readFileSync(`${dir}/${f}`).toString('base64')])) : null;
}

// The public fixtures live outside the repo (../shared): absent in a user's clone, and then
// the tests that use them are skipped.
const shared = here('../../../shared/fixtures');

export default defineProject({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: here('../../wrangler.toml') },
      miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations(here('../../worker/migrations')) } },
    })),
  ],
  test: {
    name: 'worker',
    include: ['**/*.test.ts'],
    setupFiles: ['./setup.ts'],
    testTimeout: 60_000,
    provide: {
      sharedFixtures: xlsxFiles(shared),
      sharedCampaign: existsSync(`${shared}/campaign-2023.json`) ? readFileSync(`${shared}/campaign-2023.json`, 'utf8') : null,
      sharedExpected: existsSync(`${shared}/expected.json`) ? readFileSync(`${shared}/expected.json`, 'utf8') : null,
      demoCounty: xlsxFiles(here('../fixtures/demo-county')),
    },
  },
});

declare module 'vitest' {
  export interface ProvidedContext {
    sharedFixtures: Record<string, string> | null;
    sharedCampaign: string | null;
    sharedExpected: string | null;
    demoCounty: Record<string, string> | null;
  }
}
