/**
 * DynamoDB's Time to Live, locally: dynalite has none, so the local runtime sweeps the table for
 * items whose TTL attribute (`expiresAt`, epoch seconds, infra/table-design.ts) is past and deletes
 * them, as DynamoDB does on AWS (there within a few days of expiry; here at each sweep). It
 * deletes unconfirmed enquiries after their 7 days, their email-ledger entries, and expired
 * Idempotency-Key bindings. `npm start` sweeps every few minutes; tests call `sweepExpired` with
 * the clock they want.
 *
 * It is the platform's stand-in, not a function of the catalogue: it runs outside any invocation,
 * so the grant guard does not hold it (no function is granted Scan or delete for this).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tableDesign } from '../table-design.ts';
import { localCredentials } from './services.ts';

/** How often `npm start` sweeps (DynamoDB itself gives no tighter promise than "within days"). */
const TTL_SWEEP_INTERVAL_MS = 5 * 60_000;

export interface TtlSweeper {
  /** Deletes every item whose TTL attribute is before `now`; how many it deleted. */
  sweepExpired(now?: Date): Promise<{ deleted: number }>;
  close(): void;
}

export function ttlSweeper(options: { dynamoEndpoint: string; tableName: string; region?: string }): TtlSweeper {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: options.dynamoEndpoint, region: options.region ?? 'local', credentials: localCredentials }),
  );
  const { partitionKey, sortKey, timeToLiveAttribute } = tableDesign;

  async function sweepExpired(now = new Date()): Promise<{ deleted: number }> {
    let deleted = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new ScanCommand({
          TableName: options.tableName,
          FilterExpression: '#ttl < :now',
          ProjectionExpression: '#pk, #sk',
          ExpressionAttributeNames: { '#ttl': timeToLiveAttribute, '#pk': partitionKey, '#sk': sortKey },
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      const keys = page.Items ?? [];
      for (let i = 0; i < keys.length; i += 25) {
        let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
        while (requests.length > 0) {
          const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [options.tableName]: requests } }));
          requests = (UnprocessedItems?.[options.tableName] ?? []) as typeof requests;
        }
      }
      deleted += keys.length;
      start = page.LastEvaluatedKey;
    } while (start);
    return { deleted };
  }

  return { sweepExpired, close: () => db.destroy() };
}

/** Sweeps now and every `intervalMs` until closed; a failed sweep is logged and tried again next time. */
export function startTtlSweeps(sweeper: TtlSweeper, log: (line: string) => void, intervalMs = TTL_SWEEP_INTERVAL_MS): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = sweeper
      .sweepExpired()
      .then(({ deleted }) => deleted > 0 && log(`[ttl] deleted ${deleted} expired item(s)`))
      .catch((error: unknown) => log(`[ttl] sweep failed: ${(error as Error).message}`));
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    sweeper.close();
  };
}
