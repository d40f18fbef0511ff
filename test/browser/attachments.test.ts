/**
 * The customer's inspiration upload in real Chromium against the whole local stack: the status
 * page's form asks the API for a grant, POSTs the image straight to the local bucket (s3rver,
 * through its CORS rules and the page's CSP), check-upload marks it ready, and the page shows it
 * through the signed link's redirect to a presigned GET — with no CSP violation on the way.
 */
import { describe, expect, it } from 'vitest';
import { loadOrCreateStatusLinkSecret } from '../../infra/local/secrets.ts';
import { StatusLinks } from '#adapters/status-links';
import { browserAvailable } from '../support/browser.ts';
import { useBrowserStack } from '../support/browser-stack.ts';
import { enquiry, ONE_PIXEL_PNG } from '../support/fixtures.ts';

const local = useBrowserStack('browser-uploads', { persistent: false });

describe.skipIf(!browserAvailable)('the status page in Chromium', () => {
  it('uploads an inspiration image and shows it once checked', async () => {
    const submitted = await fetch(`${local.stack.apiUrl}/commissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(enquiry()),
    });
    const { id } = (await submitted.json()) as { id: string };
    const links = new StatusLinks(Buffer.from(await loadOrCreateStatusLinkSecret(local.stateDir), 'utf8'), local.stack.apiUrl);
    const confirmed = await fetch(links.confirmLinkFor(id, Math.floor(Date.now() / 1000) + 86_400), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    expect(confirmed.status).toBe(303);

    const page = await local.browser.newPage();
    await page.goto(links.linkFor(id));
    await page.getByLabel('Image', { exact: true }).setInputFiles({ name: 'ring I love.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await page.getByRole('button', { name: 'Add the image' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('your image is added');
    // The page reloads; the image appears once check-upload has found it a PNG.
    const image = page.getByRole('img', { name: 'Your image: ring I love.png' });
    await expect
      .poll(async () => {
        await page.reload();
        return (await image.count()) > 0 && (await image.evaluate((img) => { const { complete, naturalWidth } = img as unknown as { complete: boolean; naturalWidth: number }; return complete && naturalWidth; }));
      }, { timeout: 15_000 })
      .toBe(1);
    expect(local.cspViolations).toEqual([]);
    await page.close();
  });
});
