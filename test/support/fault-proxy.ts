/**
 * A loopback proxy in front of a local AWS stand-in: each request is read whole and handed to
 * `intercept`, which either answers it (an injected fault) or lets it through unchanged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `intercept` returns true when it has answered the request itself. */
export async function startFaultProxy(target: string, intercept: (request: IncomingMessage, body: Buffer, response: ServerResponse) => boolean) {
  const interceptOrForward = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    if (intercept(request, body, response)) return;
    const upstream = await fetch(new URL(request.url ?? '/', target), {
      method: request.method ?? 'POST',
      headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as [string, string][]),
      ...(body.length > 0 && { body }),
    });
    const type = upstream.headers.get('content-type');
    response.writeHead(upstream.status, type ? { 'content-type': type } : {});
    response.end(Buffer.from(await upstream.arrayBuffer()));
  };
  const server = createServer((request, response) => void interceptOrForward(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
