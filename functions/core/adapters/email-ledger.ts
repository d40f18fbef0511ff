/**
 * The ledger that makes emails idempotent: one item per email (core/adapters/mailer.ts names it),
 * next to its commission, that is `sending` while claimed, then `sent` or `failed`.
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './dynamo.ts';
import { emailLedgerKey, PARTITION_KEY } from './table-keys.ts';

export class EmailLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Claims the right to send one email. Returns false if it was sent already, or if another
   * attempt is sending it right now (claims older than `staleAfterMs` are taken over: that
   * attempt died between claiming and sending).
   */
  async claim(commissionId: string, emailKey: string, now: Date, staleAfterMs = 5 * 60_000): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...emailLedgerKey(commissionId, emailKey), status: 'sending', claimedAt: now.getTime() },
          ConditionExpression: `attribute_not_exists(${PARTITION_KEY}) OR (#status = :sending AND claimedAt < :stale)`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':stale': now.getTime() - staleAfterMs },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markSent(commissionId: string, emailKey: string, messageId: string, now: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...emailLedgerKey(commissionId, emailKey), status: 'sent', messageId, sentAt: now.toISOString() },
      }),
    );
  }

  /** Records that SES refused an email for good; it is not tried again. */
  async markFailed(commissionId: string, emailKey: string, error: string, now: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...emailLedgerKey(commissionId, emailKey), status: 'failed', error, failedAt: now.toISOString() },
      }),
    );
  }

  /** Gives a claim back after a failed send, so a retry may send. */
  async release(commissionId: string, emailKey: string): Promise<void> {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: emailLedgerKey(commissionId, emailKey),
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      )
      .catch((error) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
