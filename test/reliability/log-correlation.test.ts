/**
 * One commission followed through the logs, on the local stack as `npm start` runs it: real
 * requests through the local gateway, the workflow on the local Step Functions. Every line the
 * functions write is captured and read back as JSON, as Logs Insights would read it on AWS
 * (docs/operations.md, "Following one commission").
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';
import { mintDesignerToken } from '../../infra/local/designer-token.ts';
import { loadHandler } from '../../infra/local/lambda-context.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/start.ts';
import { api, dayFromToday, designer, eventually } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { confirmFromOutbox } from '../support/outbox.ts';
import { captureOutput, httpClient } from '../support/http.ts';
import { strandedEnquiry } from '../support/stranded.ts';
import { STRANDED_AFTER_MS } from '#domain/intake';

interface Line {
  level: string;
  message: string;
  function_name?: string;
  function_request_id?: string;
  cold_start?: boolean;
  correlation_id?: string;
  commissionId?: string;
  stage?: string;
}

let stack: LocalStack;
let designerToken: string;
const written: string[] = [];
const accessLog: string[] = [];
let stopCapture = () => {};

const customer = { name: 'Ana Quispe-Lima', email: uniqueEmail('ana.quispe') };
let commissionId: string;
const requestIds: Record<'submit' | 'confirm' | 'decide' | 'invalid' | 'notAnId', string> = { submit: '', confirm: '', decide: '', invalid: '', notAnId: '' };

const http = httpClient(() => stack.apiUrl);

const awaiting = (stage: string) =>
  eventually(async () => {
    const { body } = await http(`/commissions/${commissionId}`, { token: designerToken });
    expect(body.awaiting?.stage).toBe(stage);
    // The record says so a moment before await-decision writes its line: wait for the line too.
    expect(lines().some((line) => line.message === 'awaiting decision' && line.commissionId === commissionId && line.stage === stage)).toBe(true);
  });

/** The functions' structured lines (Powertools JSON), in the order they were written. */
function lines(): Line[] {
  return written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((text) => text.startsWith('{'))
    .map((text) => JSON.parse(text) as Line)
    .filter((line) => typeof line.level === 'string' && typeof line.message === 'string');
}

beforeAll(async () => {
  // INFO, as deployed: the lines worth following are the INFO ones.
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  const stateDir = await mkdtemp(join(tmpdir(), 'log-correlation-'));
  // From here on every line comes from an invocation this test makes, the stack's start (which
  // runs seed-origins, as a deploy does) included.
  stopCapture = captureOutput(written);
  stack = await startLocalStack({ port: 0, sesPort: 0, sfnPort: 0, stateDir, persistent: false, schedules: false, log: (line) => accessLog.push(line) });
  designerToken = await mintDesignerToken({ stateDir, email: 'rosa@studio.local', name: 'Rosa' });

  // A request, the workflow turn it starts, a decision, the turn that one resumes.
  const created = await http('/commissions', { method: 'POST', body: enquiry(customer) });
  expect(created.status).toBe(201);
  commissionId = created.body.id;
  requestIds.submit = created.requestId;
  // The customer presses the button behind the emailed link: the workflow starts.
  const confirmed = await eventually(() => confirmFromOutbox(stack.sesUrl, customer.email));
  expect(confirmed.status).toBe(303);
  requestIds.confirm = confirmed.requestId;
  await awaiting('ENQUIRY');
  const decided = await http(`/commissions/${commissionId}/decisions`, {
    method: 'POST',
    token: designerToken,
    body: { stage: 'ENQUIRY', decision: 'approve', details: approvals.ENQUIRY },
  });
  expect(decided.status).toBe(202);
  requestIds.decide = decided.requestId;
  await awaiting('DESIGN');
  // Two refusals after all that, from the same warm logger: nothing of the commission may remain.
  const invalid = await http('/commissions', { method: 'POST', body: { ...enquiry(customer), consent: false } });
  expect(invalid.status).toBe(400);
  requestIds.invalid = invalid.requestId;
  const notAnId = await http(`/commissions/${encodeURIComponent(customer.email)}`, { token: designerToken });
  expect(notAnId.status).toBe(404);
  requestIds.notAnId = notAnId.requestId;
}, 60_000);

afterAll(async () => {
  stopCapture();
  await stack?.close();
});

