import middy from '@middy/core';
import { ENV } from '#catalogue';
import { requireEnv, tableName } from '#edge/config';
import { eraseClosedCommissions, retentionDaysFrom } from '#domain/erasure';
import { correlateInvocation, logContext, logger } from '#lib/logger';
import { CommissionErasures } from '#adapters/commission-erasures';
import { documentClient } from '#adapters/dynamo';
import { attachmentObjects } from '#adapters/attachment-objects';

const commissions = new CommissionErasures(documentClient(), tableName());
const objects = attachmentObjects(requireEnv(ENV.attachmentsBucket));
// Read at cold start: a wrong value fails the deploy's first run loudly, not silently keeps data.
const retentionDays = retentionDaysFrom(process.env[ENV.retentionDaysClosed]);

/**
 * Scheduled daily: erases the personal data of every cancelled commission closed more than
 * RETENTION_DAYS_CLOSED days ago (core/domain/erasure.ts). Completed ones are kept.
 */
export const handler = middy().use(logContext(correlateInvocation)).handler(async () => {
  const result = await eraseClosedCommissions({ commissions, queue: commissions, objects }, new Date(), retentionDays);
  if (result.erased.length > 0) logger.info('closed commissions erased', { commissionIds: result.erased, more: result.more });
  return { erased: result.erased.length, more: result.more };
});
