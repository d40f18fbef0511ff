/**
 * Requests a hostile or careless client sends. Each names what it tries and what the system must
 * answer: a 4xx with the contract's error shape (or API Gateway's own 401/404 body), never a 5xx.
 * Free text full of markup is *valid* input: it must be accepted and then escaped everywhere.
 */
import { idempotencyKey } from '#adapters/table-keys';
import { enquiry, approvals } from '../support/fixtures.ts';

export type Caller = 'public' | 'designer' | 'stranger' | 'expired' | 'forged';

export interface HostileRequest {
  name: string;
  method: string;
  path: string;
  caller?: Caller;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** The status the contract demands. */
  status: number;
  /** Pages for people (certificate, status page, assets) answer refusals as HTML or text, not JSON. */
  page?: boolean;
}

const json = { 'content-type': 'application/json' };
const ok = () => enquiry();
const withCustomer = (customer: Record<string, unknown>) => ({ ...ok(), customer: { ...ok().customer, ...customer } });
const withPiece = (piece: Record<string, unknown>) => ({ ...ok(), piece: { ...ok().piece, ...piece } });
const withMetal = (metal: Record<string, unknown>) => ({ ...ok(), metal: { ...ok().metal, ...metal } });
/** A payment as the studio records one (the corpus's commission has no accepted design: 409 once valid). */
const payment = () => ({ kind: 'deposit', amount: { amount: 100, currency: 'GBP' }, method: 'cash', reference: 'H', receivedOn: '2026-01-01' });
/** JSON text nested `depth` objects deep (built as text: stringifying it would overflow the stack). */
const deep = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
const UNKNOWN_ID = '6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11';

