/**
 * The customer's part of a commission end to end, as `npm start` runs it: the studio proposes a
 * design with a render (uploaded to the local S3 through its presigned POST and checked after
 * landing), the customer asks for changes and then approves from the status page, the studio
 * records the deposit and the balance, and the gates hold until each is paid. HTTP only.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mintDesignerToken } from '../../infra/local/designer-token.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/start.ts';
import { confirmFromOutbox, outboxFor } from '../support/outbox.ts';
import { httpClient } from '../support/http.ts';
import { approvals, enquiry, ONE_PIXEL_PNG } from '../support/fixtures.ts';
import { dayFromToday, eventually } from '../support/api.ts';
import { uniqueEmail } from '../support/local-env.ts';

let stack: LocalStack;
let stateDir: string;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'e2e-customer-'));
  stack = await startLocalStack({ port: 0, sesPort: 0, sfnPort: 0, stateDir });
});
afterAll(async () => {
  await stack?.close();
});


const http = httpClient(() => stack.apiUrl);
const outbox = (address: string) => outboxFor(stack.sesUrl, address);

/** Uploads `bytes` through a presigned POST, as the browser does. */
async function upload(grant: { url: string; fields: Record<string, string> }, bytes: Buffer, contentType: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: contentType }));
  const response = await fetch(grant.url, { method: 'POST', body: form });
  await response.arrayBuffer();
  return response.status;
}

