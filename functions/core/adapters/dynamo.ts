/** The DynamoDB document client every store shares, and how a refused conditional write looks. */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { meterCapacity } from './capacity.ts';

export function documentClient(): DynamoDBDocumentClient {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  // A no-op unless the cost benchmark asks for capacity accounting.
  return meterCapacity(client);
}

/** A write whose condition expression did not hold (by name too: not every such error is this SDK copy's class). */
export const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';
