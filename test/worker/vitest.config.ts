import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';
import { fakeRobots, TEST_ROBOTS } from './fake-robots.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** .xlsx files of a directory as base64 (tests run inside workerd, which cannot read the disk). */
function xlsxFiles(dir: string): Record<string, string> | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort();
  return files.length ? Object.fromEntries(files.map((f) => [f, readFileSync(`${dir}/${f}`).toString('base64')])) : null;
}

// SPEC's public fixtures, as the project keeps them (test/fixtures/spec).
const spec = here('../fixtures/spec');

export default defineProject({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: here('../../wrangler.toml') },
      miniflare: {
        bindings: { TEST_MIGRATIONS: await readD1Migrations(here('../../worker/migrations')) },
        // Every fetch the Worker makes goes to local fakes of the DingTalk and WeCom robots.
        outboundService: fakeRobots(TEST_ROBOTS),
      },
    })),
  ],
  test: {
    name: 'worker',
    include: ['**/*.test.ts'],
    setupFiles: ['./setup.ts'],
    // Generous, for a machine busy with other work: the tests assert behaviour, never speed, and
    // vitest's default 10 s for hooks is too little for a beforeAll that stores ledgers under load.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    provide: {
      specFixtures: xlsxFiles(spec)!,
      specCampaign: readFileSync(`${spec}/campaign-2023.json`, 'utf8'),
      specExpected: readFileSync(`${spec}/expected.json`, 'utf8'),
      demoCounty: xlsxFiles(here('../fixtures/demo-county'))!,
      countyAggregate: readFileSync(here('../fixtures/county-aggregate-5000.xlsx')).toString('base64'),
    },
  },
});

declare module 'vitest' {
  export interface ProvidedContext {
    specFixtures: Record<string, string>;
    specCampaign: string;
    specExpected: string;
    demoCounty: Record<string, string>;
    countyAggregate: string;
  }
}
