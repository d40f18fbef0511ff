/** The designers' queue and, beside it, finding a commission by its reference or its customer's email (core/domain/search.ts). */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CommissionSearch } from '#domain/ports';
import { QueueItem } from '#domain/schemas';
import type { SearchTerm } from '#domain/search';
import {
  commissionIdOf,
  emailSearchHash,
  PARTITION_KEY,
  SEARCH_EMAIL_ATTRIBUTE,
  SEARCH_EMAIL_INDEX,
  SEARCH_REFERENCE_ATTRIBUTE,
  SEARCH_REFERENCE_INDEX,
} from './table-keys.ts';
import { StageQueueReader } from './stage-queue.ts';

export class CommissionFinder extends StageQueueReader implements CommissionSearch {
  /**
   * The confirmed commissions a search term matches, newest first, at most `limit`, as queue
   * lines. One Query on one sparse index (each holds only the records that carry its key), which
   * projects a queue line and the confirmation: an unconfirmed enquiry is not a commission yet.
   */
  async search(term: SearchTerm, limit: number): Promise<QueueItem[]> {
    const [indexName, attribute, value] =
      term.kind === 'reference'
        ? [SEARCH_REFERENCE_INDEX, SEARCH_REFERENCE_ATTRIBUTE, term.reference]
        : [SEARCH_EMAIL_INDEX, SEARCH_EMAIL_ATTRIBUTE, emailSearchHash(term.email)];
    const items: QueueItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexName,
          KeyConditionExpression: '#key = :value',
          FilterExpression: 'attribute_exists(confirmedAt)',
          ExpressionAttributeNames: { '#key': attribute },
          ExpressionAttributeValues: { ':value': value },
          ScanIndexForward: false,
          Limit: limit - items.length,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of Items) {
        const id = commissionIdOf(String(item[PARTITION_KEY]));
        if (id === undefined || (term.kind === 'reference' && term.id !== undefined && id !== term.id)) continue;
        items.push(QueueItem.parse({ ...item, id }));
      }
      startKey = LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return items;
  }
}
