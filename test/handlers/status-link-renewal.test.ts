/**
 * A designer replaces a customer's status link (issue 11, item 6): every link sent before stops
 * opening the page (403, "replaced"), the customer is emailed the new one once however often the
 * request is repeated, and the page masks the parcel's tracking number. Real handlers, dynalite,
 * the local outbox and the workflow on the local Step Functions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { api, designer, eventually } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail, type OutboxEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

type PageAnswer = { statusCode: number; body: string; headers: Record<string, string> };

async function openStatusLink(link: string, accept = 'text/html'): Promise<PageAnswer> {
  const url = new URL(link);
  const id = url.pathname.split('/').at(-1)!;
  const query = Object.fromEntries(url.searchParams);
  return (await invokeFunction(
    'status-page',
    apiGatewayEvent('GET', url.pathname, 'GET /status/{id}', { pathParameters: { id }, query, headers: { accept } }),
  )) as PageAnswer;
}

const tomas = designer('tomas@studio.test');
const renew = (id: string, body: unknown, caller = tomas) =>
  invokeFunction(
    'renew-status-link',
    apiGatewayEvent('POST', `/commissions/${id}/status-link`, 'POST /commissions/{id}/status-link', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
      pathParameters: { id },
      claims: caller.claims!,
    }),
  ).then((result) => {
    const { statusCode, body: text } = result as PageAnswer;
    return { status: statusCode, body: JSON.parse(text) as Record<string, unknown> & { error?: { code: string } } };
  });

/** The status link in an email (its first link to /status/). */
const statusLinkIn = (email: OutboxEmail) => {
  const link = /https?:\/\/[^\s"'<>]+\/status\/[^\s"'<>]+/.exec(email.body.html ?? email.body.text ?? '')?.[0];
  if (!link) throw new Error(`no status link in "${email.subject}"`);
  return link.replaceAll('&amp;', '&');
};

describe('renewing a status link', () => {
  let id: string;
  let customer: string;
  let firstLink: string;

  beforeAll(async () => {
    customer = uniqueEmail('renewal');
    const created = await api.enquire(enquiry({ email: customer }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    await harness.awaitingDecision(id, 'ENQUIRY');
    // The stage email after confirmation (the confirmation email links to /confirm/, not the status page).
    const [received] = await eventually(async () => {
      const emails = (await harness.emailsTo(customer)).filter((e) => e.subject.startsWith('We have received your enquiry'));
      expect(emails.length).toBeGreaterThan(0);
      return emails;
    });
    firstLink = statusLinkIn(received!);
    expect((await openStatusLink(firstLink)).statusCode).toBe(200);
  });

  it('voids the links sent before, emails the new one once, and answers a repeat the same', async () => {
    const renewed = await renew(id, { replacing: 1 });
    expect(renewed).toEqual({ status: 202, body: { id, statusLinkVersion: 2 } });
    expect(await renew(id, { replacing: 1 })).toEqual(renewed);

    const renewals = (await harness.emailsTo(customer)).filter((e) => e.subject.startsWith('A new link to follow your commission'));
    expect(renewals).toHaveLength(1);
    const newLink = statusLinkIn(renewals[0]!);
    expect((await openStatusLink(newLink)).statusCode).toBe(200);

    const old = await openStatusLink(firstLink);
    expect(old.statusCode).toBe(403);
    expect(old.body).toContain('This link has been replaced');
    const oldAsJson = await openStatusLink(firstLink, 'application/json');
    expect(oldAsJson.statusCode).toBe(403);
    expect(JSON.parse(oldAsJson.body)).toMatchObject({ error: { code: 'link_replaced' } });

    const { body: record } = await api.get(id);
    expect(record.statusLinkVersion).toBe(2);
    expect(record.history.filter((h: { event: string }) => h.event === 'status-link-renewed')).toEqual([
      expect.objectContaining({ actor: `tomas@studio.test (${tomas.claims!.sub})`, stage: 'ENQUIRY' }),
    ]);
  });

  it('lets exactly one of five concurrent renewals renew; all five get its answer and the customer one email', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => renew(id, { replacing: 2 })));
    for (const answer of answers) expect(answer).toEqual({ status: 202, body: { id, statusLinkVersion: 3 } });
    const renewals = (await harness.emailsTo(customer)).filter((e) => e.subject.startsWith('A new link'));
    expect(renewals).toHaveLength(2);
    const { body: record } = await api.get(id);
    expect(record.history.filter((h: { event: string }) => h.event === 'status-link-renewed')).toHaveLength(2);
  });

  it('refuses a renewal from a version that is no longer current, a bad body, an unknown commission and the public', async () => {
    expect(await renew(id, { replacing: 7 })).toMatchObject({ status: 409, body: { error: { code: 'status_link_changed' } } });
    expect(await renew(id, { replacing: 0 })).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    expect(await renew(id, {})).toMatchObject({ status: 400 });
    expect(await renew('6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11', { replacing: 1 })).toMatchObject({ status: 404 });
    const anonymous = (await invokeFunction(
      'renew-status-link',
      apiGatewayEvent('POST', `/commissions/${id}/status-link`, 'POST /commissions/{id}/status-link', {
        body: JSON.stringify({ replacing: 3 }),
        headers: { 'content-type': 'application/json' },
        pathParameters: { id },
      }),
    )) as PageAnswer;
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('the status page of a delivered piece', () => {
  it('shows only the last four characters of the tracking number', async () => {
    const customer = uniqueEmail('tracking');
    const created = await api.enquire(enquiry({ email: customer }));
    const id: string = created.body.id;
    await harness.approveThrough(id);
    await eventually(async () => expect((await api.get(id)).body.stage).toBe('COMPLETED'));
    const completed = await eventually(async () => {
      const emails = (await harness.emailsTo(customer)).filter((e) => e.subject.startsWith("Your piece is on its way"));
      expect(emails.length).toBeGreaterThan(0);
      return emails[0]!;
    });
    const page = await openStatusLink(statusLinkIn(completed));
    expect(page.statusCode).toBe(200);
    // The fixtures' Royal Mail number is RM123456789GB.
    expect(page.body).toContain('tracking number ending 89GB');
    expect(page.body).not.toContain('RM123456789GB');
    expect(page.body).not.toContain('123456789');
  });
});
