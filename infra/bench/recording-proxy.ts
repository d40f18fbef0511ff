/**
 * A pass-through proxy in front of a local AWS stand-in that records which operations a process
 * calls (DynamoDB, Step Functions, Secrets Manager: JSON protocol, `X-Amz-Target`; SES: query protocol,
 * `Action=`; S3: REST, the operation read from the method, the path and the query, path-style as
 * the functions address the local bucket). The init bench uses it to give each function's SDK
 * floor exactly the same calls.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  service: 'dynamodb' | 'sfn' | 'ses' | 'secrets' | 's3';
  operation: string;
  /** JSON protocols: the request body, which is the command's input. SES: the form fields. S3: the command's input (Bucket, Key, and what the query and headers carried). */
  input: Record<string, unknown>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** S3 query parameters of the object and listing operations, and the input member each one is. */
const S3_QUERY_MEMBERS: Record<string, string> = {
  prefix: 'Prefix',
  delimiter: 'Delimiter',
  'max-keys': 'MaxKeys',
  'continuation-token': 'ContinuationToken',
  'start-after': 'StartAfter',
  'fetch-owner': 'FetchOwner',
  'encoding-type': 'EncodingType',
  versionId: 'VersionId',
  'response-content-type': 'ResponseContentType',
  'response-content-disposition': 'ResponseContentDisposition',
};
const S3_NUMBERS = new Set(['MaxKeys']);
const S3_BOOLEANS = new Set(['FetchOwner']);

/**
 * A path-style S3 request as the command that made it. The SDK names most operations itself in an
 * `x-id` query parameter; the others are told apart by method, path and query.
 */
export function s3CallOf(method: string, url: string, headers: IncomingMessage['headers']): RecordedCall {
  const parsed = new URL(url, 'http://s3.local');
  const [bucket = '', ...keyParts] = parsed.pathname.slice(1).split('/');
  const key = keyParts.map((part) => decodeURIComponent(part)).join('/');
  const query = parsed.searchParams;
  const operation =
    query.get('x-id') ??
    (method === 'HEAD'
      ? key
        ? 'HeadObject'
        : 'HeadBucket'
      : method === 'GET' && !key && query.get('list-type') === '2'
        ? 'ListObjectsV2'
        : method === 'GET' && !key
          ? 'ListObjects'
          : method === 'POST' && !key && query.has('delete')
            ? 'DeleteObjects'
            : `${method} ${key ? 'object' : 'bucket'}`);
  const input: Record<string, unknown> = { Bucket: decodeURIComponent(bucket) };
  if (key) input.Key = key;
  for (const [name, value] of query) {
    const member = S3_QUERY_MEMBERS[name];
    if (!member) continue;
    input[member] = S3_NUMBERS.has(member) ? Number(value) : S3_BOOLEANS.has(member) ? value === 'true' : value;
  }
  if (typeof headers.range === 'string') input.Range = headers.range;
  return { service: 's3', operation, input };
}

export async function startRecordingProxy(service: RecordedCall['service'], target: string) {
  let calls: RecordedCall[] = [];
  const recordAndForward = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const text = body.toString('utf8');
    const amzTarget = request.headers['x-amz-target'];
    const method = request.method ?? 'POST';
    if (service === 's3') {
      calls.push(s3CallOf(method, request.url ?? '/', request.headers));
    } else if (typeof amzTarget === 'string') {
      calls.push({ service, operation: amzTarget.split('.').pop() ?? amzTarget, input: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
    } else {
      const form = Object.fromEntries(new URLSearchParams(text));
      calls.push({ service, operation: form.Action ?? 'Unknown', input: form });
    }
    try {
      const upstream = await fetch(new URL(request.url ?? '/', target), {
        method,
        headers: Object.fromEntries(
          Object.entries(request.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as [string, string][],
        ),
        ...(body.length > 0 && { body }),
      });
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        // A HEAD answer's length is the object's size (S3's HeadObject reads it), not a body's.
        if (key === 'content-length' && method === 'HEAD') headers[key] = value;
        else if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding'].includes(key)) headers[key] = value;
      });
      response.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      response.writeHead(502).end();
    }
  };
  const server = createServer((request, response) => void recordAndForward(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** The calls recorded since the last `take()`, in order. */
    take(): RecordedCall[] {
      const taken = calls;
      calls = [];
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