/** `{id}` in paths is replaced by a real commission awaiting ENQUIRY. */
export const hostileRequests: HostileRequest[] = [
  // ── POST /commissions: bodies ────────────────────────────────────────────────────────────
  { name: 'no body', method: 'POST', path: '/commissions', headers: json, status: 400 },
  { name: 'empty body', method: 'POST', path: '/commissions', headers: json, body: '', status: 400 },
  { name: 'truncated JSON', method: 'POST', path: '/commissions', headers: json, body: '{"customer": {', status: 400 },
  { name: 'JSON null', method: 'POST', path: '/commissions', headers: json, body: 'null', status: 400 },
  { name: 'JSON array', method: 'POST', path: '/commissions', headers: json, body: '[1,2,3]', status: 400 },
  { name: 'JSON string', method: 'POST', path: '/commissions', headers: json, body: '"hello"', status: 400 },
  { name: 'JSON number', method: 'POST', path: '/commissions', headers: json, body: '42', status: 400 },
  { name: 'NaN literal', method: 'POST', path: '/commissions', headers: json, body: '{"consent": NaN}', status: 400 },
  { name: 'trailing garbage', method: 'POST', path: '/commissions', headers: json, body: JSON.stringify(ok()) + 'garbage', status: 400 },
  { name: 'text/plain', method: 'POST', path: '/commissions', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(ok()), status: 415 },
  { name: 'form-encoded', method: 'POST', path: '/commissions', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'consent=true', status: 415 },
  { name: 'no content type', method: 'POST', path: '/commissions', body: JSON.stringify(ok()), status: 415 },
  { name: 'XML', method: 'POST', path: '/commissions', headers: { 'content-type': 'application/xml' }, body: '<enquiry/>', status: 415 },
  { name: '100 KB body', method: 'POST', path: '/commissions', headers: json, body: withPiece({ description: 'x'.repeat(100 * 1024) }), status: 413 },
  { name: '2 MB body', method: 'POST', path: '/commissions', headers: json, body: 'x'.repeat(2 * 1024 * 1024), status: 413 },
  { name: 'nesting 10,000 deep (just under 64 KB)', method: 'POST', path: '/commissions', headers: json, body: deep(10_000), status: 400 },
  { name: 'nesting in a field', method: 'POST', path: '/commissions', headers: json, body: JSON.stringify(ok()).replace('"Solitaire, low setting"', deep(2000)), status: 400 },
  { name: 'unknown top-level field', method: 'POST', path: '/commissions', headers: json, body: { ...ok(), admin: true }, status: 400 },
  { name: 'unknown nested field', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ role: 'designer' }), status: 400 },
  { name: '__proto__ key', method: 'POST', path: '/commissions', headers: json, body: '{"__proto__": {"admin": true}, "consent": true}', status: 400 },
  { name: 'nested __proto__', method: 'POST', path: '/commissions', headers: json, body: `{"customer": {"__proto__": {"x": 1}}}`, status: 400 },
  { name: 'constructor.prototype', method: 'POST', path: '/commissions', headers: json, body: '{"constructor": {"prototype": {"admin": true}}}', status: 400 },
  { name: 'consent false', method: 'POST', path: '/commissions', headers: json, body: { ...ok(), consent: false }, status: 400 },
  { name: 'consent "true"', method: 'POST', path: '/commissions', headers: json, body: { ...ok(), consent: 'true' }, status: 400 },
  { name: 'missing customer', method: 'POST', path: '/commissions', headers: json, body: { ...ok(), customer: undefined }, status: 400 },
  { name: 'name as number', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ name: 12345 }), status: 400 },
  { name: 'name as array', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ name: ['Ana'] }), status: 400 },
  { name: 'empty name', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ name: '   ' }), status: 400 },
  { name: 'overlong name', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ name: 'A'.repeat(121) }), status: 400 },
  { name: 'CR/LF header injection in name', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ name: 'Ana\r\nBcc: everyone@example.com' }), status: 400 },
  { name: 'LF in email', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ email: 'ana@example.com\nBcc: x@example.com' }), status: 400 },
  { name: 'two addresses', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ email: 'ana@example.com, eve@example.com' }), status: 400 },
  { name: 'overlong email', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ email: `${'a'.repeat(250)}@example.com` }), status: 400 },
  { name: 'NUL in phone', method: 'POST', path: '/commissions', headers: json, body: withCustomer({ phone: '+44\u0000 7700' }), status: 400 },
  { name: 'overlong ring size', method: 'POST', path: '/commissions', headers: json, body: withPiece({ ringSize: 'M'.repeat(21) }), status: 400 },
  { name: 'unknown piece kind', method: 'POST', path: '/commissions', headers: json, body: withPiece({ kind: 'tiara' }), status: 400 },
  { name: 'overlong description', method: 'POST', path: '/commissions', headers: json, body: withPiece({ description: 'd'.repeat(4001) }), status: 400 },
  { name: 'negative budget', method: 'POST', path: '/commissions', headers: json, body: withPiece({ budget: { amount: -5, currency: 'GBP' } }), status: 400 },
  { name: 'budget as string', method: 'POST', path: '/commissions', headers: json, body: withPiece({ budget: { amount: '2500', currency: 'GBP' } }), status: 400 },
  { name: 'huge budget', method: 'POST', path: '/commissions', headers: json, body: withPiece({ budget: { amount: 1e308, currency: 'GBP' } }), status: 400 },
  { name: 'unknown currency', method: 'POST', path: '/commissions', headers: json, body: withPiece({ budget: { amount: 10, currency: 'BTC' } }), status: 400 },
  { name: 'unknown scheme', method: 'POST', path: '/commissions', headers: json, body: withMetal({ scheme: 'conflict-free' }), status: 400 },
  { name: 'silver at 18ct', method: 'POST', path: '/commissions', headers: json, body: withMetal({ metal: 'silver', fineness: '18ct' }), status: 400 },
  { name: 'bad Idempotency-Key', method: 'POST', path: '/commissions', headers: { ...json, 'idempotency-key': 'x'.repeat(300) }, body: ok(), status: 400 },

  // ── designer routes: authentication ───────────────────────────────────────────────────────
  { name: 'queue without a token', method: 'GET', path: '/commissions?stage=ENQUIRY', caller: 'public', status: 401 },
  { name: 'queue with an expired token', method: 'GET', path: '/commissions?stage=ENQUIRY', caller: 'expired', status: 401 },
  { name: 'queue with a forged token', method: 'GET', path: '/commissions?stage=ENQUIRY', caller: 'forged', status: 401 },
  { name: 'queue as a non-designer', method: 'GET', path: '/commissions?stage=ENQUIRY', caller: 'stranger', status: 403 },
  { name: 'record without a token', method: 'GET', path: '/commissions/{id}', caller: 'public', status: 401 },
  { name: 'record as a non-designer', method: 'GET', path: '/commissions/{id}', caller: 'stranger', status: 403 },
  { name: 'decision without a token', method: 'POST', path: '/commissions/{id}/decisions', caller: 'public', headers: json, body: { stage: 'ENQUIRY', decision: 'approve', details: {} }, status: 401 },
  { name: 'decision as a non-designer', method: 'POST', path: '/commissions/{id}/decisions', caller: 'stranger', headers: json, body: { stage: 'ENQUIRY', decision: 'approve', details: {} }, status: 403 },
  { name: 'Basic auth', method: 'GET', path: '/commissions?stage=ENQUIRY', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' }, status: 401 },

  // ── GET /commissions: query ──────────────────────────────────────────────────────────────
  { name: 'no stage', method: 'GET', path: '/commissions', caller: 'designer', status: 400 },
  { name: 'unknown stage', method: 'GET', path: '/commissions?stage=ARCHIVED', caller: 'designer', status: 400 },
  { name: 'lower-case stage', method: 'GET', path: '/commissions?stage=design', caller: 'designer', status: 400 },
  { name: 'limit 0', method: 'GET', path: '/commissions?stage=DESIGN&limit=0', caller: 'designer', status: 400 },
  { name: 'limit 1000', method: 'GET', path: '/commissions?stage=DESIGN&limit=1000', caller: 'designer', status: 400 },
  { name: 'limit not a number', method: 'GET', path: '/commissions?stage=DESIGN&limit=ten', caller: 'designer', status: 400 },
  { name: 'unknown parameter', method: 'GET', path: '/commissions?stage=DESIGN&scan=true', caller: 'designer', status: 400 },
  { name: 'garbage cursor', method: 'GET', path: '/commissions?stage=DESIGN&cursor=%%%', caller: 'designer', status: 400 },
  { name: 'forged cursor', method: 'GET', path: `/commissions?stage=DESIGN&cursor=${Buffer.from(JSON.stringify([idempotencyKey('a').pk, 'b'])).toString('base64url')}`, caller: 'designer', status: 400 },
  { name: 'cursor for another key shape', method: 'GET', path: `/commissions?stage=DESIGN&cursor=${Buffer.from(JSON.stringify({ pk: { S: 'x' } })).toString('base64url')}`, caller: 'designer', status: 400 },
  { name: 'repeated stage', method: 'GET', path: '/commissions?stage=DESIGN&stage=ENQUIRY', caller: 'designer', status: 400 },

  // ── GET /commissions/{id}: ids ───────────────────────────────────────────────────────────
  { name: 'unknown id', method: 'GET', path: `/commissions/${UNKNOWN_ID}`, caller: 'designer', status: 404 },
  { name: 'non-uuid id', method: 'GET', path: '/commissions/12345', caller: 'designer', status: 404 },
  { name: 'encoded traversal', method: 'GET', path: '/commissions/..%2F..%2Fetc%2Fpasswd', caller: 'designer', status: 404 },
  { name: 'key-shaped id', method: 'GET', path: '/commissions/COMMISSION%23x', caller: 'designer', status: 404 },
  { name: 'upper-case uuid of nothing', method: 'GET', path: `/commissions/${UNKNOWN_ID.toUpperCase()}`, caller: 'designer', status: 404 },
  { name: 'very long id', method: 'GET', path: `/commissions/${'a'.repeat(2000)}`, caller: 'designer', status: 404 },

  // ── POST /commissions/{id}/decisions ─────────────────────────────────────────────────────
  { name: 'decision on unknown id', method: 'POST', path: `/commissions/${UNKNOWN_ID}/decisions`, caller: 'designer', headers: json, body: { stage: 'ENQUIRY', decision: 'approve', details: {} }, status: 404 },
  { name: 'decision malformed JSON', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: '{"stage":', status: 400 },
  { name: 'decision not JSON', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: { 'content-type': 'text/plain' }, body: 'approve', status: 415 },
  { name: 'decision unknown kind', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: { stage: 'ENQUIRY', decision: 'rubber-stamp' }, status: 400 },
  { name: 'decision on a closed stage', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: { stage: 'COMPLETED', decision: 'approve' }, status: 400 },
  { name: 'decision for a stage not awaited', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: { stage: 'SOURCING', decision: 'approve', details: approvals.SOURCING }, status: 409 },
  { name: 'decision with unknown field', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: { stage: 'ENQUIRY', decision: 'approve', details: {}, actor: 'ceo' }, status: 400 },
  { name: 'decision smuggling a task token', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: { stage: 'ENQUIRY', decision: 'approve', details: { taskToken: 'x' } }, status: 400 },
  { name: 'decision overlong note', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: { stage: 'ENQUIRY', decision: 'request-changes', note: 'n'.repeat(2001) }, status: 400 },
  { name: 'cancel carrying details', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: { stage: 'ENQUIRY', decision: 'cancel', details: { reason: 'x' } }, status: 400 },
  { name: 'decision __proto__', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: '{"stage":"ENQUIRY","decision":"approve","details":{"__proto__":{"x":1}}}', status: 400 },
  { name: 'decision 80 KB', method: 'POST', path: '/commissions/{id}/decisions', caller: 'designer', headers: json, body: { stage: 'ENQUIRY', decision: 'request-changes', note: 'n'.repeat(80 * 1024) }, status: 413 },

  // ── the origin registry ──────────────────────────────────────────────────────────────────
  { name: 'origins without a token', method: 'GET', path: '/origins', caller: 'public', status: 401 },
  { name: 'origins as a non-designer', method: 'GET', path: '/origins', caller: 'stranger', status: 403 },
  { name: 'add origin without a token', method: 'POST', path: '/origins', caller: 'public', headers: json, body: {}, status: 401 },
  { name: 'add origin malformed', method: 'POST', path: '/origins', caller: 'designer', headers: json, body: '{"name":', status: 400 },
  { name: 'add origin empty', method: 'POST', path: '/origins', caller: 'designer', headers: json, body: {}, status: 400 },
  { name: 'add origin with CR/LF in the name', method: 'POST', path: '/origins', caller: 'designer', headers: json, body: { name: '\r\nSOTRAMI', country: 'Peru', source: 'x', certifications: [] }, status: 400 },
  { name: 'add origin without certifications', method: 'POST', path: '/origins', caller: 'designer', headers: json, body: { name: 'Mina X', country: 'Peru', source: 'x', certifications: [] }, status: 400 },
  { name: 'add origin with a bad date', method: 'POST', path: '/origins', caller: 'designer', headers: json, body: { name: 'Mina X', country: 'Peru', source: 'x', certifications: [{ scheme: 'fairtrade', metals: ['gold'], certifier: 'FLOCERT', firstCertified: 'yesterday', source: 'x' }] }, status: 400 },
  { name: 'add origin with an invented end date', method: 'POST', path: '/origins', caller: 'designer', headers: json, body: { name: 'Mina X', country: 'Peru', source: 'x', certifications: [{ scheme: 'fairtrade', metals: ['gold'], certifier: 'FLOCERT', validUntil: '2099-12-31', source: 'x' }] }, status: 400 },
  { name: 'add origin again (SOTRAMI, Peru)', method: 'POST', path: '/origins', caller: 'designer', headers: json, body: { name: 'sotrami', country: 'PERU', source: 'x', certifications: [{ scheme: 'fairtrade', metals: ['gold'], certifier: 'FLOCERT', source: 'x' }] }, status: 409 },
  { name: 'verify without a token', method: 'POST', path: '/origins/sotrami-peru/verifications', caller: 'public', headers: json, body: {}, status: 401 },
  { name: 'verify an unknown origin', method: 'POST', path: '/origins/no-such-origin/verifications', caller: 'designer', headers: json, body: { scheme: 'fairtrade', certificateReference: 'X', checkedOn: '2020-01-01', validUntil: '2020-01-02' }, status: 404 },
  { name: 'verify with an id that is not one', method: 'POST', path: '/origins/..%2F..%2Fetc/verifications', caller: 'designer', headers: json, body: { scheme: 'fairtrade', certificateReference: 'X', checkedOn: '2020-01-01', validUntil: '2020-01-02' }, status: 404 },
  { name: 'verify with CR/LF in the reference', method: 'POST', path: '/origins/sotrami-peru/verifications', caller: 'designer', headers: json, body: { scheme: 'fairtrade', certificateReference: 'X\r\nBcc: a@b', checkedOn: '2020-01-01', validUntil: '2020-01-02' }, status: 400 },
  { name: 'verify with a date that is not one', method: 'POST', path: '/origins/sotrami-peru/verifications', caller: 'designer', headers: json, body: { scheme: 'fairtrade', certificateReference: 'X', checkedOn: '2020-02-30', validUntil: '2020-13-01' }, status: 400 },
  { name: 'edit an origin as a non-designer', method: 'PATCH', path: '/origins/sotrami-peru', caller: 'stranger', headers: json, body: { region: 'x' }, status: 403 },
  { name: 'edit an origin with nothing to change', method: 'PATCH', path: '/origins/sotrami-peru', caller: 'designer', headers: json, body: {}, status: 400 },
  { name: 'rename an origin (name is its key)', method: 'PATCH', path: '/origins/sotrami-peru', caller: 'designer', headers: json, body: { name: 'Other' }, status: 400 },
  { name: 'retire without a note', method: 'PATCH', path: '/origins/sotrami-peru', caller: 'designer', headers: json, body: { retired: true }, status: 400 },
  { name: 'edit with a stale If-Match', method: 'PATCH', path: '/origins/sotrami-peru', caller: 'designer', headers: { ...json, 'if-match': '"999"' }, body: { region: 'x' }, status: 409 },
  { name: 'licences without a token', method: 'PUT', path: '/studio/licences', caller: 'public', headers: json, body: {}, status: 401 },
  { name: 'licences as a non-designer', method: 'GET', path: '/studio/licences', caller: 'stranger', status: 403 },
  { name: 'a Fairmined registered goldsmith (no such licence)', method: 'PUT', path: '/studio/licences', caller: 'designer', headers: json, body: { fairmined: { kind: 'registered-goldsmith', reference: 'X', validUntil: '2020-01-01' } }, status: 400 },
  { name: 'a licence with CR/LF in its reference', method: 'PUT', path: '/studio/licences', caller: 'designer', headers: json, body: { fairtrade: { kind: 'licensee', reference: 'X\r\nBcc: a@b', validUntil: '2020-01-01' } }, status: 400 },
  { name: 'a licence for an unknown scheme', method: 'PUT', path: '/studio/licences', caller: 'designer', headers: json, body: { recycled: { kind: 'licensee', reference: 'X', validUntil: '2020-01-01' } }, status: 400 },
  { name: 'enquiry for platinum (nothing certified)', method: 'POST', path: '/commissions', headers: json, body: withMetal({ scheme: 'fairtrade', metal: 'platinum', fineness: '950' }), status: 400 },

  // ── POST /commissions/{id}/payments (the corpus's commission has no accepted design) ────────
  { name: 'payment without a token', method: 'POST', path: '/commissions/{id}/payments', caller: 'public', headers: { ...json, 'idempotency-key': 'h-1' }, body: payment(), status: 401 },
  { name: 'payment as a non-designer', method: 'POST', path: '/commissions/{id}/payments', caller: 'stranger', headers: { ...json, 'idempotency-key': 'h-2' }, body: payment(), status: 403 },
  { name: 'payment without an Idempotency-Key', method: 'POST', path: '/commissions/{id}/payments', caller: 'designer', headers: json, body: payment(), status: 400 },
  { name: 'payment with CR/LF in its reference', method: 'POST', path: '/commissions/{id}/payments', caller: 'designer', headers: { ...json, 'idempotency-key': 'h-3' }, body: { ...payment(), reference: 'X\r\nBcc: a@b' }, status: 400 },
  { name: 'payment naming who recorded it', method: 'POST', path: '/commissions/{id}/payments', caller: 'designer', headers: { ...json, 'idempotency-key': 'h-4' }, body: { ...payment(), recordedBy: 'ceo' }, status: 400 },
  { name: 'payment of a string amount', method: 'POST', path: '/commissions/{id}/payments', caller: 'designer', headers: { ...json, 'idempotency-key': 'h-5' }, body: { ...payment(), amount: { amount: '1e9', currency: 'GBP' } }, status: 400 },
  { name: 'payment before a design is accepted', method: 'POST', path: '/commissions/{id}/payments', caller: 'designer', headers: { ...json, 'idempotency-key': 'h-6' }, body: payment(), status: 409 },
  { name: 'payment on an unknown id', method: 'POST', path: `/commissions/${UNKNOWN_ID}/payments`, caller: 'designer', headers: { ...json, 'idempotency-key': 'h-7' }, body: payment(), status: 404 },

  // ── public pages ─────────────────────────────────────────────────────────────────────────
  { name: 'certificate of nothing', method: 'GET', path: `/provenance/${UNKNOWN_ID}`, status: 404, page: true },
  { name: 'certificate by commission id', method: 'GET', path: '/provenance/{id}', status: 404, page: true },
  { name: 'certificate with markup for an id', method: 'GET', path: '/provenance/%3Cscript%3Ealert(1)%3C%2Fscript%3E', status: 404, page: true },
  { name: 'status page without a signature', method: 'GET', path: '/status/{id}', status: 403, page: true },
  { name: 'status page with a forged signature', method: 'GET', path: '/status/{id}?expires=4102444800&sig=AAAA', status: 403, page: true },
  { name: 'status page of another id with a signature', method: 'GET', path: `/status/${UNKNOWN_ID}?expires=4102444800&sig=${'a'.repeat(43)}`, status: 403, page: true },
  { name: 'design answer without a signature', method: 'POST', path: '/status/{id}/design', headers: json, body: { decision: 'approve', revision: 1 }, status: 403 },
  { name: 'design answer with a forged signature (a form)', method: 'POST', path: '/status/{id}/design?expires=4102444800&sig=AAAA', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=approve&revision=1', status: 403, page: true },
  { name: 'design answer with markup for an id', method: 'POST', path: '/status/%3Cscript%3E/design?expires=4102444800&sig=AAAA', headers: json, body: { decision: 'approve', revision: 1 }, status: 403 },
  { name: 'confirmation page without a signature', method: 'GET', path: '/confirm/{id}', status: 403, page: true },
  { name: 'confirmation without a signature', method: 'POST', path: '/confirm/{id}', status: 403, page: true },
  { name: 'confirmation with a forged signature', method: 'POST', path: '/confirm/{id}?expires=4102444800&sig=AAAA', status: 403, page: true },
  { name: 'confirmation with markup for an id', method: 'POST', path: '/confirm/%3Cscript%3Ealert(1)%3C%2Fscript%3E?expires=4102444800&sig=AAAA', status: 403, page: true },
  { name: 'asset traversal', method: 'GET', path: '/assets/..%2F..%2Fetc%2Fpasswd', status: 404, page: true },
  { name: 'unknown asset', method: 'GET', path: '/assets/nothing.js', status: 404, page: true },

  // ── routes that do not exist ─────────────────────────────────────────────────────────────
  { name: 'DELETE a commission', method: 'DELETE', path: '/commissions/{id}', caller: 'designer', status: 404 },
  { name: 'PUT a commission', method: 'PUT', path: '/commissions/{id}', caller: 'designer', headers: json, body: {}, status: 404 },
  { name: 'approve by GET', method: 'GET', path: '/commissions/{id}/decisions', caller: 'designer', status: 404 },
  { name: 'dotfile probe', method: 'GET', path: '/.env', status: 404 },
];

/** Valid enquiries whose free text is full of markup and script: accepted, and escaped everywhere after. */
export const markupEnquiries = [
  { ...ok(), customer: { ...ok().customer, name: '<script>alert(1)</script>' }, piece: { ...ok().piece, description: '<img src=x onerror=alert(1)> & "quotes" \'single\'' } },
  { ...ok(), customer: { ...ok().customer, name: '"><svg onload=alert(1)>' }, piece: { ...ok().piece, ringSize: '<b>M</b>' } },
];