it('carries the customer’s part over HTTP: a proposal with a render, changes, approval, deposit and balance', async () => {
  const customerEmail = uniqueEmail('mei.tanaka');
  const rosa = await mintDesignerToken({ stateDir, email: 'rosa@studio.local', name: 'Rosa' });
  const created = await http('/commissions', { method: 'POST', body: enquiry({ email: customerEmail, name: 'Mei Tanaka' }) });
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  const confirmed = await eventually(() => confirmFromOutbox(stack.sesUrl, customerEmail));
  const statusLink = new URL(confirmed.location!, stack.apiUrl);
  const signed = statusLink.search; // ?expires=…&sig=…

  const record = () => http(`/commissions/${id}`, { token: rosa }).then((r) => r.body);
  const awaiting = (stage: string, party = 'studio') =>
    eventually(async () => {
      const body = await record();
      expect(body.awaiting).toMatchObject({ stage, party });
      return body;
    });
  const decide = (body: unknown) => http(`/commissions/${id}/decisions`, { method: 'POST', token: rosa, body });
  const pay = (kind: string, amount: number, key: string) =>
    http(`/commissions/${id}/payments`, {
      method: 'POST',
      token: rosa,
      headers: { 'idempotency-key': key },
      body: { kind, amount: { amount, currency: 'GBP' }, method: 'bank-transfer', reference: `BACS ${key}`, receivedOn: dayFromToday() },
    });
  const attach = async (stage: string, kind: string) => {
    const granted = await http(`/commissions/${id}/attachments`, {
      method: 'POST',
      token: rosa,
      body: { stage, kind, fileName: `${kind}.png`, contentType: 'image/png', bytes: ONE_PIXEL_PNG.length, visibleToCustomer: true },
    });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    expect(await upload(granted.body.upload, ONE_PIXEL_PNG, 'image/png')).toBeLessThan(300);
    await eventually(async () => {
      const body = await record();
      expect(body.attachments.find((a: { id: string }) => a.id === granted.body.id)?.status).toBe('ready');
    });
    return granted.body.id as string;
  };

  await awaiting('ENQUIRY');
  expect((await decide({ stage: 'ENQUIRY', decision: 'approve' })).status).toBe(202);
  await awaiting('DESIGN');

  // The studio proposes with a render; the studio cannot approve its own design.
  const render = await attach('DESIGN', 'render');
  const proposal = { summary: 'Six-claw solitaire, low setting', price: { amount: 2400, currency: 'GBP' }, depositPercent: 40, attachments: [render] };
  expect((await decide({ stage: 'DESIGN', decision: 'approve', details: proposal })).status).toBe(400);
  expect((await decide({ stage: 'DESIGN', decision: 'propose', details: proposal })).status).toBe(202);
  const first = await awaiting('DESIGN', 'customer');

  // The customer sees it on the status page (the render behind the signed link) and asks for changes.
  const page = await http(`/status/${id}${signed}`);
  expect(page.status).toBe(200);
  expect(page.body).toContain('Six-claw solitaire');
  expect(page.body).toContain(`/status/${id}/attachments/${render}`);
  const image = await http(`/status/${id}/attachments/${render}${signed}`);
  expect(image.status).toBe(302);
  const answer = (decision: string, revision: number, message?: string) =>
    http(`/status/${id}/design${signed}`, { method: 'POST', body: { decision, revision, ...(message && { message }) } });
  expect((await answer('request-changes', first.revision, 'Could the band be thinner?')).status).toBe(202);
  const back = await awaiting('DESIGN', 'studio');
  expect(back.revision).toBe(first.revision + 1);

  // The studio re-proposes; the old proposal's answer is refused, the current one approved.
  expect((await decide({ stage: 'DESIGN', decision: 'propose', details: { ...proposal, summary: 'Six-claw solitaire, 1.8 mm band' } })).status).toBe(202);
  const second = await awaiting('DESIGN', 'customer');
  expect((await answer('approve', first.revision)).status).toBe(409);
  expect((await answer('approve', second.revision)).status).toBe(202);
  await awaiting('SOURCING');

  // SOURCING waits for the deposit (40 % of 2,400).
  await http('/origins/sotrami-peru/verifications', {
    method: 'POST',
    token: rosa,
    body: { scheme: 'fairtrade', certificateReference: 'FLO-E2E-CUSTOMER', checkedOn: dayFromToday(), validUntil: dayFromToday(365) },
  });
  const early = await decide({ stage: 'SOURCING', decision: 'approve', details: approvals.SOURCING });
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('deposit_outstanding');
  const deposit = await pay('deposit', 960, `deposit-${id}`);
  expect(deposit.status, JSON.stringify(deposit.body)).toBe(201);
  expect((await pay('deposit', 960, `deposit-${id}`)).body).toEqual(deposit.body); // a repeat: the same answer
  expect((await decide({ stage: 'SOURCING', decision: 'approve', details: approvals.SOURCING })).status).toBe(202);

  // MAKING with a photo of the piece; DELIVERY waits for the balance.
  await awaiting('MAKING');
  await attach('MAKING', 'photo');
  expect((await decide({ stage: 'MAKING', decision: 'approve', details: approvals.MAKING })).status).toBe(202);
  await awaiting('DELIVERY');
  const unpaid = await decide({ stage: 'DELIVERY', decision: 'approve', details: approvals.DELIVERY });
  expect(unpaid.status).toBe(409);
  expect(unpaid.body.error.code).toBe('balance_outstanding');
  expect((await pay('balance', 1440, `balance-${id}`)).status).toBe(201);
  expect((await decide({ stage: 'DELIVERY', decision: 'approve', details: approvals.DELIVERY })).status).toBe(202);
  const done = await eventually(async () => {
    const body = await record();
    expect(body.stage).toBe('COMPLETED');
    return body;
  });
  expect(done).toMatchObject({ price: { amount: 2400, currency: 'GBP' }, paid: { amount: 2400, currency: 'GBP' }, balanceDue: { amount: 0, currency: 'GBP' } });

  // The customer's mail: the confirmation, the proposals, a receipt for each payment and every stage.
  const subjects = (await eventually(async () => {
    const mail = await outbox(customerEmail);
    expect(mail.some((m) => /complete|delivered|dispatched|on its way/i.test(m.subject))).toBe(true);
    return mail;
  })).map((m) => m.subject);
  expect(subjects.filter((s) => /proposal|design/i.test(s)).length).toBeGreaterThanOrEqual(2);
  expect(subjects.filter((s) => /receipt|payment/i.test(s))).toHaveLength(2);
});
