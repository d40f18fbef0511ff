/**
 * Recording payments (POST /commissions/{id}/payments) against dynalite and the local outbox:
 * the answer, its idempotency, every refusal, the receipt, the one conditional append against a
 * decision on a stale read, and the gates on SOURCING and DELIVERY through the real workflow.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CommissionDecisions } from '#adapters/commission-decisions';
import { CommissionPayments } from '#adapters/commission-payments';
import { storedCommission } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { commissionKey } from '#adapters/table-keys';
import type { Commission, Payment } from '#domain/schemas';
import { StatusLinks } from '#adapters/status-links';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { sampleCommission } from '../../infra/samples.ts';
import { TEST_STATUS_LINK_SECRET } from '../support/test-secret.ts';
import { api, dayFromToday, designer, signedInStranger } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { paymentBody } from '../support/payments.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

/**
 * A commission whose customer accepted a design at £2,400 with a 50% deposit, written straight
 * to the table (how the design comes to be accepted is the design sign-off's business).
 */
async function accepted(overrides: Partial<Commission> = {}) {
  const email = uniqueEmail('payer');
  const base = sampleCommission('SOURCING', overrides);
  const commission: Commission = {
    ...base,
    id: randomUUID(),
    customer: { ...base.customer!, email },
    design: { summary: 'Solitaire', price: { amount: 2400, currency: 'GBP' }, depositPercent: 50, revision: 1, approvedAt: '2026-11-01T10:00:00.000Z' },
    sourcing: undefined,
    making: undefined,
    delivery: undefined,
    awaiting: null,
    ...overrides,
  };
  await documentClient().send(new PutCommand({ TableName: harness.tableName, Item: storedCommission(commission) }));
  return { id: commission.id, email, commission };
}

const deposit = (amount = 1200, currency = 'GBP') => ({
  kind: 'deposit',
  amount: { amount, currency },
  method: 'bank-transfer',
  reference: 'BACS 0042',
  receivedOn: dayFromToday(),
});

const receiptsTo = async (email: string) => (await harness.emailsTo(email)).filter((e) => /^(Receipt for your|Your refund)/.test(e.subject));

