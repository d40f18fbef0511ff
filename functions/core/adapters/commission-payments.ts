/** Recording a payment on a commission (core/domain/payments.ts): one conditional append. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PaymentStore } from '#domain/payments';
import type { Commission, HistoryEntry, Payment } from '#domain/schemas';
import { isConditionFailure } from './dynamo.ts';
import { commissionKey } from './table-keys.ts';
import { CommissionStore } from './commission-store.ts';

export class CommissionPayments extends CommissionStore implements PaymentStore {
  /**
   * Appends a payment and its history entry, and bumps the version, only if the record is still
   * at the version read: the payment was checked against that very record (the price, what was
   * paid), and a decision claimed on the same read then loses its own version condition.
   */
  async appendPayment(before: Commission, payment: Payment, entry: HistoryEntry): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: commissionKey(before.id),
          UpdateExpression:
            'SET payments = list_append(if_not_exists(payments, :none), :payment), history = list_append(history, :entry), ' +
            'updatedAt = :now, version = :nextVersion',
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: {
            ':none': [],
            ':payment': [payment],
            ':entry': [entry],
            ':now': entry.at,
            ':version': before.version,
            ':nextVersion': before.version + 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
