/**
 * The real local stand-ins for AWS services: dynalite for DynamoDB, aws-ses-v2-local for SES and
 * s3rver for S3 (the attachments bucket).
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

// s3rver: CommonJS, a Koa app with `run()`; it emits S3 notification events as `event`.
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
  on(name: 'event', listener: (event: { Records: Array<{ eventName: string }> }) => void): void;
};

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

export interface LocalS3Options {
  /** The folder objects are stored in (s3rver's filesystem store). */
  directory: string;
  /** The attachments bucket, created at start (with its CORS rules). */
  bucket: string;
  /** Origins whose pages may POST uploads to the bucket and GET its objects (CORS). */
  allowedOrigins: readonly string[];
  port?: number;
  /**
   * What the bucket's ObjectCreated notification invokes, with the S3 event as AWS sends it
   * (check-upload). Called after the upload's answer, as S3 notifies asynchronously.
   */
  onObjectCreated?: (event: unknown) => Promise<unknown>;
  /** Where a failed notification is reported. */
  log?: (line: string) => void;
}

/** The bucket's CORS rules, as infra/constructs/attachments-bucket.ts sets them on AWS. */
function corsXml(origins: readonly string[]): string {
  const rule = (origin: string) =>
    `<CORSRule><AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod>` +
    '<AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>';
  return `<CORSConfiguration>${origins.map(rule).join('')}</CORSConfiguration>`;
}

/**
 * Starts s3rver on a folder, with the attachments bucket. Its ObjectCreated events (POST, PUT,
 * copy) invoke `onObjectCreated`, as the bucket's notification invokes check-upload on AWS.
 * s3rver does not enforce a presigned POST's policy: the check function enforces size and type.
 */
export async function startS3(options: LocalS3Options): Promise<RunningService> {
  // s3rver checks signatures against its own key pairs: it knows the local credentials too.
  (require('s3rver/lib/models/account.js') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } }).DUMMY_ACCOUNT.createKeyPair(
    localCredentials.accessKeyId,
    localCredentials.secretAccessKey,
  );
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    // Path-style only (`<endpoint>/<bucket>/<key>`): no bucket host names to resolve locally.
    vhostBuckets: false,
    configureBuckets: [{ name: options.bucket, configs: [corsXml(options.allowedOrigins)] }],
  });
  const onObjectCreated = options.onObjectCreated;
  if (onObjectCreated) {
    server.on('event', (event) => {
      if (!event.Records.every((record) => record.eventName.startsWith('ObjectCreated:'))) return;
      setImmediate(() => {
        onObjectCreated(event).catch((error: unknown) => (options.log ?? console.error)(`[s3] ObjectCreated notification failed: ${(error as Error).message}`));
      });
    });
  }
  const { port } = await server.run();
  const close = async () => {
    const closing = server.close();
    // The SDK keeps connections alive: end them, or the close waits for their idle timeout.
    server.httpServer?.closeAllConnections();
    await closing;
  };
  return { endpoint: `http://127.0.0.1:${port}`, port, close };
}
