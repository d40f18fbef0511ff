/**
 * A stage nobody decides on: the wait times out (shortened here from 3 days to a fraction of a
 * second), the studio is reminded, then escalated to, and at the bound the workflow stops
 * waiting, records why and alerts the studio. Same definition, same handlers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness({
    taskTimeoutSecondsOverride: 0.3,
    // Every stage overdue at once; one reminder, then escalations, give up after the third chase.
    env: { STALL_EXPECTED_DAYS: '{"ENQUIRY":0}', STALL_REMINDERS: '1', STALL_MAX_CHASES: '3', STUDIO_EMAIL: uniqueEmail('studio') },
  });
});
afterAll(() => harness?.close());

it('reminds the studio, escalates, then stops waiting and says so', async () => {
  const studio = process.env.STUDIO_EMAIL!;
  const customer = uniqueEmail('eve');
  const { id } = (await api.enquire(enquiry({ email: customer }))).body;

  const execution = await harness.stepFunctions.waitForExecution(id, 'FAILED');
  expect(execution.error).toBe('CommissionWorkflowFailed');

  const subjects = (await harness.emailsTo(studio)).map((m) => m.subject);
  expect(subjects).toEqual([
    expect.stringMatching(/^An enquiry awaits a decision/),
    expect.stringMatching(/^Reminder: An enquiry awaits a decision/),
    expect.stringMatching(/^Escalation: An enquiry is overdue/),
    expect.stringMatching(/^Escalation: An enquiry is overdue/),
    expect.stringMatching(/^Action needed: commission .* stopped/),
  ]);

  const record = (await api.get(id)).body;
  expect(record.awaiting).toBeNull();
  expect(record.history.map((h: { event: string }) => h.event)).toEqual([
    'enquiry-received',
    'enquiry-confirmed',
    'customer-notified',
    'studio-reminded',
    'escalated',
    'escalated',
    'workflow-abandoned',
  ]);
  // The customer heard only that the enquiry arrived (after confirming it): the studio's lateness is the studio's.
  expect((await harness.emailsTo(customer)).length).toBe(2);

  // Nothing waits any more, so a late decision is refused rather than lost in a void.
  const late = await api.decide(id, { stage: 'ENQUIRY', decision: 'approve', details: {} });
  expect(late.status).toBe(409);
});
