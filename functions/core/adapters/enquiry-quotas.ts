/**
 * The enquiry quotas' counters (core/domain/quotas.ts): one item per subject and window, counted
 * with one conditional UpdateItem (`ADD` only while below the limit), so concurrent enquiries
 * cannot overshoot. The subject is stored only as its SHA-256, and each counter is deleted by
 * the table's TTL a day after its window ends.
 */
import { createHash } from 'node:crypto';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuotaCounters, QuotaTake } from '#domain/ports';
import { isConditionFailure } from './dynamo.ts';
import { EXPIRES_AT, quotaKey } from './table-keys.ts';

/** Kept a little past its window, then left to TTL (which may take a while to act). */
const KEPT_AFTER_WINDOW_SECONDS = 86_400;

export class EnquiryQuotaCounters implements QuotaCounters {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(quota: QuotaTake, now: Date): Promise<{ taken: boolean; windowEndsAt: number }> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % quota.windowSeconds);
    const windowEndsAt = windowStart + quota.windowSeconds;
    if (quota.limit <= 0) return { taken: false, windowEndsAt };
    const valueHash = createHash('sha256').update(quota.value).digest('hex');
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: quotaKey(quota.subject, valueHash, windowStart),
          UpdateExpression: 'ADD #taken :one SET #expires = :expires',
          ConditionExpression: 'attribute_not_exists(#taken) OR #taken < :limit',
          ExpressionAttributeNames: { '#taken': 'taken', '#expires': EXPIRES_AT },
          ExpressionAttributeValues: { ':one': 1, ':limit': quota.limit, ':expires': windowEndsAt + KEPT_AFTER_WINDOW_SECONDS },
        }),
      );
      return { taken: true, windowEndsAt };
    } catch (error) {
      if (isConditionFailure(error)) return { taken: false, windowEndsAt };
      throw error;
    }
  }
}
