/** The DynamoDB document client every store shares, and how a refused conditional write looks. */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { meterCapacity } from './capacity.ts';

/**
 * Where the local runtime leaves its hook on every client built here: infra/local/grant-guard.ts,
 * which holds each handler to its catalogue grant as IAM does on AWS. Never set on AWS.
 */
export const DYNAMODB_CLIENT_HOOK = Symbol.for('bespoke-commissions.dynamodb-client-hook');

export function documentClient(): DynamoDBDocumentClient {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  (globalThis as typeof globalThis & { [DYNAMODB_CLIENT_HOOK]?: (c: DynamoDBDocumentClient) => void })[DYNAMODB_CLIENT_HOOK]?.(client);
  // A no-op unless the cost benchmark asks for capacity accounting.
  return meterCapacity(client);
}

/** A write whose condition expression did not hold (by name too: not every such error is this SDK copy's class). */
export const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';
