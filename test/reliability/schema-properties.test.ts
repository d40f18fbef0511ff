/**
 * Issue 3 item 6, property-based: what holds for every input, not just the ones we thought of.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerSafe, html } from '#email/render';
import { approvalDetailsByStage, DecisionRequest, Enquiry, issuesToFields } from '#domain/schemas';
import { QueueQuery } from '#domain/queue-query';

const runs = { numRuns: 300 };

/** A string that passes the single-line rules: printable, no control characters, not blank. */
const line = (max: number) =>
  fc.string({ minLength: 1, maxLength: max, unit: 'grapheme' })
    .map((s) => s.replace(/[\p{Cc}\u2028\u2029]/gu, '').trim())
    .filter((s) => s.length >= 1 && s.length <= max);

const validEnquiry = fc.record({
  customer: fc.record(
    // Everyday addresses: zod's email check deliberately refuses RFC oddities such as `!a@x.io`.
    { name: line(120), email: fc.tuple(fc.stringMatching(/^[a-z0-9][a-z0-9.+_-]{0,30}$/), fc.domain()).map(([local, domain]) => `${local}@${domain}`).filter((e) => e.length <= 254 && !e.includes('..') && !/[.]@/.test(e)), phone: line(40) },
    { requiredKeys: ['name', 'email'] },
  ),
  piece: fc.record(
    {
      kind: fc.constantFrom('engagement-ring', 'wedding-band', 'bespoke'),
      description: line(4000),
      ringSize: line(20),
      budget: fc.record({ amount: fc.double({ min: 0.01, max: 1_000_000, noNaN: true }), currency: fc.constantFrom('GBP', 'EUR', 'USD') }),
    },
    { requiredKeys: ['kind', 'description'] },
  ),
  metal: fc.oneof(
    fc.record({ scheme: fc.constantFrom('fairtrade', 'fairmined', 'fairmined-ecological'), metal: fc.constant('gold'), fineness: fc.constantFrom('9ct', '14ct', '18ct', '22ct') }),
    fc.record({ scheme: fc.constantFrom('fairtrade', 'fairmined'), metal: fc.constant('silver'), fineness: fc.constant('925') }),
    fc.record({ scheme: fc.constant('fairmined'), metal: fc.constant('platinum') }),
  ),
  consent: fc.constant(true),
});

const SINGLE_LINE_PATHS = [['customer', 'name'], ['customer', 'email'], ['customer', 'phone'], ['piece', 'ringSize']] as const;

describe('the schemas', () => {
  it('never throw, whatever JSON arrives', () => {
    const schemas = [Enquiry, DecisionRequest, QueueQuery, ...Object.values(approvalDetailsByStage)];
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const schema of schemas) {
          const result = schema.safeParse(value);
          if (!result.success) expect(issuesToFields(result.error.issues).length).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('accept every enquiry within the contract', () => {
    fc.assert(
      fc.property(validEnquiry, (body) => {
        expect(Enquiry.safeParse(body).success).toBe(true);
      }),
      runs,
    );
  });

  it('refuse a control character anywhere in a single-line field, naming that field', () => {
    fc.assert(
      fc.property(
        validEnquiry,
        fc.constantFrom(...SINGLE_LINE_PATHS),
        fc.integer({ min: 0, max: 31 }).chain((c) => fc.constantFrom(String.fromCharCode(c), '\u007f', '\r\n')),
        fc.nat(),
        (generated, [group, field], control, at) => {
          const body = structuredClone(generated);
          const target = body[group] as Record<string, string | undefined>;
          const value = target[field] ?? 'x';
          const position = at % (value.length + 1);
          target[field] = `${value.slice(0, position)}${control}${value.slice(position)}x`;
          const result = Enquiry.safeParse(body);
          expect(result.success).toBe(false);
          expect(issuesToFields(result.error!.issues).map((f) => f.path)).toContain(`${group}.${field}`);
        },
      ),
      runs,
    );
  });

  it('refuse an unknown field at any level, naming it', () => {
    fc.assert(
      fc.property(
        validEnquiry,
        fc.constantFrom('', 'customer', 'piece', 'metal'),
        fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !['name', 'email', 'phone', 'kind', 'description', 'ringSize', 'budget', 'scheme', 'metal', 'fineness', 'colour', 'customer', 'piece', 'consent', '__proto__'].includes(k)),
        fc.jsonValue(),
        (generated, level, key, value) => {
          const body = structuredClone(generated);
          const target = (level === '' ? body : body[level as 'customer']) as Record<string, unknown>;
          target[key] = value;
          const result = Enquiry.safeParse(body);
          expect(result.success).toBe(false);
          expect(issuesToFields(result.error!.issues)).toContainEqual({ path: [level, key].filter(Boolean).join('.'), message: 'Unknown field' });
        },
      ),
      runs,
    );
  });
});

describe('email rendering', () => {
  it('escapes every interpolated string: no markup survives, and the text is kept', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const rendered = html`<p>${text}</p>`.value.slice(3, -4);
        expect(rendered).not.toMatch(/[<>"']/);
        const decoded = rendered.replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
        expect(decoded).toBe(text);
      }),
      runs,
    );
  });

  it('keeps every subject to one bounded line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        const subject = headerSafe(text);
        expect(subject).not.toMatch(/[\r\n\u2028\u2029\p{Cc}]/u);
        expect(subject.length).toBeLessThanOrEqual(200);
      }),
      runs,
    );
  });
});
