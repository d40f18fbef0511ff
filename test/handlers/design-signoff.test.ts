/**
 * The design sign-off at DESIGN: the studio's `propose` (checked against the commission's files),
 * the customer's answer on POST /status/{id}/design (JSON and the status page's form), the
 * signed link, stale answers, and many concurrent answers — against the real local services and
 * workflow.
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/dynamo';
import { commissionKey } from '#adapters/table-keys';
import { api, designer, eventually, statusQuery } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

/** A confirmed commission at DESIGN awaiting the studio. */
async function atDesign(email = uniqueEmail('sign')) {
  const { id } = (await api.enquire(enquiry({ email }))).body;
  await harness.approveThrough(id, designer(), 0, 1);
  await harness.awaitingDecision(id, 'DESIGN', 1);
  return id as string;
}

/** A commission whose proposal (revision 1) awaits the customer. */
async function proposed(email?: string) {
  const id = await atDesign(email);
  expect((await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: approvals.DESIGN })).status).toBe(202);
  await harness.awaitingCustomer(id, 1);
  // The proposal email sent and noted (after the wait is marked): nothing more happens by itself.
  await eventually(async () => expect((await api.get(id)).body.history.at(-1)).toMatchObject({ event: 'customer-notified' }));
  return id;
}

/** Files on the record as check-upload leaves them (the attachments themselves are another feature's). */
async function putAttachments(id: string, files: { id: string; status: 'ready' | 'pending'; visibleToCustomer: boolean }[]) {
  const attachments = Object.fromEntries(
    files.map((f) => [
      f.id,
      {
        ...f,
        stage: 'DESIGN',
        kind: 'render',
        fileName: `${f.id.slice(0, 4)}.png`,
        contentType: 'image/png',
        bytes: 1000,
        addedBy: 'studio',
        objectKey: `commissions/${id}/${f.id}`,
        createdAt: new Date().toISOString(),
      },
    ]),
  );
  await documentClient().send(
    new UpdateCommand({
      TableName: harness.tableName,
      Key: commissionKey(id),
      UpdateExpression: 'SET attachments = :a',
      ExpressionAttributeValues: { ':a': attachments },
    }),
  );
}

describe('the studio at DESIGN', () => {
  it('proposes; may not approve or request changes itself; a proposal is refused at other stages', async () => {
    const id = await atDesign();
    const approve = await api.decide(id, { stage: 'DESIGN', decision: 'approve', details: approvals.DESIGN });
    expect(approve).toMatchObject({ status: 400, body: { error: { fields: [{ path: 'decision' }] } } });
    const changes = await api.decide(id, { stage: 'DESIGN', decision: 'request-changes', note: 'no' });
    expect(changes).toMatchObject({ status: 400, body: { error: { fields: [{ path: 'decision' }] } } });

    const other = (await api.enquire(enquiry())).body.id as string;
    await harness.awaitingDecision(other, 'ENQUIRY');
    expect((await api.decide(other, { stage: 'ENQUIRY', decision: 'propose', details: approvals.DESIGN })).status).toBe(400);

    const answer = await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: { ...approvals.DESIGN, depositPercent: undefined } });
    expect(answer).toMatchObject({ status: 202, body: { id, stage: 'DESIGN', decision: 'propose' } });
    const waiting = await harness.awaitingCustomer(id, 1);
    // depositPercent defaults to 50.
    expect(waiting.proposal).toMatchObject({ revision: 1, status: 'awaiting-customer', depositPercent: 50, attachments: [] });
    expect(JSON.stringify(waiting)).not.toMatch(/taskToken/);
  });

  it('attaches only files of this commission that are ready and visible to the customer', async () => {
    const id = await atDesign();
    const [ready, pending, hidden] = [randomUUID(), randomUUID(), randomUUID()];
    await putAttachments(id, [
      { id: ready, status: 'ready', visibleToCustomer: true },
      { id: pending, status: 'pending', visibleToCustomer: true },
      { id: hidden, status: 'ready', visibleToCustomer: false },
    ]);
    const refused = await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: { ...approvals.DESIGN, attachments: [ready, pending, hidden, randomUUID()] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'details.attachments.1',
      'details.attachments.2',
      'details.attachments.3',
    ]);
    expect((await api.get(id)).body.proposal).toBeUndefined();

    const ok = await api.decide(id, { stage: 'DESIGN', decision: 'propose', details: { ...approvals.DESIGN, attachments: [ready] } });
    expect(ok.status).toBe(202);
    await harness.awaitingCustomer(id, 1);
    // One query for the request and the expectation: signed a second apart, their expiries differ.
    const query = statusQuery(id);
    const page = await api.statusPage(id, query);
    expect(page.status).toBe(200);
    // The image through the customer's attachment route, carrying the page's own signed query.
    const signed = new URLSearchParams(query).toString().replace(/&/g, '&amp;');
    expect(page.body).toContain(`<img src="/status/${id}/attachments/${ready}?${signed}"`);
    expect(page.body).toMatch(/<img [^>]*alt="Design image 1: /);
    expect(page.body).not.toContain(pending);
  });
});

