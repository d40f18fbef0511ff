/**
 * Issue 3, item 3: a decision that arrives after its task timed out. The fault is caused for
 * real: the wait times out (shortened to 0.4 s), the workflow re-awaits with a new token, and
 * the record is made to hold the old, timed-out token again — as if the designer's request had
 * read it just before the timeout. The decision stands (202): the workflow's next turn re-reads
 * the record and carries on from the decided stage, without a second decision or a lost one.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { documentClient } from '#adapters/dynamo';
import { commissionKey } from '#adapters/table-keys';
import { api } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness({ taskTimeoutSecondsOverride: 0.4 });
});
afterAll(() => harness?.close());

it('lets a decision racing a timed-out wait stand, and the workflow carries on from it', async () => {
  const db = documentClient();
  const key = (id: string) => ({ TableName: harness.tableName, Key: commissionKey(id) });
  const email = uniqueEmail('late');
  const { id } = (await api.enquire(enquiry({ email }))).body;

  await harness.stepFunctions.waitForCallbackTask(id, { count: 1 });
  await harness.awaitingDecision(id, 'ENQUIRY');
  const { Item: first } = await db.send(new GetCommand(key(id)));
  // Within the stage's expected 3 days the chase only waits: a new wait, a new token.
  await harness.stepFunctions.waitForCallbackTask(id, { count: 2 });
  await db.send(new UpdateCommand({ ...key(id), UpdateExpression: 'SET taskToken = :old', ExpressionAttributeValues: { ':old': first!.taskToken } }));

  const answer = await api.decide(id, { stage: 'ENQUIRY', decision: 'approve', details: {} });
  expect(answer.status).toBe(202);

  // The next timeout's turn finds the record at DESIGN and goes on from there.
  await harness.awaitingDecision(id, 'DESIGN');
  const record = (await api.get(id)).body;
  expect(record.history.filter((h: { event: string }) => h.event === 'approved')).toHaveLength(1);
  expect((await harness.emailsTo(email)).map((m) => m.subject)).toEqual([
    expect.stringMatching(/^Please confirm your enquiry/),
    expect.stringMatching(/received your enquiry/),
    expect.stringMatching(/accepted: design begins/),
  ]);
});
