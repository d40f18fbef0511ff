/** Confirming an enquiry, and the sparse index of confirmed enquiries whose workflow has not started. */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConfirmOutcome, EnquiryConfirmations, StartPendingPage, StrandedEnquiries } from '#domain/ports';
import { type HistoryEntry } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import { commissionIdOf, commissionKey, EXPIRES_AT, PARTITION_KEY, STAGE_ATTRIBUTE, STAGE_SORT_KEY, stageSortKey, START_PENDING, START_PENDING_ATTRIBUTE, START_PENDING_INDEX, START_PENDING_SORT_KEY, startPendingSortKey } from './table-keys.ts';
import { CommissionStore } from './commission-store.ts';

export class EnquiryConfirmationStore extends CommissionStore implements EnquiryConfirmations, StrandedEnquiries {
  /**
   * Confirms an unconfirmed enquiry in one conditional write: it enters the ENQUIRY queue (its
   * sort key, from the moment of confirmation) and the start-pending index (until its workflow
   * has started), stops expiring, and records `entry`. Then tells apart a second confirmation
   * from a record that is gone (deleted unconfirmed).
   */
  async confirm(id: string, entry: HistoryEntry): Promise<ConfirmOutcome> {
    const now = entry.at;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(id),
          UpdateExpression:
            `SET confirmedAt = :now, stageEnteredAt = :now, ${STAGE_SORT_KEY} = :sortKey, ` +
            `${START_PENDING_ATTRIBUTE} = :pending, ${START_PENDING_SORT_KEY} = :pendingSince, ` +
            `history = list_append(history, :entry), updatedAt = :now, version = version + :one REMOVE ${EXPIRES_AT}`,
          ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(confirmedAt) AND attribute_not_exists(erasure) AND #stage = :enquiry`,
          ExpressionAttributeNames: { '#stage': STAGE_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':now': now,
            ':sortKey': stageSortKey(now, id),
            ':pending': START_PENDING,
            ':pendingSince': startPendingSortKey(now, id),
            ':entry': [entry],
            ':one': 1,
            ':enquiry': 'ENQUIRY',
          },
        }),
      );
      return 'confirmed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    // Erased before it was confirmed: as good as deleted.
    const current = await this.get(id);
    return current && !current.erasure ? 'already-confirmed' : 'gone';
  }
  /**
   * One page of the confirmed enquiries whose workflow has not started, confirmed before
   * `confirmedBefore` (ISO), oldest first: ids only, from the sparse start-pending index
   * (KEYS_ONLY), so its cost follows the few stranded enquiries, not all enquiries.
   */
  async listStartPending(confirmedBefore: string, limit: number, cursor?: string): Promise<StartPendingPage> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: START_PENDING_INDEX,
        KeyConditionExpression: '#pending = :pending AND #since < :before',
        ExpressionAttributeNames: { '#pending': START_PENDING_ATTRIBUTE, '#since': START_PENDING_SORT_KEY },
        ExpressionAttributeValues: { ':pending': START_PENDING, ':before': confirmedBefore },
        ScanIndexForward: true,
        Limit: limit,
        ...(cursor && { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown> }),
      }),
    );
    return {
      ids: Items.map((item) => commissionIdOf(String(item[PARTITION_KEY]))).filter((id): id is string => id !== undefined),
      // Only this function's own loop passes the cursor back: it never leaves the process.
      ...(LastEvaluatedKey && { cursor: Buffer.from(JSON.stringify(LastEvaluatedKey), 'utf8').toString('base64url') }),
    };
  }
  /** The enquiry's workflow has started: it leaves the start-pending index (no-op if it has, or the record is gone). */
  async markStarted(id: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(id),
          UpdateExpression: `REMOVE ${START_PENDING_ATTRIBUTE}, ${START_PENDING_SORT_KEY}`,
          // Never creates an item: an UpdateItem on a missing key would.
          ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
