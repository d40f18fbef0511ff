/**
 * Holds every handler, locally, to its catalogue grant on the table (functions/catalogue.ts,
 * `access.table`), as IAM holds it on AWS: a DynamoDB call whose action, index or partition key
 * the function's grant does not cover fails with AccessDeniedException, and is recorded.
 *
 * The local runtime runs each invocation as its function (runAs, from infra/local/lambda-context.ts)
 * and installs a middleware on every client functions/core/adapters/dynamo.ts builds, so the
 * handlers, the workflow tasks and every test that goes through them exercise the grants: a
 * catalogue entry that no longer matches its code fails there, not after a deploy. Calls made
 * outside any invocation (a test's own setup) are not checked.
 *
 * The check is the grant's own evaluation, not a second opinion: one statement per family of
 * partitions, and a request is allowed when one statement has its action and all of its partition
 * keys match that statement's `dynamodb:LeadingKeys` pattern (ForAllValues:StringLike).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { functionCatalogue, type FunctionSpec, type PartitionFamily, type TableAction } from '../../functions/catalogue.ts';
import { DYNAMODB_CLIENT_HOOK } from '../../functions/core/adapters/dynamo.ts';
import { PARTITION_FAMILIES, PARTITION_KEY, SEARCH_INDEXES, STAGE_INDEX, START_PENDING_INDEX } from '../../functions/core/adapters/table-keys.ts';
import { recordGrantViolation } from './grant-violations.ts';

/** One action a call asks IAM for, with the partition keys it touches (none for a Scan). */
export interface TableRequest {
  action: string;
  /** Set for a Query on a secondary index. */
  index?: string;
  partitionKeys: string[];
}


const running = new AsyncLocalStorage<string>();

/** Runs `body` as an invocation of the catalogue function `name`: its DynamoDB calls are checked. */
export const runAs = <T>(name: string, body: () => T): T => running.run(name, body);

/** IAM's StringLike: `*` is any run of characters, `?` any one; the rest literal. */
export function stringLike(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

type Item = Record<string, unknown>;

/** A key attribute as the document client holds it (`'x'`) or marshalled (`{ S: 'x' }`). */
function partitionOf(key: unknown): string {
  const value = (key as Item | undefined)?.[PARTITION_KEY];
  if (typeof value === 'string') return value;
  const marshalled = (value as { S?: unknown } | undefined)?.S;
  return typeof marshalled === 'string' ? marshalled : String(value);
}

/** The partition key a table Query names: the value its key condition compares `pk` with. */
function queriedPartition(input: Item): string[] {
  const condition = typeof input.KeyConditionExpression === 'string' ? input.KeyConditionExpression : '';
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Item;
  for (const [, name, placeholder] of condition.matchAll(/(#?[\w]+)\s*=\s*(:[\w]+)/g)) {
    if ((names[name!] ?? name) === PARTITION_KEY) return [partitionOf({ [PARTITION_KEY]: values[placeholder!] })];
  }
  return [];
}

const TRANSACT_WRITE_ACTIONS: Record<string, string> = {
  ConditionCheck: 'ConditionCheckItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
};

/** What IAM is asked for by one SDK command (e.g. `GetItemCommand`) with this input. */
export function requestsOf(commandName: string, input: Item): TableRequest[] {
  const action = commandName.replace(/Command$/, '');
  switch (action) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ action, partitionKeys: [partitionOf(input.Key)] }];
    case 'PutItem':
      return [{ action, partitionKeys: [partitionOf(input.Item)] }];
    case 'Query':
      return [typeof input.IndexName === 'string' ? { action, index: input.IndexName, partitionKeys: [] } : { action, partitionKeys: queriedPartition(input) }];
    case 'BatchGetItem': {
      const tables = Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: Item[] }>);
      return [{ action, partitionKeys: tables.flatMap((t) => (t.Keys ?? []).map(partitionOf)) }];
    }
    case 'BatchWriteItem': {
      const tables = Object.values((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>);
      const writes = tables.flat().map((w) => partitionOf(w.PutRequest?.Item ?? w.DeleteRequest?.Key));
      return [{ action, partitionKeys: writes }];
    }
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Record<string, { Key?: Item; Item?: Item }>[]).flatMap((entry) =>
        Object.entries(entry).map(([kind, op]) => ({
          action: TRANSACT_WRITE_ACTIONS[kind] ?? kind,
          partitionKeys: [partitionOf(op.Key ?? op.Item)],
        })),
      );
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as { Get: { Key: Item } }[]).map((entry) => ({ action: 'GetItem', partitionKeys: [partitionOf(entry.Get.Key)] }));
    default:
      // Scan, DescribeTable, the stream actions…: no partition key, and nobody is granted them.
      return [{ action, partitionKeys: [] }];
  }
}

/** Why `spec`'s grant refuses `request`, or undefined if it allows it. */
export function refusalOf(spec: FunctionSpec, request: TableRequest): string | undefined {
  const access = spec.access.table;
  if (!access) return 'it has no table access';
  if (request.index !== undefined) {
    if (request.index === STAGE_INDEX && request.action === 'Query' && access.stageQueue) return undefined;
    if (request.index === START_PENDING_INDEX && request.action === 'Query' && access.startPending) return undefined;
    if (SEARCH_INDEXES.includes(request.index) && request.action === 'Query' && access.search) return undefined;
    return `its grant holds no ${request.action} on the index ${request.index}`;
  }
  const statements = (Object.entries(access.items ?? {}) as [PartitionFamily, readonly TableAction[]][]).filter(([, actions]) =>
    (actions as readonly string[]).includes(request.action),
  );
  if (statements.length === 0) return `its grant holds no dynamodb:${request.action}`;
  const allowed = statements.some(([family]) => request.partitionKeys.every((pk) => stringLike(PARTITION_FAMILIES[family], pk)));
  if (allowed) return undefined;
  const families = statements.map(([family]) => PARTITION_FAMILIES[family]).join(', ');
  return `dynamodb:${request.action} is granted on partitions ${families} only, not ${request.partitionKeys.join(', ')}`;
}

const catalogueByName = new Map<string, FunctionSpec>((functionCatalogue as readonly FunctionSpec[]).map((spec) => [spec.name, spec]));

/** The error IAM answers with, in the SDK's shape (a name the handlers' fault handling sees as permanent). */
function accessDenied(functionName: string, reason: string): Error {
  const error = new Error(`${functionName} is not authorized: ${reason} (functions/catalogue.ts, access.table)`);
  error.name = 'AccessDeniedException';
  Object.assign(error, { $fault: 'client', $metadata: { httpStatusCode: 400 } });
  return error;
}

function guard(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const functionName = running.getStore();
      const spec = functionName === undefined ? undefined : catalogueByName.get(functionName);
      if (functionName !== undefined) {
        for (const request of requestsOf(context.commandName ?? 'UnknownCommand', args.input as Item)) {
          const reason = spec ? refusalOf(spec, request) : 'it is not in the catalogue';
          if (reason === undefined) continue;
          recordGrantViolation({ functionName, ...request, reason });
          throw accessDenied(functionName, reason);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'catalogueGrantGuard' },
  );
}

/** Makes every document client built from now on in this process check its calls (idempotent). */
export function installGrantGuard(): void {
  (globalThis as typeof globalThis & { [DYNAMODB_CLIENT_HOOK]?: (client: DynamoDBDocumentClient) => void })[DYNAMODB_CLIENT_HOOK] = guard;
}
