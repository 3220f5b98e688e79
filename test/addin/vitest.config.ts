import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// The add-in against Microsoft's real office.js in headless Chromium, with the simulated Excel
// host. Each test file launches one browser and shares it; files run one at a time per worker.
export default defineProject({
  test: {
    name: 'addin',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/addin/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
