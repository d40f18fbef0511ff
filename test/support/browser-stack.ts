/**
 * What every browser test file starts with: the whole local stack in-process (its own state
 * directory, no schedules, quiet) and a Chromium that records every CSP violation its pages report.
 * Both are started before the file's tests and stopped after them; with no Chromium (and no
 * REQUIRE_BROWSER_TESTS) nothing starts and the files skip their tests, as browser.ts says.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../infra/local/start.ts';
import { browserAvailable, launchChromium } from './browser.ts';
import { watchCspViolations } from './csp-violations.ts';

export interface BrowserStack {
  stack: LocalStack;
  browser: BrowserContext;
  /** Every CSP violation any page of the file has reported so far. */
  cspViolations: string[];
  stateDir: string;
}

/** Registers the file's start and stop; the returned object is filled in before its first test. */
export function useBrowserStack(name: string, options: Omit<LocalStackOptions, 'stateDir'> = {}): BrowserStack {
  const started = {} as BrowserStack;
  beforeAll(async () => {
    if (!browserAvailable) return;
    started.stateDir = await mkdtemp(join(tmpdir(), `${name}-`));
    started.stack = await startLocalStack({ port: 0, sesPort: 0, sfnPort: 0, schedules: false, log: () => {}, ...options, stateDir: started.stateDir });
    started.browser = await launchChromium();
    started.cspViolations = await watchCspViolations(started.browser);
  }, 120_000);
  afterAll(async () => {
    await started.browser?.close();
    await started.stack?.close();
    if (started.stateDir) await rm(started.stateDir, { recursive: true, force: true });
  });
  return started;
}

/** Fills the enquiry form, already open in `page`, as a customer would for an 18ct Fairtrade gold engagement ring (not sent). */
export async function fillEnquiryForm(page: Page, email: string): Promise<void> {
  await page.getByLabel('Your name').fill('Ana Lima');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('An engagement ring').check();
  await page.getByLabel('Describe it').fill('A solitaire in a low setting, slim band.');
  await page.getByLabel('Ring size').fill('M');
  await page.getByLabel('Fairtrade', { exact: false }).first().check();
  await page.getByLabel('Metal', { exact: true }).selectOption('gold');
  await page.getByLabel('Fineness').selectOption('18ct');
  await page.getByLabel('Colour').selectOption('yellow');
  await page.getByLabel(/I agree/).check();
}
