// Browser tests: the web host on a free port, on the synthetic line, driven in
// Debian's Chromium (Playwright's own browser download is not reachable here).
// The renderer is built first by the webServer command, so the tests always run
// against the current code.
import { defineConfig } from '@playwright/test';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// The config is evaluated in the runner and again in each worker; the env var
// (inherited by workers) keeps every evaluation on the same port.
process.env.LOUPE_E2E_PORT ??= String(await freePort());
const port = Number(process.env.LOUPE_E2E_PORT);
// A fresh data folder per run, so saved recipe versions and results never leak between runs.
process.env.LOUPE_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'loupe-e2e-data-'));

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: 'tests/e2e',
  // Playwright empties its outputDir at start; screenshots and traces are kept here as artifacts.
  outputDir: 'test-results/e2e',
  // One engine is shared by every page; tests change its recipe and run state.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // scripts/test-all.sh adds this report to the vitest one for the suite's closing line.
  reporter: [['list'], ['json', { outputFile: 'test-reports/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    viewport: { width: 1600, height: 950 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    screenshot: 'on',
    trace: 'off',
  },
  webServer: {
    command: `npx electron-vite build --logLevel warn && npx tsx src-web/server-main.ts --host 127.0.0.1 --port ${port} --data ${process.env.LOUPE_E2E_DATA}`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
