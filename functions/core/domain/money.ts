/**
 * The money of a commission, in integer minor units (pence, cents): what the accepted design
 * fixes (price, deposit), what is paid net of refunds, what is still due, and the gates on
 * decisions that wait for money. Apart from ./payments.ts (recording a payment) so the pages and
 * views that only show money carry only this.
 */
import { conflict } from '#lib/errors';
import type { Commission, Money } from './schemas.ts';

/** Every currency the API takes (GBP, EUR, USD) has two decimal places. */
export const MINOR_PER_MAJOR = 100;

/** An amount in minor units (pence, cents). */
export const toMinor = (amount: number) => Math.round(amount * MINOR_PER_MAJOR);
const toMoney = (minor: number, currency: Money['currency']): Money => ({ amount: minor / MINOR_PER_MAJOR, currency });

/** What the customer owes and has paid, in minor units, in the price's currency. */
export interface MoneyState {
  currency: Money['currency'];
  price: number;
  depositDue: number;
  paid: number;
  balanceDue: number;
}

/** The money of a commission, or undefined before a design (and so a price) is accepted. */
export function moneyState(c: Pick<Commission, 'design' | 'payments'>): MoneyState | undefined {
  if (!c.design) return undefined;
  const { currency } = c.design.price;
  const price = toMinor(c.design.price.amount);
  // A design accepted before customer sign-off has no deposit percent: it owes no deposit, only the balance.
  const depositDue = Math.round((price * (c.design.depositPercent ?? 0)) / 100);
  const paid = (c.payments ?? []).reduce((sum, p) => sum + (p.kind === 'refund' ? -1 : 1) * toMinor(p.amount.amount), 0);
  return { currency, price, depositDue, paid, balanceDue: Math.max(0, price - paid) };
}

/** The same, as money (`{amount, currency}`) for the API and the pages. */
export function moneySummary(c: Pick<Commission, 'design' | 'payments'>) {
  const state = moneyState(c);
  if (!state) return undefined;
  const m = (minor: number) => toMoney(minor, state.currency);
  return { price: m(state.price), depositDue: m(state.depositDue), paid: m(state.paid), balanceDue: m(state.balanceDue) };
}

/**
 * The gate on decisions: SOURCING (buying the metal) is not approved before the deposit is paid,
 * nor DELIVERY (handing the piece over) before the balance is. Called before the decision's claim;
 * a payment bumps the record's version, so a claim on a stale read loses.
 */
export function assertPaymentsAllow(c: Pick<Commission, 'design' | 'payments'>, decision: { stage: string; decision: string }): void {
  if (decision.decision !== 'approve') return;
  const state = moneyState(c);
  if (!state) return;
  const show = (minor: number) => `${state.currency} ${(minor / MINOR_PER_MAJOR).toFixed(2)}`;
  if (decision.stage === 'SOURCING' && state.paid < state.depositDue) {
    throw conflict('deposit_outstanding', `The deposit is not paid: ${show(state.depositDue - state.paid)} of ${show(state.depositDue)} is still due`);
  }
  if (decision.stage === 'DELIVERY' && state.balanceDue > 0) {
    throw conflict('balance_outstanding', `The balance is not paid: ${show(state.balanceDue)} is still due`);
  }
}

