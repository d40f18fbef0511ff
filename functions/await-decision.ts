import { mailConfig, tableName } from '#edge/config';
import { studioAwaitingEmail } from '#email/studio-emails';
import { logger } from '#lib/logger';
import { Mailer, sesClient } from '#adapters/mailer';
import { WorkflowRecords } from '#adapters/workflow-records';
import { documentClient } from '#adapters/dynamo';
import { EmailLedger } from '#adapters/email-ledger';
import { AwaitDecisionPayload } from '#domain/schemas';
import { isOpenStage } from '#domain/stages';
import { CommissionNotFound, taskHandler } from '#edge/task';
import { resumeTask, sfnClient } from '#adapters/step-functions';

const db = documentClient();
const commissions = new WorkflowRecords(db, tableName());
const config = mailConfig();
const mailer = new Mailer(sesClient(), new EmailLedger(db, tableName()), commissions, config);
const sfn = sfnClient();

/**
 * Workflow task AwaitDesignerDecision (waitForTaskToken): stores the task token on the commission
 * — nowhere else — and tells the studio a decision awaits. If the record has already moved past
 * this stage, the task answers itself so the workflow goes on to the record's stage.
 */
export const handler = taskHandler('AwaitDesignerDecision', AwaitDecisionPayload, async ({ commissionId, stage, revision, taskToken }) => {
  const commission = await commissions.get(commissionId);
  if (!commission) throw new CommissionNotFound(commissionId);
  const now = new Date().toISOString();
  const stillHere = isOpenStage(stage) && (await commissions.markAwaiting(commissionId, stage, revision, taskToken, now));
  if (!stillHere) {
    logger.info('record moved on; resuming', { commissionId, stage, revision });
    await resumeTask(sfn, taskToken, { movedOn: true });
    return {};
  }
  await mailer.sendOnce({ commissionId, kind: 'studio-awaiting', stage, revision }, studioAwaitingEmail(commission, config.studio));
  logger.info('awaiting decision', { commissionId, stage, revision });
  return {};
});
