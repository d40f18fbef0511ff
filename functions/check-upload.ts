import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { requireEnv, tableName } from '#edge/config';
import { ENV } from '#catalogue';
import { logContext, logger, correlateInvocation } from '#lib/logger';
import { UploadChecks } from '#adapters/upload-checks';
import { attachmentObjects } from '#adapters/attachment-objects';
import { documentClient } from '#adapters/dynamo';
import { checkLanded, parseObjectKey, sniffContentType, SNIFF_BYTES } from '#domain/attachments';

const checks = new UploadChecks(documentClient(), tableName());
const objects = attachmentObjects(requireEnv(ENV.attachmentsBucket));

/** S3 event keys are form-encoded (a space is `+`). */
const keyOf = (encoded: string) => decodeURIComponent(encoded.replace(/\+/g, ' '));

/**
 * S3 ObjectCreated trigger — checks each landed file against what its upload grant declared: the
 * exact size (at most 15 MB) and leading bytes of the declared type. Ready,
 * or rejected and the object deleted. A repeated event finds the file no longer pending and does
 * nothing; an object no file of any commission expects is deleted.
 */
export const handler = middy<S3Event, void>()
  .use(logContext<S3Event, void>(correlateInvocation))
  .handler(async (event) => {
    for (const record of event.Records ?? []) await checkOne(keyOf(record.s3.object.key));
  });

async function checkOne(key: string): Promise<void> {
  const named = parseObjectKey(key);
  const found = named ? await checks.find(named.commissionId, named.attachmentId) : undefined;
  const attachment = found?.attachment;
  if (!named || !attachment || found.erased) {
    // Only an upload we granted may stay; keys are ours, so none of this is personal.
    logger.warn('unexpected object deleted', { reason: named ? 'no such attachment' : 'foreign key' });
    await objects.delete(key);
    return;
  }
  if (attachment.status !== 'pending') return;
  const landed = await objects.leadingBytes(key, SNIFF_BYTES);
  if (!landed) return; // Deleted meanwhile (a repeat that rejected it): nothing to check.
  const detected = sniffContentType(landed.head);
  const outcome = checkLanded(attachment, { bytes: landed.bytes, detectedType: detected });
  // Deleted before it is marked: a rejected file is never left readable under a final status.
  if (outcome.status === 'rejected') await objects.delete(key);
  const marked = await checks.markChecked(named.commissionId, attachment, outcome, new Date().toISOString());
  logger.info('upload checked', {
    commissionId: named.commissionId,
    attachmentId: attachment.id,
    status: outcome.status,
    declared: attachment.contentType,
    detected: detected ?? 'unknown',
    repeat: !marked,
  });
}