describe('every line of a wrapped function', () => {
  it('carries its invocation: request id, cold start and a correlation id', () => {
    const all = lines();
    // The four requests and the workflow's turns, at least.
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const line of all) {
      expect(line.function_request_id, line.message).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof line.cold_start, line.message).toBe('boolean');
      expect(line.correlation_id, line.message).toEqual(expect.any(String));
    }
  });

  it('is cold only in the first invocation this process ran', () => {
    const cold = lines().filter((line) => line.cold_start);
    // One process hosts every function locally: its first invocation (the seed, as the stack
    // starts) is the cold one.
    expect(new Set(cold.map((line) => line.function_request_id)).size).toBe(1);
    expect(cold.map((line) => line.function_name)).toEqual(['seed-origins']);
    expect(lines().filter((line) => !line.cold_start).length).toBeGreaterThan(0);
  });

  it('gives each invocation its own request id', () => {
    const all = lines();
    const byRequest = new Map<string, Set<string | undefined>>();
    for (const line of all) byRequest.set(line.function_request_id!, (byRequest.get(line.function_request_id!) ?? new Set()).add(line.correlation_id));
    // Each invocation has one correlation id, and the submit's invocation is not the task's.
    for (const correlations of byRequest.values()) expect(correlations.size).toBe(1);
    const submit = all.find((line) => line.message === 'enquiry accepted')!;
    const entered = all.find((line) => line.message === 'stage entered')!;
    expect(submit.function_request_id).not.toBe(entered.function_request_id);
  });

  it('holds no personal data', () => {
    const text = written.join('') + accessLog.join('\n');
    expect(text).not.toContain(customer.email);
    expect(text).not.toContain(customer.name);
  });
});

describe('an API request', () => {
  it("is correlated by API Gateway's request id, which the access log line records", () => {
    const submitLines = lines().filter((line) => line.correlation_id === requestIds.submit);
    // The confirmation email, then the answer.
    expect(submitLines.map((line) => [line.function_name, line.message])).toEqual([['submit-enquiry', 'email sent'], ['submit-enquiry', 'enquiry accepted']]);
    for (const line of submitLines) expect(line.commissionId).toBe(commissionId);
    expect(accessLog.filter((line) => line.endsWith(` ${requestIds.submit}`))).toEqual([expect.stringMatching(/^\[api\] POST \/commissions 201 \d+ms /)]);
  });

  it("on a commission's route carries the commission id with the request id", () => {
    const decideLines = lines().filter((line) => line.correlation_id === requestIds.decide);
    expect(decideLines.length).toBeGreaterThan(0);
    for (const line of decideLines) expect([line.function_name, line.commissionId]).toEqual(['decide-stage', commissionId]);
  });

  it('carries no path segment that is not a commission id, and no key of an earlier request', () => {
    for (const requestId of [requestIds.invalid, requestIds.notAnId]) {
      const refused = lines().filter((line) => line.correlation_id === requestId);
      expect(refused.map((line) => line.message), requestId).toEqual(['request refused']);
      expect(refused[0]!.commissionId, requestId).toBeUndefined();
    }
  });
});

describe('a workflow turn', () => {
  it('is correlated by the commission id, on every line of every task', () => {
    const taskLines = lines().filter((line) => line.function_name === 'enter-stage' || line.function_name === 'await-decision');
    // ENQUIRY entered and awaited, then DESIGN after the decision: two turns.
    expect(taskLines.filter((line) => line.message === 'stage entered').length).toBeGreaterThanOrEqual(2);
    expect(taskLines.filter((line) => line.message === 'awaiting decision').length).toBeGreaterThanOrEqual(2);
    for (const line of taskLines) expect(line.correlation_id, line.message).toBe(commissionId);
  });
});

describe('one commission id', () => {
  it('joins its API requests and its workflow tasks', () => {
    const followed = lines().filter((line) => line.commissionId === commissionId || line.correlation_id === commissionId);
    const names = new Set(followed.map((line) => line.function_name));
    for (const name of ['submit-enquiry', 'confirm-enquiry', 'decide-stage', 'enter-stage', 'await-decision']) expect(names, name).toContain(name);
    // …and from the API lines, their request ids lead to the access log.
    const apiRequestIds = new Set(followed.filter((line) => line.correlation_id !== commissionId).map((line) => line.correlation_id));
    expect(apiRequestIds).toEqual(new Set([requestIds.submit, requestIds.confirm, requestIds.decide]));
    for (const requestId of apiRequestIds) expect(accessLog.some((line) => line.endsWith(` ${requestId}`)), requestId).toBe(true);
  });
});

