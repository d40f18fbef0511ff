/** The designers' queue of one stage, oldest in stage first, from the sparse queue index (queue fields only). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QueuePage, StageQueue } from '#domain/ports';
import { QueueItem, type Stage } from '#domain/schemas';
import { commissionIdOf, commissionKey, PARTITION_KEY, STAGE_ATTRIBUTE, STAGE_INDEX, STAGE_SORT_KEY } from './table-keys.ts';
import { CommissionStore } from './commission-store.ts';

export class StageQueueReader extends CommissionStore implements StageQueue {
  /** One page of a stage's queue, oldest in stage first; the cursor is opaque to clients. */
  async listByStage(stage: Stage, limit: number, cursor?: string): Promise<QueuePage> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: STAGE_INDEX,
        KeyConditionExpression: '#stage = :stage',
        ExpressionAttributeNames: { '#stage': STAGE_ATTRIBUTE },
        ExpressionAttributeValues: { ':stage': stage },
        ScanIndexForward: true,
        Limit: limit,
        ...(cursor && { ExclusiveStartKey: decodeCursor(cursor, stage) }),
      }),
    );
    return {
      // The index holds the queue's fields only (table-design.ts); the id is the record's key.
      items: Items.map((item) => QueueItem.parse({ ...item, id: commissionIdOf(String(item[PARTITION_KEY])) })),
      ...(LastEvaluatedKey && { cursor: encodeCursor(LastEvaluatedKey) }),
    };
  }
}

// The cursor is the index position of the last item, base64url-encoded. It is checked on the
// way back in, so a forged cursor cannot steer the query to another stage or another table key.
function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify([key[PARTITION_KEY], key[STAGE_SORT_KEY]]), 'utf8').toString('base64url');
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

const COMMISSION_ID = /^[0-9a-f-]{36}$/;

function decodeCursor(cursor: string, stage: Stage): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('Not a cursor');
  }
  const [partition, sortKey] = Array.isArray(parsed) && parsed.length === 2 ? (parsed as unknown[]) : [];
  const id = typeof partition === 'string' ? commissionIdOf(partition) : undefined;
  if (id === undefined || !COMMISSION_ID.test(id) || typeof sortKey !== 'string' || !sortKey.endsWith(id)) {
    throw new InvalidCursorError('Not a cursor');
  }
  return { ...commissionKey(id), [STAGE_ATTRIBUTE]: stage, [STAGE_SORT_KEY]: sortKey };
}
