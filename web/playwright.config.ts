/**
 * The browser tests: Debian's Chromium (no browser download) driving the
 * release binary, once on SQLite and once on PostgreSQL. tests/support/servers.ts
 * starts both servers on fresh databases before the run and stops them (and
 * drops the PostgreSQL database) after it.
 *
 * - LABELWELL_TEST_BINARY: the server (default: the release build in $CARGO_TARGET_DIR).
 * - LABELWELL_TEST_BACKENDS: `sqlite,postgres` (default), one of them, or empty (no
 *   server: the unit tests alone).
 * - LABELWELL_CHROMIUM: the browser (default /usr/bin/chromium).
 * - LABELWELL_TEST_SERVER: instead, a server already running at this URL (e.g.
 *   `npm run dev` in front of `cargo run -- serve`), as the one project `external`.
 */
import { defineConfig } from '@playwright/test'

const backends = process.env.LABELWELL_TEST_SERVER
  ? ['external']
  : (process.env.LABELWELL_TEST_BACKENDS ?? 'sqlite,postgres').split(',').filter(Boolean)

export default defineConfig({
  testDir: 'tests',
  // Two cores: one worker keeps the latency figures honest and the servers unhurried.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  globalSetup: './tests/support/servers.ts',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.LABELWELL_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Pure logic (offsets, answers): no server, no browser.
    { name: 'unit', testMatch: 'unit/**/*.spec.ts' },
    ...backends.map((backend) => ({ name: backend, testIgnore: 'unit/**', metadata: { backend } })),
  ],
})