describe('one invocation after another in one environment, as on AWS', () => {
  // Called directly, outside the local runner's per-invocation store: the logger's keys are
  // shared between invocations as in a Lambda environment, and only resetKeys clears them.
  const context = (awsRequestId: string) =>
    ({ functionName: 'get-commission', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:get-commission', memoryLimitInMB: '256', awsRequestId, getRemainingTimeInMillis: () => 10_000 }) as unknown as Context;
  const get = async (id: string) => {
    const requestId = randomUUID();
    const handler = await loadHandler('get-commission');
    const event = apiGatewayEvent('GET', `/commissions/${id}`, 'GET /commissions/{id}', { pathParameters: { id }, claims: designer().claims! });
    const result = (await handler(event, context(requestId))) as { statusCode: number };
    return { status: result.statusCode, line: lines().find((line) => line.function_request_id === requestId) };
  };

  it('leaves no key of one invocation on the next', async () => {
    const unknown = randomUUID();
    const first = await get(unknown);
    expect(first.status).toBe(404);
    expect(first.line?.commissionId).toBe(unknown);
    const second = await get('not-a-commission');
    expect(second.status).toBe(404);
    expect(second.line).toBeDefined();
    expect(second.line!.commissionId).toBeUndefined();
    expect(second.line!.correlation_id).not.toBe(first.line!.correlation_id);
  });
});

describe('the functions outside the shared wrappers', () => {
  // Each invoked as the Lambda runtime would, with its own request id; every line it writes is
  // read back. A function that wrote a line without its context (or with another invocation's
  // keys) fails here, whichever of its lines it is.
  const invoke = async (name: string, event: unknown) => {
    const awsRequestId = randomUUID();
    const context = {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${name}`,
      memoryLimitInMB: '256',
      awsRequestId,
      getRemainingTimeInMillis: () => 10_000,
    } as unknown as Context;
    const from = written.length;
    const result = await (await loadHandler(name))(event, context);
    const own = written
      .slice(from)
      .flatMap((chunk) => chunk.split('\n'))
      .filter((text) => text.trim() !== '')
      .map((text) => {
        // Every line a function writes is Powertools' JSON: a plain console line fails here too.
        expect(text, `${name} wrote a line that is not JSON`).toMatch(/^\{/);
        return JSON.parse(text) as Line;
      });
    return { awsRequestId, result, lines: own };
  };
  const expectCorrelated = (lines: Line[], awsRequestId: string, correlationId: string) => {
    for (const line of lines) {
      expect(line.function_request_id, line.message).toBe(awsRequestId);
      expect(typeof line.cold_start, line.message).toBe('boolean');
      expect(line.correlation_id, line.message).toBe(correlationId);
    }
  };

  it('seed-origins (on deploy): correlated by its invocation', async () => {
    const { awsRequestId, lines: own } = await invoke('seed-origins', {});
    expect(own.map((line) => line.message)).toEqual(['origins seeded']);
    expectCorrelated(own, awsRequestId, awsRequestId);
  });

  it('start-stranded-enquiries (scheduled): correlated by its invocation, naming only commission ids', async () => {
    const strandedCustomer = { name: 'Wanda Stranded', email: uniqueEmail('stranded') };
    const stranded = await strandedEnquiry(process.env.TABLE_NAME!, enquiry(strandedCustomer), new Date(Date.now() - STRANDED_AFTER_MS - 1000));
    const { awsRequestId, lines: own } = await invoke('start-stranded-enquiries', {});
    expect(own.map((line) => line.message)).toEqual(['stranded enquiries started']);
    expectCorrelated(own, awsRequestId, awsRequestId);
    const text = JSON.stringify(own);
    expect(text).toContain(stranded.id);
    expect(text).not.toContain(strandedCustomer.email);
    expect(text).not.toContain(strandedCustomer.name);
    // Its workflow's first turn is done before the stack closes.
    await eventually(async () => expect(lines().some((line) => line.message === 'awaiting decision' && line.commissionId === stranded.id)).toBe(true));
  });

  it('check-certifications (scheduled): correlated by its invocation', async () => {
    const verified = await api.verifyOrigin('sotrami-peru', { scheme: 'fairtrade', certificateReference: 'CERT-RUNNING-OUT', checkedOn: dayFromToday(), validUntil: dayFromToday(30) });
    expect(verified.status).toBe(201);
    const { awsRequestId, lines: own } = await invoke('check-certifications', {});
    expect(own.map((line) => line.message)).toContain('certification notice sent');
    expectCorrelated(own, awsRequestId, awsRequestId);
  });

  it("status-page: correlated by API Gateway's request id, with the commission id of its path", async () => {
    const event = apiGatewayEvent('GET', `/status/${commissionId}`, 'GET /status/{id}', {
      pathParameters: { id: commissionId },
      query: { expires: String(Math.floor(Date.now() / 1000) + 3600), sig: 'not-the-signature' },
    });
    const { awsRequestId, result, lines: own } = await invoke('status-page', event);
    expect((result as { statusCode: number }).statusCode).toBe(403);
    expect(own.map((line) => line.message)).toEqual(['status link refused']);
    expectCorrelated(own, awsRequestId, event.requestContext.requestId);
    expect(own[0]!.commissionId).toBe(commissionId);
  });

  it('web-pages: every route, and any line it writes carries its context', async () => {
    for (const [path, routeKey, pathParameters] of [
      ['/', 'GET /', undefined],
      ['/console', 'GET /console', undefined],
      ['/assets/studio.css', 'GET /assets/{file}', { file: 'studio.css' }],
      ['/assets/nothing.js', 'GET /assets/{file}', { file: 'nothing.js' }],
      ['/openapi.json', 'GET /openapi.json', undefined],
      ['/assets/openapi.json', 'GET /assets/{file}', { file: 'openapi.json' }],
    ] as const) {
      const event = apiGatewayEvent('GET', path, routeKey, { ...(pathParameters && { pathParameters }) });
      const { awsRequestId, result, lines: own } = await invoke('web-pages', event);
      expect((result as { statusCode: number }).statusCode, path).toBeLessThan(500);
      expectCorrelated(own, awsRequestId, event.requestContext.requestId);
    }
  });
});
