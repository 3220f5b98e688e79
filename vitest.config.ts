import { defineConfig } from 'vitest/config';

// One project per runtime, each in a config file of its own: plain Node for the core and the
// CLI; the Worker (vitest-pool-workers on real local D1) and the browser tests add theirs here.
export default defineConfig({
  test: {
    projects: ['./vitest.node.config.ts'],
  },
});
