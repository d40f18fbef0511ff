import { describe, expect, it } from 'vitest';
import { Commission, DecisionRequest, Enquiry, issuesToFields } from '#domain/schemas';
import { QueueQuery } from '#domain/queue-query';
import { sampleCommission } from '../../infra/samples.ts';
import { enquiry } from '../support/fixtures.ts';

function fieldsOf(result: { success: boolean; error?: { issues: unknown[] } }) {
  expect(result.success).toBe(false);
  return issuesToFields((result as { error: { issues: Parameters<typeof issuesToFields>[0] } }).error.issues);
}

describe('an enquiry', () => {
  it('is accepted as the contract shows it', () => {
    expect(Enquiry.safeParse(enquiry()).success).toBe(true);
  });

  it('needs only name, email, kind, description, scheme, metal and consent', () => {
    const minimal = {
      customer: { name: 'Bo', email: 'bo@example.com' },
      piece: { kind: 'bespoke', description: 'A signet ring' },
      metal: { scheme: 'fairmined', metal: 'silver' },
      consent: true,
    };
    expect(Enquiry.safeParse(minimal).success).toBe(true);
  });

  it('rejects unknown fields at every level, naming each', () => {
    const body = { ...enquiry(), extra: 1, customer: { ...enquiry().customer, nickname: 'x' } };
    const paths = fieldsOf(Enquiry.safeParse(body)).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['extra', 'customer.nickname']));
  });

  it('rejects CR/LF and control characters in single-line fields', () => {
    for (const name of ['Ana\r\nBcc: victim@example.com', 'Ana\u0000', 'Ana\tLima', '\r\nAna', 'Ana\n']) {
      const body = enquiry();
      body.customer.name = name;
      expect(fieldsOf(Enquiry.safeParse(body))).toContainEqual({ path: 'customer.name', message: expect.stringMatching(/single line/) });
    }
  });

  it('keeps line breaks in the free-text description', () => {
    const body = enquiry();
    body.piece.description = 'Line one\nLine two';
    expect(Enquiry.safeParse(body).success).toBe(true);
  });

  it('enforces the length limits', () => {
    const body = enquiry();
    body.customer.name = 'x'.repeat(121);
    body.piece.description = 'y'.repeat(4001);
    const paths = fieldsOf(Enquiry.safeParse(body)).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['customer.name', 'piece.description']));
  });

  it('requires consent to be true', () => {
    expect(fieldsOf(Enquiry.safeParse({ ...enquiry(), consent: false })).map((f) => f.path)).toEqual(['consent']);
  });

  it('refuses a fineness the metal does not come in', () => {
    const body = enquiry({ metal: 'silver', fineness: '18ct' });
    expect(fieldsOf(Enquiry.safeParse(body)).map((f) => f.path)).toEqual(['metal.fineness']);
  });

  it('refuses non-positive budgets and unknown currencies', () => {
    const body = enquiry() as ReturnType<typeof enquiry> & { piece: { budget: { amount: number; currency: string } } };
    body.piece.budget = { amount: 0, currency: 'JPY' };
    expect(fieldsOf(Enquiry.safeParse(body)).map((f) => f.path)).toEqual(['piece.budget.amount', 'piece.budget.currency']);
  });
});

describe('a decision', () => {
  it('names a stage that waits for decisions', () => {
    expect(DecisionRequest.safeParse({ stage: 'COMPLETED', decision: 'approve' }).success).toBe(false);
    expect(DecisionRequest.safeParse({ stage: 'DESIGN', decision: 'approve', details: {} }).success).toBe(true);
  });
});

describe('the queue query', () => {
  it('defaults the limit and coerces it from the query string', () => {
    expect(QueueQuery.parse({ stage: 'DESIGN' })).toEqual({ stage: 'DESIGN', limit: 20 });
    expect(QueueQuery.parse({ stage: 'DESIGN', limit: '100' }).limit).toBe(100);
  });

  it('refuses limits outside 1–100, unknown stages and parameters', () => {
    for (const query of [{ stage: 'DESIGN', limit: '0' }, { stage: 'DESIGN', limit: '101' }, { stage: 'DESIGN', limit: '2.5' }, { stage: 'NOPE' }, { stage: 'DESIGN', sort: 'x' }, {}]) {
      expect(QueueQuery.safeParse(query).success, JSON.stringify(query)).toBe(false);
    }
  });
});

describe('the stored commission', () => {
  const base = sampleCommission('COMPLETED');

  it('reads records stored before provenance was structured: origin by name, hallmark as text, premium with a basis', () => {
    const old = {
      ...base,
      sourcing: {
        scheme: 'fairtrade',
        metal: 'silver',
        fineness: '925',
        weightGrams: 10,
        origin: { name: 'SOTRAMI', country: 'Peru', certifier: 'FLOCERT', certificateReference: 'FLO-1' },
        supplier: 'S',
        lotReference: 'L',
        premium: { fineGrams: 9.25, basis: '10% of the LBMA silver price', rateAsOf: '2013-08-01', rateSource: 's' },
      },
      making: { hallmark: 'Birmingham Assay Office, 925, maker RL', schemeMark: false },
    };
    expect(Commission.safeParse(old).success).toBe(true);
  });

  it('reads the new shapes: certified with standing, recycled, customer-own, structured hallmark and exemption', () => {
    expect(Commission.safeParse(base).success).toBe(true);
    const recycled = { scheme: 'recycled', metal: 'gold', fineness: '18ct', weightGrams: 4, refiner: 'R', certificateReference: 'C', lotReference: 'L', premium: { fineGrams: 3, method: 'none' }, sourcedOn: '2024-01-01' };
    const own = { scheme: 'customer-own', metal: 'gold', fineness: '18ct', weightGrams: 4, assay: { reference: 'A', assayedBy: 'B' }, premium: { fineGrams: 3, method: 'none' } };
    for (const sourcing of [recycled, own]) {
      expect(Commission.safeParse({ ...base, sourcing, making: { hallmark: { exempt: 'under-weight', pieceWeightGrams: 0.8 } } }).success).toBe(true);
    }
  });
});
