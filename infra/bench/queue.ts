/**
 * Queue scaling: read units consumed by the first page of a stage's queue (what
 * `GET /commissions?stage=` runs) with N commissions in the table, seeded straight into
 * dynalite with BatchWriteItem. Flat means the query reads the page, not the table.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type BatchWriteCommandInput, type BatchWriteCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { capacityTally, resetCapacityTally } from '#adapters/capacity';
import { newCommission } from '#domain/intake';
import { storedCommission } from '#adapters/commission-store';
import { StageQueueReader } from '#adapters/stage-queue';
import { documentClient } from '#adapters/dynamo';
import { STAGE_SORT_KEY, stageSortKey } from '#adapters/table-keys';
import { Enquiry, STAGES } from '#domain/schemas';
import { createCommissionTable, localCredentials } from '../local/services.ts';
import { sampleEnquiry } from './scenarios.ts';

/** Half the table in the queried stage, the rest spread over the others. */
const QUEUE_STAGE = 'DESIGN';

export async function measureQueue(dynamoEndpoint: string, sizes: number[], log: (line: string) => void): Promise<Record<string, number>> {
  const seeder = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'local', credentials: localCredentials }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const readUnits: Record<string, number> = {};
  const enquiry = Enquiry.parse(sampleEnquiry());
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (const size of sizes) {
    const table = `queue-bench-${size}-${randomUUID().slice(0, 8)}`;
    await createCommissionTable(dynamoEndpoint, table);
    const started = performance.now();
    for (let offset = 0; offset < size; offset += 25) {
      const items = Array.from({ length: Math.min(25, size - offset) }, (_, k) => {
        const n = offset + k;
        const stage = n % 2 === 0 ? QUEUE_STAGE : STAGES[n % STAGES.length]!;
        const at = new Date(start + n * 60_000).toISOString();
        const c = { ...newCommission(randomUUID(), enquiry, at), stage };
        return { PutRequest: { Item: { ...storedCommission(c), [STAGE_SORT_KEY]: stageSortKey(at, c.id) } } };
      });
      let request: BatchWriteCommandInput['RequestItems'] = { [table]: items };
      while (request && Object.keys(request).length > 0) {
        const { UnprocessedItems }: BatchWriteCommandOutput = await seeder.send(new BatchWriteCommand({ RequestItems: request }));
        request = UnprocessedItems;
      }
    }
    log(`[queue] seeded ${size} commissions in ${Math.round(performance.now() - started)} ms`);
    const commissions = new StageQueueReader(documentClient(), table);
    resetCapacityTally();
    const page = await commissions.listByStage(QUEUE_STAGE, 20);
    if (page.items.length !== Math.min(20, Math.ceil(size / 2))) throw new Error(`queue of ${size}: ${page.items.length} items on the first page`);
    readUnits[String(size)] = capacityTally().readUnits;
  }
  seeder.destroy();
  return readUnits;
}
