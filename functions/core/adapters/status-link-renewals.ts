/** Renewing a customer's status link: every link signed for an older version stops working. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Commission, type HistoryEntry } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import { commissionKey, PARTITION_KEY } from './table-keys.ts';
import { CommissionStore } from './commission-store.ts';

export class StatusLinkRenewals extends CommissionStore {
  /**
   * Renews the customer's status link: its version goes from `from` to `from + 1`, so every link
   * signed before stops working. Undefined if the record is gone or its link is no longer at
   * `from` (renewed meanwhile); the record after the change otherwise.
   */
  async renewStatusLink(id: string, from: number, entry: HistoryEntry): Promise<Commission | undefined> {
    // A record that never had its link renewed has no version attribute: it is at version 1.
    const atFrom = from === 1 ? '(attribute_not_exists(statusLinkVersion) OR statusLinkVersion = :from)' : 'statusLinkVersion = :from';
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(id),
          UpdateExpression:
            'SET statusLinkVersion = :next, history = list_append(history, :entry), updatedAt = :now, version = version + :one',
          ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND ${atFrom}`,
          ExpressionAttributeValues: { ':from': from, ':next': from + 1, ':entry': [entry], ':now': entry.at, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Commission.parse(Attributes);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
}
