/** Erasing a commission's personal data (core/domain/erasure.ts), and finding the old cancelled ones to erase. */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ErasableCommissions, ErasureOutcome, ErasureWrite } from '#domain/ports';
import { isConditionFailure } from './dynamo.ts';
import { commissionKey, emailLedgerRange, EXPIRES_AT, PARTITION_KEY, QUEUE_ENTRY, SEARCH_EMAIL_ATTRIBUTE, SORT_KEY, STAGE_SORT_KEY } from './table-keys.ts';
import { StageQueueReader } from './stage-queue.ts';
import { ATTACHMENT_COUNTERS } from './upload-checks.ts';

export class CommissionErasures extends StageQueueReader implements ErasableCommissions {
  /**
   * Removes the customer's details from the record and records the erasure, in one conditional
   * write at the version read: only a closed record (COMPLETED, CANCELLED) or an enquiry never
   * confirmed (it still carries its expiry, which confirmation removes). The record also leaves the
   * designers' queue (its queue sort key and queue entry go) and the search by email (the address's
   * hash goes), so nothing of the customer's is left in an index, and loses its task token and its
   * files' entries (the objects are deleted apart). It can still be found by its reference, which
   * names no one (the certificate quotes it).
   */
  async erase(write: ErasureWrite): Promise<ErasureOutcome> {
    const { before, erasure, piece, history } = write;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(before.id),
          UpdateExpression:
            'SET piece = :piece, history = :history, erasure = :erasure, updatedAt = :now, version = :nextVersion ' +
            `REMOVE customer, taskToken, ${STAGE_SORT_KEY}, ${QUEUE_ENTRY}, ${SEARCH_EMAIL_ATTRIBUTE}, attachments, ${ATTACHMENT_COUNTERS.join(', ')}`,
          // The history is rewritten (people's notes go): an entry appended since the read (those
          // writes leave the version alone) must not be lost, so its length is checked too.
          ConditionExpression:
            `version = :version AND size(history) = :historyLength ` +
            `AND (#stage IN (:completed, :cancelled) OR attribute_exists(${EXPIRES_AT}))`,
          ExpressionAttributeNames: { '#stage': 'stage' },
          ExpressionAttributeValues: {
            ':piece': piece,
            ':history': history,
            ':erasure': erasure,
            ':now': erasure.at,
            ':version': before.version,
            ':nextVersion': before.version + 1,
            ':historyLength': before.history.length,
            ':completed': 'COMPLETED',
            ':cancelled': 'CANCELLED',
          },
        }),
      );
      return 'erased';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: commissionKey(before.id), ConsistentRead: true, ProjectionExpression: 'version, history' }),
    );
    if (!Item) return 'gone';
    const unchanged = Item.version === before.version && (Item.history as unknown[]).length === before.history.length;
    return unchanged ? 'open' : 'changed';
  }
  /**
   * The email ledger beside the record keeps, per email, whether it was sent (so none is sent
   * twice), never to whom; it loses SES's message id, which would tie it to the message SES logged.
   */
  async clearEmailLedger(commissionId: string): Promise<void> {
    const { partition, sortKeyPrefix } = emailLedgerRange(commissionId);
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :email)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
          ExpressionAttributeValues: { ':pk': partition, ':email': sortKeyPrefix },
          ProjectionExpression: '#pk, #sk, messageId',
          ConsistentRead: true,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of Items.filter((i) => i.messageId !== undefined)) {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { [PARTITION_KEY]: item[PARTITION_KEY] as string, [SORT_KEY]: item[SORT_KEY] as string },
            UpdateExpression: 'REMOVE messageId',
            ConditionExpression: `attribute_exists(${PARTITION_KEY})`,
          }),
        ).catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
      }
      startKey = LastEvaluatedKey;
    } while (startKey);
  }
}
