/**
 * Every page people use, checked by axe-core in real Chromium (test/support/axe.ts) against the
 * whole local stack: the enquiry form (and its confirmation), the console's views (the queues, a
 * search, a commission, the registry, the licences, the workflow), the customer's status page with
 * a design proposal, and the public certificate. Each must have no violation. And the console's
 * search box finds a commission by the reference a customer quotes.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CertificateStore } from '#adapters/certificate-store';
import { storedCommission } from '#adapters/commission-store';
import { STAGE_SORT_KEY, stageSortKey } from '#adapters/table-keys';
import { StatusLinks } from '#adapters/status-links';
import { unconfirmedExpiry } from '#domain/intake';
import { shortReference } from '#domain/labels';
import type { Commission } from '#domain/schemas';
import { mintDesignerToken } from '../../infra/local/designer-token.ts';
import { localCredentials } from '../../infra/local/services.ts';
import { sampleCommission } from '../../infra/samples.ts';
import { axeViolations, expectNoAxeViolations } from '../support/axe.ts';
import { browserAvailable } from '../support/browser.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { fillEnquiryForm, useBrowserStack } from '../support/browser-stack.ts';

let db: DynamoDBDocumentClient;
const TABLE = 'commissions';

const local = useBrowserStack('a11y-stack', { tableName: TABLE });

beforeAll(async () => {
  if (!browserAvailable) return;
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: local.stack.dynamoUrl, region: 'local', credentials: localCredentials }), {
    marshallOptions: { removeUndefinedValues: true },
  });
}, 120_000);

afterAll(async () => {
  db?.destroy();
});

/**
 * A confirmed commission written as the table stores one (in its stage's queue), so the pages
 * have something to show whatever the workflow's walk to that stage becomes.
 */
async function seed(stage: Commission['stage'], overrides: Partial<Commission> = {}): Promise<Commission> {
  const at = new Date().toISOString();
  const commission = sampleCommission(stage, {
    id: randomUUID(),
    customer: { name: 'Ana Lima', email: uniqueEmail('a11y'), phone: '+44 7700 900123' },
    confirmedAt: at,
    stageEnteredAt: at,
    createdAt: at,
    updatedAt: at,
    history: [{ at, stage: 'ENQUIRY', event: 'confirmed', actor: 'customer' }],
    ...overrides,
  });
  await db.send(new PutCommand({ TableName: TABLE, Item: { ...storedCommission(commission), [STAGE_SORT_KEY]: stageSortKey(at, commission.id) } }));
  return commission;
}

/** A designer's console: the local identity's token, as the console keeps it after signing in. */
async function consolePage(): Promise<Page> {
  const token = await mintDesignerToken({ stateDir: local.stateDir, issuer: local.stack.issuer, name: 'Rosa Jeweller', email: 'rosa@studio.local' });
  const page = await local.browser.newPage();
  await page.goto(`${local.stack.apiUrl}/console`);
  await page.evaluate((t) => localStorage.setItem('console.idToken', t), token);
  return page;
}

