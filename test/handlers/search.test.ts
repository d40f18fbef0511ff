/**
 * Finding a commission (GET /commissions?q=) and the queue by party (GET /commissions?party=),
 * in-process against dynalite and the local workflow: by reference and by email in any case,
 * across stages; nothing for an unconfirmed enquiry or no match; 400 for what is not a search;
 * designers only; the search index holds no address in plain text, and erasure takes the address's
 * hash out of it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { storedCommission } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { commissionKey, emailSearchHash, SEARCH_EMAIL_INDEX, STAGE_SORT_KEY, stageSortKey } from '#adapters/table-keys';
import { newCommission } from '#domain/intake';
import { Enquiry } from '#domain/schemas';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { api, designer, signedInStranger } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

const QUEUE_ITEM_KEYS = ['awaiting', 'customer', 'daysInStage', 'id', 'metal', 'piece', 'stage'];
const ids = (answer: { body: { items: { id: string }[] } }) => answer.body.items.map((item) => item.id);

async function erase(id: string) {
  const event = apiGatewayEvent('POST', `/commissions/${id}/erasure`, 'POST /commissions/{id}/erasure', {
    body: JSON.stringify({ reason: 'The customer asked, by phone' }),
    headers: { 'content-type': 'application/json' },
    pathParameters: { id },
    claims: designer().claims!,
  });
  return (await invokeFunction('erase-commission', event)) as { statusCode: number };
}

describe('GET /commissions?q=', () => {
  it('finds a commission by its reference in any case, or by its whole id, across stages, as a queue line', async () => {
    const { id } = (await api.enquire(enquiry())).body as { id: string };
    await harness.approveThrough(id, designer(), 0, 1);
    await harness.awaitingDecision(id, 'DESIGN');
    const reference = id.slice(0, 8);
    for (const q of [reference.toUpperCase(), reference, `#${reference.toUpperCase()}`, ` ${reference} `, id.toUpperCase()]) {
      const answer = await api.list({ q });
      expect(answer.status, q).toBe(200);
      expect(ids(answer), q).toEqual([id]);
      expect(answer.body.cursor).toBeUndefined();
    }
    const [item] = (await api.list({ q: reference })).body.items;
    expect(Object.keys(item).sort()).toEqual(QUEUE_ITEM_KEYS);
    expect(item).toMatchObject({ id, stage: 'DESIGN', customer: { name: 'Ana Lima' }, awaiting: { stage: 'DESIGN', party: 'studio' } });
    // `stage` narrows a search; another stage finds nothing.
    expect(ids(await api.list({ q: reference, stage: 'DESIGN' }))).toEqual([id]);
    expect(ids(await api.list({ q: reference, stage: 'ENQUIRY' }))).toEqual([]);
    // Another id with the same first eight characters is not this one.
    expect(ids(await api.list({ q: `${reference}-0000-4000-8000-000000000000` }))).toEqual([]);
  });

  it("finds a customer's confirmed commissions by their address in any case, newest first, and not an unconfirmed enquiry", async () => {
    const email = uniqueEmail('Search.Me');
    const first = (await api.enquire(enquiry({ email }))).body.id as string;
    await harness.awaitingDecision(first, 'ENQUIRY');
    const second = (await api.enquire(enquiry({ email: email.toUpperCase() }))).body.id as string;
    const unconfirmed = (await api.submit(enquiry({ email }))).body.id as string;
    for (const q of [email, email.toUpperCase(), email.toLowerCase(), ` ${email} `]) {
      const answer = await api.list({ q });
      expect(answer.status, q).toBe(200);
      expect(ids(answer), q).toEqual([second, first]);
    }
    expect(ids(await api.list({ q: email, limit: '1' }))).toEqual([second]);
    expect(ids(await api.list({ q: unconfirmed.slice(0, 8) }))).toEqual([]);
  });

  it('answers no match with an empty list', async () => {
    expect(await api.list({ q: uniqueEmail('nobody') })).toMatchObject({ status: 200, body: { items: [] } });
    expect(await api.list({ q: randomUUID().slice(0, 8) })).toMatchObject({ status: 200, body: { items: [] } });
  });

  it('refuses what is not a reference or an address, too long a term, a cursor with a search, and no stage without one, with 400', async () => {
    for (const [query, path] of [
      [{ q: 'Ana Lima' }, 'q'],
      [{ q: '' }, 'q'],
      [{ q: '1234567' }, 'q'],
      [{ q: `${'a'.repeat(250)}@example.com` }, 'q'],
      [{ q: 'abcdef12', cursor: 'abc' }, 'cursor'],
      [{}, 'stage'],
      [{ q: 'abcdef12', party: 'anyone' }, 'party'],
    ] as [Record<string, string>, string][]) {
      const answer = await api.list(query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.body.error.fields.map((f: { path: string }) => f.path), JSON.stringify(query)).toEqual([path]);
    }
  });

  it('is for designers only', async () => {
    expect((await api.list({ q: 'abcdef12' }, signedInStranger)).status).toBe(403);
    expect((await api.list({ q: 'abcdef12' }, {})).status).toBe(401);
  });

  it('keeps only a hash of the address in the index, and erasure removes it: found by reference still, without the customer', async () => {
    const email = uniqueEmail('erase-me');
    const { id } = (await api.enquire(enquiry({ email }))).body as { id: string };
    await harness.awaitingDecision(id, 'ENQUIRY');
    const indexed = async () =>
      (
        await documentClient().send(
          new QueryCommand({
            TableName: harness.tableName,
            IndexName: SEARCH_EMAIL_INDEX,
            KeyConditionExpression: 'searchEmailHash = :hash',
            ExpressionAttributeValues: { ':hash': emailSearchHash(email) },
          }),
        )
      ).Items ?? [];
    const [item] = await indexed();
    expect(Object.keys(item!).sort()).toEqual(['awaiting', 'confirmedAt', 'createdAt', 'pk', 'queueEntry', 'searchEmailHash', 'sk', 'stage', 'stageEnteredAt']);
    expect(JSON.stringify(item)).not.toContain(email);
    expect(JSON.stringify(item)).not.toMatch(/@|taskToken|Solitaire|\+44/);

    expect((await api.decide(id, { stage: 'ENQUIRY', decision: 'cancel' })).status).toBe(202);
    await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');
    expect((await erase(id)).statusCode).toBe(202);
    expect(await indexed()).toEqual([]);
    const { Item } = await documentClient().send(new GetCommand({ TableName: harness.tableName, Key: commissionKey(id) }));
    expect(Item).not.toHaveProperty('searchEmailHash');
    expect(ids(await api.list({ q: email }))).toEqual([]);
    const [found] = (await api.list({ q: id.slice(0, 8) })).body.items;
    expect(found).toMatchObject({ id, stage: 'CANCELLED' });
    expect(found).not.toHaveProperty('customer');
  });
});

describe('GET /commissions?party=', () => {
  it('lists only the commissions awaiting that party, and shows who each awaits', async () => {
    // A stage awaiting the customer, written as the design sign-off stores it; and one awaiting the studio.
    const at = new Date().toISOString();
    const stage = 'DESIGN';
    const put = async (party: 'customer' | 'studio' | undefined) => {
      const id = randomUUID();
      const record = {
        ...newCommission(id, Enquiry.parse(enquiry()), at),
        stage,
        confirmedAt: at,
        awaiting: { stage, revision: 1, since: at, ...(party && { party }) },
      } as const;
      await documentClient().send(
        new PutCommand({ TableName: harness.tableName, Item: { ...storedCommission(record), [STAGE_SORT_KEY]: stageSortKey(at, id) } }),
      );
      return id;
    };
    const customer = await put('customer');
    const studio = await put('studio');
    const before = await put(undefined);

    const all = async (query: Record<string, string>) => {
      const seen: { id: string; awaiting: { party: string } | null }[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.list({ ...query, limit: '2', ...(cursor && { cursor }) });
        expect(page.status).toBe(200);
        seen.push(...page.body.items);
        cursor = page.body.cursor;
      } while (cursor);
      return seen;
    };
    const awaitingCustomer = await all({ stage, party: 'customer' });
    expect(awaitingCustomer.map((i) => i.id)).toContain(customer);
    expect(awaitingCustomer.map((i) => i.id)).not.toContain(studio);
    expect(awaitingCustomer.every((i) => i.awaiting?.party === 'customer')).toBe(true);

    const awaitingStudio = await all({ stage, party: 'studio' });
    expect(awaitingStudio.map((i) => i.id)).toEqual(expect.arrayContaining([studio, before]));
    expect(awaitingStudio.map((i) => i.id)).not.toContain(customer);
    expect(awaitingStudio.every((i) => i.awaiting?.party === 'studio')).toBe(true);

    const everyone = await all({ stage });
    expect(everyone.map((i) => i.id)).toEqual(expect.arrayContaining([customer, studio, before]));
    // A search narrowed by party.
    expect(ids(await api.list({ q: customer.slice(0, 8), party: 'studio' }))).toEqual([]);
    expect(ids(await api.list({ q: customer.slice(0, 8), party: 'customer' }))).toEqual([customer]);
  });
});
