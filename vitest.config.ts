import { defineConfig } from 'vitest/config';

// One project per runtime, each in a config file of its own: plain Node for the core and the
// CLI; the Worker (vitest-pool-workers on real local D1) and the browser tests add theirs here.
const json = process.env.VITEST_JSON;

export default defineConfig({
  test: {
    // CI asks for a JSON summary beside the usual output (see .ci/run).
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
    projects: ['./vitest.node.config.ts', './test/worker/vitest.config.ts', './test/addin/vitest.config.ts', './test/e2e/vitest.config.ts'],
  },
});
