/**
 * The people's side in a real browser (Debian's Chromium via playwright-core) against the whole
 * local stack started in-process: a customer sends an enquiry, a designer signs in and carries it
 * through every stage in the console, and the customer's status page follows it to COMPLETED.
 * Screenshots land in test-results/browser/.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { StatusLinks } from '#adapters/status-links';
import { ARTIFACTS, browserAvailable } from '../support/browser.ts';
import { fillEnquiryForm, useBrowserStack } from '../support/browser-stack.ts';
import { uniqueEmail, type OutboxEmail } from '../support/local-env.ts';
import { confirmLinkIn } from '../support/outbox.ts';
import { ONE_PIXEL_PNG } from '../support/fixtures.ts';

const local = useBrowserStack('browser-stack');

beforeAll(async () => {
  if (!browserAvailable) return;
  await mkdir(ARTIFACTS, { recursive: true });
}, 120_000);

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

async function mailTo(address: string): Promise<OutboxEmail[]> {
  const { emails } = (await (await fetch(`${local.stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] };
  return emails.filter((email) => email.destination.to.includes(address));
}

async function statusLinkIn(address: string, subject: RegExp): Promise<string> {
  await expect.poll(async () => (await mailTo(address)).some((m) => subject.test(m.subject)), { timeout: 15_000 }).toBe(true);
  const email = (await mailTo(address)).filter((m) => subject.test(m.subject)).at(-1)!;
  const link = /Follow your commission: (\S+)/.exec(email.body.text ?? '')?.[1];
  expect(email.body.html).toContain('Follow your commission');
  return link!;
}

async function sendEnquiry(page: Page, email: string): Promise<string> {
  await page.goto(`${local.stack.apiUrl}/`);
  await fillEnquiryForm(page, email);
  await page.getByRole('button', { name: 'Send my enquiry' }).click();
  await expect.poll(() => page.locator('#confirmation').isVisible(), { timeout: 15_000 }).toBe(true);
  return (await page.locator('#confirmation-reference').textContent())!;
}

/**
 * The customer opens the link in the confirmation email and presses the button: the browser
 * lands on the status page. Opening the link alone confirms nothing.
 */
async function confirmEnquiry(page: Page, email: string, shotName?: string) {
  await expect.poll(async () => (await mailTo(email)).some((m) => /^Please confirm your enquiry/.test(m.subject)), { timeout: 15_000 }).toBe(true);
  const mail = (await mailTo(email)).find((m) => /^Please confirm your enquiry/.test(m.subject))!;
  const link = confirmLinkIn([mail]);
  expect(mail.body.html).toContain('Confirm my enquiry');
  await page.goto(link);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your enquiry');
  if (shotName) await shot(page, shotName);
  await page.getByRole('button', { name: 'Confirm my enquiry' }).click();
  await page.waitForURL(/\/status\/[0-9a-f-]{36}\?expires=\d+&sig=/, { timeout: 15_000 });
}

/**
 * The console's real sign-in: its button goes to the hosted UI's authorize endpoint (the local
 * identity, as Cognito's on AWS), the form there redirects back to /console/callback with a code,
 * and the console exchanges it with its PKCE verifier. Returns the authorization request's URL.
 */
async function signInThroughHostedUi(page: Page): Promise<URL> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/local-identity\/oauth2\/authorize\?/);
  const authorize = new URL(page.url());
  await page.getByLabel('Your name').fill('Rosa Jeweller');
  await page.getByLabel('Studio email').fill('rosa@studio.local');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Back in the console, the code gone from the address.
  await page.waitForURL(`${local.stack.apiUrl}/console#/`);
  await page.getByText('Signed in as Rosa Jeweller').waitFor();
  return authorize;
}

interface RegistryOrigin {
  id: string;
  name: string;
  retired?: unknown;
  certifications: { scheme: string; metals: string[]; status: string }[];
}

/** The registry as GET /origins shows it to the designer signed in on `page`. */
async function registryAs(page: Page): Promise<RegistryOrigin[]> {
  const token = await page.evaluate(() => localStorage.getItem('console.idToken'));
  const response = await fetch(`${local.stack.apiUrl}/origins`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: RegistryOrigin[] }).items;
}

async function decide(page: Page, button: string, stageAfter: string) {
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('status').waitFor({ timeout: 15_000 });
  await expect.poll(() => page.locator('.stage-badge').textContent(), { timeout: 15_000 }).toBe(stageAfter);
}

