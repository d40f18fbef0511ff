import { mailConfig, tableName } from '#edge/config';
import { studioChaseEmail, studioCustomerSilentEmail } from '#email/studio-emails';
import { proposalEmail } from '#email/customer-emails';
import { logger } from '#lib/logger';
import { LOG_EVENT } from '#lib/log-events';
import { Mailer, sesClient } from '#adapters/mailer';
import { WorkflowRecords } from '#adapters/workflow-records';
import { documentClient } from '#adapters/dynamo';
import { EmailLedger } from '#adapters/email-ledger';
import { ChaseStagePayload, type Commission, type Proposal } from '#domain/schemas';
import { chaseDecision, customerChase, customerWaitFromEnv, isOverdue, stallPolicyFromEnv, type ChaseDecision, type CustomerChase } from '#domain/stall';
import { lapsedProposal, partyToAwait } from '#domain/proposals';
import { loadStatusLinks } from '#adapters/status-links';
import { CommissionNotFound, taskHandler } from '#edge/task';

const db = documentClient();
const commissions = new WorkflowRecords(db, tableName());
const config = mailConfig();
const mailer = new Mailer(sesClient(), new EmailLedger(db, tableName()), commissions, config);
const policy = stallPolicyFromEnv();
const customerWait = customerWaitFromEnv();
// Read once, at cold start: the secret that signs the customers' status links (a reminder carries one).
const statusLinks = await loadStatusLinks();

/**
 * A proposal awaits the customer: by its age, remind them (twice), then tell the studio, then let
 * it lapse — the commission returns to the studio one revision up, and EnterStage tells the
 * customer it lapsed. Each step once: the email ledger keys it by the proposal's revision.
 */
async function chaseCustomer(c: Commission, p: Proposal, now: Date): Promise<CustomerChase> {
  const step = customerChase(customerWait, p.proposedAt, now);
  const { id: commissionId, stage, revision } = c;
  const at = now.toISOString();
  if (step === 'remind-1' || step === 'remind-2') {
    const reminder = step === 'remind-1' ? 1 : 2;
    if (!c.customer) return 'wait';
    const email = proposalEmail(c, p, statusLinks.linkFor(commissionId, c.statusLinkVersion), reminder);
    if ((await mailer.sendOnce({ commissionId, kind: `customer-reminder-${reminder}`, stage, revision }, email)) === 'sent') {
      await commissions.appendHistory(commissionId, { at, stage, event: 'customer-reminded', actor: 'system', details: { reminder } });
    }
  }
  if (step === 'tell-studio') {
    const days = Math.floor((now.getTime() - Date.parse(p.proposedAt)) / 86_400_000);
    if ((await mailer.sendOnce({ commissionId, kind: 'studio-customer-silent', stage, revision }, studioCustomerSilentEmail(c, config.studio, days))) === 'sent') {
      await commissions.appendHistory(commissionId, { at, stage, event: 'customer-not-answering', actor: 'system' });
    }
  }
  if (step === 'lapse' && !(await commissions.lapseProposal(c, lapsedProposal(c, now)))) return 'wait';
  return step;
}

/**
 * Workflow task ChaseStalledStage: the wait for a decision timed out. Within the stage's
 * expected duration, keep waiting; past it, remind the studio, then escalate, then give up
 * (the workflow then records the failure). A proposal awaiting the customer is chased by its
 * own rules (chaseCustomer).
 */
export const handler = taskHandler('ChaseStalledStage', ChaseStagePayload, async ({ commissionId, stage, revision }) => {
  const commission = await commissions.get(commissionId);
  if (!commission) throw new CommissionNotFound(commissionId);
  const now = new Date();
  let action: ChaseDecision | CustomerChase = 'wait';
  const stillWaiting = commission.stage === stage && commission.revision === revision && commission.awaiting !== null;
  if (stillWaiting && partyToAwait(commission) === 'customer') {
    action = await chaseCustomer(commission, commission.proposal!, now);
  } else if (stillWaiting && isOverdue(policy, stage, commission.stageEnteredAt, now)) {
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
