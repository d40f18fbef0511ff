/**
 * Issue 3, item 4: SES faults. Transient ones (throttling, 5xx) are retried with backoff — by
 * the SDK, then by the workflow's Retry on TransientError — and the email goes out exactly once.
 * A permanent refusal does not lose or silently block the commission: it is recorded in the
 * history, the studio is alerted, and the workflow carries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { api } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { faults, startFaultySes } from '../support/faulty-ses.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

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
      ses.fail(fault, times, customer);
      const { id } = (await api.submit(enquiry({ email: customer }))).body;
      await harness.awaitingDecision(id, 'ENQUIRY');
      expect(ses.injected - before).toBe(times);
      expect((await harness.emailsTo(customer)).map((m) => m.subject)).toEqual([expect.stringMatching(/received your enquiry/)]);
      const events = (await api.get(id)).body.history.map((h: { event: string }) => h.event);
      expect(events).not.toContain('email-failed');
    });
  }
});

describe('SES refusing an address for good', () => {
  it('records it, alerts the studio, and carries the commission on', async () => {
    const customer = uniqueEmail('refused');
    ses.fail(faults.rejected, 1, customer);
    const { id } = (await api.submit(enquiry({ email: customer }))).body;

    // The awaiting function has returned: its studio email is out.
    await harness.stepFunctions.waitForCallbackTask(id);
    const record = await harness.awaitingDecision(id, 'ENQUIRY');
    expect(record.history).toContainEqual(
      expect.objectContaining({ event: 'email-failed', stage: 'ENQUIRY', details: { email: 'customer', error: 'MessageRejected' } }),
    );
    expect(await harness.emailsTo(customer)).toHaveLength(0);
    const studioMail = (await harness.emailsTo(studio)).filter((m) => m.body.text?.includes(id));
    expect(studioMail.map((m) => m.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/could not email the customer/), expect.stringMatching(/awaits a decision/)]),
    );
    // A permanent refusal is not retried: the next turn of the loop does not try again.
    expect((await api.decide(id, { stage: 'ENQUIRY', decision: 'approve', details: {} })).status).toBe(202);
    await harness.awaitingDecision(id, 'DESIGN');
    expect(harness.stepFunctions.getExecution(id)?.status).toBe('RUNNING');
  });
});

describe('every send', () => {
  it('names the SES configuration set (suppression list, reputation metrics)', () => {
    expect(ses.configurationSets.length).toBeGreaterThan(5);
    expect(new Set(ses.configurationSets)).toEqual(new Set([process.env.SES_CONFIGURATION_SET]));
  });
});

