/**
 * A fault injector in front of dynalite: DynamoDB failing for a while (500s), which dynalite
 * itself never does. Everything it lets through reaches dynalite unchanged.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultyDynamo(target: string) {
  const plan: { operation: string; remaining: number }[] = [];
  let injected = 0;
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const rule = plan.find((r) => r.remaining > 0 && r.operation === operation);
    if (rule) {
      rule.remaining -= 1;
      injected += 1;
      response
        .writeHead(500, { 'content-type': 'application/x-amz-json-1.0' })
        .end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error (injected)' }));
      return;
    }
    const upstream = await fetch(new URL(request.url ?? '/', target), {
      method: request.method ?? 'POST',
      headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as [string, string][]),
      ...(body.length > 0 && { body }),
    });
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/x-amz-json-1.0' });
    response.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** The next `times` calls of `operation` (e.g. GetItem) fail with a 500. */
    fail(operation: string, times: number) {
      plan.push({ operation, remaining: times });
    },
    get injected() {
      return injected;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
