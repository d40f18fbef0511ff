/** Enquiries' Idempotency-Keys, each bound (by its hash) to one commission for 24 hours. */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyBinding, IdempotencyKeyBinder } from '#domain/ports';
import { isConditionFailure } from './dynamo.ts';
import { EXPIRES_AT, idempotencyKey, PARTITION_KEY } from './table-keys.ts';

const LIFETIME_SECONDS = 24 * 3600;

export class IdempotencyKeys implements IdempotencyKeyBinder {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The live binding of a key (hashed), if any: an expired one is as good as none. */
  async find(keyHash: string, now: Date): Promise<IdempotencyBinding | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: idempotencyKey(keyHash), ConsistentRead: true }));
    if (!Item || Number(Item[EXPIRES_AT]) < Math.floor(now.getTime() / 1000)) return undefined;
    return { commissionId: String(Item.commissionId), requestHash: String(Item.requestHash) };
  }

  /**
   * Binds an Idempotency-Key (hashed) to a commission id. Returns the binding that holds
   * afterwards: ours if we were first, the earlier one otherwise.
   */
  async bind(keyHash: string, binding: IdempotencyBinding, now: Date): Promise<IdempotencyBinding & { first: boolean }> {
    const Key = idempotencyKey(keyHash);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Key, ...binding, createdAt: now.toISOString(), [EXPIRES_AT]: nowSeconds + LIFETIME_SECONDS },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY}) OR ${EXPIRES_AT} < :now`,
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return { ...binding, first: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    return { commissionId: String(Item?.commissionId), requestHash: String(Item?.requestHash), first: false };
  }
}
