/**
 * The payments the lifecycle walk makes: the deposit before SOURCING is approved and the balance
 * before DELIVERY, each only if something is due (GET /commissions/{id} says what), recorded as
 * the studio records them (POST /commissions/{id}/payments).
 */
import { expect } from 'vitest';
import { api, dayFromToday, designer, type Caller } from './api.ts';

type Money = { amount: number; currency: string };

/** What the gate before approving `stage` waits for, if anything: `{kind, amount}` to record. */
export function paymentDueBefore(
  stage: string,
  view: { depositDue?: Money; paid?: Money; balanceDue?: Money },
): { kind: 'deposit' | 'balance'; amount: Money } | undefined {
  const { depositDue, paid, balanceDue } = view;
  if (stage === 'SOURCING' && depositDue && paid) {
    // In pence, as the domain counts: no floating-point remainder.
    const pence = Math.round(depositDue.amount * 100) - Math.round(paid.amount * 100);
    return pence > 0 ? { kind: 'deposit', amount: { amount: pence / 100, currency: depositDue.currency } } : undefined;
  }
  if (stage === 'DELIVERY' && balanceDue && balanceDue.amount > 0) return { kind: 'balance', amount: balanceDue };
  return undefined;
}

/** The request body of a payment the walk records. */
export const paymentBody = (due: { kind: string; amount: Money }) => ({
  kind: due.kind,
  amount: due.amount,
  method: 'bank-transfer',
  reference: `TEST-${due.kind.toUpperCase()}`,
  receivedOn: dayFromToday(),
});

/** Records the deposit before SOURCING and the balance before DELIVERY, when due; what it recorded. */
export async function payBefore(id: string, stage: string, caller: Caller = designer()) {
  const { body: view } = await api.get(id, caller);
  const due = paymentDueBefore(stage, view);
  if (!due) return undefined;
  const answer = await api.recordPayment(id, paymentBody(due), { caller });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}
