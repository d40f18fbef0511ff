/** The customer's receipt for a payment the studio recorded (or a refund it made). */
import { formatMoney, pieceName, shortReference } from '#domain/labels';
import { moneySummary } from '#domain/money';
import type { Commission, Payment, PaymentKind, PaymentMethod } from '#domain/schemas';
import { headerSafe, layout, type EmailMessage } from './render.ts';

const KIND_NAMES: Record<PaymentKind, string> = { deposit: 'Deposit', balance: 'Balance', refund: 'Refund' };
const METHOD_NAMES: Record<PaymentMethod, string> = { card: 'Card', 'bank-transfer': 'Bank transfer', cash: 'Cash', other: 'Other' };

/** A day as people read it, e.g. "3 November 2026" (the day as recorded, not shifted by a time zone). */
const longDay = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/**
 * The receipt: what was paid (or refunded), how and when, and where the commission's money
 * stands after it. `c` is the record with the payment in it.
 */
export function paymentReceiptEmail(c: Commission, payment: Payment, statusUrl?: string): EmailMessage {
  if (!c.customer) throw new Error(`The customer's details of commission ${c.id} were erased`);
  const ref = shortReference(c.id);
  const money = moneySummary(c);
  const refund = payment.kind === 'refund';
  const heading = refund ? 'Your refund' : `Receipt for your ${payment.kind}`;
  const facts: [string, string][] = [
    ['Reference', ref],
    [refund ? 'Refunded' : 'Received', formatMoney(payment.amount)],
    ['For', KIND_NAMES[payment.kind]],
    ['Method', METHOD_NAMES[payment.method]],
    [refund ? 'Refunded on' : 'Received on', longDay(payment.receivedOn)],
    ...(money
      ? ([
          ['Price', formatMoney(money.price)],
          ['Paid so far', formatMoney(money.paid)],
          ['Still due', formatMoney(money.balanceDue)],
        ] as [string, string][])
      : []),
  ];
  return {
    to: c.customer.email,
    subject: headerSafe(`${heading}: ${formatMoney(payment.amount)} (ref ${ref})`),
    ...layout(
      {
        heading,
        paragraphs: [
          refund
            ? `We have refunded ${formatMoney(payment.amount)} for your ${pieceName(c)}.`
            : `Thank you: we have received ${formatMoney(payment.amount)} for your ${pieceName(c)}.`,
        ],
        facts,
        ...(statusUrl && {
          actions: [{ url: statusUrl, label: 'Follow your commission', note: 'Your private link: it shows what is paid and what is due.' }],
        }),
      },
      `Dear ${c.customer.name},`,
    ),
  };
}
