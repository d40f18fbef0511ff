import { openByStatusLink } from '#adapters/status-link-access';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { requireEnv, tableName } from '#edge/config';
import { ENV } from '#catalogue';
import { logContext, logger } from '#lib/logger';
import { correlateRequest } from '#edge/correlation';
import { CommissionStore } from '#adapters/commission-store';
import { attachmentObjects } from '#adapters/attachment-objects';
import { documentClient } from '#adapters/dynamo';
import { loadStatusLinks } from '#adapters/status-links';
import { customerMaySee } from '#domain/attachments';

const commissions = new CommissionStore(documentClient(), tableName());
const objects = attachmentObjects(requireEnv(ENV.attachmentsBucket));
// Read once, at cold start: the key that signs the customers' status links.
const statusLinks = await loadStatusLinks();

const plain = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  body,
});

/**
 * GET /status/{id}/attachments/{attachmentId}?expires&sig — for whoever holds the status link:
 * 302 to a presigned GET (a few minutes) of a checked file the customer may see (their own
 * inspiration, or what the studio chose to show). Anything else is not found; a link that does
 * not check out is refused (403), as the page itself refuses it.
 */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(logContext<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(correlateRequest))
  .handler(async (event) => {
    try {
      const opened = await openByStatusLink(commissions, statusLinks, event.pathParameters?.id ?? '', event.queryStringParameters ?? {});
      if (opened.outcome !== 'open' && opened.outcome !== 'unknown' && opened.outcome !== 'erased') {
        return plain(403, 'This link does not work. Please open your status page again from our most recent email.');
      }
      const attachmentId = event.pathParameters?.attachmentId ?? '';
      // An unknown or erased commission has no files to show: not found, like a file that is not theirs.
      const attachments = opened.outcome === 'open' ? opened.commission.attachments : undefined;
      const attachment = attachments && Object.hasOwn(attachments, attachmentId) ? attachments[attachmentId] : undefined;
      if (!attachment || !customerMaySee(attachment)) return plain(404, 'No such image.');
      return { statusCode: 302, headers: { location: await objects.downloadLink(attachment), 'cache-control': 'no-store' }, body: '' };
    } catch (error) {
      logger.error('status attachment failed', { error: error as Error });
      return plain(500, 'Something went wrong on our side. Please try again in a few minutes.');
    }
  });
