/**
 * Cost per commission: one real happy-path commission on the local stack, over HTTP — an
 * enquiry, then the designer's approval of each stage — counting what AWS bills: state
 * transitions, Lambda invocations with their measured durations and configured memory (by the
 * state machine and by the API), HTTP API requests, DynamoDB request units (the opt-in capacity
 * accounting of functions/core/adapters/capacity.ts) and emails, priced with ./prices.ts.
 */
import { functionCatalogue } from '../../functions/catalogue.ts';
import { capacityTally, resetCapacityTally } from '#adapters/capacity';
import { DEFAULT_MEMORY_MB } from '../constructs/commission-function.ts';
import { mintDesignerToken } from '../local/designer-token.ts';
import type { LocalStack } from '../local/start.ts';
import { prices } from './prices.ts';
import { SAMPLE_APPROVALS as APPROVALS, sampleEnquiry } from '../samples.ts';
import type { Money } from '#domain/schemas';

export interface Invocation {
  name: string;
  durationMs: number;
}

export interface CommissionReport {
  /** The commission carried to COMPLETED. */
  commissionId: string;
  transitions: number;
  lambdaInvocations: number;
  apiInvocations: number;
  apiRequests: number;
  invocationsByFunction: Record<string, number>;
  lambdaGbSeconds: number;
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  dynamoConditionFailures: number;
  /** DynamoDB calls per command over the whole commission. */
  dynamoCalls: Record<string, number>;
  emails: number;
  costUsd: number;
  emailCostUsd: number;
  costBreakdownUsd: { lambda: number; stepFunctions: number; dynamodb: number; httpApi: number };
}


const memoryOf = (name: string) => {
  const spec = functionCatalogue.find((s) => s.name === name) as { memoryMb?: number } | undefined;
  return spec?.memoryMb ?? DEFAULT_MEMORY_MB;
};
const isApiFunction = (name: string) => functionCatalogue.some((s) => s.name === name && 'routes' in s);

export async function measureCommission(stack: LocalStack, stateDir: string, invocations: Invocation[]): Promise<CommissionReport> {
  const token = await mintDesignerToken({ stateDir, issuer: stack.issuer });
  // The sample sources from SOTRAMI: the studio records its check of the certificate once, not per
  // commission, so before the tally starts (dates from today: the bench runs on any day).
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const checked = await fetch(`${stack.apiUrl}/origins/sotrami-peru/verifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ scheme: 'fairtrade', certificateReference: 'BENCH-FLO', checkedOn: day(0), validUntil: day(365) }),
  });
  if (checked.status !== 201) throw new Error(`verifying SOTRAMI: ${checked.status} ${await checked.text()}`);
  await fetch(`${stack.sesUrl}/clear-store`, { method: 'POST' });
  invocations.length = 0;
  resetCapacityTally();
  let apiRequests = 0;

  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    apiRequests += 1;
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  const { id } = (await post('/commissions', sampleEnquiry(), { 'idempotency-key': `bench-${Date.now()}` })) as { id: string };
  // The customer presses the button behind the link in the confirmation email: the workflow starts.
  const { emails: sent } = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: { body: { text?: string } }[] };
  const link = sent.map((e) => new RegExp(`https?://\\S+/confirm/${id}\\?\\S+`).exec(e.body.text ?? '')?.[0]).find(Boolean);
  if (!link) throw new Error(`no confirmation link for ${id} in the outbox`);
  apiRequests += 1;
  const confirmed = await fetch(link, { method: 'POST', redirect: 'manual' });
  await confirmed.arrayBuffer();
  if (confirmed.status !== 303) throw new Error(`POST ${new URL(link).pathname}: ${confirmed.status}`);
  /** The studio records what the gate before `stage` waits for: the deposit before SOURCING, the balance before DELIVERY. */
  const payBefore = async (stage: string) => {
    if (stage !== 'SOURCING' && stage !== 'DELIVERY') return;
    apiRequests += 1;
    const view = (await (await fetch(`${stack.apiUrl}/commissions/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, Money | undefined>;
    const pence = (m: Money | undefined) => Math.round((m?.amount ?? 0) * 100);
    const due = stage === 'SOURCING' ? pence(view.depositDue) - pence(view.paid) : pence(view.balanceDue);
    if (due <= 0) return;
    const kind = stage === 'SOURCING' ? 'deposit' : 'balance';
    const body = { kind, amount: { amount: due / 100, currency: view.balanceDue!.currency }, method: 'bank-transfer', reference: `BENCH-${kind}`, receivedOn: day(0) };
    await post(`/commissions/${id}/payments`, body, { authorization: `Bearer ${token}`, 'idempotency-key': `bench-${id}-${kind}` });
  };
  let waits = 1;
  for (const [stage, details] of Object.entries(APPROVALS)) {
    await stack.stepFunctions.waitForCallbackTask(id, { count: waits++, timeoutMs: 30_000 });
    await payBefore(stage);
    if (stage !== 'DESIGN') {
      await post(`/commissions/${id}/decisions`, { stage, decision: 'approve', details }, { authorization: `Bearer ${token}` });
      continue;
    }
    // DESIGN: the studio proposes, the customer approves on their page (the link in the proposal email).
    await post(`/commissions/${id}/decisions`, { stage, decision: 'propose', details }, { authorization: `Bearer ${token}` });
    await stack.stepFunctions.waitForCallbackTask(id, { count: waits++, timeoutMs: 30_000 });
    const { emails: mail } = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: { body: { text?: string } }[] };
    const statusLink = mail.map((e) => new RegExp(`https?://\\S+/status/${id}\\?\\S+`).exec(e.body.text ?? '')?.[0]).find(Boolean);
    if (!statusLink) throw new Error(`no status link for ${id} in the outbox`);
    await post(`/status/${id}/design${new URL(statusLink).search}`, { decision: 'approve', revision: 1 }, {});
  }
  const record = await stack.stepFunctions.waitForExecution(id, 'SUCCEEDED', { timeoutMs: 30_000 });
  const { emails } = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: unknown[] };
  const tally = capacityTally();

  const gbSeconds = invocations.reduce((sum, i) => sum + (memoryOf(i.name) / 1024) * (Math.ceil(i.durationMs) / 1000), 0);
  const apiInvocations = invocations.filter((i) => isApiFunction(i.name)).length;
  const lambda = gbSeconds * prices.lambda.perGbSecond + invocations.length * prices.lambda.perRequest;
  const stepFunctions = record.transitions * prices.stepFunctions.perTransition;
  const dynamodb = tally.readUnits * prices.dynamodb.perReadRequestUnit + tally.writeUnits * prices.dynamodb.perWriteRequestUnit;
  const httpApi = apiRequests * prices.httpApi.perRequest;
  return {
    commissionId: id,
    transitions: record.transitions,
    lambdaInvocations: record.lambdaInvocations,
    apiInvocations,
    apiRequests,
    invocationsByFunction: record.invocationsByFunction,
    lambdaGbSeconds: gbSeconds,
    dynamoReadUnits: tally.readUnits,
    dynamoWriteUnits: tally.writeUnits,
    dynamoConditionFailures: tally.conditionFailures,
    dynamoCalls: { ...tally.calls },
    emails: emails.length,
    costUsd: lambda + stepFunctions + dynamodb + httpApi,
    emailCostUsd: emails.length * prices.ses.perEmail,
    costBreakdownUsd: { lambda, stepFunctions, dynamodb, httpApi },
  };
}
