/**
 * The catalogue's table grants (functions/catalogue.ts, `access.table`) and the local guard that
 * holds handlers to them (infra/local/grant-guard.ts). Every handler and workflow test goes through
 * the guard (infra/local/lambda-context.ts), and test/support/no-grant-violations.ts fails a file
 * in which any handler called outside its grant: that is what proves the catalogue matches the
 * code. This file proves the guard itself refuses what IAM would, and pins the grants the public
 * functions must never outgrow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { functionCatalogue, type FunctionSpec, type TableAction } from '../../functions/catalogue.ts';
import { documentClient } from '../../functions/core/adapters/dynamo.ts';
import { certificateKey, commissionKey, idempotencyKey, SEARCH_EMAIL_INDEX, SEARCH_REFERENCE_INDEX, STAGE_INDEX } from '../../functions/core/adapters/table-keys.ts';
import { refusalOf, requestsOf, runAs, stringLike } from '../../infra/local/grant-guard.ts';
import { takeGrantViolations } from '../../infra/local/grant-violations.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { useLocalServices } from '../support/local-env.ts';

const catalogue = functionCatalogue as readonly FunctionSpec[];
const spec = (name: string) => catalogue.find((s) => s.name === name)!;
const actionsOf = (s: FunctionSpec): TableAction[] => Object.values(s.access.table?.items ?? {}).flat();
const COMMISSION_ID = '00000000-0000-4000-8000-000000000000';

describe('the catalogue grants', () => {
  it('let the public status-page and get-provenance only GetItem, each on its own partitions', () => {
    expect(spec('status-page').access.table).toEqual({ items: { commission: ['GetItem'] } });
    expect(spec('get-provenance').access.table).toEqual({ items: { certificate: ['GetItem'] } });
  });

  it('give the public submit-enquiry no delete of any kind', () => {
    const actions = actionsOf(spec('submit-enquiry'));
    expect(actions).not.toContain('DeleteItem');
    expect(actions).not.toContain('BatchWriteItem');
  });

  it('let only the designers\' queue and the retention run query the byStage index, only the reconciler the start-pending index, only the queue the search indexes', () => {
    expect(catalogue.filter((s) => s.access.table?.stageQueue).map((s) => s.name).sort()).toEqual(['erase-closed-commissions', 'list-commissions']);
    expect(catalogue.filter((s) => s.access.table?.startPending).map((s) => s.name)).toEqual(['start-stranded-enquiries']);
    expect(catalogue.filter((s) => s.access.table?.search).map((s) => s.name)).toEqual(['list-commissions']);
  });

  it('never grant an action on the table without naming the partitions it may touch', () => {
    for (const s of catalogue) {
      for (const [family, actions] of Object.entries(s.access.table?.items ?? {})) {
        expect(actions.length, `${s.name} ${family}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('the guard', () => {
  it('sees every handler\'s calls: functions/ builds DynamoDB clients in functions/core/adapters/dynamo.ts only', () => {
    const builders = readdirSync('functions', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /new DynamoDBClient\(|DynamoDBDocumentClient\.from\(/.test(readFileSync(join('functions', file), 'utf8')));
    expect(builders).toEqual([join('core', 'adapters', 'dynamo.ts')]);
  });

  it("matches partition keys as IAM's StringLike does", () => {
    expect(stringLike('COMMISSION#*', `COMMISSION#${COMMISSION_ID}`)).toBe(true);
    expect(stringLike('COMMISSION#*', 'CERTIFICATE#x')).toBe(false);
    expect(stringLike('ORIGINS', 'ORIGINS')).toBe(true);
    expect(stringLike('ORIGINS', 'ORIGINSX')).toBe(false);
    expect(stringLike('A.B', 'AxB')).toBe(false);
  });

  it('reads the action, index and partition keys of each command', () => {
    expect(requestsOf('GetItemCommand', { Key: commissionKey(COMMISSION_ID) })).toEqual([
      { action: 'GetItem', partitionKeys: [`COMMISSION#${COMMISSION_ID}`] },
    ]);
    expect(requestsOf('PutItemCommand', { Item: { pk: { S: 'ORIGINS' }, sk: { S: 'x' } } })).toEqual([{ action: 'PutItem', partitionKeys: ['ORIGINS'] }]);
    expect(
      requestsOf('QueryCommand', {
        KeyConditionExpression: '#p = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeNames: { '#p': 'pk' },
        ExpressionAttributeValues: { ':pk': 'ORIGINS', ':prefix': 'ORIGIN#' },
      }),
    ).toEqual([{ action: 'Query', partitionKeys: ['ORIGINS'] }]);
    expect(requestsOf('QueryCommand', { IndexName: STAGE_INDEX, KeyConditionExpression: '#stage = :stage' })).toEqual([
      { action: 'Query', index: STAGE_INDEX, partitionKeys: [] },
    ]);
    expect(requestsOf('ScanCommand', {})).toEqual([{ action: 'Scan', partitionKeys: [] }]);
    expect(
      requestsOf('BatchWriteItemCommand', { RequestItems: { t: [{ PutRequest: { Item: { pk: 'A' } } }, { DeleteRequest: { Key: { pk: 'B' } } }] } }),
    ).toEqual([{ action: 'BatchWriteItem', partitionKeys: ['A', 'B'] }]);
  });

  it('refuses what each grant does not name: action, partition or index', () => {
    const status = spec('status-page');
    expect(refusalOf(status, { action: 'GetItem', partitionKeys: [`COMMISSION#${COMMISSION_ID}`] })).toBeUndefined();
    expect(refusalOf(status, { action: 'Query', partitionKeys: [`COMMISSION#${COMMISSION_ID}`] })).toMatch(/no dynamodb:Query/);
    expect(refusalOf(status, { action: 'GetItem', partitionKeys: ['CERTIFICATE#x'] })).toMatch(/COMMISSION#\* only/);
    expect(refusalOf(status, { action: 'Query', index: STAGE_INDEX, partitionKeys: [] })).toMatch(/index/);
    expect(refusalOf(status, { action: 'Query', index: SEARCH_EMAIL_INDEX, partitionKeys: [] })).toMatch(/index/);
    expect(refusalOf(spec('erase-closed-commissions'), { action: 'Query', index: SEARCH_REFERENCE_INDEX, partitionKeys: [] })).toMatch(/index/);
    expect(refusalOf(spec('list-commissions'), { action: 'Query', index: SEARCH_EMAIL_INDEX, partitionKeys: [] })).toBeUndefined();
    // A request that spans two families needs one statement covering both: none does.
    expect(refusalOf(spec('get-studio-licences'), { action: 'BatchGetItem', partitionKeys: [`COMMISSION#${COMMISSION_ID}`, 'STUDIO'] })).toBeDefined();
    for (const s of catalogue) expect(refusalOf(s, { action: 'Scan', partitionKeys: [] }), s.name).toBeDefined();
    expect(refusalOf(spec('health'), { action: 'GetItem', partitionKeys: ['STUDIO'] })).toMatch(/no table access/);
  });
});

describe('the guard in the local runtime', () => {
  let tableName: string;
  beforeAll(async () => {
    ({ tableName } = await useLocalServices());
  });
  afterEach(() => {
    // What this file provokes on purpose; test/support/no-grant-violations.ts checks the rest.
    takeGrantViolations();
  });

  const db = () => documentClient();

  it('lets a handler do what its grant names: the status page reads its commission', async () => {
    const answer = (await invokeFunction('status-page', { pathParameters: { id: COMMISSION_ID }, queryStringParameters: {} })) as { statusCode: number };
    expect(answer.statusCode).toBe(403); // unsigned link: refused before any read
    await expect(runAs('status-page', () => db().send(new GetCommand({ TableName: tableName, Key: commissionKey(COMMISSION_ID) })))).resolves.toBeDefined();
    await expect(
      runAs('list-commissions', () =>
        db().send(
          new QueryCommand({
            TableName: tableName,
            IndexName: STAGE_INDEX,
            KeyConditionExpression: '#s = :s',
            ExpressionAttributeNames: { '#s': 'stage' },
            ExpressionAttributeValues: { ':s': 'ENQUIRY' },
          }),
        ),
      ),
    ).resolves.toBeDefined();
    expect(takeGrantViolations()).toEqual([]);
  });

  it('fails any other call with AccessDeniedException, as IAM would, and records it', async () => {
    const denied = { name: 'AccessDeniedException' };
    await expect(
      runAs('status-page', () =>
        db().send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': commissionKey(COMMISSION_ID).pk },
          }),
        ),
      ),
    ).rejects.toMatchObject(denied);
    await expect(runAs('status-page', () => db().send(new ScanCommand({ TableName: tableName })))).rejects.toMatchObject(denied);
    await expect(runAs('get-provenance', () => db().send(new GetCommand({ TableName: tableName, Key: commissionKey(COMMISSION_ID) })))).rejects.toMatchObject(denied);
    await expect(runAs('get-provenance', () => db().send(new GetCommand({ TableName: tableName, Key: certificateKey('c') })))).resolves.toBeDefined();
    await expect(runAs('submit-enquiry', () => db().send(new DeleteCommand({ TableName: tableName, Key: idempotencyKey('h') })))).rejects.toMatchObject(denied);
    await expect(
      runAs('submit-enquiry', () => db().send(new BatchWriteCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: idempotencyKey('h') } }] } }))),
    ).rejects.toMatchObject(denied);
    await expect(runAs('submit-enquiry', () => db().send(new PutCommand({ TableName: tableName, Item: certificateKey('forged') })))).rejects.toMatchObject(denied);
    await expect(
      runAs('get-commission', () =>
        db().send(
          new QueryCommand({
            TableName: tableName,
            IndexName: STAGE_INDEX,
            KeyConditionExpression: '#s = :s',
            ExpressionAttributeNames: { '#s': 'stage' },
            ExpressionAttributeValues: { ':s': 'ENQUIRY' },
          }),
        ),
      ),
    ).rejects.toMatchObject(denied);
    expect(takeGrantViolations().map((v) => `${v.functionName} ${v.action}${v.index ? ` ${v.index}` : ''}`)).toEqual([
      'status-page Query',
      'status-page Scan',
      'get-provenance GetItem',
      'submit-enquiry DeleteItem',
      'submit-enquiry BatchWriteItem',
      'submit-enquiry PutItem',
      `get-commission Query ${STAGE_INDEX}`,
    ]);
  });

  it('does not check calls made outside any invocation (a test\'s own setup)', async () => {
    await expect(db().send(new ScanCommand({ TableName: tableName }))).resolves.toBeDefined();
  });
});
