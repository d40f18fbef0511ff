/**
 * The contract against the running product: every catalogue route is called over HTTP on the local
 * stack (gateway with its JWT authorizer, dynalite, local Step Functions, the outbox), and every
 * real answer must be documented — its status for that route, its media type, and a JSON body
 * valid against the documented schema (ajv, JSON Schema 2020-12). A route left uncalled fails.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { buildOpenApiDocument } from '../../functions/core/edge/openapi.ts';
import { StatusLinks } from '../../functions/core/adapters/status-links.ts';
import { mintDesignerToken } from '../../infra/local/designer-token.ts';
import { matchRoute } from '../../infra/local/gateway.ts';
import { loadOrCreateStatusLinkSecret } from '../../infra/local/secrets.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/start.ts';
import { approvals, enquiry, LIFECYCLE, ONE_PIXEL_PNG } from '../support/fixtures.ts';
import { dayFromToday, eventually } from '../support/api.ts';
import { paymentBody, paymentDueBefore } from '../support/payments.ts';

type Document = ReturnType<typeof buildOpenApiDocument>;
interface DocumentedResponse {
  content?: Record<string, { schema: Record<string, unknown> }>;
}

const document: Document = buildOpenApiDocument();
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
// The whole document under one id, so each response schema's `#/components/schemas/…` resolves in it.
ajv.addSchema({ $id: 'openapi.json', components: document.components }, undefined, undefined, false);

let stack: LocalStack;
let stateDir: string;
const tokens = { designer: '', outsider: '' };
/** `GET /commissions/{id}` → the statuses it really answered. */
const exercised = new Map<string, Set<number>>();

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  stateDir = await mkdtemp(join(tmpdir(), 'contract-'));
  stack = await startLocalStack({ port: 0, sesPort: 0, sfnPort: 0, stateDir, persistent: false, schedules: false, log: () => {} });
  tokens.designer = await mintDesignerToken({ stateDir, issuer: stack.issuer, email: 'rosa@studio.local' });
  tokens.outsider = await mintDesignerToken({ stateDir, issuer: stack.issuer, email: 'intern@studio.local', groups: ['interns'] });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

interface Call {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** `designer`, `outsider` (signed in, not a designer) or none. */
  as?: keyof typeof tokens;
  json?: unknown;
  /** A raw body, sent with `contentType`. */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Calls the API over HTTP, checks the answer against the contract, and returns it. */
async function call(path: string, options: Call = {}) {
  const method = options.method ?? 'GET';
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    // A 303 is checked as the answer it is, not followed.
    redirect: 'manual',
    headers: {
      ...(options.json !== undefined && { 'content-type': 'application/json' }),
      ...(options.contentType && { 'content-type': options.contentType }),
      ...(options.as && { authorization: `Bearer ${tokens[options.as]}` }),
      ...options.headers,
    },
    ...(options.json !== undefined && { body: JSON.stringify(options.json) }),
    ...(options.raw !== undefined && { body: options.raw }),
  });
  const text = await response.text();
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const body = mediaType === 'application/json' && text ? JSON.parse(text) : text;

  const route = matchRoute(method, path.split('?')[0]!)?.route;
  expect(route, `${method} ${path} is a catalogue route`).toBeDefined();
  const key = `${method} ${route!.path}`;
  const label = `${key} → ${response.status}`;
  const operation = (document.paths[route!.path] as Record<string, { responses: Record<string, DocumentedResponse> }>)[method.toLowerCase()];
  const documented = operation?.responses[String(response.status)];
  expect(documented, `${label} is documented`).toBeDefined();
  if (documented!.content === undefined) {
    expect(text, `${label} has no body`).toBe('');
  } else {
    const media = documented!.content[mediaType];
    expect(media, `${label}: ${mediaType} is documented (${Object.keys(documented!.content).join(', ')})`).toBeDefined();
    if (mediaType === 'application/json') {
      const validate = validatorFor(`${key} ${response.status}`, media!.schema);
      const valid = validate(body);
      expect(valid ? [] : validate.errors, `${label}: body matches the documented schema`).toEqual([]);
    }
  }
  if (!exercised.has(key)) exercised.set(key, new Set());
  exercised.get(key)!.add(response.status);
  return { status: response.status, body, headers: response.headers };
}

