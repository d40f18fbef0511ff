/**
 * A pass-through proxy in front of a local AWS stand-in that records which operations a process
 * calls (DynamoDB, Step Functions, Secrets Manager: JSON protocol, `X-Amz-Target`; SES: query protocol,
 * `Action=`). The init bench uses it to give each function's SDK floor exactly the same calls.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  service: 'dynamodb' | 'sfn' | 'ses' | 'secrets';
  operation: string;
  /** JSON protocols: the request body, which is the command's input. SES: the form fields. */
  input: Record<string, unknown>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRecordingProxy(service: RecordedCall['service'], target: string) {
  let calls: RecordedCall[] = [];
  const recordAndForward = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const text = body.toString('utf8');
    const amzTarget = request.headers['x-amz-target'];
    if (typeof amzTarget === 'string') {
      calls.push({ service, operation: amzTarget.split('.').pop() ?? amzTarget, input: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
    } else {
      const form = Object.fromEntries(new URLSearchParams(text));
      calls.push({ service, operation: form.Action ?? 'Unknown', input: form });
    }
    try {
      const upstream = await fetch(new URL(request.url ?? '/', target), {
        method: request.method ?? 'POST',
        headers: Object.fromEntries(
          Object.entries(request.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as [string, string][],
        ),
        ...(body.length > 0 && { body }),
      });
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding'].includes(key)) headers[key] = value;
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
