/**
 * Issue 11, item 7: the stranded-enquiry reconciler reads only the sparse index of confirmed
 * enquiries whose workflow has not started, so a flood of enquiries cannot make it time out and
 * leave a genuinely stranded one unstarted. Its read units are the same beside 100 ENQUIRY
 * records as beside 10,000 (DynamoDB capacity as dynalite reports it, adapters/capacity.ts).
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CAPACITY_ACCOUNTING_ENV, capacityTally, resetCapacityTally } from '#adapters/capacity';
import { documentClient } from '#adapters/dynamo';
import { commissionKey, stageSortKey } from '#adapters/table-keys';
import { EnquiryConfirmationStore } from '#adapters/enquiry-confirmations';
import { newCommission, STRANDED_AFTER_MS, startStrandedEnquiries } from '#domain/intake';
import { Enquiry } from '#domain/schemas';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { enquiry } from '../support/fixtures.ts';
import { strandedEnquiry } from '../support/stranded.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  // The capacity meter on every client built from here on (adapters/capacity.ts).
  harness = await startWorkflowHarness({ env: { [CAPACITY_ACCOUNTING_ENV]: '1' } });
});
afterAll(async () => {
  delete process.env[CAPACITY_ACCOUNTING_ENV];
  resetCapacityTally();
  await harness?.close();
});

/** `count` confirmed ENQUIRY records whose workflows run (in the queue, not start-pending), written straight to the table. */
async function confirmedEnquiries(count: number) {
  const db = documentClient();
  const at = new Date(Date.now() - 60 * 60_000).toISOString();
  const template = { ...newCommission(randomUUID(), Enquiry.parse(enquiry()), at), confirmedAt: at };
  const items = Array.from({ length: count }, () => {
    const id = randomUUID();
    return { ...commissionKey(id), ...template, id, stageSortKey: stageSortKey(at, id) };
  });
  for (let i = 0; i < items.length; i += 25) {
    let requests: Record<string, unknown>[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [harness.tableName]: requests } }));
      requests = (UnprocessedItems?.[harness.tableName] ?? []);
    }
  }
}

/** The scheduled handler, as AWS runs it every 5 minutes. */
const reconcile = async () => (await invokeFunction('start-stranded-enquiries', {})) as { examined: number; started: number };

/**
 * What one run reads, beside one stranded enquiry: the reconciler's own code (domain and store)
 * over a metered client, its start a no-op, so no workflow task's reads run into the tally.
 */
async function readsOfOneRun() {
  await strandedEnquiry(harness.tableName, enquiry(), new Date(Date.now() - STRANDED_AFTER_MS - 1000));
  const commissions = new EnquiryConfirmationStore(documentClient(), harness.tableName);
  resetCapacityTally();
  const result = await startStrandedEnquiries({ commissions, startWorkflow: async () => {} }, new Date());
  const { readUnits, calls } = capacityTally();
  return { examined: result.examined, readUnits, queries: calls.QueryCommand };
}

it('reads as much beside 10,000 ENQUIRY records as beside 100, and still finds the stranded one among them', { timeout: 240_000 }, async () => {
  await confirmedEnquiries(100);
  const at100 = await readsOfOneRun();
  expect(at100).toMatchObject({ examined: 1, queries: 1 });
  expect(at100.readUnits).toBeGreaterThan(0);

  await confirmedEnquiries(9_900);
  const at10000 = await readsOfOneRun();
  expect(at10000).toMatchObject({ examined: 1, queries: 1 });
  expect(at10000.readUnits).toBe(at100.readUnits);

  // The handler itself: one confirmed enquiry among the 10,000 whose start was lost is found,
  // started, and not started again.
  const stranded = await strandedEnquiry(harness.tableName, enquiry(), new Date(Date.now() - STRANDED_AFTER_MS - 1000));
  expect(await reconcile()).toMatchObject({ examined: 1, started: 1 });
  await harness.awaitingDecision(stranded.id, 'ENQUIRY');
  expect(await reconcile()).toMatchObject({ examined: 0, started: 0 });
});
