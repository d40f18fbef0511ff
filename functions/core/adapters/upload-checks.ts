/**
 * What check-upload reads and writes on the record: one file (by a projection: never the whole
 * record, and no schema library in the bundle) and its check. Records the check only of a
 * pending file, so a repeated S3 event changes nothing.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Attachment } from '#domain/customer-schemas';
import { isConditionFailure } from './dynamo.ts';
import { commissionKey } from './table-keys.ts';

/**
 * Counters kept beside the `attachments` map, so one condition can hold the limits (a map's size
 * cannot be read in a condition): all files, and the customer's own.
 */
export const ATTACHMENT_COUNTERS = ['attachmentCount', 'customerAttachmentCount'] as const;
const [COUNT, CUSTOMER_COUNT] = ATTACHMENT_COUNTERS;

export class UploadChecks {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The file as the record holds it, and whether the record was erased; undefined if no such commission. */
  async find(commissionId: string, attachmentId: string): Promise<{ attachment?: Attachment; erased: boolean } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: commissionKey(commissionId),
        ConsistentRead: true,
        ProjectionExpression: 'id, attachments.#file, erasure',
        ExpressionAttributeNames: { '#file': attachmentId },
      }),
    );
    if (!Item) return undefined;
    const attachment = (Item.attachments as Record<string, Attachment> | undefined)?.[attachmentId];
    return { ...(attachment && { attachment }), erased: Item.erasure !== undefined };
  }

  /**
   * Records the check of a landed file: only a pending one (a repeated event changes nothing). A
   * rejected file gives its place back. False if it was not pending (or is gone).
   */
  async markChecked(commissionId: string, attachment: Attachment, outcome: { status: 'ready' | 'rejected'; rejection?: string }, now: string): Promise<boolean> {
    const rejected = outcome.status === 'rejected';
    const sets = ['attachments.#id.#status = :status', 'attachments.#id.checkedAt = :now'];
    const values: Record<string, unknown> = { ':status': outcome.status, ':now': now, ':pending': 'pending' };
    if (rejected) {
      sets.push('attachments.#id.rejection = :rejection', `${COUNT} = ${COUNT} - :one`);
      values[':rejection'] = outcome.rejection ?? 'Rejected';
      values[':one'] = 1;
      if (attachment.addedBy === 'customer') sets.push(`${CUSTOMER_COUNT} = ${CUSTOMER_COUNT} - :one`);
    }
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(commissionId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attachments.#id.#status = :pending',
          ExpressionAttributeNames: { '#id': attachment.id, '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
