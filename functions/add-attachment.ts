import { randomUUID } from 'node:crypto';
import { requireEnv, tableName } from '#edge/config';
import { ENV } from '#catalogue';
import { conflict, notFound } from '#lib/errors';
import { httpHandler, json, parseOrReject } from '#edge/http';
import { logger } from '#lib/logger';
import { CommissionAttachments } from '#adapters/commission-attachments';
import { attachmentObjects } from '#adapters/attachment-objects';
import { documentClient } from '#adapters/dynamo';
import { CommissionId, StudioAttachmentRequest } from '#domain/schemas';
import { newStudioAttachment, STUDIO_UPLOAD_STAGES } from '#domain/attachments';

const commissions = new CommissionAttachments(documentClient(), tableName());
const objects = attachmentObjects(requireEnv(ENV.attachmentsBucket));

/**
 * POST /commissions/{id}/attachments — a designer's new file (sketch, render, photo, document) for
 * a stage: recorded pending, and answered with a presigned POST the browser sends the file with.
 * The object is checked when it lands (check-upload).
 */
export const handler = httpHandler({ auth: 'designer', jsonBody: true }, async ({ event }) => {
  const id = CommissionId.safeParse(event.pathParameters?.id);
  if (!id.success) throw notFound();
  const request = parseOrReject(StudioAttachmentRequest, event.body as unknown);
  const commission = await commissions.get(id.data);
  if (!commission) throw notFound();
  const attachment = newStudioAttachment(commission, randomUUID(), request, new Date());
  if (!(await commissions.add(commission.id, attachment, STUDIO_UPLOAD_STAGES))) {
    throw conflict('too_many_attachments', 'The commission holds as many files as it may, or changed meanwhile; reload it');
  }
  const upload = await objects.grantUpload(attachment);
  logger.info('upload granted', { commissionId: commission.id, attachmentId: attachment.id, kind: attachment.kind, bytes: attachment.bytes });
  return json(201, { id: attachment.id, status: attachment.status, upload });
});
