import { enquiryLimits, mailConfig, tableName } from '#edge/config';
import { clientIp, httpHandler, json, parseOrReject } from '#edge/http';
import { submitEnquiry } from '#domain/intake';
import { takeEnquiryQuotas } from '#domain/quotas';
import { enquiryConfirmationEmail } from '#email/customer-emails';
import { logger } from '#lib/logger';
import { LOG_EVENT } from '#lib/log-events';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { EmailLedger } from '#adapters/email-ledger';
import { EnquiryQuotaCounters } from '#adapters/enquiry-quotas';
import { IdempotencyKeys } from '#adapters/idempotency-keys';
import { Mailer, sesClient } from '#adapters/mailer';
import { OriginRegistryReader } from '#adapters/origin-registry';
import { loadStatusLinks } from '#adapters/status-links';
import { Enquiry } from '#domain/schemas';

const db = documentClient();
const commissions = new CommissionStore(db, tableName());
const idempotencyKeys = new IdempotencyKeys(db, tableName());
const origins = new OriginRegistryReader(db, tableName());
const quotas = new EnquiryQuotaCounters(db, tableName());
const mailer = new Mailer(sesClient(), new EmailLedger(db, tableName()), commissions, mailConfig());
// Read once, at cold start: the secret that signs the confirmation links (and the status links).
const links = await loadStatusLinks();

/**
 * POST /commissions — a customer's enquiry, for metal the studio can source (400 naming `metal`
 * otherwise), within the sender's quotas (429 otherwise). Stored unconfirmed; the only email is
 * the confirmation link to the address given.
 */
export const handler = httpHandler({ auth: 'public', jsonBody: true }, async ({ event }) => {
  const enquiry = parseOrReject(Enquiry, event.body as unknown);
  const now = new Date();
  const result = await submitEnquiry(
    {
      commissions,
      idempotencyKeys,
      origins,
      // Per client IP and per address (429 with Retry-After when spent): reliability rule 11.
      admit: () => takeEnquiryQuotas(quotas, { ip: clientIp(event), email: enquiry.customer.email }, enquiryLimits(), now),
      sendConfirmation: async (commission, expiresAt) => {
        const email = enquiryConfirmationEmail(commission, links.confirmLinkFor(commission.id, expiresAt));
        // Once per commission; a permanent refusal is recorded and alerts nobody (a stranger's address).
        await mailer.sendOnce(
          { commissionId: commission.id, kind: 'customer-confirm', stage: 'ENQUIRY', revision: 1, expiresAt, alertStudio: false },
          email,
          now,
        );
      },
    },
    enquiry,
    event.headers['idempotency-key'],
    now,
  );
  logger.info(LOG_EVENT.enquiryAccepted, { commissionId: result.id, created: result.created });
  return json(201, { id: result.id, stage: result.stage, confirmed: result.confirmed });
});
