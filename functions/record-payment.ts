import { mailConfig, tableName } from '#edge/config';
import { notFound } from '#lib/errors';
import { designerFrom, httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { recordPayment } from '#domain/payments';
import { CommissionPayments } from '#adapters/commission-payments';
import { documentClient } from '#adapters/dynamo';
import { EmailLedger } from '#adapters/email-ledger';
import { IdempotencyKeys } from '#adapters/idempotency-keys';
import { Mailer, sesClient } from '#adapters/mailer';
import { loadStatusLinks } from '#adapters/status-links';
import { CommissionId, PaymentRequest, type Commission, type Payment } from '#domain/schemas';
import { paymentReceiptEmail } from '#email/payment-emails';

const db = documentClient();
const commissions = new CommissionPayments(db, tableName());
const idempotencyKeys = new IdempotencyKeys(db, tableName());
const mailer = new Mailer(sesClient(), new EmailLedger(db, tableName()), commissions, mailConfig());
// Read once, at cold start: the key that signs the customers' status links (the receipt links the page).
const statusLinks = await loadStatusLinks();

/** The receipt, once per payment: keyed by the payment id and the stage it was recorded in (its history entry). */
async function sendReceipt(commission: Commission, payment: Payment) {
  if (!commission.customer) return; // erased: no one to write to
  const recordedIn = commission.history.find((e) => e.event === 'payment-recorded' && e.details?.paymentId === payment.id)?.stage ?? commission.stage;
  const email = paymentReceiptEmail(commission, payment, statusLinks.linkFor(commission.id, commission.statusLinkVersion));
  await mailer.sendOnce({ commissionId: commission.id, kind: `customer-receipt-${payment.id}`, stage: recordedIn, revision: 1 }, email);
}

/**
 * POST /commissions/{id}/payments — the studio records a deposit, a balance or a refund
 * (Idempotency-Key required); 201 with the payment, and the customer gets a receipt.
 */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event }) => {
  const id = CommissionId.safeParse(event.pathParameters?.id);
  if (!id.success) throw notFound();
  const request = parseOrReject(PaymentRequest, event.body as unknown);
  const { payment, created } = await recordPayment(
    { commissions, idempotencyKeys, sendReceipt },
    id.data,
    request,
    event.headers['idempotency-key'],
    designerFrom(event),
    new Date(),
  );
  logger.info('payment recorded', { commissionId: id.data, paymentId: payment.id, kind: payment.kind, created });
  return json(201, payment);
});
