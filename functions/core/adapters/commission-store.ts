/**
 * The commission records: reading one, storing a new one, adding to its history. Every change is
 * one atomic single-item write (dynalite has no transactions, and none is needed): a condition
 * expression guards each transition, and `list_append` adds to the audit history in the same write.
 *
 * The other writes live beside it, each in its own subclass, so a function's bundle carries only
 * the writes it makes: decision claims (commission-decisions.ts), the workflow's own marks
 * (workflow-records.ts), the queue (stage-queue.ts), confirmations (enquiry-confirmations.ts),
 * erasure (commission-erasures.ts) and status-link renewal (status-link-renewals.ts).
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NewCommissions } from '#domain/ports';
import { Commission, type HistoryEntry, type QueueEntry } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import { searchReferenceOf } from '#domain/search';
import { commissionKey, emailSearchHash, EXPIRES_AT, PARTITION_KEY, QUEUE_ENTRY, SEARCH_EMAIL_ATTRIBUTE, SEARCH_REFERENCE_ATTRIBUTE } from './table-keys.ts';

export class CommissionStore implements NewCommissions {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}
  /**
   * Stores a new, unconfirmed commission: without the queue's sort key (so in no queue: the
   * index is sparse) and with the table's TTL attribute, so DynamoDB deletes it at `expiresAt`
   * (unix seconds) unless it is confirmed first. False if one with that id already exists.
   */
  async create(commission: Commission, expiresAt: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...storedCommission(commission), [EXPIRES_AT]: expiresAt },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY})`,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
  async get(id: string): Promise<Commission | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: commissionKey(id), ConsistentRead: true }),
    );
    // Parsing strips storage-only attributes: keys, sort keys and, above all, the task token.
    return Item ? Commission.parse(Item) : undefined;
  }
  /** Adds an entry to the audit history (system events: reminders, failures). */
  async appendHistory(id: string, entry: HistoryEntry): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: commissionKey(id),
        UpdateExpression: 'SET history = list_append(history, :entry), updatedAt = :now',
        ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
        ExpressionAttributeValues: { ':entry': [entry], ':now': entry.at },
      }),
    );
  }
}

/**
 * A commission as the table stores it: its key, the record, the queue's fields apart
 * (`queueEntry`), which the queue index projects instead of the whole record, and its search keys
 * (the reference, and the customer's address only as a hash: core/domain/search.ts).
 */
export function storedCommission(commission: Commission): Record<string, unknown> {
  const entry: QueueEntry = { customerName: commission.customer?.name ?? '', pieceKind: commission.piece.kind, metalScheme: commission.metal.scheme };
  return {
    ...commissionKey(commission.id),
    ...commission,
    [QUEUE_ENTRY]: entry,
    [SEARCH_REFERENCE_ATTRIBUTE]: searchReferenceOf(commission.id),
    ...(commission.customer && { [SEARCH_EMAIL_ATTRIBUTE]: emailSearchHash(commission.customer.email) }),
  };
}
