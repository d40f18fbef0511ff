/**
 * The money of a commission, in minor units: what the accepted design fixes (price, deposit),
 * what a payment may be (currency, pennies, over the price, refunds), and the gates on SOURCING
 * and DELIVERY. Pure functions with fixed dates.
 */
import { describe, expect, it } from 'vitest';
import { assertPaymentsAllow, moneyState, moneySummary } from '#domain/money';
import { checkPayment } from '#domain/payments';
import { paymentReceiptEmail } from '#email/payment-emails';
import type { Commission, Payment, PaymentRequest } from '#domain/schemas';
import { ApiError } from '#lib/errors';
import { sampleCommission } from '../../infra/samples.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const by = { id: 'p-new', recordedBy: 'rosa@studio.test' };

const payment = (kind: Payment['kind'], amount: number, currency: Payment['amount']['currency'] = 'GBP'): Payment => ({
  id: `p-${kind}-${amount}`,
  kind,
  amount: { amount, currency },
  method: 'bank-transfer',
  reference: 'REF',
  receivedOn: '2026-11-19',
  recordedAt: '2026-11-19T10:00:00.000Z',
  recordedBy: 'rosa@studio.test',
});

const withDesign = (price: number, depositPercent: number | undefined, payments: Payment[] = []): Commission =>
  sampleCommission('SOURCING', {
    design: { summary: 'A ring', price: { amount: price, currency: 'GBP' }, ...(depositPercent !== undefined && { depositPercent }) },
    payments,
  });

const request = (overrides: Partial<PaymentRequest> = {}): PaymentRequest => ({
  kind: 'deposit',
  amount: { amount: 100, currency: 'GBP' },
  method: 'card',
  reference: 'R-1',
  receivedOn: '2026-11-20',
  ...overrides,
});

/** The ApiError a call throws: its status, code and field paths. */
function refusal(call: () => unknown) {
  try {
    call();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.statusCode, code: error.code, fields: error.fields?.map((f) => f.path) };
  }
  throw new Error('expected a refusal');
}

describe('the money of a commission', () => {
  it('is nothing before a design is accepted', () => {
    expect(moneyState(sampleCommission('DESIGN', { design: undefined }))).toBeUndefined();
    expect(moneySummary(sampleCommission('DESIGN', { design: undefined }))).toBeUndefined();
  });

  it('counts in minor units: the deposit rounds half up to the penny, refunds subtract', () => {
    // £1,234.57 × 33% = £407.4081 → £407.41
    expect(moneyState(withDesign(1234.57, 33))).toEqual({ currency: 'GBP', price: 123_457, depositDue: 40_741, paid: 0, balanceDue: 123_457 });
    // £0.01 × 50% = half a penny → one penny
    expect(moneyState(withDesign(0.01, 50))?.depositDue).toBe(1);
    // 0.1 + 0.2 in floating point is not 0.3; in pence it is.
    const state = moneySummary(withDesign(0.3, 50, [payment('deposit', 0.1), payment('balance', 0.2)]));
    expect(state).toEqual({
      price: { amount: 0.3, currency: 'GBP' },
      depositDue: { amount: 0.15, currency: 'GBP' },
      paid: { amount: 0.3, currency: 'GBP' },
      balanceDue: { amount: 0, currency: 'GBP' },
    });
    expect(moneyState(withDesign(2400, 50, [payment('deposit', 1200), payment('refund', 200)]))).toMatchObject({ paid: 100_000, balanceDue: 140_000 });
  });

  it('owes no deposit on a design accepted before the customer signed designs off (no deposit percent)', () => {
    expect(moneyState(withDesign(2400, undefined))).toMatchObject({ depositDue: 0, balanceDue: 240_000 });
  });
});

