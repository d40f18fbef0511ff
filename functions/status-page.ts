import { openByStatusLink } from '#adapters/status-link-access';
import middy from '@middy/core';
import { tableName } from '#edge/config';
import { logContext, logger } from '#lib/logger';
import { correlateRequest } from '#edge/correlation';
import { htmlResponse, page, refusalResponse } from '#pages/frame';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { RETENTION_ACTOR } from '#domain/erasure';
import { loadStatusLinks } from '#adapters/status-links';
import { statusPage } from '#pages/status-view';
import { REFUSALS } from '#pages/refusals';
import { STATUS_UPLOADS_SCRIPT } from '#pages/attachments-view';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const commissions = new CommissionStore(documentClient(), tableName());
// Read once, at cold start: the key that signs the customers' status links.
const statusLinks = await loadStatusLinks();

/**
 * GET /status/{id}?expires=…&sig=… — the customer's view of their commission, for whoever holds
 * the link from an email: the stages, what comes next, the metal's provenance. Never the studio's
 * notes, who decided, prices, contact details, or anything stored for the workflow's own use.
 * The link is checked against the commission's current link version, so the record is read first.
 */
// Correlated as an API request (API Gateway's request id, and the commission id from the path).
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(logContext<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(correlateRequest))
  .handler(async (event) => {
    const accept = event.headers?.accept;
    try {
      const query = event.queryStringParameters ?? {};
      const opened = await openByStatusLink(commissions, statusLinks, event.pathParameters?.id ?? '', query);
      if (opened.outcome === 'erased') {
        // Erased (core/domain/erasure.ts): nothing of it is shown any more, to anyone holding the link.
        return refusalResponse(opened.commission.erasure?.by === RETENTION_ACTOR ? REFUSALS.expiredRecord : REFUSALS.erased, accept);
      }
      if (opened.outcome !== 'open') return refusalResponse(REFUSALS[opened.outcome], accept);
      const { commission } = opened;
      const { title, body } = statusPage(commission, { expires: query.expires!, sig: query.sig! });
      return htmlResponse(200, page({ title, body, scripts: [STATUS_UPLOADS_SCRIPT] }), { noStore: true });
    } catch (error) {
      logger.error('status page failed', { error: error as Error });
      return refusalResponse(REFUSALS.failed, accept);
    }
  });
