/**
 * Issue 11, "done when": 1,000 enquiries to 1,000 addresses, none confirmed, cost the studio 1,000
 * confirmation emails and nothing else: no studio email, no execution, and no record left after
 * the 7 days (DynamoDB's TTL on AWS; locally the sweep of infra/local/ttl-sweeper.ts, here with
 * an injected clock).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentClient } from '#adapters/dynamo';
import { isCommissionRecord } from '#adapters/table-keys';
import { ttlSweeper } from '../../infra/local/ttl-sweeper.ts';
import { api } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail, type OutboxEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

const ENQUIRIES = 1_000;
const DAY_MS = 86_400_000;
const studio = uniqueEmail('flood-studio');

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness({ env: { STUDIO_EMAIL: studio } });
});
afterAll(() => harness?.close());

async function items() {
  const all: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new ScanCommand({ TableName: harness.tableName, ...(start && { ExclusiveStartKey: start }) }));
    all.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return all;
}

it(`turns ${ENQUIRIES} unconfirmed enquiries into ${ENQUIRIES} confirmation emails, no studio email, no execution, and nothing after 7 days`, { timeout: 600_000 }, async () => {
  // One confirmed enquiry beside them: the sweep must leave it alone.
  const kept = (await api.enquire(enquiry())).body.id as string;
  await harness.awaitingDecision(kept, 'ENQUIRY');
  const executionsBefore = harness.stepFunctions.executionRecords().length;

  const firstSubmitAt = Date.now();
  const addresses = Array.from({ length: ENQUIRIES }, (_, i) => uniqueEmail(`flood${i}`));
  const ids: string[] = [];
  for (let i = 0; i < addresses.length; i += 25) {
    const answers = await Promise.all(addresses.slice(i, i + 25).map((email) => api.submit(enquiry({ email }))));
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      ids.push(answer.body.id as string);
    }
  }
  const submittedBy = Date.now();

  const { emails } = (await (await fetch(`${harness.sesEndpoint}/store`)).json()) as { emails: OutboxEmail[] };
  const toCustomers = emails.filter((email) => addresses.includes(email.destination.to[0]!));
  expect(toCustomers).toHaveLength(ENQUIRIES);
  expect(new Set(toCustomers.map((email) => email.destination.to[0])).size).toBe(ENQUIRIES);
  expect(toCustomers.every((email) => /^Please confirm your enquiry/.test(email.subject))).toBe(true);
  // The studio hears of none of them (of the confirmed one, yes: that is its workflow's doing).
  const aboutFlood = (await harness.emailsTo(studio)).filter((email) => ids.some((id) => (email.body.text ?? '').includes(id)));
  expect(aboutFlood).toHaveLength(0);
  expect((await harness.emailsTo(studio)).every((email) => (email.body.text ?? '').includes(kept))).toBe(true);
  expect(harness.stepFunctions.executionRecords().length - executionsBefore).toBe(0);
  const unconfirmed = new Set(ids);
  expect((await items()).filter((item) => isCommissionRecord(item) && unconfirmed.has(item.id as string))).toHaveLength(ENQUIRIES);

  const sweeper = ttlSweeper({ dynamoEndpoint: harness.dynamoEndpoint, tableName: harness.tableName });
  try {
    // A second before the first one's 7 days are up, nothing of theirs goes.
    await sweeper.sweepExpired(new Date(firstSubmitAt + 7 * DAY_MS - 1000));
    expect((await items()).filter((item) => isCommissionRecord(item) && unconfirmed.has(item.id as string))).toHaveLength(ENQUIRIES);
    // 7 days and a second after the last: every record and every ledger entry of theirs is gone.
    const { deleted } = await sweeper.sweepExpired(new Date(submittedBy + 7 * DAY_MS + 1000));
    expect(deleted).toBeGreaterThanOrEqual(2 * ENQUIRIES);
  } finally {
    sweeper.close();
  }
  const left = await items();
  expect(left.filter((item) => isCommissionRecord(item) && unconfirmed.has(item.id as string))).toHaveLength(0);
  expect(left.filter((item) => ids.some((id) => String(item.pk).endsWith(id)))).toHaveLength(0);
  // The confirmed one stays, and can still be read.
  expect((await api.get(kept)).body).toMatchObject({ id: kept, stage: 'ENQUIRY' });
  // An enquiry deleted unconfirmed: its link now answers 410.
  expect((await api.confirm(ids[0]!)).status).toBe(410);
});
