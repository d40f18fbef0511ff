/**
 * Calls the API handlers in-process with the events API Gateway (HTTP API, payload 2.0) sends,
 * claims included as its JWT authorizer passes them. Over-the-wire tests use the local gateway.
 */
import { randomUUID } from 'node:crypto';
import { StatusLinks } from '#adapters/status-links';
import { unconfirmedExpiry } from '#domain/intake';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { TEST_STATUS_LINK_SECRET } from './test-secret.ts';

// Answers are JSON the tests read freely; their assertions check the shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

export interface Caller {
  /** Claims as API Gateway passes them (arrays flattened to "[a b]"); absent for the public. */
  claims?: Record<string, string>;
}

export const designer = (name = 'rosa@studio.test'): Caller => ({
  claims: { sub: randomUUID(), email: name, 'cognito:groups': '[designers]', token_use: 'id' },
});
export const signedInStranger: Caller = {
  claims: { sub: randomUUID(), email: 'someone@example.com', 'cognito:groups': '[customers]', token_use: 'id' },
};

function event(method: string, path: string, routeKey: string, options: {
  body?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  caller?: Caller;
}) {
  const { caller, ...rest } = options;
  return apiGatewayEvent(method, path, routeKey, { ...rest, ...(caller?.claims && { claims: caller.claims }) });
}

