/**
 * The status page's "Payments" section: the accepted design's price, the deposit, what is paid
 * and what is still due, and each payment by day and kind. No references, no names: what the
 * customer's receipts already told them. Nothing before a design (and so a price) is accepted.
 */
import { formatMoney } from '#domain/labels';
import { moneySummary } from '#domain/money';
import type { Commission, Payment } from '#domain/schemas';
import { html, type SafeHtml } from '#lib/html';

const KIND_LABELS: Record<Payment['kind'], string> = { deposit: 'Deposit', balance: 'Balance', refund: 'Refund' };

const longDay = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

export function moneySection(c: Commission): SafeHtml | undefined {
  const money = moneySummary(c);
  if (!money) return undefined;
  const depositPaid = money.paid.amount >= money.depositDue.amount;
  const facts: [string, string][] = [
    ['Price', formatMoney(money.price)],
    ...(money.depositDue.amount > 0
      ? ([['Deposit', `${formatMoney(money.depositDue)}${depositPaid ? ', paid' : ', due before we buy your metal'}`]] as [string, string][])
      : []),
    ['Paid so far', formatMoney(money.paid)],
    ['Still due', money.balanceDue.amount > 0 ? `${formatMoney(money.balanceDue)}, before your piece is delivered` : formatMoney(money.balanceDue)],
  ];
  const payments = c.payments ?? [];
  return html`<section class="payments" aria-labelledby="payments-title">
    <h2 id="payments-title">Payments</h2>
    <dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
    ${payments.length > 0 &&
    html`<table class="payment-list">
      <caption>Payments received${payments.some((p) => p.kind === 'refund') ? ' and refunds' : ''}</caption>
      <thead><tr><th scope="col">Day</th><th scope="col">For</th><th scope="col">Amount</th></tr></thead>
      <tbody>${payments.map(
        (p) => html`<tr><td><time datetime="${p.receivedOn}">${longDay(p.receivedOn)}</time></td><td>${KIND_LABELS[p.kind]}</td><td>${p.kind === 'refund' ? '−' : ''}${formatMoney(p.amount)}</td></tr>`,
      )}</tbody>
    </table>`}
  </section>`;
}
