import { mailConfig, tableName } from '#edge/config';
import { studioChaseEmail } from '#email/studio-emails';
import { logger } from '#lib/logger';
import { LOG_EVENT } from '#lib/log-events';
import { Mailer, sesClient } from '#adapters/mailer';
import { WorkflowRecords } from '#adapters/workflow-records';
import { documentClient } from '#adapters/dynamo';
import { EmailLedger } from '#adapters/email-ledger';
import { ChaseStagePayload } from '#domain/schemas';
import { chaseDecision, isOverdue, stallPolicyFromEnv, type ChaseDecision } from '#domain/stall';
import { CommissionNotFound, taskHandler } from '#edge/task';

const db = documentClient();
const commissions = new WorkflowRecords(db, tableName());
const config = mailConfig();
const mailer = new Mailer(sesClient(), new EmailLedger(db, tableName()), commissions, config);
const policy = stallPolicyFromEnv();

/**
 * Workflow task ChaseStalledStage: the wait for a decision timed out. Within the stage's
 * expected duration, keep waiting; past it, remind the studio, then escalate, then give up
 * (the workflow then records the failure).
 */
export const handler = taskHandler('ChaseStalledStage', ChaseStagePayload, async ({ commissionId, stage, revision }) => {
  const commission = await commissions.get(commissionId);
  if (!commission) throw new CommissionNotFound(commissionId);
  const now = new Date();
  let action: ChaseDecision = 'wait';
  const stillWaiting = commission.stage === stage && commission.revision === revision && commission.awaiting !== null;
  if (stillWaiting && isOverdue(policy, stage, commission.stageEnteredAt, now)) {
    const chase = await commissions.countChase(commissionId, stage, revision, now.toISOString());
    if (chase !== undefined) {
      action = chaseDecision(policy, chase);
      if (action === 'remind' || action === 'escalate') {
        await mailer.sendOnce(
          { commissionId, kind: `studio-chase-${chase}`, stage, revision },
          studioChaseEmail(commission, config.studio, action, chase),
        );
        await commissions.appendHistory(commissionId, {
          at: now.toISOString(),
          stage,
          event: action === 'remind' ? 'studio-reminded' : 'escalated',
          actor: 'system',
          details: { chase },
        });
      }
    }
  }
  logger.info(LOG_EVENT.stalledStageChased, { commissionId, stage, revision, action });
  return { action };
});
