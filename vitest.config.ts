import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Renderer tests opt into a DOM per file with `// @vitest-environment happy-dom`.
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for what the window or a run will show: on a busy machine that takes more than the default second.
    expect: { poll: { timeout: 10_000 } },
    // Two cores here: real SQLite files, child processes and Chromium share them.
    maxWorkers: 2,
    alias: { electron: new URL('./tests/support/electron-stub.ts', import.meta.url).pathname },
  },
});
