/**
 * `npm run backfill-search-keys -- --table <name>`: gives the commissions stored before search
 * existed their search keys (the reference, and the hash of the customer's address), so
 * GET /commissions?q= finds them. Run once by an operator, with their own AWS credentials, after
 * the deploy that added the search indexes (docs/operations.md, "Upgrading a deployed stack"). It
 * scans the table, which no function is granted. Each record is written with one conditional
 * update that never creates an item nor overwrites keys already set, so it is safe to run again,
 * and alongside the live system. An erased record gets its reference only (no customer, no hash).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../functions/core/adapters/dynamo.ts';
import { emailSearchHash, PARTITION_KEY, SEARCH_EMAIL_ATTRIBUTE, SEARCH_REFERENCE_ATTRIBUTE, SORT_KEY, commissionKey } from '../functions/core/adapters/table-keys.ts';
import { searchReferenceOf } from '../functions/core/domain/search.ts';

/** Sets the search keys of every commission record without them; the number written. */
export async function backfillSearchKeys(db: DynamoDBDocumentClient, tableName: string): Promise<number> {
  let written = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: `#sk = :commission AND attribute_not_exists(${SEARCH_REFERENCE_ATTRIBUTE})`,
        ProjectionExpression: '#pk, id, customer.email',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':commission': commissionKey('x')[SORT_KEY] },
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of Items as { id: string; customer?: { email?: string } }[]) {
      const email = item.customer?.email;
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: commissionKey(item.id),
            UpdateExpression: `SET ${SEARCH_REFERENCE_ATTRIBUTE} = :reference${email ? `, ${SEARCH_EMAIL_ATTRIBUTE} = :email` : ''}`,
            // Erased meanwhile: the address's hash must not come back.
            ConditionExpression: `attribute_exists(${PARTITION_KEY}) AND attribute_not_exists(${SEARCH_REFERENCE_ATTRIBUTE})${email ? ' AND attribute_exists(customer)' : ''}`,
            ExpressionAttributeValues: { ':reference': searchReferenceOf(item.id), ...(email && { ':email': emailSearchHash(email) }) },
          }),
        );
        written++;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    startKey = LastEvaluatedKey;
  } while (startKey);
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { table: { type: 'string' } } });
  if (!values.table) throw new Error('Usage: npm run backfill-search-keys -- --table <the commission table name>');
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const written = await backfillSearchKeys(db, values.table);
  console.log(`search keys written to ${written} commission record(s) of ${values.table}`);
  db.destroy();
}
