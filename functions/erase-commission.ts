import { ENV } from '#catalogue';
import { requireEnv, tableName } from '#edge/config';
import { ErasureRequest, eraseCommission } from '#domain/erasure';
import { notFound } from '#lib/errors';
import { designerFrom, httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { CommissionErasures } from '#adapters/commission-erasures';
import { documentClient } from '#adapters/dynamo';
import { attachmentObjects } from '#adapters/attachment-objects';
import { CommissionId } from '#domain/schemas';

const commissions = new CommissionErasures(documentClient(), tableName());
const objects = attachmentObjects(requireEnv(ENV.attachmentsBucket));

/**
 * POST /commissions/{id}/erasure — removes the customer's personal data from a closed (or never
 * confirmed) commission, keeping what the certificate and the accounts need. Again: the same answer.
 */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event }) => {
  const id = CommissionId.safeParse(event.pathParameters?.id);
  if (!id.success) throw notFound();
  const { reason } = parseOrReject(ErasureRequest, event.body as unknown);
  const result = await eraseCommission({ commissions, objects }, id.data, reason, designerFrom(event).name, new Date());
  // Never the reason: it is a designer's free text.
  logger.info('personal data erased', { commissionId: result.id, erasedAt: result.erasedAt, repeat: !result.erased });
  return json(202, { id: result.id, erasedAt: result.erasedAt });
});
