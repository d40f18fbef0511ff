import { requireEnv, tableName } from '#edge/config';
import { ENV } from '#catalogue';
import { notFound } from '#lib/errors';
import { httpHandler } from '#edge/http';
import { CommissionStore } from '#adapters/commission-store';
import { attachmentObjects } from '#adapters/attachment-objects';
import { documentClient } from '#adapters/dynamo';
import { CommissionId } from '#domain/schemas';

const commissions = new CommissionStore(documentClient(), tableName());
const objects = attachmentObjects(requireEnv(ENV.attachmentsBucket));

/**
 * GET /commissions/{id}/attachments/{attachmentId} — 302 to a presigned GET of the file, valid
 * for a few minutes. A file not (yet) checked ready is not found: pending bytes are unvetted.
 */
export const handler = httpHandler({ auth: 'designer' }, async ({ event }) => {
  const id = CommissionId.safeParse(event.pathParameters?.id);
  const commission = id.success ? await commissions.get(id.data) : undefined;
  const attachmentId = event.pathParameters?.attachmentId ?? '';
  const attachments = commission?.attachments ?? {};
  const attachment = Object.hasOwn(attachments, attachmentId) ? attachments[attachmentId] : undefined;
  if (!attachment || attachment.status !== 'ready') throw notFound('Attachment');
  return { statusCode: 302, headers: { location: await objects.downloadLink(attachment), 'cache-control': 'no-store' }, body: '' };
});
