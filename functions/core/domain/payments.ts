/**
 * The money of a commission: the accepted design fixes the price and the deposit; the studio
 * records what the customer paid (deposit, balance) and what it gave back (refunds). All sums are
 * integer minor units (pence, cents), so no rounding error can make a paid commission look owing.
 *
 * A payment record is the same whatever its source: today a designer records one by hand
 * (POST /commissions/{id}/payments); a card provider's webhook would call `recordPayment` with
 * the provider's event id as the idempotency key (docs/api.md, "Payments"). What is owed and paid: ./money.ts.
 */
import { ApiError, conflict, notFound, validationFailed } from '#lib/errors';
import { canonical, IDEMPOTENCY_KEY, sha256 } from './request-hash.ts';
import type { Designer, IdempotencyKeyBinder } from './ports.ts';
import { MINOR_PER_MAJOR, moneyState, toMinor } from './money.ts';
import type { Commission, HistoryEntry, Payment, PaymentRequest } from './schemas.ts';

const isCalendarDay = (day: string) => {
  const at = new Date(`${day}T00:00:00.000Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
};

/**
 * A payment as it would be recorded on `c`, or the refusal: 409 before a design is accepted;
 * 400 for another currency than the price's, fractions of a penny, a day that is not one or is
 * in the future, a payment taking the paid total above the price, a refund above what was paid.
 */
export function checkPayment(c: Pick<Commission, 'design' | 'payments'>, request: PaymentRequest, payment: { id: string; recordedBy: string }, now: Date): Payment {
  const state = moneyState(c);
  if (!state) throw conflict('no_accepted_design', 'No design has been accepted yet, so there is no price to pay against');
  const show = (minor: number) => `${state.currency} ${(minor / MINOR_PER_MAJOR).toFixed(2)}`;
  const { amount } = request;
  if (amount.currency !== state.currency) {
    throw validationFailed([{ path: 'amount.currency', message: `The price is in ${state.currency}` }], `Payments are recorded in the price's currency, ${state.currency}`);
  }
  const minor = toMinor(amount.amount);
  if (Math.abs(amount.amount * MINOR_PER_MAJOR - minor) > 1e-6) {
    throw validationFailed([{ path: 'amount.amount', message: 'At most two decimal places' }]);
  }
  if (!isCalendarDay(request.receivedOn)) throw validationFailed([{ path: 'receivedOn', message: 'Not a calendar day' }]);
  // A day ahead of UTC's today is still today somewhere; beyond that, not yet received.
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  if (request.receivedOn > tomorrow) throw validationFailed([{ path: 'receivedOn', message: 'A payment cannot be received in the future' }]);
  if (request.kind === 'refund') {
    if (minor > state.paid) {
      throw validationFailed([{ path: 'amount.amount', message: `A refund can be at most what was paid, ${show(state.paid)}` }], 'The refund is more than was paid');
    }
  } else if (state.paid + minor > state.price) {
    throw validationFailed(
      [{ path: 'amount.amount', message: `At most ${show(state.price - state.paid)}: the price is ${show(state.price)} and ${show(state.paid)} is paid` }],
      'The payment would take the paid total above the price',
    );
  }
  return {
    id: payment.id,
    kind: request.kind,
    amount: { amount: minor / MINOR_PER_MAJOR, currency: amount.currency },
    method: request.method,
    reference: request.reference,
    receivedOn: request.receivedOn,
    recordedAt: now.toISOString(),
    recordedBy: payment.recordedBy,
  };
}

/** The commission records as recording a payment uses them. */
export interface PaymentStore {
  get(commissionId: string): Promise<Commission | undefined>;
  /**
   * Appends the payment and its history entry in one write, conditional on the record's version
   * being `before`'s (and bumps it). False if anything wrote to the record since it was read.
   */
  appendPayment(before: Commission, payment: Payment, entry: HistoryEntry): Promise<boolean>;
}

export interface RecordPaymentDeps {
  commissions: PaymentStore;
  idempotencyKeys: IdempotencyKeyBinder;
  /** Emails the customer a receipt, once per payment however often it is asked (nothing once erased). */
  sendReceipt: (commission: Commission, payment: Payment) => Promise<void>;
}

/** Attempts at the conditional append before telling the caller to try again (each loses only to another write). */
const APPEND_ATTEMPTS = 5;

/** A payment's id from its idempotency key's hash: the same key always names the same payment. */
const paymentIdOf = (keyHash: string) =>
  `${keyHash.slice(0, 8)}-${keyHash.slice(8, 12)}-${keyHash.slice(12, 16)}-${keyHash.slice(16, 20)}-${keyHash.slice(20, 32)}`;

/**
 * Records a payment: idempotent by its Idempotency-Key (required): a repeat with the same body
 * gets the same payment back (and sends no second receipt); the same key with another body → 422.
 * One conditional append decides; a payment and a decision cannot both win on the same read.
 */
export async function recordPayment(
  deps: RecordPaymentDeps,
  commissionId: string,
  request: PaymentRequest,
  idempotencyKey: string | undefined,
  designer: Designer,
  now: Date,
): Promise<{ payment: Payment; created: boolean }> {
  if (idempotencyKey === undefined) {
    throw validationFailed([{ path: 'Idempotency-Key', message: 'Required: one key per payment, reused only to repeat it' }], 'Missing Idempotency-Key header');
  }
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw validationFailed([{ path: 'Idempotency-Key', message: '1–255 printable ASCII characters' }], 'Invalid Idempotency-Key header');
  }
  let commission = await deps.commissions.get(commissionId);
  if (!commission) throw notFound();
  // Keys are scoped to the commission: the same key on two commissions is two payments.
  const keyHash = sha256(`payment\n${commissionId}\n${idempotencyKey}`);
  const requestHash = sha256(canonical(request));
  const binding = await deps.idempotencyKeys.bind(keyHash, { commissionId, requestHash }, now);
  if (binding.requestHash !== requestHash) {
    throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different payment');
  }
  const id = paymentIdOf(keyHash);
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
    const recorded = commission.payments?.find((p) => p.id === id);
    if (recorded) {
      // A repeat: the same answer, and the receipt sent if the first attempt died before it.
      await deps.sendReceipt(commission, recorded);
      return { payment: recorded, created: false };
    }
    const payment = checkPayment(commission, request, { id, recordedBy: designer.name }, now);
    const entry: HistoryEntry = {
      at: payment.recordedAt,
      stage: commission.stage,
      event: 'payment-recorded',
      actor: designer.name,
      details: { paymentId: id, kind: payment.kind, amount: payment.amount, method: payment.method },
    };
    if (await deps.commissions.appendPayment(commission, payment, entry)) {
      const after: Commission = {
        ...commission,
        payments: [...(commission.payments ?? []), payment],
        history: [...commission.history, entry],
        version: commission.version + 1,
        updatedAt: payment.recordedAt,
      };
      await deps.sendReceipt(after, payment);
      return { payment, created: true };
    }
    commission = await deps.commissions.get(commissionId);
    if (!commission) throw notFound();
  }
  throw conflict('busy', 'The commission is changing right now; send the same request again');
}
