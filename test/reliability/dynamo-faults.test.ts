/**
 * DynamoDB failing for a while (500s beyond the SDK's own three attempts, as under load): the
 * task turns the fault into a TransientError, the workflow retries it with backoff, and the
 * commission carries on — it is not recorded as a failure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { api } from '../support/api.ts';
import { enquiry } from '../support/fixtures.ts';
import { startFaultyDynamo } from '../support/faulty-dynamo.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

let dynamo: Awaited<ReturnType<typeof startFaultyDynamo>>;
let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
beforeAll(async () => {
  dynamo = await startFaultyDynamo(inject('dynamoEndpoint'));
  harness = await startWorkflowHarness({ env: { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint } });
});
afterAll(async () => {
  await harness?.close();
  await dynamo?.close();
});

it('retries a workflow task through DynamoDB 500s and goes on, sending each email once', async () => {
  const email = uniqueEmail('dynamo');
  // Submit first (its reads succeed), then break the reads the workflow's first tasks make.
  const { id } = (await api.enquire(enquiry({ email }))).body;
  dynamo.fail('GetItem', 8);

  await harness.stepFunctions.waitForCallbackTask(id, { timeoutMs: 20_000 });
  expect(dynamo.injected).toBe(8);
  const execution = harness.stepFunctions.getExecution(id)!;
  expect(execution.status).toBe('RUNNING');
  // More than one attempt at the first task: the workflow retried it.
  expect(execution.invocationsByFunction['enter-stage']).toBeGreaterThan(1);

  const record = await harness.awaitingDecision(id, 'ENQUIRY');
  expect(record.history.map((h: { event: string }) => h.event)).not.toContain('workflow-failed');
  // The confirmation, and the workflow's acknowledgement once.
  expect(await harness.emailsTo(email)).toHaveLength(2);
});
