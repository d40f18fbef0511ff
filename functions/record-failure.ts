import { mailConfig, tableName } from '#edge/config';
import { studioFailureEmail } from '#email/studio-emails';
import { logger } from '#lib/logger';
import { LOG_EVENT } from '#lib/log-events';
import { Mailer, sesClient } from '#adapters/mailer';
import { WorkflowRecords } from '#adapters/workflow-records';
import { documentClient } from '#adapters/dynamo';
import { EmailLedger } from '#adapters/email-ledger';
import { RecordFailurePayload } from '#domain/schemas';
import { taskHandler } from '#edge/task';

const db = documentClient();
const commissions = new WorkflowRecords(db, tableName());
const config = mailConfig();
const mailer = new Mailer(sesClient(), new EmailLedger(db, tableName()), commissions, config);

/** What the workflow's state says went wrong, in words for the studio (no payloads, no tokens). */
function describe(input: unknown): { reason: string; kind: string } {
  const state = (input ?? {}) as { chase?: { action?: string }; current?: { stage?: string }; failure?: { Error?: string } };
  if (state.chase?.action === 'abandon') {
    return {
      kind: 'abandoned',
      reason: `No designer decided on ${state.current?.stage ?? 'the current stage'} despite reminders and escalations, so the workflow stopped waiting.`,
    };
  }
  return { kind: 'failed', reason: `The workflow failed with ${state.failure?.Error ?? 'an unknown error'} after its retries.` };
}

/**
 * Workflow task RecordFailure: the workflow cannot go on. Record why on the commission (it no
 * longer awaits a decision) and alert the studio, instead of dying silently.
 */
export const handler = taskHandler('RecordFailure', RecordFailurePayload, async ({ commissionId, input }) => {
  const { reason, kind } = describe(input);
  const at = new Date().toISOString();
  const commission = await commissions.get(commissionId);
  const stage = commission?.stage ?? 'ENQUIRY';
  const revision = commission?.revision ?? 0;
  if (commission) {
    await commissions.stopWaiting(commissionId, { at, stage, event: `workflow-${kind}`, actor: 'system', note: reason });
  }
  // No such commission (a bad start): the studio still hears of it.
  await mailer.sendOnce(
    { commissionId, kind: `studio-failure-${kind}`, stage, revision },
    studioFailureEmail(commissionId, config.studio, reason),
  );
  logger.error(LOG_EVENT.workflowStopped, { commissionId, kind });
  return { recorded: true };
});
