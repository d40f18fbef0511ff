import { openByStatusLink } from '#adapters/status-link-access';
import { REFUSALS } from '#pages/refusals';
import { randomUUID } from 'node:crypto';
import { requireEnv, tableName } from '#edge/config';
import { ENV } from '#catalogue';
import { ApiError, conflict } from '#lib/errors';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { CommissionAttachments } from '#adapters/commission-attachments';
import { attachmentObjects } from '#adapters/attachment-objects';
import { documentClient } from '#adapters/dynamo';
import { loadStatusLinks } from '#adapters/status-links';
import { CustomerAttachmentRequest } from '#domain/schemas';
import { CUSTOMER_UPLOAD_STAGES, newCustomerAttachment } from '#domain/attachments';

const commissions = new CommissionAttachments(documentClient(), tableName());
const objects = attachmentObjects(requireEnv(ENV.attachmentsBucket));
// Read once, at cold start: the key that signs the customers' status links.
const statusLinks = await loadStatusLinks();

/**
 * POST /status/{id}/attachments?expires&sig — the customer adds an inspiration image from their
 * status page (while the enquiry or the design is open; at most five): recorded pending, answered
 * with a presigned POST. Behind the same signed link as the page: any other link → 403.
 */
export const handler = httpHandler({ auth: 'public', jsonBody: true }, async ({ event }) => {
  const opened = await openByStatusLink(commissions, statusLinks, event.pathParameters?.id ?? '', event.queryStringParameters ?? {});
  // The refusals the status page gives, as the error shape (403 a link that does not check out, 404, 410).
  if (opened.outcome !== 'open') {
    const { status, code, message } = REFUSALS[opened.outcome];
    throw new ApiError(status, code, message);
  }
  const { commission } = opened;
  const request = parseOrReject(CustomerAttachmentRequest, event.body as unknown);
  const attachment = newCustomerAttachment(commission, randomUUID(), request, new Date());
  if (!(await commissions.add(commission.id, attachment, CUSTOMER_UPLOAD_STAGES))) {
    throw conflict('too_many_attachments', 'No more images can be added to this commission');
  }
  const upload = await objects.grantUpload(attachment);
  logger.info('upload granted', { commissionId: commission.id, attachmentId: attachment.id, kind: attachment.kind, bytes: attachment.bytes });
  return json(201, { id: attachment.id, status: attachment.status, upload });
});