const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function validatorFor(id: string, schema: Record<string, unknown>) {
  if (!validators.has(id)) validators.set(id, ajv.compile(refInto(schema)));
  return validators.get(id)!;
}

/** Points the document's local refs (`#/components/…`) at the document registered with ajv. */
function refInto(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')) as Record<string, unknown>;
}

describe('every route answers as the contract says', () => {
  let commissionId = '';

  it('service routes', async () => {
    expect((await call('/health')).status).toBe(200);
    const served = await call('/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(document);
    // The contract is a build-time file beside the web assets, at its own route only.
    expect((await call('/assets/openapi.json')).status).toBe(404);
  });

  it('POST /commissions: accepted, invalid, not JSON, too large, wrong media type, key reused', async () => {
    const key = randomUUID();
    const created = await call('/commissions', { method: 'POST', json: enquiry(), headers: { 'idempotency-key': key } });
    expect(created.status).toBe(201);
    commissionId = created.body.id;
    expect(created.body.confirmed).toBe(false);
    // The customer opens the emailed link and presses the button: the workflow starts.
    const confirmLink = new StatusLinks(Buffer.from(await loadOrCreateStatusLinkSecret(stateDir), 'utf8'), stack.apiUrl)
      .confirmLinkFor(commissionId, Math.floor(Date.now() / 1000) + 7 * 86_400)
      .slice(stack.apiUrl.length);
    expect((await call(confirmLink)).status).toBe(200);
    expect((await call(confirmLink, { method: 'POST', contentType: 'application/x-www-form-urlencoded', raw: '' })).status).toBe(303);
    expect((await call('/commissions', { method: 'POST', json: enquiry(), headers: { 'idempotency-key': key } })).status).toBe(422);
    const invalid = await call('/commissions', { method: 'POST', json: { ...enquiry(), consent: false } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields).toEqual([{ path: 'consent', message: expect.any(String) }]);
    expect((await call('/commissions', { method: 'POST', raw: '{"customer":', contentType: 'application/json' })).status).toBe(400);
    expect((await call('/commissions', { method: 'POST', raw: 'x'.repeat(70 * 1024), contentType: 'application/json' })).status).toBe(413);
    expect((await call('/commissions', { method: 'POST', raw: 'hello', contentType: 'text/plain' })).status).toBe(415);
  });

  it('designer reads: the queue and a commission, refused without a token or the group', async () => {
    const awaiting = await eventually(async () => {
      const answer = await call(`/commissions/${commissionId}`, { as: 'designer' });
      expect(answer.body.awaiting?.stage).toBe('ENQUIRY');
      return answer;
    });
    expect(awaiting.status).toBe(200);
    const queue = await call('/commissions?stage=ENQUIRY&limit=1', { as: 'designer' });
    expect(queue.status).toBe(200);
    expect((await call('/commissions?stage=NOPE', { as: 'designer' })).status).toBe(400);
    expect((await call('/commissions?stage=ENQUIRY&cursor=bm90LWEtY3Vyc29y', { as: 'designer' })).status).toBe(400);
    expect((await call('/commissions?stage=ENQUIRY')).status).toBe(401);
    expect((await call('/commissions?stage=ENQUIRY', { as: 'outsider' })).status).toBe(403);
    expect((await call(`/commissions/${randomUUID()}`, { as: 'designer' })).status).toBe(404);
    expect((await call(`/commissions/${commissionId}`)).status).toBe(401);
    expect((await call(`/commissions/${commissionId}`, { as: 'outsider' })).status).toBe(403);
  });

  /** DESIGN: the studio proposes (its own approval refused), the customer answers on POST /status/{id}/design and its refusals. */
  async function signOffDesign(decisions: string) {
    expect((await call(decisions, { method: 'POST', json: { stage: 'DESIGN', decision: 'approve', details: approvals.DESIGN }, as: 'designer' })).status).toBe(400);
    expect((await call(decisions, { method: 'POST', json: { stage: 'DESIGN', decision: 'propose', details: approvals.DESIGN }, as: 'designer' })).status).toBe(202);
    await eventually(async () => {
      const { body } = await call(`/commissions/${commissionId}`, { as: 'designer' });
      expect(body.awaiting).toMatchObject({ stage: 'DESIGN', party: 'customer' });
    });
    const links = new StatusLinks(Buffer.from(await loadOrCreateStatusLinkSecret(stateDir), 'utf8'), stack.apiUrl);
    const design = `/status/${commissionId}/design${new URL(links.linkFor(commissionId)).search}`;
    const json = { accept: 'application/json' };
    expect((await call(`/status/${commissionId}/design?expires=1&sig=x`, { method: 'POST', json: { decision: 'approve', revision: 1 }, headers: json })).status).toBe(403);
    expect((await call(`/status/${randomUUID()}/design${new URL(links.linkFor(commissionId)).search}`, { method: 'POST', json: { decision: 'approve', revision: 1 } })).status).toBe(403);
    expect((await call(design, { method: 'POST', json: { decision: 'maybe', revision: 1 } })).status).toBe(400);
    expect((await call(design, { method: 'POST', raw: '{', contentType: 'application/json' })).status).toBe(400);
    expect((await call(design, { method: 'POST', raw: 'approve', contentType: 'text/plain' })).status).toBe(415);
    expect((await call(design, { method: 'POST', json: { decision: 'approve', revision: 2 } })).status).toBe(409);
    expect((await call(design, { method: 'POST', json: { decision: 'approve', revision: 1 } })).status).toBe(202);
    expect((await call(design, { method: 'POST', raw: 'decision=approve&revision=1', contentType: 'application/x-www-form-urlencoded' })).status).toBe(409);
  }

  it('POST /commissions/{id}/decisions: the whole lifecycle, and its refusals', async () => {
    const decisions = `/commissions/${commissionId}/decisions`;
    // SOURCING needs a verified origin: the studio records its check of SOTRAMI's certificate first.
    const checked = { scheme: 'fairtrade', certificateReference: 'FLO-CONTRACT', checkedOn: dayFromToday(), validUntil: dayFromToday(365) };
    expect((await call('/origins/sotrami-peru/verifications', { method: 'POST', json: checked, as: 'designer' })).status).toBe(201);
    expect((await call(decisions, { method: 'POST', json: { stage: 'ENQUIRY', decision: 'maybe' }, as: 'designer' })).status).toBe(400);
    expect((await call(decisions, { method: 'POST', raw: 'stage=ENQUIRY', contentType: 'text/plain', as: 'designer' })).status).toBe(415);
    expect((await call(`/commissions/${randomUUID()}/decisions`, { method: 'POST', json: { stage: 'ENQUIRY', decision: 'approve' }, as: 'designer' })).status).toBe(404);
    expect((await call(decisions, { method: 'POST', json: { stage: 'ENQUIRY', decision: 'approve' } })).status).toBe(401);
    expect((await call(decisions, { method: 'POST', json: { stage: 'ENQUIRY', decision: 'approve' }, as: 'outsider' })).status).toBe(403);
    // Payments: refused before a design is accepted, without a key, a token or the group, on an unknown commission.
    const payments = `/commissions/${commissionId}/payments`;
    const deposit = paymentBody({ kind: 'deposit', amount: { amount: 10, currency: 'GBP' } });
    const key = (name: string) => ({ 'idempotency-key': `contract-${commissionId}-${name}` });
    const early = await call(payments, { method: 'POST', json: deposit, as: 'designer', headers: key('early') });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('no_accepted_design');
    expect((await call(payments, { method: 'POST', json: deposit, as: 'designer' })).status).toBe(400);
    expect((await call(payments, { method: 'POST', json: deposit, headers: key('public') })).status).toBe(401);
    expect((await call(payments, { method: 'POST', json: deposit, as: 'outsider', headers: key('outsider') })).status).toBe(403);
    expect((await call(`/commissions/${randomUUID()}/payments`, { method: 'POST', json: deposit, as: 'designer', headers: key('unknown') })).status).toBe(404);
    expect((await call(payments, { method: 'POST', raw: 'kind=deposit', contentType: 'text/plain', as: 'designer', headers: key('text') })).status).toBe(415);
    for (const stage of LIFECYCLE) {
      const view = await eventually(async () => {
        const { body } = await call(`/commissions/${commissionId}`, { as: 'designer' });
        expect(body.awaiting?.stage).toBe(stage);
        return body;
      });
      if (stage === 'DESIGN') {
        await signOffDesign(decisions);
        continue;
      }
      const approve = { stage, decision: 'approve', details: approvals[stage] };
      // The deposit before SOURCING and the balance before DELIVERY, when due: refused until recorded.
      const due = paymentDueBefore(stage, view);
      if (due) {
        expect((await call(decisions, { method: 'POST', json: approve, as: 'designer' })).status).toBe(409);
        expect((await call(payments, { method: 'POST', json: paymentBody(due), as: 'designer', headers: key(stage) })).status).toBe(201);
        expect((await call(payments, { method: 'POST', json: paymentBody(due), as: 'designer', headers: key(stage) })).status).toBe(201);
        expect((await call(payments, { method: 'POST', json: deposit, as: 'designer', headers: key(stage) })).status).toBe(422);
      }
      expect((await call(decisions, { method: 'POST', json: approve, as: 'designer' })).status).toBe(202);
      expect((await call(decisions, { method: 'POST', json: approve, as: 'designer' })).status).toBe(409);
    }
    const completed = await eventually(async () => {
      const { body } = await call(`/commissions/${commissionId}`, { as: 'designer' });
      expect(body.certificateId).toEqual(expect.any(String));
      return body;
    }, 20_000);
    expect(completed.stage).toBe('COMPLETED');
    expect(completed.sourcing.premium).toBeDefined();
    expect(completed.balanceDue).toEqual({ amount: 0, currency: 'GBP' });
    // Paid in full: one more penny would take the paid total above the price.
    const over = paymentBody({ kind: 'balance', amount: { amount: 0.01, currency: 'GBP' } });
    expect((await call(payments, { method: 'POST', json: over, as: 'designer', headers: key('over') })).status).toBe(400);
    // The documented view is an allow-list too: a stored-only field in the body would fail the check.
    const view = (document.paths['/commissions/{id}'] as Record<string, { responses: Record<string, DocumentedResponse> }>).get!.responses['200']!;
    expect(validatorFor('GET /commissions/{id} 200', view.content!['application/json']!.schema)({ ...completed, taskToken: 'x' })).toBe(false);
  }, 60_000);

  it('the registry of origins: list, add, verify, edit, the offer, and refusals', async () => {
    expect((await call('/origins', { as: 'designer' })).status).toBe(200);
    expect((await call('/origins')).status).toBe(401);
    const origin = {
      name: `Cooperativa ${randomUUID().slice(0, 8)}`,
      country: 'Peru',
      source: 'Contract test',
      certifications: [{ scheme: 'fairmined', metals: ['gold'], certifier: 'IMO Swiss AG (ARM-recognised certifier)', firstCertified: '2019-06', source: 'Contract test' }],
    };
    const added = await call('/origins', { method: 'POST', json: origin, as: 'designer' });
    expect(added.status).toBe(201);
    expect((await call('/origins', { method: 'POST', json: origin, as: 'designer' })).status).toBe(409);
    expect((await call('/origins', { method: 'POST', json: { ...origin, certifications: [] }, as: 'designer' })).status).toBe(400);
    expect((await call('/origins', { method: 'POST', json: origin, as: 'outsider' })).status).toBe(403);
    expect((await call('/origins', { method: 'POST', raw: 'x'.repeat(70 * 1024), contentType: 'application/json', as: 'designer' })).status).toBe(413);

    const verifications = `/origins/${added.body.id}/verifications`;
    const checked = { scheme: 'fairmined', certificateReference: 'FM-CONTRACT', checkedOn: dayFromToday(), validUntil: dayFromToday(365) };
    const verified = await call(verifications, { method: 'POST', json: checked, as: 'designer' });
    expect(verified.status).toBe(201);
    expect(verified.body.certifications[0].status).toBe('verified');
    expect((await call(verifications, { method: 'POST', json: { ...checked, scheme: 'fairtrade' }, as: 'designer' })).status).toBe(400);
    expect((await call('/origins/no-such-origin/verifications', { method: 'POST', json: checked, as: 'designer' })).status).toBe(404);
    expect((await call(verifications, { method: 'POST', json: checked })).status).toBe(401);
    expect((await call(verifications, { method: 'POST', json: checked, as: 'outsider' })).status).toBe(403);
    expect((await call(verifications, { method: 'POST', raw: 'x'.repeat(70 * 1024), contentType: 'application/json', as: 'designer' })).status).toBe(413);
    expect((await call(verifications, { method: 'POST', raw: 'scheme=fairmined', contentType: 'text/plain', as: 'designer' })).status).toBe(415);

    const path = `/origins/${added.body.id}`;
    const edited = await call(path, { method: 'PATCH', json: { region: 'Puno' }, as: 'designer', headers: { 'if-match': `"${verified.body.version}"` } });
    expect(edited.status).toBe(200);
    expect((await call(path, { method: 'PATCH', json: { region: 'Cusco' }, as: 'designer', headers: { 'if-match': `"${verified.body.version}"` } })).status).toBe(409);
    expect((await call(path, { method: 'PATCH', json: {}, as: 'designer' })).status).toBe(400);
    expect((await call('/origins/no-such-origin', { method: 'PATCH', json: { region: 'x' }, as: 'designer' })).status).toBe(404);
    expect((await call(path, { method: 'PATCH', json: { region: 'x' } })).status).toBe(401);
    expect((await call(path, { method: 'PATCH', json: { region: 'x' }, as: 'outsider' })).status).toBe(403);
    expect((await call(path, { method: 'PATCH', raw: 'x'.repeat(70 * 1024), contentType: 'application/json', as: 'designer' })).status).toBe(413);
    expect((await call(path, { method: 'PATCH', raw: 'region=x', contentType: 'text/plain', as: 'designer' })).status).toBe(415);

    const offer = await call('/offer');
    expect(offer.status).toBe(200);
    expect(offer.body.items.some((i: { metal: string }) => i.metal === 'platinum')).toBe(false);
  });

  it("the studio's licences: put, get, and refusals", async () => {
    const licences = { fairtrade: { kind: 'registered-goldsmith', reference: 'GRS-CONTRACT', validUntil: dayFromToday(365) } };
    const put = await call('/studio/licences', { method: 'PUT', json: licences, as: 'designer' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ licences });
    expect((await call('/studio/licences', { method: 'PUT', json: { fairtrade: { kind: 'licensee' } }, as: 'designer' })).status).toBe(400);
    expect((await call('/studio/licences', { method: 'PUT', json: licences })).status).toBe(401);
    expect((await call('/studio/licences', { method: 'PUT', json: licences, as: 'outsider' })).status).toBe(403);
    expect((await call('/studio/licences', { method: 'PUT', raw: 'x'.repeat(70 * 1024), contentType: 'application/json', as: 'designer' })).status).toBe(413);
    expect((await call('/studio/licences', { method: 'PUT', raw: 'fairtrade=x', contentType: 'text/plain', as: 'designer' })).status).toBe(415);
    const got = await call('/studio/licences', { as: 'designer' });
    expect(got.status).toBe(200);
    expect(got.body.fairtradeThisYear.metals.map((m: { metal: string }) => m.metal)).toEqual(['gold', 'silver', 'platinum']);
    expect((await call('/studio/licences')).status).toBe(401);
    expect((await call('/studio/licences', { as: 'outsider' })).status).toBe(403);
  });

  it('the confirmation link once confirmed, refused and gone', async () => {
    const links = new StatusLinks(Buffer.from(await loadOrCreateStatusLinkSecret(stateDir), 'utf8'), stack.apiUrl);
    const expires = Math.floor(Date.now() / 1000) + 7 * 86_400;
    const pathOf = (url: string) => url.slice(stack.apiUrl.length);
    const link = pathOf(links.confirmLinkFor(commissionId, expires));
    expect((await call(link)).status).toBe(200);
    expect((await call(link, { method: 'POST' })).status).toBe(303);
    expect((await call(link.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
    expect((await call(link.replace(/sig=[^&]+/, 'sig=forged'), { method: 'POST', headers: { accept: 'application/json' } })).status).toBe(403);
    const gone = randomUUID();
    expect((await call(pathOf(links.confirmLinkFor(gone, expires)), { method: 'POST' })).status).toBe(410);
    expect((await call(pathOf(links.confirmLinkFor(gone, expires)), { headers: { accept: 'application/json' } })).status).toBe(410);
  });

  it('the public pages: certificate, status page, enquiry form, console and assets', async () => {
    const { body: commission } = await call(`/commissions/${commissionId}`, { as: 'designer' });
    expect((await call(`/provenance/${commission.certificateId}`)).status).toBe(200);
    expect((await call(`/provenance/${'A'.repeat(22)}`)).status).toBe(404);

    const links = new StatusLinks(Buffer.from(await loadOrCreateStatusLinkSecret(stateDir), 'utf8'), stack.apiUrl);
    const pathOf = (url: string) => url.slice(stack.apiUrl.length);
    expect((await call(pathOf(links.linkFor(commissionId)))).status).toBe(200);
    expect((await call(pathOf(links.linkFor(commissionId)).replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
    expect((await call(`/status/${commissionId}`)).status).toBe(403);
    expect((await call(pathOf(links.linkFor(commissionId, 1, new Date(Date.now() - 10 * 86_400_000), 1)))).status).toBe(403);
    expect((await call(pathOf(links.linkFor(randomUUID())))).status).toBe(404);

    // A designer replaces the link: the old one is refused, the new version's opens the page.
    const replaced = await call(`/commissions/${commissionId}/status-link`, { method: 'POST', as: 'designer', json: { replacing: 1 } });
    expect(replaced).toMatchObject({ status: 202, body: { id: commissionId, statusLinkVersion: 2 } });
    expect((await call(`/commissions/${commissionId}/status-link`, { method: 'POST', as: 'designer', json: { replacing: 1 } })).status).toBe(202);
    expect((await call(`/commissions/${commissionId}/status-link`, { method: 'POST', as: 'designer', json: { replacing: 5 } })).status).toBe(409);
    expect((await call(`/commissions/${commissionId}/status-link`, { method: 'POST', as: 'designer', json: { replacing: 'one' } })).status).toBe(400);
    expect((await call(`/commissions/${randomUUID()}/status-link`, { method: 'POST', as: 'designer', json: { replacing: 1 } })).status).toBe(404);
    expect((await call(`/commissions/${commissionId}/status-link`, { method: 'POST', json: { replacing: 2 } })).status).toBe(401);
    expect((await call(pathOf(links.linkFor(commissionId)))).status).toBe(403);
    expect((await call(pathOf(links.linkFor(commissionId, 2)))).status).toBe(200);

    for (const page of ['/', '/console', '/console/callback']) expect((await call(page)).status).toBe(200);
    const css = await call('/assets/studio.css');
    expect(css.status).toBe(200);
    expect((await call('/assets/studio.css', { headers: { 'if-none-match': css.headers.get('etag')! } })).status).toBe(304);
    expect((await call('/assets/nothing.css')).status).toBe(404);
  });

  it('attachments: a grant, the upload to the local bucket, the links; the customer\'s own; refusals', async () => {
    const created = await call('/commissions', { method: 'POST', json: enquiry(), headers: { 'idempotency-key': randomUUID() } });
    const id = created.body.id as string;
    const links = new StatusLinks(Buffer.from(await loadOrCreateStatusLinkSecret(stateDir), 'utf8'), stack.apiUrl);
    const pathOf = (url: string) => url.slice(stack.apiUrl.length);
    const confirm = pathOf(links.confirmLinkFor(id, Math.floor(Date.now() / 1000) + 86_400));
    expect((await call(confirm, { method: 'POST', contentType: 'application/x-www-form-urlencoded', raw: '' })).status).toBe(303);
    const png = ONE_PIXEL_PNG;
    const file = { stage: 'ENQUIRY', kind: 'sketch', fileName: 'sketch.png', contentType: 'image/png', bytes: png.length, visibleToCustomer: true };
    const granted = await call(`/commissions/${id}/attachments`, { method: 'POST', as: 'designer', json: file });
    expect(granted.status).toBe(201);
    expect((await call(`/commissions/${id}/attachments`, { method: 'POST', as: 'designer', json: { ...file, bytes: 16 * 1024 * 1024 } })).status).toBe(400);
    expect((await call(`/commissions/${randomUUID()}/attachments`, { method: 'POST', as: 'designer', json: file })).status).toBe(404);
    expect((await call(`/commissions/${id}/attachments`, { method: 'POST', json: file })).status).toBe(401);
    const form = new FormData();
    for (const [name, value] of Object.entries(granted.body.upload.fields as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([png], { type: 'image/png' }));
    expect((await fetch(granted.body.upload.url as string, { method: 'POST', body: form })).status).toBe(204);
    for (let attempt = 0; attempt < 200; attempt++) {
      const { body } = await call(`/commissions/${id}`, { as: 'designer' });
      if (body.attachments[0]?.status === 'ready') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await call(`/commissions/${id}/attachments/${granted.body.id}`, { as: 'designer' })).status).toBe(302);
    expect((await call(`/commissions/${id}/attachments/${randomUUID()}`, { as: 'designer' })).status).toBe(404);

    const status = new URL(links.linkFor(id));
    const own = await call(`/status/${id}/attachments${status.search}`, { method: 'POST', json: { fileName: 'love.png', contentType: 'image/png', bytes: png.length } });
    expect(own.status).toBe(201);
    expect((await call(`/status/${id}/attachments${status.search}`, { method: 'POST', json: { fileName: 'love.png' } })).status).toBe(400);
    expect((await call(`/status/${id}/attachments?expires=1&sig=forged`, { method: 'POST', json: { fileName: 'love.png', contentType: 'image/png', bytes: 10 } })).status).toBe(403);
    expect((await call(`/status/${id}/attachments/${granted.body.id}${status.search}`)).status).toBe(302);
    expect((await call(`/status/${id}/attachments/${own.body.id}${status.search}`)).status).toBe(404);
    expect((await call(`/status/${id}/attachments/${granted.body.id}?expires=1&sig=forged`)).status).toBe(403);
  });

  it("POST /commissions/{id}/erasure: the completed commission's personal data, and refusals", async () => {
    const erasure = `/commissions/${commissionId}/erasure`;
    expect((await call(erasure, { method: 'POST', json: { reason: '' }, as: 'designer' })).status).toBe(400);
    expect((await call(erasure, { method: 'POST', raw: 'reason=x', contentType: 'text/plain', as: 'designer' })).status).toBe(415);
    expect((await call(erasure, { method: 'POST', raw: 'x'.repeat(70 * 1024), contentType: 'application/json', as: 'designer' })).status).toBe(413);
    expect((await call(erasure, { method: 'POST', json: { reason: 'Asked by email' } })).status).toBe(401);
    expect((await call(erasure, { method: 'POST', json: { reason: 'Asked by email' }, as: 'outsider' })).status).toBe(403);
    expect((await call(`/commissions/${randomUUID()}/erasure`, { method: 'POST', json: { reason: 'Asked by email' }, as: 'designer' })).status).toBe(404);
    const erased = await call(erasure, { method: 'POST', json: { reason: 'Asked by email' }, as: 'designer' });
    expect(erased.status).toBe(202);
    const view = await call(`/commissions/${commissionId}`, { as: 'designer' });
    expect(view.body.erasure).toEqual({ at: erased.body.erasedAt, by: expect.any(String), reason: 'Asked by email' });
    expect(view.body.customer).toBeUndefined();
    expect((await call(`/provenance/${view.body.certificateId}`)).status).toBe(200);
    const links = new StatusLinks(Buffer.from(await loadOrCreateStatusLinkSecret(stateDir), 'utf8'), stack.apiUrl);
    expect((await call(links.linkFor(commissionId, view.body.statusLinkVersion).slice(stack.apiUrl.length))).status).toBe(410);
  });
});

it('exercised every route of the catalogue', () => {
  const routes = functionCatalogue.flatMap((fn) => ('routes' in fn ? fn.routes : []).map((r) => `${r.method} ${r.path}`));
  expect(routes.filter((key) => !exercised.has(key))).toEqual([]);
  // Each route's answers included a success (2xx/3xx) and, where it can refuse, a documented refusal.
  for (const key of routes) expect([...exercised.get(key)!].some((status) => status < 400), key).toBe(true);
});
