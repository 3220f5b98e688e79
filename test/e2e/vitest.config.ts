import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// End to end: the dev server as a person starts it, and the harness page (the add-in's real
// ribbon commands and task pane on Microsoft's office.js, against the simulated Excel) in
// headless Chromium. Each file builds, starts one server and one browser, and shares them.
export default defineProject({
  test: {
    name: 'e2e',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