describe('POST /status/{id}/design', () => {
  it('of 10 concurrent approvals, takes one: one 202, nine 409, one workflow resume', async () => {
    const email = uniqueEmail('ten');
    const id = await proposed(email);
    const callbacksBefore = harness.stepFunctions.calls.sendTaskSuccess;
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.answerDesign(id, { decision: 'approve', revision: 1 })));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.code).toBe('not_awaiting_customer');
    expect(answers.find((a) => a.status === 202)!.body).toEqual({ id, decision: 'approve' });

    const record = await harness.awaitingDecision(id, 'SOURCING', 1);
    expect(harness.stepFunctions.calls.sendTaskSuccess - callbacksBefore).toBe(1);
    expect(record.history.filter((h: { event: string; stage: string }) => h.event === 'approved' && h.stage === 'DESIGN')).toHaveLength(1);
    expect(record.design).toMatchObject({ ...approvals.DESIGN, revision: 1, approvedAt: expect.any(String) });
    expect(record.proposal).toMatchObject({ status: 'approved', answeredAt: expect.any(String) });
    expect((await harness.emailsTo(email)).filter((m) => /^Your design is approved/.test(m.subject))).toHaveLength(1);
  });

  it('refuses a tampered, expired or replaced link with 403, changing nothing', async () => {
    const id = await proposed();
    const before = (await api.get(id)).body;
    const query = statusQuery(id);
    const tampered = await api.answerDesign(id, { decision: 'approve', revision: 1 }, { query: { ...query, sig: `${query.sig}x` } });
    expect(tampered).toMatchObject({ status: 403, body: { error: { code: 'link_invalid' } } });
    const expired = await api.answerDesign(id, { decision: 'approve', revision: 1 }, { query: statusQuery(id, 1, new Date(Date.now() - 400 * 86_400_000)) });
    expect(expired).toMatchObject({ status: 403, body: { error: { code: 'link_expired' } } });
    const otherId = await api.answerDesign(id, { decision: 'approve', revision: 1 }, { query: statusQuery(randomUUID()) });
    expect(otherId.status).toBe(403);
    const form = await api.answerDesign(id, { decision: 'approve', revision: 1 }, { query: { ...query, sig: 'nope' }, form: true });
    expect(form.status).toBe(403);
    expect(form.headers['content-type']).toMatch(/text\/html/);
    expect((await api.get(id)).body).toEqual(before);
  });

  it('answers 409 to an answer for another revision, and 400 to an invalid one', async () => {
    const id = await proposed();
    const old = await api.answerDesign(id, { decision: 'approve', revision: 2 });
    expect(old).toMatchObject({ status: 409, body: { error: { code: 'not_awaiting_customer' } } });
    const long = await api.answerDesign(id, { decision: 'request-changes', message: 'x'.repeat(2001), revision: 1 });
    expect(long).toMatchObject({ status: 400, body: { error: { fields: [{ path: 'message' }] } } });
    const unknown = await api.answerDesign(id, { decision: 'cancel', revision: 1 });
    expect(unknown.status).toBe(400);
    // Before any proposal: nothing awaits the customer.
    const fresh = await atDesign();
    expect((await api.answerDesign(fresh, { decision: 'approve', revision: 1 })).status).toBe(409);
  });

  it("takes the status page's form: 303 back to the page, which then says the answer is recorded", async () => {
    const email = uniqueEmail('form');
    const id = await proposed(email);
    const page = await api.statusPage(id);
    expect(page.body).toContain('Approve this design');
    expect(page.body).toContain('<label for="changes-message">');
    expect(page.body).toContain('<input type="hidden" name="revision" value="1">');
    expect(page.body).toContain(`action="/status/${id}/design?`);
    expect(page.body).toContain('£1,200.00');

    const query = statusQuery(id);
    const answer = await api.answerDesign(id, { decision: 'request-changes', message: 'Rose gold, please', revision: 1 }, { form: true, query });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe(`/status/${id}?${new URLSearchParams(query).toString()}`);
    const revised = await harness.awaitingDecision(id, 'DESIGN', 2);
    expect(revised.history.findLast((h: { event: string }) => h.event === 'changes-requested')).toMatchObject({ actor: 'customer', note: 'Rose gold, please' });

    const after = await api.statusPage(id);
    expect(after.body).toContain('your answer is recorded');
    expect(after.body).not.toContain('Approve this design');
    // The old form again (the back button): a page saying it no longer awaits an answer, not a 500.
    const again = await api.answerDesign(id, { decision: 'approve', revision: 1 }, { form: true, query });
    expect(again.status).toBe(409);
    expect(again.body).toContain('no longer awaits your answer');
  });
});
