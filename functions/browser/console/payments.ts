/**
 * The commission's money: price, deposit, paid and still due, the payments recorded, and the
 * form that records one (POST /commissions/{id}/payments). Each payment the form sends carries an
 * Idempotency-Key: the same one while the same payment is retried (a lost answer, a second
 * click), a new one once what is sent changes, so a corrected amount is a new payment.
 */
import { formatMoney } from '#domain/labels';
import { issuesToFields, PaymentRequest, type Money, type Payment } from '#domain/schemas';
import { showFieldErrors } from '../form-errors.ts';
import { api, ApiFailure, type Commission } from './api.ts';
import { h } from './dom.ts';
import { control, errorSummary, readForm, todayIso } from './fields.ts';
import { failure } from './layout.ts';
import type { Reload } from './decision-form.ts';

/** What GET /commissions/{id} adds about money (edge/api-views.ts). */
type WithMoney = Commission & { price?: Money; depositDue?: Money; paid?: Money; balanceDue?: Money; payments?: Payment[] };

const KINDS: [Payment['kind'], string][] = [['deposit', 'Deposit'], ['balance', 'Balance'], ['refund', 'Refund']];
const METHODS: [Payment['method'], string][] = [['bank-transfer', 'Bank transfer'], ['card', 'Card'], ['cash', 'Cash'], ['other', 'Other']];
const label = (options: [string, string][], value: string) => options.find(([v]) => v === value)?.[1] ?? value;

/** In pence, so what is suggested is exactly what is due. */
const pence = (m: Money | undefined) => Math.round((m?.amount ?? 0) * 100);

/** What each kind suggests: the deposit still unpaid, the balance due, or what was paid (a refund). */
function suggested(c: WithMoney, kind: string): string {
  const minor = kind === 'deposit' ? pence(c.depositDue) - pence(c.paid) : kind === 'balance' ? pence(c.balanceDue) : pence(c.paid);
  return minor > 0 ? String(minor / 100) : '';
}

export function paymentsCard(commission: Commission, reload: Reload): HTMLElement {
  const c = commission as WithMoney;
  const title = h('h2', { id: 'payments-title' }, 'Payments');
  if (!c.price) {
    return h('section', { class: 'card payments', 'aria-labelledby': 'payments-title' }, title,
      h('p', { class: 'hint' }, 'Payments are recorded once the customer has accepted a design and its price.'));
  }
  const payments = c.payments ?? [];
  const summary = h('dl', { class: 'facts' },
    ...([
      ['Price', formatMoney(c.price)],
      ['Deposit', pence(c.depositDue) > 0 ? formatMoney(c.depositDue!) : 'None asked'],
      ['Paid', formatMoney(c.paid!)],
      ['Still due', formatMoney(c.balanceDue!)],
    ] as const).flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-money': k.toLowerCase().replaceAll(' ', '-') }, v)]));
  const table = payments.length > 0
    ? h('table', { class: 'payment-table' },
        h('caption', {}, 'Recorded payments'),
        h('thead', {}, h('tr', {}, ...['Received on', 'Kind', 'Amount', 'Method', 'Reference', 'Recorded by'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...payments.map((p) => h('tr', {},
          h('td', {}, p.receivedOn), h('td', {}, label(KINDS, p.kind)),
          h('td', {}, `${p.kind === 'refund' ? '−' : ''}${formatMoney(p.amount)}`),
          h('td', {}, label(METHODS, p.method)), h('td', {}, p.reference), h('td', {}, p.recordedBy)))))
    : h('p', { class: 'hint' }, 'No payments recorded yet.');

  const kind = pence(c.paid) < pence(c.depositDue) ? 'deposit' : pence(c.balanceDue) > 0 ? 'balance' : 'refund';
  const form = h('form', { class: 'payment-form', novalidate: true, 'aria-labelledby': 'payment-form-title' },
    h('h3', { id: 'payment-form-title' }, 'Record a payment'),
    errorSummary(),
    control({ path: 'kind', label: 'Kind', type: 'select', options: KINDS, value: kind }, 'payment'),
    control({ path: 'amount.amount', label: 'Amount', type: 'number', value: suggested(c, kind) }, 'payment'),
    control({ path: 'amount.currency', label: 'Currency', type: 'select', options: [[c.price.currency, c.price.currency]], value: c.price.currency, hint: 'The price’s currency' }, 'payment'),
    control({ path: 'method', label: 'Method', type: 'select', options: METHODS }, 'payment'),
    control({ path: 'reference', label: 'Reference', hint: 'The bank’s or the card terminal’s reference: the customer does not see it.' }, 'payment'),
    control({ path: 'receivedOn', label: 'Received on', type: 'date', value: todayIso() }, 'payment'),
    h('div', { class: 'actions' }, h('button', { class: 'button', type: 'submit' }, 'Record the payment')));
  const kindSelect = form.querySelector<HTMLSelectElement>('select[name="kind"]')!;
  const amountInput = form.querySelector<HTMLInputElement>('input[name="amount.amount"]')!;
  kindSelect.addEventListener('change', () => {
    amountInput.value = suggested(c, kindSelect.value);
  });

  let sent: { key: string; body: string } | undefined;
  form.addEventListener('submit', (event) => void (async () => {
    event.preventDefault();
    const checked = PaymentRequest.safeParse(readForm(form));
    if (!checked.success) return showFieldErrors(form, issuesToFields(checked.error.issues));
    showFieldErrors(form, []);
    const body = JSON.stringify(checked.data);
    if (sent?.body !== body) sent = { key: crypto.randomUUID(), body };
    const button = form.querySelector('button')!;
    button.disabled = true;
    try {
      const payment = await api<Payment>(`/commissions/${encodeURIComponent(c.id)}/payments`, {
        method: 'POST',
        body,
        headers: { 'idempotency-key': sent.key },
      });
      await reload({ kind: 'ok', text: `${label(KINDS, payment.kind)} of ${formatMoney(payment.amount)} recorded. The customer has been sent a receipt.` });
    } catch (error) {
      button.disabled = false;
      if (error instanceof ApiFailure && (error.status === 400 || error.status === 409 || error.status === 422)) {
        return showFieldErrors(form, error.fields?.length ? error.fields : [{ path: 'kind', message: error.message }]);
      }
      failure(error);
    }
  })());

  return h('section', { class: 'card payments', 'aria-labelledby': 'payments-title' }, title, summary, table, form);
}
