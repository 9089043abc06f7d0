import { defineConfig } from '@playwright/test';

const PORT = Number(process.env['E2E_PORT'] ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * End-to-end tests in Debian's Chromium (no browser download: `npx playwright install` cannot run
 * here). The built API serves the built web app; tools/e2e-server.mjs gives it a fresh database.
 */
export default defineConfig({
  testDir: './src',
  outputDir: '../../test-results/web-e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: '../../playwright-report', open: 'never' }]],
  use: {
    baseURL: BASE_URL,
    // DOM snapshots and network of every step, kept for failed tests; no screencast frames (they
    // cost a quarter of the run time on a two-core machine; the failure screenshot stays).
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true },
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    // Angular Material honours prefers-reduced-motion: menus, dialogs and panels open without
    // animations, which makes every step faster and removes timing noise (applies to every context).
    reducedMotion: 'reduce',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node tools/e2e-server.mjs',
    cwd: '../..',
    url: `${BASE_URL}/api/health`,
    env: { PORT: String(PORT) },
    reuseExistingServer: false,
    timeout: 120_000,
    // SIGTERM (not the default SIGKILL) so tools/e2e-server.mjs stops the API and drops its database.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
