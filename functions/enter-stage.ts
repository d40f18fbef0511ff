import { mailConfig, publicBaseUrl, tableName } from '#edge/config';
import { CertificateStore, certificateUrl } from '#adapters/certificate-store';
import { customerStageEmail } from '#email/customer-emails';
import { logger } from '#lib/logger';
import { Mailer, sesClient } from '#adapters/mailer';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { EmailLedger } from '#adapters/email-ledger';
import { EnterStagePayload } from '#domain/schemas';
import { loadStatusLinks } from '#adapters/status-links';
import { isClosedStage } from '#domain/stages';
import { partyToAwait } from '#domain/proposals';
import { CommissionNotFound, taskHandler } from '#edge/task';

const db = documentClient();
const commissions = new CommissionStore(db, tableName());
const certificates = new CertificateStore(db, tableName());
const mailer = new Mailer(sesClient(), new EmailLedger(db, tableName()), commissions, mailConfig());
// Read once, at cold start: the secret that signs the customers' status links.
const statusLinks = await loadStatusLinks();

/**
 * Workflow task EnterStage: tells the customer about the commission's current stage and revision
 * — once, however often the task runs — and reports whether the commission is closed.
 */
export const handler = taskHandler('EnterStage', EnterStagePayload, async ({ commissionId }) => {
  const commission = await commissions.get(commissionId);
  if (!commission) throw new CommissionNotFound(commissionId);
  const { stage, revision } = commission;
  // A completed piece gets its provenance certificate before the email that links it.
  const certificateId = stage === 'COMPLETED' ? await certificates.issue(commission, new Date()) : undefined;
  if (!commission.customer) {
    // Erased meanwhile (core/domain/erasure.ts): there is no one to tell any more.
    logger.info('stage entered; customer details erased, no email', { commissionId, stage, revision });
    return { stage, revision, closed: isClosedStage(stage) };
  }
  if (partyToAwait(commission) === 'customer') {
    // A proposal of this revision awaits the customer: its own email (await-decision) is what they get.
    logger.info('stage entered; a proposal awaits the customer', { commissionId, stage, revision });
    return { stage, revision, closed: false };
  }
  const email = customerStageEmail(commission, {
    statusUrl: statusLinks.linkFor(commissionId, commission.statusLinkVersion),
    ...(certificateId && { certificateUrl: certificateUrl(publicBaseUrl(), certificateId) }),
  });
  const outcome = await mailer.sendOnce({ commissionId, kind: 'customer', stage, revision }, email);
  if (outcome === 'sent') {
    await commissions.appendHistory(commissionId, {
      at: new Date().toISOString(),
      stage,
      event: 'customer-notified',
      actor: 'system',
    });
  }
  logger.info('stage entered', { commissionId, stage, revision });
  return { stage, revision, closed: isClosedStage(stage) };
});
