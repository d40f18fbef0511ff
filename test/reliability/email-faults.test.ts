/**
 * Issue 3, item 4: SES faults. Transient ones (throttling, 5xx) are retried with backoff — by
 * the SDK, then by the workflow's Retry on TransientError — and the email goes out exactly once.
 * A permanent refusal does not lose or silently block the commission: it is recorded in the
 * history, the studio is alerted, and the workflow carries on.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { api } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { faults, startFaultySes } from '../support/faulty-ses.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

/** The workflow's first email to the customer, which the faults are aimed at (the confirmation before it goes through). */
const RECEIVED = /received your enquiry/;
const CONFIRM = expect.stringMatching(/^Please confirm your enquiry/);

let ses: Awaited<ReturnType<typeof startFaultySes>>;
let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
const studio = uniqueEmail('studio');
beforeAll(async () => {
  ses = await startFaultySes(inject('sesEndpoint'));
  harness = await startWorkflowHarness({ env: { AWS_ENDPOINT_URL_SES: ses.endpoint, STUDIO_EMAIL: studio } });
});
afterAll(async () => {
  await harness?.close();
  await ses?.close();
});

describe('SES failing for a while', () => {
  for (const [name, fault, times] of [['throttling', faults.throttling, 5], ['5xx', faults.unavailable, 4]] as const) {
    it(`retries through ${name} and sends the email exactly once`, async () => {
      const customer = uniqueEmail(name);
      const before = ses.injected;
      ses.fail(fault, times, customer, RECEIVED);
      const { id } = (await api.enquire(enquiry({ email: customer }))).body;
      await harness.awaitingDecision(id, 'ENQUIRY');
      expect(ses.injected - before).toBe(times);
      expect((await harness.emailsTo(customer)).map((m) => m.subject)).toEqual([CONFIRM, expect.stringMatching(/received your enquiry/)]);
      const events = (await api.get(id)).body.history.map((h: { event: string }) => h.event);
      expect(events).not.toContain('email-failed');
    });
  }
});

describe('SES refusing an address for good', () => {
  it('records it, alerts the studio once, never tries that email again, and carries the commission on', async () => {
    const customer = uniqueEmail('refused');
    ses.fail(faults.rejected, 1, customer, RECEIVED);
    const { id } = (await api.enquire(enquiry({ email: customer }))).body;

    // The awaiting function has returned: its studio email is out.
    await harness.stepFunctions.waitForCallbackTask(id);
    const record = await harness.awaitingDecision(id, 'ENQUIRY');
    expect(record.history.filter((h: { event: string }) => h.event === 'email-failed')).toEqual([
      expect.objectContaining({ stage: 'ENQUIRY', details: { email: 'customer', error: 'MessageRejected' } }),
    ]);
    expect((await harness.emailsTo(customer)).map((m) => m.subject)).toEqual([CONFIRM]);
    // The ledger remembers the refusal, which is what stops a retry from sending again.
    expect(await ledger(id, 'customer#ENQUIRY#1')).toMatchObject({ status: 'failed', error: 'MessageRejected' });

    // Step Functions retries a task it saw fail or time out: a re-run EnterStage must not try again.
    await invokeFunction('enter-stage', { schemaVersion: 1, commissionId: id });
    expect(ses.attemptsTo(customer).map((a) => a.subject)).toEqual([CONFIRM, expect.stringMatching(/received your enquiry/)]);
    expect(await ledger(id, 'customer#ENQUIRY#1')).toMatchObject({ status: 'failed' });

    // The studio hears of it once (from EnterStage, before the decision request of AwaitDecision).
    const studioMail = (await harness.emailsTo(studio)).filter((m) => m.body.text?.includes(id));
    expect(studioMail.map((m) => m.subject)).toEqual([expect.stringMatching(/could not email the customer/), expect.stringMatching(/awaits a decision/)]);
    expect(studioMail[0]!.body.text).toContain('MessageRejected');

    // The commission carries on: the next stage's email is a new one, tried (and sent) once.
    expect((await api.decide(id, { stage: 'ENQUIRY', decision: 'approve', details: {} })).status).toBe(202);
    await harness.awaitingDecision(id, 'DESIGN');
    expect(harness.stepFunctions.getExecution(id)?.status).toBe('RUNNING');
    expect(ses.attemptsTo(customer).map((a) => a.subject)).toEqual([
      CONFIRM,
      expect.stringMatching(/received your enquiry/),
      expect.stringMatching(/accepted/),
    ]);
    expect((await harness.emailsTo(customer)).map((m) => m.subject)).toEqual([CONFIRM, expect.stringMatching(/accepted/)]);
  });
});

describe('every send', () => {
  it('names the SES configuration set (suppression list, reputation metrics)', async () => {
    // Its own commission, so the test does not rely on what earlier tests sent.
    const customer = uniqueEmail('configured');
    const { id } = (await api.enquire(enquiry({ email: customer }))).body;
    await harness.stepFunctions.waitForCallbackTask(id);
    await harness.awaitingDecision(id, 'ENQUIRY');
    const attempts = [...ses.attemptsTo(customer), ...ses.attemptsTo(studio)];
    // The confirmation (submit-enquiry's) and the acknowledgement (the workflow's).
    expect(ses.attemptsTo(customer)).toHaveLength(2);
    expect(ses.attemptsTo(studio).length).toBeGreaterThan(0);
    // As test/support/local-env.ts configures the functions.
    for (const attempt of attempts) expect(attempt.configurationSet, attempt.subject).toBe('commissions-local');
  });
});

/** The email ledger's record of one email (what `sendOnce` claims, marks sent or marks failed). */
async function ledger(commissionId: string, key: string) {
  const { Item } = await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
    new GetCommand({ TableName: harness.tableName, Key: { pk: `COMMISSION#${commissionId}`, sk: `EMAIL#${key}` } }),
  );
  return Item;
}
