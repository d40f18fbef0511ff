/**
 * Erasure and retention against dynalite, the local workflow and the outbox: after an erasure no
 * customer name, email or phone is left anywhere in the table (items and the queue index), the
 * status link answers 410 and the certificate still 200; the daily retention run erases the
 * cancelled commission past its period and not the young one (an injected clock).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CommissionErasures } from '#adapters/commission-erasures';
import { documentClient } from '#adapters/dynamo';
import { attachmentObjects } from '#adapters/attachment-objects';
import { StatusLinks } from '#adapters/status-links';
import { STAGE_INDEX } from '#adapters/table-keys';
import { eraseClosedCommissions, erasureOf } from '#domain/erasure';
import { newCommission } from '#domain/intake';
import { Enquiry, STAGES } from '#domain/schemas';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';
import { runAs } from '../../infra/local/grant-guard.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { api, designer, type ApiAnswer, type Caller } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { TEST_STATUS_LINK_SECRET } from '../support/test-secret.ts';
import { TEST_ATTACHMENTS_BUCKET, uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

const DAY_MS = 86_400_000;
const db = () => documentClient();
const store = () => new CommissionErasures(db(), harness.tableName);
const objects = () => attachmentObjects(TEST_ATTACHMENTS_BUCKET);
const statusLinks = () => new StatusLinks(Buffer.from(TEST_STATUS_LINK_SECRET, 'utf8'), 'https://commissions.test');

async function erase(id: string, body: unknown, caller: Caller = designer()): Promise<ApiAnswer> {
  const event = apiGatewayEvent('POST', `/commissions/${id}/erasure`, 'POST /commissions/{id}/erasure', {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
    pathParameters: { id },
    ...(caller.claims && { claims: caller.claims }),
  });
  const result = (await invokeFunction('erase-commission', event)) as { statusCode: number; body: string; headers: Record<string, string> };
  return { status: result.statusCode, body: JSON.parse(result.body), headers: result.headers };
}

async function statusPage(id: string) {
  const url = new URL(statusLinks().linkFor(id));
  const event = apiGatewayEvent('GET', url.pathname, 'GET /status/{id}', {
    pathParameters: { id },
    query: Object.fromEntries(url.searchParams),
  });
  return (await invokeFunction('status-page', event)) as { statusCode: number; body: string };
}

/** A customer whose every detail is unique to this test, so a search of the table finds only theirs. */
function uniqueCustomer() {
  const tag = randomUUID().slice(0, 8);
  const body = enquiry({ email: uniqueEmail(`erasure-${tag}`), name: `Quillon Marwick-${tag}` });
  body.customer.phone = `+44 7700 9${String(parseInt(tag, 16) % 100_000).padStart(5, '0')}`;
  body.piece.description = `Engraved inside: for Q. Marwick ${tag}`;
  return body;
}

/** Every item of the table and of the queue index, as text. */
async function everythingStored(): Promise<string> {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: harness.tableName, ...(start && { ExclusiveStartKey: start }) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  for (const stage of STAGES) {
    const page = await db().send(
      new QueryCommand({
        TableName: harness.tableName,
        IndexName: STAGE_INDEX,
        KeyConditionExpression: '#stage = :stage',
        ExpressionAttributeNames: { '#stage': 'stage' },
        ExpressionAttributeValues: { ':stage': stage },
      }),
    );
    items.push(...(page.Items ?? []));
  }
  return JSON.stringify(items);
}

/** An enquiry as a customer sends it, its workflow started: the commission's id. */
async function submitted(body: ReturnType<typeof uniqueCustomer>): Promise<string> {
  const answer = await api.enquire(body);
  expect(answer.status).toBe(201);
  return answer.body.id as string;
}

async function cancelAtEnquiry(body = uniqueCustomer()) {
  const id = await submitted(body);
  await harness.awaitingDecision(id, 'ENQUIRY');
  expect((await api.decide(id, { stage: 'ENQUIRY', decision: 'cancel', note: `${body.customer.name} changed her mind` })).status).toBe(202);
  await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');
  return { id, body };
}

