/**
 * The HTTP contract, handler by handler, in-process with API Gateway's event shape, against
 * dynalite, aws-ses-v2-local and the local workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#adapters/dynamo';
import { commissionKey, idempotencyKey, STAGE_INDEX } from '#adapters/table-keys';
import { api, designer, signedInStranger } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

const errorShape = { error: { code: expect.any(String), message: expect.any(String) } };

describe('GET /health', () => {
  it('answers ok', async () => {
    expect(await api.health()).toMatchObject({ status: 200, body: { ok: true } });
  });
});

describe('POST /commissions', () => {
  it('stores an unconfirmed enquiry and emails only a link to confirm it; once confirmed, its workflow acknowledges it', async () => {
    const email = uniqueEmail();
    const answer = await api.submit(enquiry({ email }));
    expect(answer).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), stage: 'ENQUIRY', confirmed: false } });
    expect((await harness.emailsTo(email)).map((m) => m.subject)).toEqual([expect.stringMatching(/^Please confirm your enquiry/)]);
    expect(harness.stepFunctions.getExecution(answer.body.id)).toBeUndefined();
    expect((await api.get(answer.body.id)).body.awaiting).toBeNull();

    expect((await api.confirm(answer.body.id)).status).toBe(303);
    await harness.awaitingDecision(answer.body.id, 'ENQUIRY');
    expect((await harness.emailsTo(email)).map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Please confirm your enquiry/),
      expect.stringMatching(/received your enquiry/),
    ]);
  });

  // Concurrent repeats of one Idempotency-Key: test/reliability/duplicates.test.ts.

  it('refuses to reuse an Idempotency-Key for a different enquiry', async () => {
    const headers = { 'Idempotency-Key': `reuse-${uniqueEmail()}` };
    expect((await api.submit(enquiry(), headers)).status).toBe(201);
    const reused = await api.submit(enquiry(), headers);
    expect(reused).toMatchObject({ status: 422, body: { error: { code: 'idempotency_key_reused' } } });
  });

  it('answers an invalid enquiry with 400 and every wrong field, storing nothing', async () => {
    const email = uniqueEmail();
    const executionsBefore = harness.stepFunctions.executionRecords().length;
    const body = { ...enquiry({ email }), consent: false, surprise: true };
    body.customer.email = 'not-an-email';
    const answer = await api.submit(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject(errorShape);
    expect(answer.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['consent', 'customer.email', 'surprise']);
    expect(harness.stepFunctions.executionRecords().length).toBe(executionsBefore);
    expect(await harness.emailsTo(email)).toHaveLength(0);
  });

  it('answers what is not JSON with 415 or 400, and a body over 64 KB with 413', async () => {
    expect((await api.submit('{"customer":', {})).body.error.code).toBe('malformed_json');
    expect((await api.submit(JSON.stringify(enquiry()), { 'content-type': 'text/plain' })).status).toBe(415);
    const big = { ...enquiry() };
    big.piece.description = 'x'.repeat(70 * 1024);
    const tooLarge = await api.submit(big);
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    const proto = await api.submit('{"__proto__": {"admin": true}}');
    expect(proto).toMatchObject({ status: 400, body: { error: { code: 'forbidden_key' } } });
  });
});

describe('designer routes', () => {
  it('refuse a signed-in user outside the designers group with 403', async () => {
    expect((await api.list({ stage: 'ENQUIRY' }, signedInStranger)).status).toBe(403);
    expect((await api.get('6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11', signedInStranger)).status).toBe(403);
    const decide = await api.decide('6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11', 'not even json', signedInStranger);
    expect(decide).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });

  it('refuse a request that reached them without verified claims with 401', async () => {
    expect((await api.list({ stage: 'ENQUIRY' }, {})).status).toBe(401);
  });
});

describe('GET /commissions/{id}', () => {
  it('shows the whole record without the task token', async () => {
    const { id } = (await api.enquire(enquiry())).body;
    await harness.awaitingDecision(id, 'ENQUIRY');
    const answer = await api.get(id);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(
      ['attachments', 'awaiting', 'confirmedAt', 'createdAt', 'customer', 'history', 'id', 'metal', 'payments', 'piece', 'revision', 'stage', 'statusLinkVersion', 'updatedAt'].sort(),
    );
    expect(answer.body.awaiting).toEqual({ stage: 'ENQUIRY', party: 'studio', since: expect.any(String) });
    expect(JSON.stringify(answer.body)).not.toMatch(/token/i);
  });

  it('answers unknown, malformed and path-trick ids with 404', async () => {
    for (const id of ['6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11', 'nope', '../../etc/passwd', commissionKey('x').pk]) {
      expect((await api.get(id)).status, id).toBe(404);
    }
  });
});

describe('GET /commissions', () => {
  it('lists a stage oldest first, pages with an opaque cursor, and refuses forged cursors', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = (await api.enquire(enquiry())).body;
      await harness.approveThrough(id, designer(), 0, 1);
      await harness.awaitingDecision(id, 'DESIGN');
      ids.push(id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.list({ stage: 'DESIGN', limit: '2', ...(cursor && { cursor }) });
      expect(page.status).toBe(200);
      for (const item of page.body.items) {
        expect(Object.keys(item).sort()).toEqual(['awaiting', 'customer', 'daysInStage', 'id', 'metal', 'piece', 'stage']);
        expect(item.customer).toEqual({ name: 'Ana Lima' });
        seen.push(item.id);
      }
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);

    const forged = Buffer.from(JSON.stringify([idempotencyKey('x').pk, 'y'])).toString('base64url');
    for (const bad of [forged, 'not a cursor', 'e30']) {
      const answer = await api.list({ stage: 'DESIGN', cursor: bad });
      expect(answer.status, bad).toBe(400);
      expect(answer.body.error.fields[0].path).toBe('cursor');
    }
  });

  it('refuses bad query parameters with 400 and fields', async () => {
    const answer = await api.list({ stage: 'LATER', limit: '500' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['limit', 'stage']);
  });
});

describe('POST /commissions/{id}/decisions', () => {
  it('answers 404 for an unknown commission and 400 for invalid details, changing nothing', async () => {
    const unknown = await api.decide('6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11', { stage: 'ENQUIRY', decision: 'approve', details: {} });
    expect(unknown.status).toBe(404);

    const { id } = (await api.enquire(enquiry())).body;
    await harness.approveThrough(id, designer(), 0, 1);
    const before = await harness.awaitingDecision(id, 'DESIGN');
    const invalid = await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: { summary: '', price: { amount: -1, currency: 'GBP' } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['details.summary', 'details.price.amount']);
    expect((await api.get(id)).body).toEqual(before);
  });

  it('answers a decision on a stage the commission is not awaiting with 409', async () => {
    const { id } = (await api.enquire(enquiry())).body;
    await harness.awaitingDecision(id, 'ENQUIRY');
    const stale = await api.decide(id, { stage: 'SOURCING', decision: 'approve', details: approvals.SOURCING });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'not_awaiting' } } });
  });
  // Concurrent identical approvals: test/reliability/duplicates.test.ts.
});

describe('the queue index', () => {
  it('holds the queue fields of confirmed commissions only: no task token, contact details or description', async () => {
    const email = uniqueEmail('projected');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.awaitingDecision(id, 'ENQUIRY');
    const unconfirmed = (await api.submit(enquiry())).body.id as string;
    const { Items = [] } = await documentClient().send(
      new QueryCommand({
        TableName: harness.tableName,
        IndexName: STAGE_INDEX,
        KeyConditionExpression: '#stage = :stage',
        ExpressionAttributeNames: { '#stage': 'stage' },
        ExpressionAttributeValues: { ':stage': 'ENQUIRY' },
      }),
    );
    const item = Items.find((i) => i.pk === commissionKey(id).pk);
    expect(Object.keys(item!).sort()).toEqual(['awaiting', 'pk', 'queueEntry', 'sk', 'stage', 'stageEnteredAt', 'stageSortKey']);
    expect(item!.queueEntry).toEqual({ customerName: 'Ana Lima', pieceKind: 'engagement-ring', metalScheme: 'fairtrade' });
    expect(JSON.stringify(Items)).not.toContain(email);
    expect(JSON.stringify(Items)).not.toMatch(/taskToken|Solitaire|\+44/);
    expect(Items.some((i) => i.pk === commissionKey(unconfirmed).pk)).toBe(false);
  });
});
