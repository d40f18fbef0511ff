/**
 * The workflow definition CDK deploys, run by aws-local-stepfunctions with the real handlers:
 * the stories a customer and the studio live through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, designer } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

describe('a commission carried from enquiry to delivery', () => {
  it('reaches COMPLETED with one customer email per stage and every decision in the history', async () => {
    const email = uniqueEmail('ana');
    const submitted = await api.enquire(enquiry({ email }));
    expect(submitted.status).toBe(201);
    const { id } = submitted.body;

    await harness.approveThrough(id, designer('rosa@studio.test'));
    const execution = await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');

    const record = (await api.get(id)).body;
    expect(record.stage).toBe('COMPLETED');
    expect(record.awaiting).toBeNull();
    expect(record.sourcing.origin).toMatchObject({ name: 'SOTRAMI', country: 'Peru' });
    const decisions = record.history.filter((h: { event: string }) => h.event === 'approved');
    expect(decisions.map((h: { stage: string }) => h.stage)).toEqual(['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY']);
    // The designer's address for people, then the token's sub: the identity the record keeps.
    for (const decision of decisions) expect(decision.actor).toMatch(/^rosa@studio\.test \([0-9a-f-]{36}\)$/);

    const all = await harness.emailsTo(email);
    // A receipt for each payment the walk recorded (the balance; the deposit too when the design asked one).
    const receipts = all.filter((m) => m.subject.startsWith('Receipt for your'));
    expect(receipts.map((m) => m.subject.replace(/:.*/, ''))).toEqual(record.payments.map((p: { kind: string }) => `Receipt for your ${p.kind}`));
    expect(record.payments.at(-1)).toMatchObject({ kind: 'balance' });
    const mail = all.filter((m) => !receipts.includes(m));
    expect(mail.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Please confirm your enquiry/),
      expect.stringMatching(/^We have received your enquiry/),
      expect.stringMatching(/^Your commission is accepted/),
      expect.stringMatching(/^Your design is approved/),
      // No licence recorded in this table: the general wording, no named mine (test/workflow/provenance.test.ts has the others).
      expect.stringMatching(/^Your metal is sourced: your piece is being made/),
      expect.stringMatching(/^Your piece is made and hallmarked/),
      expect.stringMatching(/^Your piece is on its way/),
    ]);
    expect(mail.at(-1)?.body.text).toContain('RM123456789GB');

    // Each stage is one turn of the loop: enter, wait, and the final enter.
    expect(execution.invocationsByFunction).toMatchObject({ 'enter-stage': 6, 'await-decision': 5 });
    expect(execution.transitions).toBeLessThanOrEqual(30);
  });

  it('keeps the stage and counts a revision when a designer requests changes', async () => {
    const email = uniqueEmail('ben');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.approveThrough(id, designer(), 0, 1);
    await harness.awaitingDecision(id, 'DESIGN', 1);

    const changes = await api.decide(id, { stage: 'DESIGN', decision: 'request-changes', note: 'Customer wants a lower setting' });
    expect(changes.status).toBe(202);
    const revised = await harness.awaitingDecision(id, 'DESIGN', 2);
    expect(revised.history.find((h: { event: string }) => h.event === 'changes-requested')).toMatchObject({
      stage: 'DESIGN',
      note: 'Customer wants a lower setting',
    });

    const mail = await harness.emailsTo(email);
    expect(mail.at(-1)?.subject).toMatch(/^We are revising your design/);
    expect(mail.map((m) => m.body.text).join('\n')).not.toContain('Customer wants a lower setting');

    await harness.approveThrough(id, designer(), 1);
    await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');
    expect((await api.get(id)).body.stage).toBe('COMPLETED');
  });

  it('ends at CANCELLED and tells the customer when a designer cancels', async () => {
    const email = uniqueEmail('cy');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.approveThrough(id, designer(), 0, 2);
    await harness.awaitingDecision(id, 'SOURCING');

    expect((await api.decide(id, { stage: 'SOURCING', decision: 'cancel', note: 'Customer withdrew' })).status).toBe(202);
    await harness.stepFunctions.waitForExecution(id, 'SUCCEEDED');

    expect((await api.get(id)).body).toMatchObject({ stage: 'CANCELLED', awaiting: null });
    expect((await harness.emailsTo(email)).at(-1)?.subject).toMatch(/^Your commission has been cancelled/);
  });

  it('refuses a second identical decision with 409 and sends no second email', async () => {
    const email = uniqueEmail('di');
    const { id } = (await api.enquire(enquiry({ email }))).body;
    await harness.awaitingDecision(id, 'ENQUIRY');
    const accept = { stage: 'ENQUIRY', decision: 'approve', details: approvals.ENQUIRY };
    expect((await api.decide(id, accept)).status).toBe(202);
    const again = await api.decide(id, accept);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toMatch(/not_awaiting|already_decided/);
    await harness.awaitingDecision(id, 'DESIGN');
    // The confirmation, the acknowledgement, and one email for DESIGN.
    expect((await harness.emailsTo(email)).length).toBe(3);
  });
});