describe('POST /commissions/{id}/erasure', () => {
  it("removes the customer's details from everything stored, keeps the certificate, and the status link answers 410", async () => {
    const body = uniqueCustomer();
    const id = await submitted(body);
    await harness.approveThrough(id);
    await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');
    const completed = (await api.get(id)).body;
    expect(completed.stage).toBe('COMPLETED');
    const secrets = [body.customer.name, body.customer.email, body.customer.phone, body.piece.description];
    const before = await everythingStored();
    for (const secret of secrets) expect(before).toContain(secret);
    expect(before).toMatch(/"messageId"/);

    const rosa = designer('rosa@studio.test');
    const erased = await erase(id, { reason: 'The customer asked, by email' }, rosa);
    expect(erased).toMatchObject({ status: 202, body: { id, erasedAt: expect.any(String) } });

    const after = await everythingStored();
    for (const secret of secrets) expect(after).not.toContain(secret);
    // The email ledger beside the record keeps that each email went, not which message it was.
    expect(after).not.toMatch(/"messageId"/);

    const view = (await api.get(id)).body;
    expect(view.customer).toBeUndefined();
    expect(view.piece).toEqual({ kind: 'engagement-ring', budget: { amount: 2500, currency: 'GBP' } });
    expect(view.erasure).toEqual({ at: erased.body.erasedAt, by: `rosa@studio.test (${rosa.claims!.sub})`, reason: 'The customer asked, by email' });
    expect(view.history.at(-1)).toMatchObject({ event: 'personal-data-erased', actor: `rosa@studio.test (${rosa.claims!.sub})`, stage: 'COMPLETED' });
    // What the certificate and the accounts need stays.
    for (const field of ['stage', 'metal', 'design', 'sourcing', 'making', 'delivery', 'certificateId'] as const) {
      expect(view[field], field).toEqual(completed[field]);
    }
    expect((await api.provenance(view.certificateId)).status).toBe(200);

    const page = await statusPage(id);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('removed at your request');
    expect(page.body).not.toContain(body.customer.name.split(' ')[0]);

    // Again: the same answer, nothing new.
    const again = await erase(id, { reason: 'Asked twice' });
    expect(again).toMatchObject({ status: 202, body: { id, erasedAt: erased.body.erasedAt } });
    expect((await api.get(id)).body).toEqual(view);
  });

  it('erases a cancelled commission, with the notes people wrote about the customer, losing no entry appended meanwhile', async () => {
    const { id, body } = await cancelAtEnquiry();
    // A history entry appended after the read (such writes leave the version alone) fails the write: nothing is lost.
    const before = (await store().get(id))!;
    await store().appendHistory(id, { at: new Date().toISOString(), stage: 'CANCELLED', event: 'customer-notified', actor: 'system' });
    expect(await store().erase(erasureOf(before, { at: new Date().toISOString(), by: 'rosa', reason: 'r' }))).toBe('changed');

    expect((await erase(id, { reason: 'Asked by phone' })).status).toBe(202);
    expect((await api.get(id)).body.history.map((h: { event: string }) => h.event).slice(-2)).toEqual(['customer-notified', 'personal-data-erased']);
    const view = (await api.get(id)).body;
    expect(JSON.stringify(view)).not.toContain(body.customer.name);
    expect(view.history.find((h: { event: string }) => h.event === 'cancelled')).not.toHaveProperty('note');
    expect(await everythingStored()).not.toContain(body.customer.email);
  });

  it('erases an enquiry never confirmed, however open its stage', async () => {
    const body = uniqueCustomer();
    const commission = newCommission(randomUUID(), Enquiry.parse(body), new Date().toISOString());
    // Unconfirmed: stored with its expiry, as POST /commissions stores it (confirmation removes it).
    await store().create(commission, Math.floor(Date.now() / 1000) + 7 * 86_400);
    expect((await erase(commission.id, { reason: 'Sent by mistake' })).status).toBe(202);
    expect(await everythingStored()).not.toContain(body.customer.email);
  });

  it('refuses an open commission (409), an unknown one (404), and a missing or long reason (400), changing nothing', async () => {
    const id = await submitted(uniqueCustomer());
    const awaiting = await harness.awaitingDecision(id, 'ENQUIRY');
    expect(await erase(id, { reason: 'Asked by email' })).toMatchObject({ status: 409, body: { error: { code: 'commission_open' } } });
    expect((await erase(randomUUID(), { reason: 'Asked by email' })).status).toBe(404);
    expect((await erase('not-an-id', { reason: 'Asked by email' })).status).toBe(404);
    for (const bad of [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: 'ok', extra: true }]) {
      expect((await erase(id, bad)).status, JSON.stringify(bad).slice(0, 40)).toBe(400);
    }
    expect((await erase(id, { reason: 'x' }, { claims: { sub: randomUUID(), 'cognito:groups': '[customers]' } })).status).toBe(403);
    expect((await api.get(id)).body).toEqual(awaiting);
  });
});

describe('erase-closed-commissions', () => {
  it('erases the cancelled commission past RETENTION_DAYS_CLOSED and not the younger one (injected clock)', async () => {
    const old = await cancelAtEnquiry();
    const young = await cancelAtEnquiry();
    const enteredAt = async (id: string) => Date.parse((await store().get(id))!.stageEnteredAt);
    const [oldAt, youngAt] = [await enteredAt(old.id), await enteredAt(young.id)];
    expect(youngAt).toBeGreaterThan(oldAt);

    // The real handler, today: nothing cancelled here is a year old.
    expect(await invokeFunction('erase-closed-commissions', {})).toEqual({ erased: 0, more: false });

    // A year on, between the two: the old one's period has ended, the young one's not quite.
    const now = new Date(Math.floor((oldAt + youngAt) / 2) + 365 * DAY_MS);
    // Pages of one: the second page starts after the first one's item, erased meanwhile (gone from the index).
    const read: string[] = [];
    const onePerPage = {
      listByStage: async (stage: 'CANCELLED', _limit: number, cursor?: string) => {
        const page = await store().listByStage(stage, 1, cursor);
        read.push(...page.items.map((item) => item.id));
        return page;
      },
    };
    const result = await runAs('erase-closed-commissions', () =>
      eraseClosedCommissions({ commissions: store(), queue: onePerPage, objects: objects() }, now, 365),
    );
    expect(result).toEqual({ erased: [old.id], more: false });
    expect(read).toEqual([old.id, young.id]);
    expect((await api.get(old.id)).body.erasure).toMatchObject({ by: 'system', at: now.toISOString() });
    expect((await api.get(young.id)).body.customer.name).toBe(young.body.customer.name);
    expect((await statusPage(old.id)).body).toContain('only for a limited time');
    const stored = await everythingStored();
    expect(stored).not.toContain(old.body.customer.email);
    expect(stored).toContain(young.body.customer.email);

    // Run again: the erased one left the queue, so the run reads only the young one and erases nothing.
    const next = await runAs('erase-closed-commissions', () => eraseClosedCommissions({ commissions: store(), queue: store(), objects: objects() }, now, 365));
    expect(next).toEqual({ erased: [], more: false });
  });
});