describe('a payment', () => {
  it('is recorded as asked, in the price currency, rounded to the penny', () => {
    expect(checkPayment(withDesign(2400, 50), request({ amount: { amount: 1200.5, currency: 'GBP' } }), by, NOW)).toEqual({
      id: 'p-new',
      kind: 'deposit',
      amount: { amount: 1200.5, currency: 'GBP' },
      method: 'card',
      reference: 'R-1',
      receivedOn: '2026-11-20',
      recordedAt: NOW.toISOString(),
      recordedBy: 'rosa@studio.test',
    });
  });

  it('is refused before a design is accepted (409)', () => {
    expect(refusal(() => checkPayment(sampleCommission('DESIGN', { design: undefined }), request(), by, NOW))).toEqual({
      status: 409,
      code: 'no_accepted_design',
      fields: undefined,
    });
  });

  it('is refused in another currency than the price (400 naming amount.currency)', () => {
    expect(refusal(() => checkPayment(withDesign(2400, 50), request({ amount: { amount: 100, currency: 'EUR' } }), by, NOW))).toEqual({
      status: 400,
      code: 'validation_failed',
      fields: ['amount.currency'],
    });
  });

  it('is refused with fractions of a penny', () => {
    expect(refusal(() => checkPayment(withDesign(2400, 50), request({ amount: { amount: 10.005, currency: 'GBP' } }), by, NOW)).fields).toEqual(['amount.amount']);
  });

  it('may take the paid total up to the price, not a penny above it', () => {
    const half = withDesign(2400, 50, [payment('deposit', 1200)]);
    expect(checkPayment(half, request({ kind: 'balance', amount: { amount: 1200, currency: 'GBP' } }), by, NOW).amount.amount).toBe(1200);
    expect(refusal(() => checkPayment(half, request({ kind: 'balance', amount: { amount: 1200.01, currency: 'GBP' } }), by, NOW))).toEqual({
      status: 400,
      code: 'validation_failed',
      fields: ['amount.amount'],
    });
  });

  it('refunds at most what was paid', () => {
    const paid = withDesign(2400, 50, [payment('deposit', 1200), payment('refund', 200)]);
    expect(checkPayment(paid, request({ kind: 'refund', amount: { amount: 1000, currency: 'GBP' } }), by, NOW).kind).toBe('refund');
    expect(refusal(() => checkPayment(paid, request({ kind: 'refund', amount: { amount: 1000.01, currency: 'GBP' } }), by, NOW)).fields).toEqual(['amount.amount']);
    expect(refusal(() => checkPayment(withDesign(2400, 50), request({ kind: 'refund' }), by, NOW)).status).toBe(400);
  });

  it('is refused on a day that does not exist or has not come yet', () => {
    expect(refusal(() => checkPayment(withDesign(2400, 50), request({ receivedOn: '2026-02-30' }), by, NOW)).fields).toEqual(['receivedOn']);
    expect(refusal(() => checkPayment(withDesign(2400, 50), request({ receivedOn: '2026-11-22' }), by, NOW)).fields).toEqual(['receivedOn']);
    // Tomorrow in UTC is today somewhere.
    expect(checkPayment(withDesign(2400, 50), request({ receivedOn: '2026-11-21' }), by, NOW).receivedOn).toBe('2026-11-21');
  });
});

describe('the gates', () => {
  const approve = (stage: string) => ({ stage, decision: 'approve' });

  it('hold SOURCING until the deposit is paid', () => {
    expect(refusal(() => assertPaymentsAllow(withDesign(2400, 50, [payment('deposit', 1199.99)]), approve('SOURCING')))).toEqual({
      status: 409,
      code: 'deposit_outstanding',
      fields: undefined,
    });
    expect(() => assertPaymentsAllow(withDesign(2400, 50, [payment('deposit', 1200)]), approve('SOURCING'))).not.toThrow();
    // A refund can take the deposit back below what is due.
    expect(refusal(() => assertPaymentsAllow(withDesign(2400, 50, [payment('deposit', 1200), payment('refund', 1)]), approve('SOURCING'))).code).toBe(
      'deposit_outstanding',
    );
    // No deposit percent: nothing to wait for.
    expect(() => assertPaymentsAllow(withDesign(2400, undefined), approve('SOURCING'))).not.toThrow();
  });

  it('hold DELIVERY until the balance is paid', () => {
    expect(refusal(() => assertPaymentsAllow(withDesign(2400, 50, [payment('deposit', 1200)]), approve('DELIVERY'))).code).toBe('balance_outstanding');
    expect(() => assertPaymentsAllow(withDesign(2400, 50, [payment('deposit', 1200), payment('balance', 1200)]), approve('DELIVERY'))).not.toThrow();
  });

  it('never hold a cancellation, a request for changes, or another stage', () => {
    const unpaid = withDesign(2400, 50);
    expect(() => assertPaymentsAllow(unpaid, { stage: 'SOURCING', decision: 'cancel' })).not.toThrow();
    expect(() => assertPaymentsAllow(unpaid, { stage: 'DELIVERY', decision: 'request-changes' })).not.toThrow();
    expect(() => assertPaymentsAllow(unpaid, approve('MAKING'))).not.toThrow();
  });
});

describe('the receipt', () => {
  const paid = withDesign(2400, 50, [{ ...payment('deposit', 1200), reference: 'BACS-SECRET-9' }]);

  it('says what was received, how and when, what is paid and what is still due, and links the status page', () => {
    const email = paymentReceiptEmail(paid, paid.payments![0]!, 'https://studio.example/status/x?expires=1&sig=a"b');
    expect(email.to).toBe('ana@example.com');
    expect(email.subject).toBe('Receipt for your deposit: £1,200.00 (ref 6F1C2F5E)');
    for (const line of ['Received: £1,200.00', 'For: Deposit', 'Method: Bank transfer', 'Received on: 19 November 2026', 'Price: £2,400.00', 'Paid so far: £1,200.00', 'Still due: £1,200.00']) {
      expect(email.text).toContain(line);
    }
    expect(email.html).toContain('href="https://studio.example/status/x?expires=1&amp;sig=a&quot;b"');
    // The studio's own reference is not the customer's business.
    expect(email.text).not.toContain('BACS-SECRET-9');
    expect(email.html).not.toContain('BACS-SECRET-9');
  });

  it('says a refund is one, and escapes the customer name', () => {
    const c = withDesign(2400, 50, [payment('deposit', 1200), payment('refund', 1200)]);
    const email = paymentReceiptEmail({ ...c, customer: { name: '<b>Ana</b>', email: 'ana@example.com' } }, c.payments![1]!);
    expect(email.subject).toBe('Your refund: £1,200.00 (ref 6F1C2F5E)');
    expect(email.text).toContain('Refunded: £1,200.00');
    expect(email.text).toContain('Paid so far: £0.00');
    expect(email.html).toContain('Dear &lt;b&gt;Ana&lt;/b&gt;,');
  });
});
