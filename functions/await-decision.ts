import { mailConfig, tableName } from '#edge/config';
import { studioAwaitingEmail } from '#email/studio-emails';
import { proposalEmail } from '#email/customer-emails';
import { logger } from '#lib/logger';
import { Mailer, sesClient } from '#adapters/mailer';
import { WorkflowRecords } from '#adapters/workflow-records';
import { documentClient } from '#adapters/dynamo';
import { EmailLedger } from '#adapters/email-ledger';
import { loadStatusLinks } from '#adapters/status-links';
import { AwaitDecisionPayload } from '#domain/schemas';
import { partyToAwait } from '#domain/proposals';
import { isOpenStage } from '#domain/stages';
import { CommissionNotFound, taskHandler } from '#edge/task';
import { resumeTask, sfnClient } from '#adapters/step-functions';

const db = documentClient();
const commissions = new WorkflowRecords(db, tableName());
const config = mailConfig();
const mailer = new Mailer(sesClient(), new EmailLedger(db, tableName()), commissions, config);
const sfn = sfnClient();
// Read once, at cold start: the secret that signs the customers' status links (the proposal email carries one).
const statusLinks = await loadStatusLinks();

/**
 * Workflow task AwaitDesignerDecision (waitForTaskToken): stores the task token on the commission
 * — nowhere else — and tells whoever is awaited: the studio, or (a design proposal of this
 * revision) the customer, whose email carries the proposal. If the record has already moved past
 * this stage and revision, the task answers itself so the workflow goes on to the record's stage.
 */
export const handler = taskHandler('AwaitDesignerDecision', AwaitDecisionPayload, async ({ commissionId, stage, revision, taskToken }) => {
  const commission = await commissions.get(commissionId);
  if (!commission) throw new CommissionNotFound(commissionId);
  const now = new Date().toISOString();
  const party = partyToAwait(commission);
  const stillHere = isOpenStage(stage) && (await commissions.markAwaiting(commissionId, stage, revision, taskToken, now, party));
  if (!stillHere) {
    logger.info('record moved on; resuming', { commissionId, stage, revision });
    await resumeTask(sfn, taskToken, { movedOn: true });
    return {};
  }
  if (party === 'studio') {
    await mailer.sendOnce({ commissionId, kind: 'studio-awaiting', stage, revision }, studioAwaitingEmail(commission, config.studio));
  }
  // The wait is marked before the customer hears of the proposal, so an answer sent the moment the
  // email (or the page) shows it finds the proposal awaiting it; sent once per revision.
  if (party === 'customer' && commission.customer && commission.proposal && commission.stage === stage && commission.revision === revision) {
    const email = proposalEmail(commission, commission.proposal, statusLinks.linkFor(commissionId, commission.statusLinkVersion));
    const outcome = await mailer.sendOnce({ commissionId, kind: 'proposal', stage, revision }, email);
    if (outcome === 'sent') await commissions.appendHistory(commissionId, { at: now, stage, event: 'customer-notified', actor: 'system' });
  }
  logger.info('awaiting decision', { commissionId, stage, revision, party });
  return {};
});
