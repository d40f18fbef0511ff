/** The operator's backfill of search keys (infra/backfill-search-keys.ts), against dynalite. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CommissionFinder } from '#adapters/commission-search';
import { storedCommission } from '#adapters/commission-store';
import { commissionKey, emailLedgerKey } from '#adapters/table-keys';
import { backfillSearchKeys } from '../../infra/backfill-search-keys.ts';
import { createCommissionTable, localCredentials, startDynamo } from '../../infra/local/services.ts';
import { sampleCommission } from '../../infra/samples.ts';

let dynamo: Awaited<ReturnType<typeof startDynamo>>;
let db: DynamoDBDocumentClient;
const TABLE = 'backfill';

beforeAll(async () => {
  dynamo = await startDynamo({ port: 0 });
  await createCommissionTable(dynamo.endpoint, TABLE);
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: localCredentials }), {
    marshallOptions: { removeUndefinedValues: true },
  });
});
afterAll(async () => {
  db?.destroy();
  await dynamo?.close();
});

/** A record as stored before search existed: no search keys. */
async function oldRecord(overrides: Parameters<typeof sampleCommission>[1] = {}) {
  const commission = sampleCommission('COMPLETED', { id: randomUUID(), confirmedAt: '2026-01-01T00:00:00.000Z', ...overrides });
  const item = storedCommission(commission);
  delete item.searchReference;
  delete item.searchEmailHash;
  await db.send(new PutCommand({ TableName: TABLE, Item: item }));
  return commission;
}
const stored = async (id: string) => (await db.send(new GetCommand({ TableName: TABLE, Key: commissionKey(id) }))).Item!;

describe('backfillSearchKeys', () => {
  it('gives old records their reference and address hash, an erased one its reference only, once, touching nothing else', async () => {
    const kept = await oldRecord({ customer: { name: 'Ana Lima', email: 'Ana.Backfill@Example.com' } });
    const erased = await oldRecord({ customer: undefined, erasure: { at: '2026-02-01T00:00:00.000Z', by: 'rosa', reason: 'Asked' } });
    const ledger = emailLedgerKey(kept.id, 'customer#COMPLETED#1');
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...ledger, status: 'sent' } }));

    expect(await backfillSearchKeys(db, TABLE)).toBe(2);
    expect(await stored(kept.id)).toMatchObject({ searchReference: kept.id.slice(0, 8), searchEmailHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await stored(erased.id)).toMatchObject({ searchReference: erased.id.slice(0, 8) });
    expect(await stored(erased.id)).not.toHaveProperty('searchEmailHash');
    expect((await db.send(new GetCommand({ TableName: TABLE, Key: ledger }))).Item).toEqual({ ...ledger, status: 'sent' });
    // Run again: nothing left to write.
    expect(await backfillSearchKeys(db, TABLE)).toBe(0);

    const finder = new CommissionFinder(db, TABLE);
    expect((await finder.search({ kind: 'email', email: 'ana.backfill@example.com' }, 10)).map((c) => c.id)).toEqual([kept.id]);
    expect((await finder.search({ kind: 'reference', reference: erased.id.slice(0, 8) }, 10)).map((c) => c.id)).toEqual([erased.id]);
  });
});