/** Shows a console address and waits for its screen's heading. */
async function show(page: Page, hash: string, heading: string | RegExp) {
  await page.goto(`${local.stack.apiUrl}/console${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 15_000 });
}

describe.skipIf(!browserAvailable)('accessibility (axe-core, in Chromium)', () => {
  it('the enquiry form, empty, with its errors shown, and confirmed', { timeout: 60_000 }, async () => {
    const page = await local.browser.newPage();
    await page.goto(`${local.stack.apiUrl}/`);
    await expectNoAxeViolations(page, 'the enquiry form');
    // Sent empty: every error beside its field.
    await page.getByRole('button', { name: 'Send my enquiry' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor({ timeout: 10_000 });
    await expectNoAxeViolations(page, 'the enquiry form with its errors');
    await fillEnquiryForm(page, uniqueEmail('a11y-form'));
    await page.getByRole('button', { name: 'Send my enquiry' }).click();
    await expect.poll(() => page.locator('#confirmation').isVisible(), { timeout: 15_000 }).toBe(true);
    await expectNoAxeViolations(page, 'the enquiry sent');
    await page.close();
  });

  it("the console's views: sign-in, queues, a search, a commission, the registry, the licences, the workflow", { timeout: 90_000 }, async () => {
    const design = await seed('DESIGN', { awaiting: { stage: 'DESIGN', revision: 1, since: new Date().toISOString(), party: 'studio' } });
    const signIn = await local.browser.newPage();
    await signIn.goto(`${local.stack.apiUrl}/console`);
    await signIn.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectNoAxeViolations(signIn, 'the console sign-in');
    await signIn.close();

    const page = await consolePage();
    await show(page, '#/queue/DESIGN', 'Commissions');
    await page.getByRole('link', { name: shortReference(design.id) }).waitFor();
    await expectNoAxeViolations(page, 'the DESIGN queue');
    await show(page, '#/queue/DESIGN/studio', 'Commissions');
    await expectNoAxeViolations(page, 'the DESIGN queue awaiting the studio');
    await show(page, '#/queue/COMPLETED', 'Commissions');
    await expectNoAxeViolations(page, 'the COMPLETED queue');
    await show(page, `#/search/${shortReference(design.id)}`, 'Find a commission');
    await expectNoAxeViolations(page, 'a search');
    await show(page, '#/search/not%20a%20reference', 'Find a commission');
    await page.getByRole('alert').waitFor();
    await expectNoAxeViolations(page, 'a search refused');
    await show(page, `#/commission/${design.id}`, /./);
    await page.getByRole('button').first().waitFor();
    await expectNoAxeViolations(page, 'a commission awaiting its design');
    // A commission at each later stage: the sourcing and making forms, the closed ones.
    for (const stage of ['SOURCING', 'MAKING', 'DELIVERY'] as const) {
      const at = await seed(stage, { awaiting: { stage, revision: 1, since: new Date().toISOString(), party: 'studio' } });
      await show(page, `#/commission/${at.id}`, /./);
      await page.getByRole('button').first().waitFor();
      await expectNoAxeViolations(page, `a commission awaiting ${stage}`);
    }
    for (const stage of ['COMPLETED', 'CANCELLED'] as const) {
      const closed = await seed(stage);
      await show(page, `#/commission/${closed.id}`, /./);
      await expectNoAxeViolations(page, `a ${stage} commission`);
    }
    await show(page, '#/origins', /./);
    await page.locator('.card').first().waitFor();
    await expectNoAxeViolations(page, 'the registry');
    await show(page, '#/licences', /./);
    await page.locator('form').first().waitFor();
    await expectNoAxeViolations(page, 'the licences');
    await show(page, '#/workflow', /./);
    await page.locator('figure.workflow[data-rendered="true"] img').waitFor({ timeout: 30_000 });
    await expectNoAxeViolations(page, 'the workflow');
    // The check itself: an image without a text alternative is one violation, named.
    await page.evaluate(`document.querySelector('h1').after(Object.assign(document.createElement('img'), { src: '/favicon.ico' }))`);
    expect((await axeViolations(page)).map((line) => line.split(' ')[0])).toEqual(['image-alt']);
    await page.close();
  });

  it("the customer's status page with a design proposal, and the certificate", { timeout: 60_000 }, async () => {
    const at = new Date().toISOString();
    const proposed = await seed('DESIGN', {
      design: undefined,
      sourcing: undefined,
      making: undefined,
      delivery: undefined,
      awaiting: { stage: 'DESIGN', revision: 1, since: at, party: 'customer' },
      proposal: {
        revision: 1,
        summary: 'A solitaire in a low six-claw setting, slim band',
        price: { amount: 2400, currency: 'GBP' },
        depositPercent: 50,
        attachments: [],
        proposedAt: at,
        proposedBy: 'rosa@studio.local',
        status: 'awaiting-customer',
      },
    });
    const secret = await readFile(join(local.stateDir, 'status-link-secret'));
    const links = new StatusLinks(secret, local.stack.apiUrl);
    const page = await local.browser.newPage();
    // The confirmation page behind the first email's link, and a refused (tampered) link.
    expect((await page.goto(links.confirmLinkFor(proposed.id, unconfirmedExpiry(new Date()))))?.status()).toBe(200);
    await expectNoAxeViolations(page, 'the confirmation page');
    const tampered = new URL(links.linkFor(proposed.id));
    tampered.searchParams.set('sig', 'x'.repeat(43));
    expect((await page.goto(tampered.toString()))?.status()).toBe(403);
    await expectNoAxeViolations(page, 'the refused link page');

    expect((await page.goto(links.linkFor(proposed.id)))?.status()).toBe(200);
    await expectNoAxeViolations(page, 'the status page with a proposal');

    const completed = await seed('COMPLETED');
    const certificateId = await new CertificateStore(db, TABLE).issue(completed, new Date());
    expect((await page.goto(links.linkFor(completed.id)))?.status()).toBe(200);
    await expectNoAxeViolations(page, 'the status page of a completed commission');
    expect((await page.goto(`${local.stack.apiUrl}/provenance/${certificateId}`))?.status()).toBe(200);
    await expectNoAxeViolations(page, 'the certificate');
    await page.close();
  });
});

describe.skipIf(!browserAvailable)("the console's search", () => {
  it('finds a commission by the reference a customer quotes, in any case, and opens it', { timeout: 60_000 }, async () => {
    const wanted = await seed('MAKING', { awaiting: { stage: 'MAKING', revision: 1, since: new Date().toISOString() } });
    const page = await consolePage();
    await show(page, '#/queue/ENQUIRY', 'Commissions');
    const box = page.getByRole('searchbox', { name: 'Find a commission' });
    await box.fill(shortReference(wanted.id).toLowerCase());
    await box.press('Enter');
    await page.getByRole('heading', { level: 2, name: '1 commission found' }).waitFor({ timeout: 15_000 });
    const row = page.locator('table.queue tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Making');
    expect(await row.textContent()).toContain('Awaiting the studio');
    await row.getByRole('link', { name: shortReference(wanted.id) }).click();
    await page.waitForURL(`${local.stack.apiUrl}/console#/commission/${wanted.id}`);

    // Nothing found is said so; a term that is neither a reference nor an address is refused beside the box.
    await show(page, '#/queue/ENQUIRY', 'Commissions');
    await page.getByRole('searchbox', { name: 'Find a commission' }).fill(uniqueEmail('nobody'));
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('No commission has that reference or email address.').waitFor({ timeout: 15_000 });
    await page.getByRole('searchbox', { name: 'Find a commission' }).fill('Ana Lima');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('alert').filter({ hasText: 'A reference' }).waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('reported no Content-Security-Policy violation on any page', () => {
    expect(local.cspViolations).toEqual([]);
  });
});
