/** The designers' queue of one stage, oldest in stage first, from the sparse queue index (queue fields only). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QueuePage, StageQueue } from '#domain/ports';
import { QueueItem, type Party, type Stage } from '#domain/schemas';
import { commissionIdOf, commissionKey, PARTITION_KEY, STAGE_ATTRIBUTE, STAGE_INDEX, STAGE_SORT_KEY } from './table-keys.ts';
import { CommissionStore } from './commission-store.ts';

export class StageQueueReader extends CommissionStore implements StageQueue {
  /**
   * One page of a stage's queue, oldest in stage first; the cursor is opaque to clients. With
   * `party`, only the commissions awaiting that party's decision (a record from before `party`
   * existed awaits the studio): the index projects `awaiting`, so DynamoDB filters them, and reads
   * on until the page is full or the queue ends.
   */
  async listByStage(stage: Stage, limit: number, cursor?: string, party?: Party): Promise<QueuePage> {
    const items: QueueItem[] = [];
    let startKey = cursor ? decodeCursor(cursor, stage) : undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: STAGE_INDEX,
          KeyConditionExpression: '#stage = :stage',
          ...(party === undefined
            ? { ExpressionAttributeNames: { '#stage': STAGE_ATTRIBUTE }, ExpressionAttributeValues: { ':stage': stage } }
            : {
                FilterExpression:
                  party === 'studio'
                    ? 'attribute_type(awaiting, :map) AND (awaiting.#party = :party OR attribute_not_exists(awaiting.#party))'
                    : 'awaiting.#party = :party',
                ExpressionAttributeNames: { '#stage': STAGE_ATTRIBUTE, '#party': 'party' },
                ExpressionAttributeValues: { ':stage': stage, ':party': party, ...(party === 'studio' && { ':map': 'M' }) },
              }),
          ScanIndexForward: true,
          // Never more than the page still needs, so the last item read is the page's last item.
          Limit: limit - items.length,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      // The index holds the queue's fields only (table-design.ts); the id is the record's key.
      items.push(...Items.map((item) => QueueItem.parse({ ...item, id: commissionIdOf(String(item[PARTITION_KEY])) })));
      startKey = LastEvaluatedKey as Record<string, string> | undefined;
    } while (startKey && items.length < limit);
    return { items, ...(startKey && { cursor: encodeCursor(startKey) }) };
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
