import { defineConfig, devices } from '@playwright/test';

const outputDir = 'test-output';

/**
 * `nx e2e frontend-e2e` starts the whole local stack (embedded PostgreSQL, the built backend and the built
 * frontend) on free ports, then drives it in the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 * `--configuration=containers` runs the images instead; `--configuration=minikube` tests the deployed release.
 */
export default defineConfig({
  testDir: './src',
  // The axe scans read the pages of one build, which the images serve unchanged: the local run has scanned them.
  testIgnore: process.env.E2E_STACK === 'containers' ? ['accessibility.spec.ts'] : [],
  outputDir: `${outputDir}/results`,
  globalSetup: './src/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: `${outputDir}/report`, open: 'never' }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    ignoreHTTPSErrors: process.env.E2E_STACK === 'minikube', // the chart's self-signed certificate
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
