import { mailConfig, tableName } from '#edge/config';
import { conflict, notFound } from '#lib/errors';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { StatusLinkRenewals } from '#adapters/status-link-renewals';
import { documentClient } from '#adapters/dynamo';
import { EmailLedger } from '#adapters/email-ledger';
import { Mailer, sesClient } from '#adapters/mailer';
import { loadStatusLinks } from '#adapters/status-links';
import { CommissionId, StatusLinkRenewal } from '#domain/schemas';
import { statusLinkRenewedEmail } from '#email/customer-emails';

const db = documentClient();
const commissions = new StatusLinkRenewals(db, tableName());
const mailer = new Mailer(sesClient(), new EmailLedger(db, tableName()), commissions, mailConfig());
// Read once, at cold start: the key that signs the customers' status links.
const statusLinks = await loadStatusLinks();

/**
 * POST /commissions/{id}/status-link `{"replacing": <the link version the designer saw>}` — voids
 * every status link sent so far and emails the customer a new one. A repeat of the same request
 * (the link is already one past `replacing`) gets the same answer and no second email.
 */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event, designer }) => {
  const id = CommissionId.safeParse(event.pathParameters?.id);
  const { replacing } = parseOrReject(StatusLinkRenewal, event.body as unknown);
  const before = id.success ? await commissions.get(id.data) : undefined;
  if (!before) throw notFound();
  // Erased (core/domain/erasure.ts): no one to send a link to, and nothing for a link to show.
  if (before.erasure) throw conflict('erased', "The customer's personal data was erased: there is no one to send a link to");
  // Already renewed from `replacing` (a repeat, or a concurrent twin that won): the same answer.
  const alreadyRenewed = (c: typeof before | undefined) => (c && (c.statusLinkVersion ?? 1) === replacing + 1 ? c : undefined);
  const renewed =
    alreadyRenewed(before) ??
    (await commissions.renewStatusLink(before.id, replacing, {
      at: new Date().toISOString(),
      stage: before.stage,
      event: 'status-link-renewed',
      actor: designer!.name,
    })) ??
    alreadyRenewed(await commissions.get(before.id));
  if (!renewed) {
    throw conflict('status_link_changed', 'The status link was replaced meanwhile: reload the commission and try again');
  }
  const version = renewed.statusLinkVersion ?? 1;
  const email = statusLinkRenewedEmail(renewed, statusLinks.linkFor(renewed.id, version));
  // The link version numbers the email: one email per renewal, however often the request is repeated.
  await mailer.sendOnce({ commissionId: renewed.id, kind: 'customer-link', stage: renewed.stage, revision: version }, email);
  logger.info('status link renewed', { commissionId: renewed.id, statusLinkVersion: version });
  return json(202, { id: renewed.id, statusLinkVersion: version });
});
