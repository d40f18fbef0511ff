/**
 * Reliability rule 8: an enquiry is never lost. The fault — the process dying after the enquiry
 * is confirmed and before its workflow starts — is injected by giving the confirmation a start
 * that throws; the scheduled reconciler (the same handler AWS runs every 5 minutes) must start it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { STRANDED_AFTER_MS } from '#domain/intake';
import { api } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { strandedEnquiry } from '../support/stranded.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness?.close());

it('starts the workflow of an enquiry whose start was lost, and leaves fresh ones alone', async () => {
  const strandedEmail = uniqueEmail('stranded');
  const freshEmail = uniqueEmail('fresh');
  const longAgo = new Date(Date.now() - STRANDED_AFTER_MS - 1000);
  const stranded = await strandedEnquiry(harness.tableName, enquiry({ email: strandedEmail }), longAgo);
  const fresh = await strandedEnquiry(harness.tableName, enquiry({ email: freshEmail }), new Date());
  expect(harness.stepFunctions.getExecution(stranded.id)).toBeUndefined();

  const result = (await invokeFunction('start-stranded-enquiries', {})) as { examined: number; started: number };
  expect(result.started).toBe(1);

  await harness.awaitingDecision(stranded.id, 'ENQUIRY');
  expect((await harness.emailsTo(strandedEmail)).map((m) => m.subject)).toEqual([expect.stringMatching(/received your enquiry/)]);
  expect(harness.stepFunctions.getExecution(fresh.id)).toBeUndefined();

  // Run again: nothing left to start, and the started one is not started twice.
  expect(((await invokeFunction('start-stranded-enquiries', {})) as { started: number }).started).toBe(0);
  expect((await api.get(stranded.id)).body.stage).toBe('ENQUIRY');
});
