import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Unit and integration tests. Engine tests run in Node (native OpenCV);
// renderer tests run in happy-dom. Browser tests live under tests/e2e (Playwright).
export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Native OpenCV is not fork-safe across worker threads; forks keep each file isolated.
    pool: 'forks',
    maxWorkers: 2,
  },
});
