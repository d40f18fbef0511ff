/**
 * The record's files (`attachments`, a map by id): adding one within the commission's limits, and
 * marking one checked. Neither bumps `version`: a file is not a decision, and must not make a
 * designer's concurrent decision fail its optimistic lock.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_ATTACHMENTS, MAX_CUSTOMER_ATTACHMENTS } from '#domain/attachments';
import type { Attachment } from '#domain/customer-schemas';
import { isConditionFailure } from './dynamo.ts';
import { commissionKey, PARTITION_KEY } from './table-keys.ts';
import { CommissionStore } from './commission-store.ts';
import { ATTACHMENT_COUNTERS } from './upload-checks.ts';

// The counters beside the map (upload-checks.ts): one condition holds the limits.
const [COUNT, CUSTOMER_COUNT] = ATTACHMENT_COUNTERS;

export class CommissionAttachments extends CommissionStore {
  /**
   * Adds a pending file in one conditional write: the commission exists, is not erased, is in a
   * stage that takes this party's files, and holds fewer than the limits (the customer's own
   * images counted apart). False when any of that no longer holds.
   */
  async add(commissionId: string, attachment: Attachment, stages: readonly string[]): Promise<boolean> {
    const byCustomer = attachment.addedBy === 'customer';
    const values: Record<string, unknown> = {
      ':attachment': attachment,
      ':max': MAX_ATTACHMENTS,
      ':zero': 0,
      ':one': 1,
      ':now': attachment.createdAt,
      ...Object.fromEntries(stages.map((stage, i) => [`:stage${i}`, stage])),
    };
    const names: Record<string, string> = { '#stage': 'stage', '#id': attachment.id };
    const conditions = [
      `attribute_exists(${PARTITION_KEY})`,
      'attribute_not_exists(erasure)',
      `#stage IN (${stages.map((_, i) => `:stage${i}`).join(', ')})`,
      `(attribute_not_exists(${COUNT}) OR ${COUNT} < :max)`,
    ];
    const sets = [`${COUNT} = if_not_exists(${COUNT}, :zero) + :one`, 'updatedAt = :now'];
    if (byCustomer) {
      values[':maxCustomer'] = MAX_CUSTOMER_ATTACHMENTS;
      conditions.push(`(attribute_not_exists(${CUSTOMER_COUNT}) OR ${CUSTOMER_COUNT} < :maxCustomer)`);
      sets.push(`${CUSTOMER_COUNT} = if_not_exists(${CUSTOMER_COUNT}, :zero) + :one`);
    }
    // The map's first file creates it; any later one is set inside it. Two first files racing:
    // the loser finds the map there and goes again as a later one.
    for (const first of [true, false]) {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: commissionKey(commissionId),
            UpdateExpression: `SET ${[first ? 'attachments = :map' : 'attachments.#id = :attachment', ...sets].join(', ')}`,
            ConditionExpression: [...conditions, first ? 'attribute_not_exists(attachments)' : 'attribute_exists(attachments)'].join(' AND '),
            ExpressionAttributeNames: first ? omit(names, '#id') : names,
            ExpressionAttributeValues: first ? { ...omit(values, ':attachment'), ':map': { [attachment.id]: attachment } } : values,
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return false;
  }
}

function omit<T extends Record<string, unknown>>(record: T, key: string): T {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key)) as T;
}