/**
 * Records a payment with the commission's payment form; `amount` undefined keeps the amount the
 * form suggests for that kind (what is due), after checking it is `suggested`.
 */
async function recordPayment(page: Page, kind: string, amount: { fill?: string; suggested?: string }) {
  const form = page.locator('form.payment-form');
  await form.getByLabel('Kind').selectOption(kind);
  const amountInput = form.getByLabel('Amount');
  if (amount.suggested !== undefined) expect(await amountInput.inputValue()).toBe(amount.suggested);
  if (amount.fill !== undefined) await amountInput.fill(amount.fill);
  await form.getByLabel('Reference').fill(`BROWSER-${kind.toUpperCase()}`);
  await form.getByRole('button', { name: 'Record the payment' }).click();
  await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/recorded\. The customer has been sent a receipt/);
}

describe.skipIf(!browserAvailable)('in a browser', () => {
  it('a customer sends an enquiry, a designer carries it to COMPLETED, and the status page follows it', { timeout: 120_000 }, async () => {
    const page = await local.browser.newPage();
    const email = uniqueEmail('ana');

    // ── the customer: validation from the API's schema, then the confirmation ──
    await page.goto(`${local.stack.apiUrl}/`);
    await page.getByRole('button', { name: 'Send my enquiry' }).click();
    const summary = page.locator('#form-summary');
    await expect.poll(() => summary.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await summary.textContent()).toContain('Your name: Required');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    expect(await summary.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await shot(page, '1-enquiry-errors');

    const reference = await sendEnquiry(page, email);
    expect(reference).toMatch(/^[0-9A-F]{8}$/);
    await shot(page, '2-enquiry-sent');
    // Only the confirmation email so far; its link's page, then its button, start the commission.
    expect((await mailTo(email)).map((m) => m.subject)).toEqual([expect.stringMatching(/^Please confirm your enquiry/)]);
    await confirmEnquiry(page, email, '2-enquiry-confirm-page');
    expect(await page.locator('main').textContent()).toContain(reference);
    const firstLink = await statusLinkIn(email, /We have received your enquiry/);
    const id = new URL(firstLink).pathname.split('/').at(-1)!;
    expect(id.slice(0, 8).toUpperCase()).toBe(reference);

    // ── the designer: sign in, the queue, the commission ──
    const consolePage = await local.browser.newPage();
    const exchanges: string[] = [];
    consolePage.on('request', (request) => {
      if (request.url().endsWith('/local-identity/oauth2/token')) exchanges.push(request.postData() ?? '');
    });
    await consolePage.goto(`${local.stack.apiUrl}/console`);
    const authorize = await signInThroughHostedUi(consolePage);
    await consolePage.getByRole('link', { name: reference }).click();
    // The console ran the Cognito path: S256 of the verifier it kept is the challenge it sent.
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(exchanges).toHaveLength(1);
    const exchange = new URLSearchParams(exchanges[0]);
    expect(createHash('sha256').update(exchange.get('code_verifier')!).digest('base64url')).toBe(authorize.searchParams.get('code_challenge'));
    expect(exchange.get('redirect_uri')).toBe(`${local.stack.apiUrl}/console/callback`);
    await consolePage.getByRole('button', { name: 'Accept the enquiry' }).waitFor();

    // A second designer has the same commission open: their decision comes second.
    const stalePage = await local.browser.newPage();
    await stalePage.goto(consolePage.url());
    await stalePage.getByRole('button', { name: 'Accept the enquiry' }).waitFor();

    await decide(consolePage, 'Accept the enquiry', 'DESIGN');
    await stalePage.getByRole('button', { name: 'Accept the enquiry' }).click();
    await expect.poll(() => stalePage.getByRole('alert').first().textContent(), { timeout: 15_000 }).toContain('Someone has already decided');
    await shot(stalePage, '3-console-already-decided');

    // DESIGN: a render for the proposal, uploaded from the console's Files panel straight to the
    // bucket (the presigned POST), then checked on the bucket's notification.
    await consolePage.locator('#attachment-kind').selectOption('render');
    await consolePage.locator('#attachment-file').setInputFiles({ name: 'render.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await consolePage.getByLabel('The customer may see it').check();
    await consolePage.getByRole('button', { name: 'Upload' }).click();
    await consolePage.getByText('render.png is uploaded').waitFor({ timeout: 15_000 });
    await expect
      .poll(
        async () => {
          await consolePage.reload();
          await consolePage.getByRole('heading', { name: 'Files' }).waitFor();
          return consolePage.getByRole('button', { name: 'Open render.png' }).count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);

    // The form refuses what the API would, then proposes to the customer, with the render.
    await consolePage.getByRole('button', { name: 'Propose to the customer' }).click();
    expect(await consolePage.locator('[data-error-for="details.summary"]').textContent()).toBe('Required');
    await consolePage.getByLabel('Design summary').fill('Solitaire in a low six-claw setting');
    await consolePage.getByLabel('Price').fill('2400');
    await consolePage.getByLabel('Show render.png (render)').check();
    await consolePage.getByRole('button', { name: 'Propose to the customer' }).click();
    await consolePage.getByRole('heading', { name: 'Design: proposal 1 awaits the customer' }).waitFor({ timeout: 15_000 });

    // ── the customer: the proposal email's link, the proposal on their page, "Approve this design" ──
    await expect.poll(async () => (await mailTo(email)).some((m) => /^Your design is ready for you/.test(m.subject)), { timeout: 15_000 }).toBe(true);
    const proposalMail = (await mailTo(email)).find((m) => /^Your design is ready for you/.test(m.subject))!;
    const proposalLink = /See your design: (\S+)/.exec(proposalMail.body.text ?? '')![1]!;
    await page.goto(proposalLink);
    const proposalText = (await page.locator('.proposal').textContent())!;
    expect(proposalText).toContain('Solitaire in a low six-claw setting');
    expect(proposalText).toContain('£2,400.00');
    expect(proposalText).toContain('£1,200.00 (50%)');
    // The render, through the page's signed link and a short-lived presigned GET: a real image.
    await expect.poll(() => page.locator('.proposal img').evaluate((img) => {
      const loaded = img as unknown as { complete: boolean; naturalWidth: number };
      return loaded.complete && loaded.naturalWidth;
    }), { timeout: 15_000 }).toBe(1);
    await shot(page, '3-status-proposal');
    await page.getByRole('button', { name: 'Approve this design' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toMatch(/^Your design is approved/);
    // The console again, once the workflow awaits SOURCING (a page opened before shows no form).
    await expect
      .poll(async () => {
        await consolePage.reload();
        await consolePage.locator('.stage-badge').waitFor();
        return consolePage.getByLabel('Origin', { exact: true }).isVisible();
      }, { timeout: 15_000, interval: 500 })
      .toBe(true);
    expect(await consolePage.locator('.stage-badge').textContent()).toBe('SOURCING');

    // The deposit, recorded in the console before the metal is bought.
    await recordPayment(consolePage, 'deposit', { fill: '1200' });
    expect(await consolePage.locator('.payments [data-money="paid"]').textContent()).toBe('£1,200.00');
    expect(await consolePage.locator('.payments [data-money="still-due"]').textContent()).toBe('£1,200.00');
    await shot(consolePage, '4-console-payment');

    // SOURCING: the enquiry's scheme, metal and fineness are filled in already; the origin is
    // picked from the registry, which offers only origins certified for Fairtrade gold.
    const commissionUrl = consolePage.url();
    const registry = await registryAs(consolePage);
    const fairtradeGold = registry.filter((o) => !o.retired && o.certifications.some((c) => c.scheme === 'fairtrade' && c.metals.includes('gold') && c.status !== 'lapsed'));
    expect(fairtradeGold.map((o) => o.name)).toContain('SOTRAMI');
    expect(registry.length).toBeGreaterThan(fairtradeGold.length);
    const originSelect = consolePage.getByLabel('Origin', { exact: true });
    await originSelect.waitFor();
    const offered = await originSelect.locator('option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
    expect(offered.toSorted()).toEqual(fairtradeGold.map((o) => o.id).toSorted());
    const sotrami = fairtradeGold.find((o) => o.name === 'SOTRAMI')!;
    expect(await originSelect.locator(`option[value="${sotrami.id}"]`).textContent()).toMatch(/^SOTRAMI, Peru — ⚠ unverified/);

    await consolePage.getByLabel('Weight (grams)').fill('4.2');
    await originSelect.selectOption(sotrami.id);
    expect(await consolePage.locator('.origin-status').textContent()).toContain('SOTRAMI is not verified');
    await consolePage.getByLabel('Certificate reference').fill('FT-LOT-2026-0042');
    await consolePage.getByLabel('Supplier', { exact: true }).fill('Certified Refiner Ltd');
    await consolePage.getByLabel('Lot reference').fill('LOT-2026-0042');
    // Recycled metal has fields of its own, and no origin.
    await consolePage.getByLabel('Scheme', { exact: true }).selectOption('recycled');
    expect(await consolePage.getByLabel('Refiner', { exact: true }).isVisible()).toBe(true);
    expect(await originSelect.isVisible()).toBe(false);
    await consolePage.getByLabel('Scheme', { exact: true }).selectOption('fairtrade');
    await originSelect.selectOption(sotrami.id);
    // Unverified: the API refuses, and says so beside the origin.
    await consolePage.getByRole('button', { name: 'Record the metal and approve' }).click();
    const originError = consolePage.locator('[data-error-for="details.origin.id"]');
    await expect.poll(() => originError.textContent(), { timeout: 15_000 }).toContain('not verified');
    await shot(consolePage, '4-console-sourcing-unverified');

    // The registry: record a check of SOTRAMI's Fairtrade certificate; its status turns verified.
    const today = new Date().toISOString().slice(0, 10);
    const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    await consolePage.getByRole('link', { name: 'Origins' }).click();
    const card = consolePage.locator(`section.origin[data-origin-id="${sotrami.id}"]`);
    const fairtradeStatus = card.locator('tr[data-scheme="fairtrade"] .cert-status');
    expect(await fairtradeStatus.textContent()).toBe('Unverified');
    await card.getByText('Record a verification').click();
    const verify = card.locator('form.verify');
    await verify.getByLabel('Certification').selectOption('fairtrade');
    await verify.getByLabel('Certificate reference').fill('FLO-ID 1234');
    expect(await verify.getByLabel('Checked on').inputValue()).toBe(today);
    // A certificate that ran out before the check: refused, beside the field.
    await verify.getByLabel('Certificate valid until').fill('2020-01-01');
    await verify.getByRole('button', { name: 'Record the verification' }).click();
    await expect.poll(() => verify.locator('[data-error-for="validUntil"]').isVisible(), { timeout: 15_000 }).toBe(true);
    await verify.getByLabel('Certificate valid until').fill(inAYear);
    await verify.getByRole('button', { name: 'Record the verification' }).click();
    await expect.poll(() => consolePage.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Verification recorded');
    expect(await fairtradeStatus.textContent()).toBe('Verified');
    expect(await card.locator('tr[data-scheme="fairtrade"] .verification').textContent()).toMatch(new RegExp(`FLO-ID 1234checked ${today} by rosa@studio\\.local \\([0-9a-f-]{36}\\), valid until ${inAYear}`));
    await shot(consolePage, '4-console-registry');

    // The studio's licence: a Fairtrade licensee, so the customer may be told the mine.
    await consolePage.getByRole('link', { name: 'Licences' }).click();
    await consolePage.getByLabel('Fairtrade licence').selectOption('licensee');
    await consolePage.locator('form.licences-form').getByLabel('Licence reference').first().fill('FT-LIC-0001');
    await consolePage.locator('form.licences-form').getByLabel('Valid until').first().fill(inAYear);
    await consolePage.getByRole('button', { name: 'Save the licences' }).click();
    await expect.poll(() => consolePage.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Licences saved');
    expect(await consolePage.locator('.licences-held').textContent()).toContain(`licensee, FT-LIC-0001, valid until ${inAYear}`);
    await shot(consolePage, '4-console-licences');

    // Back to the commission: SOTRAMI is now offered as verified, and sourcing completes.
    await consolePage.goto(commissionUrl);
    await originSelect.waitFor();
    expect(await originSelect.locator(`option[value="${sotrami.id}"]`).textContent()).toBe(`SOTRAMI, Peru — verified until ${inAYear}`);
    await consolePage.getByLabel('Weight (grams)').fill('4.2');
    await originSelect.selectOption(sotrami.id);
    await consolePage.getByLabel(/^Physical/).check();
    await consolePage.getByLabel('Certificate reference').fill('FT-LOT-2026-0042');
    await consolePage.getByLabel('Supplier', { exact: true }).fill('Certified Refiner Ltd');
    await consolePage.getByLabel('Lot reference').fill('LOT-2026-0042');
    await decide(consolePage, 'Record the metal and approve', 'MAKING');

    // MAKING: a structured hallmark, its fineness mark set from the sourced 18ct; the scheme's mark; one stone.
    expect(await consolePage.getByLabel('Fineness mark').inputValue()).toBe('750');
    await consolePage.getByLabel('Sponsor’s mark').fill('RL');
    await consolePage.getByLabel('Assay office', { exact: true }).selectOption('birmingham');
    await consolePage.getByLabel('Date letter').fill('z');
    await consolePage.getByLabel(/Struck the scheme’s mark/).check();
    await consolePage.getByRole('button', { name: 'Add a stone' }).click();
    const stone = consolePage.locator('fieldset.stone').first();
    await stone.getByLabel('Stone', { exact: true }).selectOption('diamond');
    await stone.getByLabel('Natural or lab-grown').selectOption('natural');
    await stone.getByLabel('Carat weight').fill('0.5');
    // A natural diamond needs the supplier's System of Warranties statement.
    await consolePage.getByRole('button', { name: 'Approve: made and hallmarked' }).click();
    expect(await stone.locator('[data-error-for="details.stones.0.systemOfWarranties"]').isVisible()).toBe(true);
    await shot(consolePage, '4-console-making');
    await stone.getByLabel('System of Warranties statement').fill('The diamonds herein invoiced have been purchased from legitimate sources.');
    await decide(consolePage, 'Approve: made and hallmarked', 'DELIVERY');
    const enquiryFacts = await consolePage.locator('.facts').first().textContent();
    expect(enquiryFacts).toContain('Birmingham Assay Office, 750, sponsor RL, date letter z');
    expect(enquiryFacts).toContain('Natural diamond, 0.5 ct');
    await shot(consolePage, '4-console-delivery');

    // DELIVERY waits for the balance: the form suggests what is still due.
    await recordPayment(consolePage, 'balance', { suggested: '1200' });
    expect(await consolePage.locator('.payments [data-money="still-due"]').textContent()).toBe('£0.00');
    expect(await consolePage.locator('.payment-table tbody tr').count()).toBe(2);

    await consolePage.getByLabel('Carrier').fill('Royal Mail Special Delivery');
    await consolePage.getByLabel('Tracking number').fill('RM123456789GB');
    await decide(consolePage, 'Approve: delivered', 'COMPLETED');
    const timeline = await consolePage.locator('.history').textContent();
    expect(timeline).toContain('by rosa@studio.local');
    expect(timeline).toContain('Approved · Delivery');
    await shot(consolePage, '5-console-completed');

    // The queue: the commission is listed under Completed.
    await consolePage.goto(`${local.stack.apiUrl}/console#/queue/COMPLETED`);
    await consolePage.getByRole('link', { name: reference }).waitFor();
    await shot(consolePage, '6-console-queue');

    // The workflow picture, drawn ahead of time from the one definition (workflows/commission.svg).
    await consolePage.goto(`${local.stack.apiUrl}/console#/workflow`);
    await consolePage.locator('figure.workflow[data-rendered="true"] img').waitFor({ timeout: 30_000 });
    expect(await consolePage.locator('figure.workflow img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(300);
    await shot(consolePage, '7-console-workflow');

    // ── the customer again: the status page from the completion email ──
    const lastLink = await statusLinkIn(email, /Your piece is on its way/);
    const status = await page.goto(lastLink);
    expect(status?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your piece is on its way');
    expect(await page.locator('.timeline').getAttribute('data-stage')).toBe('COMPLETED');
    const text = (await page.locator('main').textContent())!;
    // A Fairtrade licensee, physical traceability, the mark struck: the mark and the mine are named.
    expect(text).toContain('SOTRAMI, Santa Filomena, Ayacucho, Peru');
    expect(text).toContain('FAIRTRADE Mark');
    // The parcel's tracking number only by its last four characters (the customer's email has it whole).
    expect(text).toContain('tracking number ending 89GB');
    expect(text).not.toContain('RM123456789GB');
    // Nothing a stranger should not see: no designer, no contact details, no payment references.
    expect(text).not.toContain('rosa@studio.local');
    expect(text).not.toContain(email);
    expect(text).not.toContain('BROWSER-DEPOSIT');
    // The money: the price, what was paid, nothing still due.
    const payments = (await page.locator('section.payments').textContent())!;
    expect(payments).toContain('Price£2,400.00');
    expect(payments).toContain('Paid so far£2,400.00');
    expect(payments).toContain('Still due£0.00');
    await shot(page, '8-status-completed');

    // The first email's link shows the same commission as it is now.
    await page.goto(firstLink);
    expect(await page.locator('.timeline').getAttribute('data-stage')).toBe('COMPLETED');

    // A tampered link is refused; an expired one says so.
    const tampered = new URL(lastLink);
    tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 1));
    expect((await page.goto(tampered.toString()))?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link does not work');
    const secret = await readFile(join(local.stateDir, 'status-link-secret'));
    const expired = new StatusLinks(secret, local.stack.apiUrl).linkFor(id, 1, new Date(Date.now() - 200 * 86_400_000));
    expect((await page.goto(expired))?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link has expired');
    await shot(page, '9-status-expired');
  });

  it('a designer edits and retires an origin in the registry; an edit made on an older version is refused', { timeout: 60_000 }, async () => {
    const page = await local.browser.newPage();
    await page.goto(`${local.stack.apiUrl}/console#/origins`);
    const target = (await registryAs(page)).find((o) => !o.retired && o.name !== 'SOTRAMI')!;
    const card = page.locator(`section.origin[data-origin-id="${target.id}"]`);
    await card.waitFor();
    // A second designer has the registry open on the same version.
    const stale = await local.browser.newPage();
    await stale.goto(page.url());
    const staleCard = stale.locator(`section.origin[data-origin-id="${target.id}"]`);
    await staleCard.waitFor();

    await card.getByText('Edit region, source, what is uncertain').click();
    await card.getByLabel('What is uncertain').fill('The current certificate was not found in the certifier’s register.');
    await card.getByRole('button', { name: 'Save the changes' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain(`${target.name} saved`);
    expect(await card.locator('.facts').textContent()).toContain('The current certificate was not found in the certifier’s register.');

    await staleCard.getByText('Edit region, source, what is uncertain').click();
    await staleCard.getByLabel('Region').fill('Somewhere else');
    await staleCard.getByRole('button', { name: 'Save the changes' }).click();
    await expect.poll(() => staleCard.locator('form.edit [role="alert"].form-error').textContent(), { timeout: 15_000 }).toContain('Someone else changed this origin');
    await shot(stale, '10-console-registry-conflict');

    await card.getByText('Retire this origin').click();
    await card.getByRole('button', { name: `Retire ${target.name}` }).click();
    await expect.poll(() => card.locator('form.retire [data-error-for="note"]').textContent(), { timeout: 15_000 }).toBe('Required');
    await card.getByLabel('Why it is retired').fill('No longer certified: the studio will not buy from it.');
    await card.getByRole('button', { name: `Retire ${target.name}` }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain(`${target.name} retired`);
    expect(await card.locator('h2 .cert-status').textContent()).toBe('Retired');
    expect(await card.locator('tbody .cert-status').allTextContents()).toEqual(target.certifications.map(() => 'Retired'));
    expect(await card.locator('form').count()).toBe(0);
  });

  it('a registered goldsmith sees this year’s Fairtrade metal against the cap', { timeout: 60_000 }, async () => {
    const page = await local.browser.newPage();
    await page.goto(`${local.stack.apiUrl}/console#/licences`);
    // The first test's licensee licence, then a change of kind: the yearly cap applies to a registered goldsmith only.
    await page.locator('form.licences-form').waitFor();
    expect(await page.locator('.cap').count()).toBe(0);
    await page.getByLabel('Fairtrade licence').selectOption('registered-goldsmith');
    await page.getByRole('button', { name: 'Save the licences' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Licences saved');
    const gold = page.locator('.cap tr[data-metal="gold"]');
    // The first test sourced 4.2 g of Fairtrade gold this year.
    expect(await gold.locator('td').allTextContents()).toEqual(['gold', '4.2 g', '500 g', '495.8 g', '']);
    expect(await page.locator('.licences-held').textContent()).toContain('registered goldsmith');
    await shot(page, '10-console-licences-cap');
  });

  it('a designer cancels only after confirming, and the customer is told', { timeout: 60_000 }, async () => {
    const page = await local.browser.newPage();
    const email = uniqueEmail('ben');
    const reference = await sendEnquiry(page, email);
    await confirmEnquiry(page, email);
    await page.goto(`${local.stack.apiUrl}/console#/queue/ENQUIRY`);
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('button', { name: 'Request changes' }).click();
    expect(await page.locator('[data-error-for="note"]').textContent()).toBe('Say what should change');

    await page.getByLabel(/Note for the studio/).fill('Customer withdrew by phone');
    await page.getByRole('button', { name: 'Cancel commission…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep it' }).click();
    expect(await page.locator('.stage-badge').textContent()).toBe('ENQUIRY');

    await page.getByRole('button', { name: 'Cancel commission…' }).click();
    await shot(page, '10-console-confirm-cancel');
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect.poll(() => page.locator('.stage-badge').textContent(), { timeout: 15_000 }).toBe('CANCELLED');
    const link = await statusLinkIn(email, /cancelled/);
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your commission has been cancelled');
    expect(await page.locator('main').textContent()).not.toContain('Customer withdrew');

    // The customer asks for their data to be erased: only after confirming, and with a reason.
    const id = new URL(link).pathname.split('/').at(-1)!;
    await page.goto(`${local.stack.apiUrl}/console#/commission/${id}`);
    await page.getByRole('button', { name: 'Erase personal data…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep it' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Erase personal data…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Erase', exact: true }).click();
    expect(await page.getByRole('dialog').locator('[data-error-for="reason"]').textContent()).toBe('Required');
    await page.getByRole('dialog').getByLabel('Why').fill('Ben asked by email');
    await shot(page, '11-console-confirm-erasure');
    await page.getByRole('dialog').getByRole('button', { name: 'Erase', exact: true }).click();
    await page.getByRole('heading', { name: 'Personal data erased' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('details erased');
    expect(await page.locator('main').textContent()).not.toContain(email);
    await shot(page, '12-console-erased');
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This commission has been removed');
  });

  it('signs out through the hosted UI, and refuses a tampered verifier, a reused code and another redirect_uri', { timeout: 60_000 }, async () => {
    const page = await local.browser.newPage();
    await page.goto(`${local.stack.apiUrl}/console`);
    // Signed in by the first test (same profile): signing out goes through the identity's logout and back.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${local.stack.apiUrl}/console#/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('console.idToken'))).toBeNull();

    // A tampered verifier: the identity refuses the exchange and the console says so, signed out.
    await page.route('**/local-identity/oauth2/token', async (route) => {
      const body = new URLSearchParams(route.request().postData() ?? '');
      body.set('code_verifier', `${body.get('code_verifier')!.slice(0, -1)}${body.get('code_verifier')!.endsWith('A') ? 'B' : 'A'}`);
      await route.continue({ postData: body.toString() });
    });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Your name').fill('Rosa Jeweller');
    await shot(page, '11-local-identity-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('The sign-in was refused');
    expect(await page.evaluate(() => localStorage.getItem('console.idToken'))).toBeNull();
    await page.unroute('**/local-identity/oauth2/token');

    // A reused code: the exchange the console made, sent again, is refused.
    await page.goto(`${local.stack.apiUrl}/console`);
    const exchanged = page.waitForRequest('**/local-identity/oauth2/token');
    const authorize = await signInThroughHostedUi(page);
    const replay = await page.request.post(`${local.stack.apiUrl}/local-identity/oauth2/token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: (await exchanged).postData()!,
    });
    expect(replay.status()).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });

    // Another redirect_uri: the identity answers itself and sends the browser nowhere.
    authorize.searchParams.set('redirect_uri', 'https://evil.example/console/callback');
    const refused = await page.goto(authorize.toString());
    expect(refused?.status()).toBe(400);
    expect(new URL(page.url()).pathname).toBe('/local-identity/oauth2/authorize');
    expect(await refused?.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('the enquiry form offers only what GET /offer lists, and says so when it cannot load it', { timeout: 60_000 }, async () => {
    type Item = { scheme: string; metal: string; finenesses: string[] };
    const offer = (await (await fetch(`${local.stack.apiUrl}/offer`)).json()) as { items: Item[] };
    // The seed certifies no origin for platinum: it is not on offer at all.
    expect(offer.items.length).toBeGreaterThan(0);
    expect(offer.items.filter((item) => item.metal === 'platinum')).toEqual([]);

    const page = await local.browser.newPage();
    await page.goto(`${local.stack.apiUrl}/`);
    await page.locator('#offer-choices').waitFor({ state: 'visible', timeout: 15_000 });
    const schemes = await page.locator('input[name="metal.scheme"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    const shown: Item[] = [];
    for (const scheme of schemes) {
      await page.locator(`input[name="metal.scheme"][value="${scheme}"]`).check();
      const metals = await page.locator('select[name="metal.metal"] option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
      for (const metal of metals) {
        await page.getByLabel('Metal', { exact: true }).selectOption(metal);
        const finenesses = await page
          .locator('select[name="metal.fineness"] option')
          .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
        shown.push({ scheme, metal, finenesses });
      }
    }
    const key = (item: Item) => `${item.scheme}/${item.metal}/${[...item.finenesses].sort().join(',')}`;
    expect(shown.map(key).sort()).toEqual(offer.items.map(key).sort());
    expect(await page.locator('main').textContent()).not.toMatch(/platinum/i);
    // The heirloom's metal is recorded as the customer's own.
    expect(await page.getByLabel(/Your own metal/).getAttribute('value')).toBe('customer-own');
    await shot(page, '2a-enquiry-offer');

    // No offer: the form says so, offers nothing and cannot be sent.
    const failing = await local.browser.newPage();
    await failing.route('**/offer', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"down"}}' }));
    await failing.goto(`${local.stack.apiUrl}/`);
    await expect.poll(() => failing.locator('#offer-status').textContent(), { timeout: 15_000 }).toContain('cannot show which metals we can source');
    expect(await failing.locator('#offer-choices').isHidden()).toBe(true);
    expect(await failing.getByRole('button', { name: 'Send my enquiry' }).isDisabled()).toBe(true);
    await shot(failing, '2b-enquiry-no-offer');
  });

  // Last: it also checks the pages the tests above went through.
  it('every page is styled by its own stylesheet, and no page breaks its Content-Security-Policy', { timeout: 60_000 }, async () => {
    // The watcher sees a violation when there is one: an inline style under the pages' policy.
    const probe = await local.browser.newPage();
    await probe.route('**/csp-probe', (route) =>
      route.fulfill({ contentType: 'text/html', headers: { 'content-security-policy': "style-src 'self'" }, body: '<p style="color: red">probe</p>' }));
    await probe.goto(`${local.stack.apiUrl}/csp-probe`);
    await expect.poll(() => local.cspViolations.filter((v) => v.includes('/csp-probe')).length, { timeout: 5_000 }).toBeGreaterThan(0);
    await probe.close();

    const completion = (await (await fetch(`${local.stack.sesUrl}/store`)).json() as { emails: OutboxEmail[] }).emails
      .map((email) => email.body.text ?? '')
      .find((text) => /\/provenance\//.test(text));
    const certificate = /(https?:\/\/\S+\/provenance\/[^\s)]+)/.exec(completion ?? '')?.[1];
    const status = /Follow your commission: (\S+)/.exec(completion ?? '')?.[1];
    expect(certificate, 'a completion email with a certificate link (from the first test)').toBeDefined();

    const page = await local.browser.newPage();
    const pages: [string, string][] = [
      ['enquiry form', `${local.stack.apiUrl}/`],
      ['console workflow', `${local.stack.apiUrl}/console#/workflow`],
      ['console origins', `${local.stack.apiUrl}/console#/origins`],
      ['console licences', `${local.stack.apiUrl}/console#/licences`],
      ['status page', status!],
      ['certificate', certificate!],
    ];
    for (const [name, url] of pages) {
      // From a blank page: between two console addresses, only the hash would change and nothing would load.
      await page.goto('about:blank');
      const response = await page.goto(url);
      expect(response?.status(), name).toBe(200);
      // Centred by studio.css, or the certificate's own inline stylesheet: unstyled, it would not be.
      expect(await page.locator('.masthead').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { textAlign: string } }).getComputedStyle(el).textAlign), name).toBe('center');
      if (name === 'console workflow') await page.locator('figure.workflow[data-rendered="true"] img').waitFor({ timeout: 30_000 });
      if (name === 'console origins') await page.locator('section.origin').first().waitFor();
      if (name === 'console licences') await page.locator('form.licences-form').waitFor();
      await shot(page, `11-styled-${name.replaceAll(' ', '-')}`);
    }
    expect(local.cspViolations.filter((v) => !v.includes('/csp-probe'))).toEqual([]);
  });
});
