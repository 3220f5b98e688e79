import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'node',
    include: ['test/shared/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/scripts/**/*.test.ts', 'test/bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
