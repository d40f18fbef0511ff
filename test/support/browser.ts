/**
 * Chromium for the browser tests: Debian's package driven by playwright-core. Where it is missing
 * the tests are skipped — loudly, with how to install it — except in CI (`REQUIRE_BROWSER_TESTS=1`,
 * set by .ci/run), where a missing browser fails the run instead.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(CHROMIUM);
/** Where screenshots go (git-ignored): look at them after a run. */
export const ARTIFACTS = join(process.cwd(), 'test-results', 'browser');

if (!browserAvailable) {
  const message = `Browser tests need Chromium at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`;
  if (process.env.REQUIRE_BROWSER_TESTS === '1') throw new Error(`REQUIRE_BROWSER_TESTS=1: ${message}`);
  console.warn(`\n${'!'.repeat(100)}\n!! BROWSER TESTS SKIPPED. ${message}\n${'!'.repeat(100)}\n`);
}

/** Headless Chromium with a fresh profile (a fresh `--user-data-dir`, which Playwright sets itself). */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
