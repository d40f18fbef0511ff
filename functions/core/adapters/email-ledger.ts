/**
 * The ledger that makes emails idempotent: one item per email (core/adapters/mailer.ts names it),
 * next to its commission, that is `sending` while claimed, then `sent` or `failed`. An entry
 * about an unconfirmed enquiry expires with it (`expiresAt`, the table's TTL attribute).
 */
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './dynamo.ts';
import { emailLedgerKey, EXPIRES_AT, PARTITION_KEY } from './table-keys.ts';

/** The TTL attribute of an entry that expires (unix seconds), or nothing. */
const expiry = (expiresAt: number | undefined) => (expiresAt === undefined ? {} : { [EXPIRES_AT]: expiresAt });

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
  async claim(commissionId: string, emailKey: string, now: Date, expiresAt?: number, staleAfterMs = 5 * 60_000): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...emailLedgerKey(commissionId, emailKey), status: 'sending', claimedAt: now.getTime(), ...expiry(expiresAt) },
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

  async markSent(commissionId: string, emailKey: string, messageId: string, now: Date, expiresAt?: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...emailLedgerKey(commissionId, emailKey), status: 'sent', messageId, sentAt: now.toISOString(), ...expiry(expiresAt) },
      }),
    );
  }

  /** Records that SES refused an email for good; it is not tried again. */
  async markFailed(commissionId: string, emailKey: string, error: string, now: Date, expiresAt?: number): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...emailLedgerKey(commissionId, emailKey), status: 'failed', error, failedAt: now.toISOString(), ...expiry(expiresAt) },
      }),
    );
  }

  /**
   * Gives a claim back after a failed send, so a retry may send: the claim is dated back to the
   * epoch, so the next claim takes it over at once. An update, not a delete: the public
   * submit-enquiry sends email and holds no delete of any kind.
   */
  async release(commissionId: string, emailKey: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: emailLedgerKey(commissionId, emailKey),
          UpdateExpression: 'SET claimedAt = :released',
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':released': 0 },
        }),
      )
      .catch((error) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
