/**
 * The real local stand-ins for AWS services: dynalite for DynamoDB and aws-ses-v2-local for SES.
 * Used by `npm start` and by the tests, so both exercise the same parts.
 */
import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { tableDesign, type IndexDesign } from '../table-design.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: { path?: string; createTableMs?: number }) => Server;
// CommonJS with `exports.default`: ESM's default import would get the whole exports object.
const startSesServer = (require('aws-ses-v2-local') as { default: (config: { host: string; port: number }) => Promise<Server> }).default;

export interface RunningService {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** How long a close waits for requests in flight before it cuts their connections. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Closes a server without cutting a request in the middle: it stops accepting, waits until no
 * request is in flight (at most CLOSE_GRACE_MS), then ends the kept-alive connections in that
 * same tick. dynalite closes its LevelDB once the server has closed; a request cut mid-way kept
 * running inside dynalite and met a closed database ("Database is closed", an unhandled error).
 */
function closer(server: Server): () => Promise<void> {
  let inFlight = 0;
  let whenIdle: (() => void) | undefined;
  server.on('request', (_request, response: ServerResponse) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) whenIdle?.();
    });
  });
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      const endConnections = () => {
        clearTimeout(grace);
        whenIdle = undefined;
        server.closeAllConnections();
      };
      const grace = setTimeout(endConnections, CLOSE_GRACE_MS);
      if (inFlight === 0) endConnections();
      else whenIdle = endConnections;
    });
}

/**
 * Starts dynalite. With `path` the data lives in a LevelDB folder and survives a restart;
 * without it, in memory (tests).
 */
export async function startDynamo(options: { port?: number; path?: string } = {}): Promise<RunningService> {
  const server = dynalite({ createTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  const port = await listen(server, options.port ?? 0);
  return { endpoint: `http://127.0.0.1:${port}`, port, close: closer(server) };
}

/** Starts aws-ses-v2-local: every email lands in its store (`GET /store`, viewer at `/`). */
export async function startSes(options: { port?: number } = {}): Promise<RunningService> {
  // It listens as soon as it is created; port 0 picks a free one.
  const server = await startSesServer({ host: '127.0.0.1', port: options.port ?? 0 });
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  return { endpoint: `http://127.0.0.1:${port}`, port, close: closer(server) };
}

/** An index's projection as CreateTable takes it (infra/table-design.ts). */
const projectionOf = ({ projection }: IndexDesign) =>
  typeof projection === 'string' ? { ProjectionType: projection } : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...projection] };

/** Creates the commission table as CDK defines it (same keys and indexes); no-op if it exists. */
export async function createCommissionTable(dynamoEndpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'local', credentials: localCredentials });
  const attributes = new Set<string>([tableDesign.partitionKey, tableDesign.sortKey]);
  for (const index of Object.values(tableDesign.indexes)) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: Object.entries(tableDesign.indexes).map(([name, index]) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: projectionOf(index),
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  // dynalite answers CREATING briefly even with createTableMs 0.
  let indexes: string[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '');
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  client.destroy();
  // A table kept from an older version (in .local/dynamo) lacks a newer index, and dynalite cannot
  // add one to an existing table: say so now, rather than fail the first query that needs it.
  const missing = Object.keys(tableDesign.indexes).filter((name) => !indexes.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `The local table ${tableName} was made by an older version and lacks the index ${missing.join(', ')}. ` +
        'Remove the local data (the `dynamo` folder of the state directory, by default .local/dynamo) and start again.',
    );
  }
}

/** Any credentials do for the local services; the SDK insists on having some. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
