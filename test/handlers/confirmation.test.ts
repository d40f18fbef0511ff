/**
 * Confirmed enquiries (issue 11): an enquiry causes nothing but one email to the address given
 * until its owner presses the button behind the emailed link. GET never confirms (mail scanners
 * follow links); one POST confirms and starts the workflow once; a bad link is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, confirmQuery, linkParts } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { confirmLinkIn } from '../support/outbox.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

const executionsOf = (id: string) => harness.stepFunctions.executionRecords().filter((e) => e.name === id);

describe('the confirmation email', () => {
  it('goes to the address given, carries the link, and nothing the sender typed but the address', async () => {
    const email = uniqueEmail('spam');
    const body = enquiry({ email, name: 'WIN a FREE ring at https://win.example' });
    body.piece.description = 'Visit https://win.example now';
    const { id } = (await api.submit(body)).body;
    const [mail, ...more] = await harness.emailsTo(email);
    expect(more).toEqual([]);
    expect(mail!.subject).toMatch(/^Please confirm your enquiry \(ref [0-9A-F]{8}\)$/);
    for (const part of [mail!.body.text!, mail!.body.html!, mail!.subject]) {
      expect(part).not.toContain('win.example');
      expect(part).not.toContain('WIN a FREE');
    }
    expect(mail!.body.text).toContain('engagement ring in 18ct yellow Fairtrade gold');
    const link = confirmLinkIn([mail!]);
    expect(link).toMatch(new RegExp(`^https://commissions\\.test/confirm/${id}\\?expires=\\d+&sig=[\\w-]{8}\\.[\\w-]{43}$`));
    // Valid for 7 days.
    const expires = Number(new URL(link).searchParams.get('expires'));
    expect(expires * 1000 - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    // Nobody else hears of it.
    expect((await harness.emailsTo(process.env.STUDIO_EMAIL!)).filter((m) => m.body.text?.includes(id))).toEqual([]);
  });
});

describe('GET /confirm/{id}', () => {
  it('shows the enquiry and a button, ten times over, and confirms nothing', async () => {
    const email = uniqueEmail('scanner');
    const { id } = (await api.submit(enquiry({ email }))).body;
    const { query } = linkParts(confirmLinkIn(await harness.emailsTo(email)));
    for (let i = 0; i < 10; i++) {
      const page = await api.confirmPage(id, query);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('Confirm my enquiry');
      expect(page.body).toContain(`<form method="post" action="/confirm/${id}?expires=${query.expires}&amp;sig=${query.sig}">`);
      expect(page.body).toContain('Engagement ring');
      expect(page.body).not.toContain('Ana Lima');
    }
    expect(executionsOf(id)).toHaveLength(0);
    const record = (await api.get(id)).body;
    expect(record.confirmedAt).toBeUndefined();
    expect(record.history.map((h: { event: string }) => h.event)).toEqual(['enquiry-received']);
    expect((await api.list({ stage: 'ENQUIRY', limit: '100' })).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });
});

describe('POST /confirm/{id}', () => {
  it('after ten GETs that confirm nothing, confirms once, starts the workflow once, and answers 303 to the status page every time', async () => {
    const email = uniqueEmail('confirmer');
    const { id } = (await api.submit(enquiry({ email }))).body;
    const { query } = linkParts(confirmLinkIn(await harness.emailsTo(email)));
    for (let i = 0; i < 10; i++) expect((await api.confirmPage(id, query)).status).toBe(200);
    expect(executionsOf(id)).toHaveLength(0);

    const first = await api.confirm(id, query);
    expect(first.status).toBe(303);
    expect(first.headers.location).toMatch(new RegExp(`^https://commissions\\.test/status/${id}\\?expires=\\d+&sig=[\\w-]{8}\\.[\\w-]{43}$`));
    await harness.awaitingDecision(id, 'ENQUIRY');

    const again = await api.confirm(id, query);
    expect(again.status).toBe(303);
    expect(again.headers.location).toMatch(new RegExp(`/status/${id}\\?`));
    expect(executionsOf(id)).toHaveLength(1);
    const record = (await api.get(id)).body;
    expect(record.confirmedAt).toEqual(expect.any(String));
    expect(record.history.filter((h: { event: string }) => h.event === 'enquiry-confirmed')).toHaveLength(1);
    expect((await api.list({ stage: 'ENQUIRY', limit: '100' })).body.items.map((i: { id: string }) => i.id)).toContain(id);

    // Once confirmed, the page says so and links the status page.
    const page = await api.confirmPage(id, query);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Your enquiry is confirmed');
    expect(page.body).toMatch(new RegExp(`href="https://commissions\\.test/status/${id}\\?expires=\\d+&amp;sig=`));
    expect(page.body).not.toContain('<form');
  });

  it('refuses a tampered, a status-page or an expired link with 403, as a page or as JSON', async () => {
    const { id } = (await api.submit(enquiry())).body;
    const valid = confirmQuery(id);
    const other = (await api.submit(enquiry())).body.id as string;
    const expired = confirmQuery(id, new Date(Date.now() - 8 * 86_400_000));
    const bad: Record<string, string>[] = [
      { ...valid, sig: `${valid.sig!.slice(0, -1)}${valid.sig!.endsWith('A') ? 'B' : 'A'}` },
      { ...valid, expires: String(Number(valid.expires) + 1) },
      { expires: valid.expires! },
      {},
      confirmQuery(other),
      expired,
    ];
    for (const query of bad) {
      for (const call of [api.confirm, api.confirmPage]) {
        const page = await call(id, query);
        expect(page.status, JSON.stringify(query)).toBe(403);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
      }
      const json = await api.confirm(id, query, { accept: 'application/json' });
      expect(json).toMatchObject({ status: 403, body: { error: { code: expect.stringMatching(/^link_(invalid|expired)$/), message: expect.any(String) } } });
    }
    // A status link's signature is no confirmation.
    const statusQuery = linkParts((await api.confirm(other)).headers.location!).query;
    expect((await api.confirm(id, statusQuery)).status).toBe(403);
    expect(executionsOf(id)).toHaveLength(0);
  });

  it('answers 410 for an enquiry that is gone (deleted unconfirmed)', async () => {
    const gone = '6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11';
    expect((await api.confirm(gone, confirmQuery(gone))).status).toBe(410);
    expect((await api.confirmPage(gone, confirmQuery(gone))).status).toBe(410);
    expect(await api.confirm(gone, confirmQuery(gone), { accept: 'application/json' })).toMatchObject({ status: 410, body: { error: { code: 'gone' } } });
    expect(executionsOf(gone)).toHaveLength(0);
  });
});
