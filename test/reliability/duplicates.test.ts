/**
 * Issue 3, items 1 and 3: duplicates never double anything. Ten concurrent submits with one
 * Idempotency-Key make one commission; twenty concurrent approvals make one decision; a decision
 * whose task is gone is refused with what was recorded, never a 500 or a retry loop.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/dynamo';
import { commissionKey } from '#adapters/table-keys';
import { api, designer } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';
import { payBefore } from '../support/payments.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

describe('idempotent intake', () => {
  it('turns ten concurrent submits with one Idempotency-Key into one commission, one confirmation email, one execution once confirmed', async () => {
    const email = uniqueEmail('twin');
    const body = enquiry({ email });
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.submit(body, { 'Idempotency-Key': `ten-${email}` })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(await harness.emailsTo(email)).toHaveLength(1);
    expect(harness.stepFunctions.executionRecords().filter((e) => e.name === id)).toHaveLength(0);
    // Ten presses of the confirmation button, at once: one execution.
    const confirmations = await Promise.all(Array.from({ length: 10 }, () => api.confirm(id)));
    expect(confirmations.map((a) => a.status)).toEqual(Array(10).fill(303));
    await harness.awaitingDecision(id, 'ENQUIRY');
    expect(harness.stepFunctions.executionRecords().filter((e) => e.name === id)).toHaveLength(1);
    const record = (await api.get(id)).body;
    expect(record.history.filter((h: { event: string }) => h.event === 'enquiry-received')).toHaveLength(1);
    expect(record.history.filter((h: { event: string }) => h.event === 'enquiry-confirmed')).toHaveLength(1);
    expect(await harness.emailsTo(email)).toHaveLength(2);
    // A repeat after the first has finished gets the same answer, and still changes nothing.
    expect((await api.submit(body, { 'Idempotency-Key': `ten-${email}` })).body).toEqual({ id, stage: 'ENQUIRY', confirmed: false });
    expect(harness.stepFunctions.executionRecords().filter((e) => e.name === id)).toHaveLength(1);
    expect(await harness.emailsTo(email)).toHaveLength(2);
  });
});

describe('exactly one decision', () => {
  it('accepts one of twenty concurrent identical approvals: one 202, nineteen 409, one SendTaskSuccess, one next-stage email', async () => {
    const email = uniqueEmail('twenty');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.awaitingDecision(id, 'ENQUIRY');
    const callbacksBefore = harness.stepFunctions.calls.sendTaskSuccess;

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.decide(id, { stage: 'ENQUIRY', decision: 'approve', details: {} }, designer(`d${i}@studio.test`))),
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(19);
    expect(answers.every((a) => a.status === 202 || a.body.error.code.match(/already_decided|not_awaiting/))).toBe(true);

    await harness.awaitingDecision(id, 'DESIGN');
    expect(harness.stepFunctions.calls.sendTaskSuccess - callbacksBefore).toBe(1);
    const approved = (await api.get(id)).body.history.filter((h: { event: string }) => h.event === 'approved');
    expect(approved).toHaveLength(1);
    const mail = await harness.emailsTo(email);
    expect(mail.filter((m) => /accepted: design begins/.test(m.subject))).toHaveLength(1);
  });

  it('refuses with 410 a decision whose task no longer exists, and takes the claim back', async () => {
    const email = uniqueEmail('gone');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.approveThrough(id, designer(), 0, 2);
    await payBefore(id, 'SOURCING');
    const before = await harness.awaitingDecision(id, 'SOURCING');
    // The fault: the stored token names no task (as after the execution was stopped by hand).
    await documentClient().send(
      new UpdateCommand({
        TableName: harness.tableName,
        Key: commissionKey(id),
        UpdateExpression: 'SET taskToken = :gone',
        ExpressionAttributeValues: { ':gone': 'a-token-of-no-task' },
      }),
    );
    const answer = await api.decide(id, { stage: 'SOURCING', decision: 'approve', details: approvals.SOURCING });
    expect(answer).toMatchObject({ status: 410, body: { error: { code: 'workflow_closed' } } });

    const after = (await api.get(id)).body;
    expect(after.stage).toBe('SOURCING');
    expect(after.revision).toBe(before.revision);
    expect(after.sourcing).toBeUndefined();
    expect(after.history.at(-1)).toMatchObject({ event: 'decision-not-delivered', actor: 'system', stage: 'SOURCING' });
    // Nobody was told anything happened.
    expect((await harness.emailsTo(email)).filter((m) => /sourced from/.test(m.subject))).toHaveLength(0);
  });
});