async function call(name: string, ev: unknown): Promise<ApiAnswer> {
  const result = (await invokeFunction(name, ev)) as { statusCode: number; body: string; headers: Record<string, string> };
  const isJson = (result.headers?.['content-type'] ?? 'application/json').startsWith('application/json');
  return { status: result.statusCode, body: result.body ? (isJson ? JSON.parse(result.body) : result.body) : undefined, headers: result.headers };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export const api = {
  health: () => call('health', event('GET', '/health', 'GET /health', {})),

  submit: (body: unknown, headers: Record<string, string> = {}) =>
    call('submit-enquiry', event('POST', '/commissions', 'POST /commissions', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { ...JSON_HEADERS, ...headers },
    })),

  /**
   * Submits an enquiry and confirms it, as the customer does by pressing the button behind the
   * emailed link: the enquiry enters the queue and its workflow starts. The submit's answer.
   */
  enquire: async (body: unknown, headers: Record<string, string> = {}) => {
    const submitted = await api.submit(body, headers);
    if (submitted.status !== 201) return submitted;
    const confirmed = await api.confirm(submitted.body.id as string);
    if (confirmed.status !== 303) throw new Error(`confirming ${submitted.body.id}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    return submitted;
  },

  /** The confirmation page (GET): `body` is the HTML. The link's query defaults to a valid signature. */
  confirmPage: (id: string, query: Record<string, string> = confirmQuery(id), headers: Record<string, string> = {}) =>
    call('confirm-enquiry', event('GET', `/confirm/${id}`, 'GET /confirm/{id}', { pathParameters: { id }, query, headers })),

  /** The confirmation page's button (POST, an empty form): 303 to the status link. */
  confirm: (id: string, query: Record<string, string> = confirmQuery(id), headers: Record<string, string> = {}) =>
    call('confirm-enquiry', event('POST', `/confirm/${id}`, 'POST /confirm/{id}', {
      pathParameters: { id },
      query,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: '',
    })),

  list: (query: Record<string, string>, caller: Caller = designer()) =>
    call('list-commissions', event('GET', '/commissions', 'GET /commissions', { query, caller })),

  get: (id: string, caller: Caller = designer()) =>
    call('get-commission', event('GET', `/commissions/${id}`, 'GET /commissions/{id}', { pathParameters: { id }, caller })),

  listOrigins: (caller: Caller = designer()) => call('list-origins', event('GET', '/origins', 'GET /origins', { caller })),

  addOrigin: (body: unknown, caller: Caller = designer()) =>
    call('add-origin', event('POST', '/origins', 'POST /origins', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: JSON_HEADERS,
      caller,
    })),

  verifyOrigin: (originId: string, body: unknown, caller: Caller = designer()) =>
    call('verify-origin', event('POST', `/origins/${originId}/verifications`, 'POST /origins/{originId}/verifications', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: JSON_HEADERS,
      pathParameters: { originId },
      caller,
    })),

  editOrigin: (originId: string, body: unknown, caller: Caller = designer(), headers: Record<string, string> = {}) =>
    call('edit-origin', event('PATCH', `/origins/${originId}`, 'PATCH /origins/{originId}', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { ...JSON_HEADERS, ...headers },
      pathParameters: { originId },
      caller,
    })),

  putLicences: (body: unknown, caller: Caller = designer()) =>
    call('put-studio-licences', event('PUT', '/studio/licences', 'PUT /studio/licences', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: JSON_HEADERS,
      caller,
    })),

  getLicences: (caller: Caller = designer()) => call('get-studio-licences', event('GET', '/studio/licences', 'GET /studio/licences', { caller })),

  offer: () => call('get-offer', event('GET', '/offer', 'GET /offer', {})),

  /** The public certificate page: `body` is the HTML. */
  provenance: (certificateId: string) =>
    call('get-provenance', event('GET', `/provenance/${certificateId}`, 'GET /provenance/{certificateId}', {
      pathParameters: { certificateId },
    })),

  /** POST /commissions/{id}/payments; the Idempotency-Key is a fresh one unless given (`null`: none sent). */
  recordPayment: (id: string, body: unknown, options: { key?: string | null; caller?: Caller } = {}) =>
    call('record-payment', event('POST', `/commissions/${id}/payments`, 'POST /commissions/{id}/payments', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { ...JSON_HEADERS, ...(options.key !== null && { 'idempotency-key': options.key ?? `pay-${randomUUID()}` }) },
      pathParameters: { id },
      caller: options.caller ?? designer(),
    })),

  decide: (id: string, body: unknown, caller: Caller = designer(), headers: Record<string, string> = JSON_HEADERS) =>
    call('decide-stage', event('POST', `/commissions/${id}/decisions`, 'POST /commissions/{id}/decisions', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers,
      pathParameters: { id },
      caller,
    })),

  /** The customer's status page (GET): `body` is the HTML. The query defaults to a valid status link's. */
  statusPage: (id: string, query: Record<string, string> = statusQuery(id), headers: Record<string, string> = {}) =>
    call('status-page', event('GET', `/status/${id}`, 'GET /status/{id}', { pathParameters: { id }, query, headers })),

  /**
   * The customer's answer to the design proposal (POST /status/{id}/design), as JSON by default;
   * `form: true` sends it as the status page's form does. The query defaults to a valid status link's.
   */
  answerDesign: (id: string, body: Record<string, unknown>, options: { query?: Record<string, string>; form?: boolean; linkVersion?: number } = {}) =>
    call('answer-design', event('POST', `/status/${id}/design`, 'POST /status/{id}/design', {
      pathParameters: { id },
      query: options.query ?? statusQuery(id, options.linkVersion),
      headers: { 'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: options.form
        ? new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString()
        : JSON.stringify(body),
    })),

  /** A designer's new file: 201 `{id, status, upload: {url, fields}}`. */
  addAttachment: (id: string, body: unknown, caller: Caller = designer()) =>
    call('add-attachment', event('POST', `/commissions/${id}/attachments`, 'POST /commissions/{id}/attachments', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: JSON_HEADERS,
      pathParameters: { id },
      caller,
    })),

  /** The customer's inspiration image, behind the status link's query. */
  addInspiration: (id: string, query: Record<string, string>, body: unknown) =>
    call('add-inspiration', event('POST', `/status/${id}/attachments`, 'POST /status/{id}/attachments', {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: JSON_HEADERS,
      pathParameters: { id },
      query,
    })),

  getAttachment: (id: string, attachmentId: string, caller: Caller = designer()) =>
    call('get-attachment', event('GET', `/commissions/${id}/attachments/${attachmentId}`, 'GET /commissions/{id}/attachments/{attachmentId}', {
      pathParameters: { id, attachmentId },
      caller,
    })),

  getStatusAttachment: (id: string, attachmentId: string, query: Record<string, string>) =>
    call('get-status-attachment', event('GET', `/status/${id}/attachments/${attachmentId}`, 'GET /status/{id}/attachments/{attachmentId}', {
      pathParameters: { id, attachmentId },
      query,
    })),
};

/** The query of a commission's status link (`?expires=…&sig=…`), signed with the tests' status-link secret. */
export function statusQuery(id: string, version = 1, now = new Date()): Record<string, string> {
  const link = new URL(new StatusLinks(Buffer.from(TEST_STATUS_LINK_SECRET, 'utf8'), 'https://commissions.test').linkFor(id, version, now));
  return Object.fromEntries(link.searchParams);
}

/**
 * The query of a commission's confirmation link, signed as submit-enquiry signs it (the tests'
 * status-link secret), expiring 7 days after `now`: what the emailed link carries.
 */
export function confirmQuery(id: string, now = new Date()): Record<string, string> {
  const link = new URL(new StatusLinks(Buffer.from(TEST_STATUS_LINK_SECRET, 'utf8'), 'https://commissions.test').confirmLinkFor(id, unconfirmedExpiry(now)));
  return Object.fromEntries(link.searchParams);
}

/** The query of a link from an email (`?expires=…&sig=…`) and the id in its path. */
export function linkParts(link: string): { id: string; query: Record<string, string> } {
  const url = new URL(link);
  return { id: decodeURIComponent(url.pathname.split('/').at(-1)!), query: Object.fromEntries(url.searchParams) };
}

/** A calendar day `days` from today (UTC): verification dates that stay valid whenever the suite runs. */
export const dayFromToday = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Records a designer's check of a seeded certification (checked today, valid a year), as a studio
 * must before approving SOURCING against it. Defaults: SOTRAMI's Fairtrade gold, the fixtures' origin.
 */
export async function verifyOriginForSourcing(originId = 'sotrami-peru', scheme = 'fairtrade', caller: Caller = designer()) {
  const answer = await api.verifyOrigin(originId, { scheme, certificateReference: `TEST-${originId}-${scheme}`, checkedOn: dayFromToday(), validUntil: dayFromToday(365) }, caller);
  if (answer.status !== 201) throw new Error(`verifying ${originId} ${scheme}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

/** Polls until `check` passes (no fixed sleeps); fails with the last error after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
