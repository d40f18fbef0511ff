/**
 * The Step Functions endpoint over HTTP, in the AWS JSON 1.0 protocol `@aws-sdk/client-sfn`
 * speaks: POST with `X-Amz-Target: AWSStepFunctions.<Action>`, routed to the actions below;
 * refusals go back as AWS shapes them, `{"__type", "message"}` with HTTP 400.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StepFunctionsError, type ExecutionStatus } from './execution-record.ts';
import type { StepFunctionsActions } from './actions.ts';

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const TARGET_PREFIX = 'AWSStepFunctions.';

/** A node:http request listener answering the JSON 1.0 protocol with `actions`. */
export function jsonProtocolListener(actions: StepFunctionsActions, log: (line: string) => void): RequestListener {
  return async (request, response) => {
    const requestId = randomUUID();
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
      });
      response.end(text);
    };
    const fail = (type: string, message: string, status = 400) => send(status, { __type: type, message });
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      if (request.method !== 'POST') return fail('UnknownOperationException', 'Only POST is supported', 404);
      const target = request.headers['x-amz-target'];
      const action = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
      let body: Record<string, unknown>;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
      } catch {
        return fail('SerializationException', 'The request body is not a JSON object');
      }
      send(200, toWire(dispatch(actions, action, body)));
    } catch (error) {
      if (error instanceof StepFunctionsError) return fail(error.name, error.message);
      log(`[sfn] internal error: ${(error as Error).name}`);
      fail('InternalFailure', 'Internal failure', 500);
    }
  };
}

/** Serves `listener` on `host`:`port` (0 picks a free port). */
export async function listenOn(listener: RequestListener, port: number, host: string): Promise<{ server: Server; endpoint: string; port: number }> {
  const server = createServer((request, response) => void listener(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return { server, endpoint: `http://${host}:${actual}`, port: actual };
}

function dispatch(actions: StepFunctionsActions, action: string | undefined, body: Record<string, unknown>): unknown {
  const text = (key: string) => {
    const value = body[key];
    if (value !== undefined && typeof value !== 'string') throw new StepFunctionsError('ValidationException', `${key} must be a string`);
    return value;
  };
  switch (action) {
    case 'StartExecution':
      return actions.startExecution({ stateMachineArn: text('stateMachineArn'), name: text('name'), input: text('input') });
    case 'SendTaskSuccess':
      return actions.sendTaskSuccess({ taskToken: text('taskToken'), output: text('output') });
    case 'SendTaskFailure':
      return actions.sendTaskFailure({ taskToken: text('taskToken'), error: text('error'), cause: text('cause') });
    case 'SendTaskHeartbeat':
      return actions.sendTaskHeartbeat({ taskToken: text('taskToken') });
    case 'DescribeExecution':
      return actions.describeExecution({ executionArn: text('executionArn') });
    case 'ListExecutions':
      return actions.listExecutions({
        stateMachineArn: text('stateMachineArn'),
        statusFilter: text('statusFilter') as ExecutionStatus | undefined,
        maxResults: typeof body.maxResults === 'number' ? body.maxResults : undefined,
        nextToken: text('nextToken'),
      });
    default:
      throw new StepFunctionsError('UnknownOperationException', `Unsupported operation: ${action ?? '(none)'}`);
  }
}

/** Dates go over the JSON protocol as epoch seconds. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  }
  return value;
}
