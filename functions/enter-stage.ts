import { mailConfig, tableName } from '#core/config';
import { customerStageEmail } from '#core/emails';
import { logger } from '#core/logger';
import { Mailer, sesClient } from '#core/mailer';
import { CommissionRepository, documentClient } from '#core/repository';
import { EnterStagePayload } from '#core/schemas';
import { loadStatusLinks } from '#core/status-links';
import { isClosedStage } from '#core/stages';
import { CommissionNotFound, taskHandler } from '#core/task';

const repository = new CommissionRepository(documentClient(), tableName());
const mailer = new Mailer(sesClient(), repository, mailConfig());
// Read once, at cold start: the secret that signs the customers' status links.
const statusLinks = await loadStatusLinks();

/**
 * Workflow task EnterStage: tells the customer about the commission's current stage and revision
 * — once, however often the task runs — and reports whether the commission is closed.
 */
export const handler = taskHandler('EnterStage', EnterStagePayload, async ({ commissionId }) => {
  const commission = await repository.get(commissionId);
  if (!commission) throw new CommissionNotFound(commissionId);
  const { stage, revision } = commission;
  const outcome = await mailer.sendOnce(
    { commissionId, kind: 'customer', stage, revision },
    customerStageEmail(commission, { statusUrl: statusLinks.linkFor(commissionId) }),
  );
  if (outcome === 'sent') {
    await repository.appendHistory(commissionId, {
      at: new Date().toISOString(),
      stage,
      event: 'customer-notified',
      actor: 'system',
    });
  }
  logger.info('stage entered', { commissionId, stage, revision });
  return { stage, revision, closed: isClosedStage(stage) };
});