describe('recording a payment', () => {
  it('answers 201 with the payment, shows paid and due on the commission, and emails a receipt', async () => {
    const { id, email } = await accepted();
    const answer = await api.recordPayment(id, deposit(1200), { caller: designer('rosa@studio.test') });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      kind: 'deposit',
      amount: { amount: 1200, currency: 'GBP' },
      method: 'bank-transfer',
      reference: 'BACS 0042',
      receivedOn: dayFromToday(),
      recordedAt: expect.any(String),
      recordedBy: expect.stringMatching(/^rosa@studio\.test \(/),
    });
    const { body: view } = await api.get(id);
    expect(view).toMatchObject({
      price: { amount: 2400, currency: 'GBP' },
      depositDue: { amount: 1200, currency: 'GBP' },
      paid: { amount: 1200, currency: 'GBP' },
      balanceDue: { amount: 1200, currency: 'GBP' },
      payments: [answer.body],
    });
    expect(view.history.at(-1)).toMatchObject({ event: 'payment-recorded', stage: 'SOURCING', details: { paymentId: answer.body.id, kind: 'deposit' } });

    const [receipt, ...more] = await receiptsTo(email);
    expect(more).toEqual([]);
    expect(receipt!.subject).toMatch(/^Receipt for your deposit: £1,200\.00 \(ref [0-9A-F]{8}\)$/);
    const text = receipt!.body.text!;
    for (const line of [/Received\W+£1,200\.00/, /Method\W+Bank transfer/, /Paid so far\W+£1,200\.00/, /Still due\W+£1,200\.00/, /https:\/\/commissions\.test\/status\//]) {
      expect(text).toMatch(line);
    }
  });

  it('answers a repeat with the same key and body the same, recording and emailing once; another body with the key → 422', async () => {
    const { id, email } = await accepted();
    const key = `pay-${randomUUID()}`;
    const first = await api.recordPayment(id, deposit(500), { key });
    expect(first.status).toBe(201);
    const again = await api.recordPayment(id, deposit(500), { key, caller: designer('tomas@studio.test') });
    expect(again).toMatchObject({ status: 201, body: first.body });
    const reused = await api.recordPayment(id, deposit(600), { key });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    // The same key on another commission is another payment.
    const other = await accepted();
    expect((await api.recordPayment(other.id, deposit(600), { key })).status).toBe(201);

    const { body: view } = await api.get(id);
    expect(view.payments).toEqual([first.body]);
    expect(view.paid).toEqual({ amount: 500, currency: 'GBP' });
    expect(await receiptsTo(email)).toHaveLength(1);
  });

  it('records concurrent repeats of one request once', async () => {
    const { id, email } = await accepted();
    const key = `pay-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => api.recordPayment(id, deposit(100), { key })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect((await api.get(id)).body.payments).toHaveLength(1);
    expect(await receiptsTo(email)).toHaveLength(1);
  });

  it('records concurrent distinct payments each, none lost to another', async () => {
    const { id } = await accepted();
    const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => api.recordPayment(id, deposit(100 + i))));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const { body: view } = await api.get(id);
    expect(view.payments).toHaveLength(4);
    expect(view.paid).toEqual({ amount: 406, currency: 'GBP' });
  });

  it('refuses what it must, recording nothing and emailing no one', async () => {
    const { id, email } = await accepted({ payments: [] });
    const refusals = [
      [await api.recordPayment(id, deposit(), { key: null }), 400, 'validation_failed', ['Idempotency-Key']],
      [await api.recordPayment(id, deposit(), { key: 'with space' }), 400, 'validation_failed', ['Idempotency-Key']],
      [await api.recordPayment(id, deposit(100, 'EUR')), 400, 'validation_failed', ['amount.currency']],
      [await api.recordPayment(id, deposit(2400.01)), 400, 'validation_failed', ['amount.amount']],
      [await api.recordPayment(id, { ...deposit(), kind: 'refund' }), 400, 'validation_failed', ['amount.amount']],
      [await api.recordPayment(id, { ...deposit(), receivedOn: '2026-02-30' }), 400, 'validation_failed', ['receivedOn']],
      [await api.recordPayment(id, { ...deposit(), method: 'cheque' }), 400, 'validation_failed', ['method']],
      [await api.recordPayment(id, { ...deposit(), amount: { amount: -5, currency: 'GBP' } }), 400, 'validation_failed', ['amount.amount']],
      [await api.recordPayment(id, { ...deposit(), recordedBy: 'someone' }), 400, 'validation_failed', ['recordedBy']],
    ] as const;
    for (const [answer, status, code, fields] of refusals) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect(answer.body.error.fields.map((f: { path: string }) => f.path)).toEqual(fields);
    }
    const stranger = await api.recordPayment(id, deposit(), { caller: signedInStranger });
    expect(stranger.status).toBe(403);
    expect((await api.recordPayment(randomUUID(), deposit())).status).toBe(404);
    expect((await api.recordPayment('not-an-id', deposit())).status).toBe(404);

    const { body: view } = await api.get(id);
    expect(view.payments).toEqual([]);
    expect(view.history.filter((h: { event: string }) => h.event === 'payment-recorded')).toEqual([]);
    expect(await receiptsTo(email)).toEqual([]);
  });

  it('refuses a payment before a design is accepted (409)', async () => {
    const { id } = await accepted({ stage: 'DESIGN', design: undefined });
    const answer = await api.recordPayment(id, deposit());
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('no_accepted_design');
    const { body: view } = await api.get(id);
    expect(view).not.toHaveProperty('price');
    expect(view.payments).toEqual([]);
  });

  it('records a refund up to what was paid, and sends its own receipt', async () => {
    const { id, email } = await accepted({ stage: 'CANCELLED' });
    expect((await api.recordPayment(id, deposit(1200))).status).toBe(201);
    const refund = await api.recordPayment(id, { ...deposit(1200), kind: 'refund', method: 'card' });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect((await api.get(id)).body).toMatchObject({ paid: { amount: 0, currency: 'GBP' }, balanceDue: { amount: 2400, currency: 'GBP' } });
    const receipts = await receiptsTo(email);
    expect(receipts.map((r) => r.subject.replace(/ \(ref .*\)$/, ''))).toEqual(['Receipt for your deposit: £1,200.00', 'Your refund: £1,200.00']);
    expect(receipts[1]!.body.text).toMatch(/Refunded\W+£1,200\.00/);
  });

  it('records a payment on an erased commission without a receipt (no one to send it to)', async () => {
    const { id } = await accepted({ stage: 'CANCELLED', customer: undefined, erasure: { at: '2026-11-02T00:00:00.000Z', by: 'rosa', reason: 'asked' } });
    expect((await api.recordPayment(id, deposit(1200))).status).toBe(201);
  });
});

/** The customer's status page (its HTML), opened through a link signed as the emails sign it. */
async function statusPage(id: string): Promise<string> {
  const link = new URL(new StatusLinks(Buffer.from(TEST_STATUS_LINK_SECRET, 'utf8'), 'https://commissions.test').linkFor(id));
  const page = (await invokeFunction(
    'status-page',
    apiGatewayEvent('GET', link.pathname, 'GET /status/{id}', { pathParameters: { id }, query: Object.fromEntries(link.searchParams), headers: { accept: 'text/html' } }),
  )) as { statusCode: number; body: string };
  expect(page.statusCode).toBe(200);
  return page.body;
}

describe("the status page's payments", () => {
  it('shows price, deposit, paid and still due, and each payment, without references', async () => {
    const { id } = await accepted();
    expect(await statusPage(id)).toMatch(/<dt>Deposit<\/dt><dd>£1,200\.00, due before we buy your metal<\/dd>/);
    expect((await api.recordPayment(id, { ...deposit(1200), reference: 'BACS SECRET-REF' })).status).toBe(201);
    const page = await statusPage(id);
    const section = /<section class="payments"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    for (const fact of ['<dt>Price</dt><dd>£2,400.00</dd>', '<dt>Deposit</dt><dd>£1,200.00, paid</dd>', '<dt>Paid so far</dt><dd>£1,200.00</dd>']) {
      expect(section).toContain(fact);
    }
    expect(section).toContain('<dt>Still due</dt><dd>£1,200.00, before your piece is delivered</dd>');
    expect(section).toMatch(/<td>Deposit<\/td><td>£1,200\.00<\/td>/);
    expect(page).not.toContain('SECRET-REF');
  });

  it('has no payments section before a design is accepted', async () => {
    const { id } = await accepted({ stage: 'DESIGN', design: undefined });
    expect(await statusPage(id)).not.toContain('class="payments"');
  });
});

describe('one conditional append', () => {
  it('lets a payment and a decision on the same read not both win', async () => {
    const awaitingSourcing = { stage: 'SOURCING' as const, revision: 1, since: '2026-11-01T10:00:00.000Z' };
    const { id } = await accepted({ awaiting: awaitingSourcing });
    const payments = new CommissionPayments(documentClient(), harness.tableName);
    const decisions = new CommissionDecisions(documentClient(), harness.tableName);
    const read = (await payments.get(id))!;
    const payment: Payment = {
      id: randomUUID(),
      kind: 'deposit',
      amount: { amount: 1200, currency: 'GBP' },
      method: 'cash',
      reference: 'till',
      receivedOn: '2026-11-02',
      recordedAt: '2026-11-02T10:00:00.000Z',
      recordedBy: 'rosa',
    };
    const entry = { at: payment.recordedAt, stage: 'SOURCING' as const, event: 'payment-recorded', actor: 'rosa' };
    expect(await payments.appendPayment(read, payment, entry)).toBe(true);
    // The same read again: neither a second payment nor a decision can be written on it.
    expect(await payments.appendPayment(read, { ...payment, id: randomUUID() }, entry)).toBe(false);
    const claim = await decisions.claimDecision({
      before: read,
      next: { stage: 'MAKING', revision: 1 },
      entry: { at: payment.recordedAt, stage: 'SOURCING', event: 'approved', actor: 'tomas' },
      now: payment.recordedAt,
    });
    expect(claim).toBeUndefined();
    const after = (await payments.get(id))!;
    expect(after).toMatchObject({ version: read.version + 1, stage: 'SOURCING', payments: [payment] });
  });
});

describe('the gates, through the workflow', () => {
  it('refuse SOURCING before the deposit and DELIVERY before the balance, then let them through', async () => {
    const email = uniqueEmail('gated');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.approveThrough(id, designer(), 0, 2);
    await harness.awaitingDecision(id, 'SOURCING');
    // As if the customer accepted a proposal asking a 30% deposit (the design sign-off writes it so).
    await documentClient().send(
      new UpdateCommand({
        TableName: harness.tableName,
        Key: commissionKey(id),
        UpdateExpression: 'SET design.depositPercent = :percent',
        ExpressionAttributeValues: { ':percent': 30 },
      }),
    );
    const sourcing = { stage: 'SOURCING', decision: 'approve', details: approvals.SOURCING };
    const early = await api.decide(id, sourcing);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'deposit_outstanding', message: expect.stringContaining('GBP 720.00') });
    expect((await api.recordPayment(id, deposit(719.99))).status).toBe(201);
    expect((await api.decide(id, sourcing)).body.error.code).toBe('deposit_outstanding');
    expect((await api.recordPayment(id, deposit(0.01))).status).toBe(201);
    expect((await api.decide(id, sourcing)).status).toBe(202);

    await harness.awaitingDecision(id, 'MAKING');
    expect((await api.decide(id, { stage: 'MAKING', decision: 'approve', details: approvals.MAKING })).status).toBe(202);
    await harness.awaitingDecision(id, 'DELIVERY');
    const delivery = { stage: 'DELIVERY', decision: 'approve', details: approvals.DELIVERY };
    const unpaid = await api.decide(id, delivery);
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error).toMatchObject({ code: 'balance_outstanding', message: expect.stringContaining('GBP 1680.00') });
    const balance = await api.recordPayment(id, paymentBody({ kind: 'balance', amount: { amount: 1680, currency: 'GBP' } }));
    expect(balance.status).toBe(201);
    expect((await api.decide(id, delivery)).status).toBe(202);
    await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');
    const { body: done } = await api.get(id);
    expect(done).toMatchObject({ stage: 'COMPLETED', paid: { amount: 2400, currency: 'GBP' }, balanceDue: { amount: 0, currency: 'GBP' } });
    expect(await receiptsTo(email)).toHaveLength(3);
  }, 60_000);
});
