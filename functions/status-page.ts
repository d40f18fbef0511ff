import middy from '@middy/core';
import { tableName } from '#edge/config';
import { html } from '#lib/html';
import { logContext, logger } from '#lib/logger';
import { correlateRequest } from '#edge/http';
import { htmlResponse, page } from '#pages/frame';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { CommissionId } from '#domain/schemas';
import { RETENTION_ACTOR } from '#domain/erasure';
import { loadStatusLinks } from '#adapters/status-links';
import { statusPage } from '#pages/status-view';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const commissions = new CommissionStore(documentClient(), tableName());
// Read once, at cold start: the secret that signs the customers' status links.
const statusLinks = await loadStatusLinks();

const FRESH_LINK = 'Reply to any of our emails and we will send you a fresh link.';

const refusal = (status: number, title: string, message: string, footer = FRESH_LINK) =>
  htmlResponse(
    status,
    page({ title, body: html`<section class="notice" role="alert"><h1>${title}</h1><p>${message}</p><p>${footer}</p></section>` }),
    { noStore: true },
  );

/**
 * GET /status/{id}?expires=…&sig=… — the customer's view of their commission, for whoever holds
 * the link from an email: the stages, what comes next, the metal's provenance. Never the studio's
 * notes, who decided, prices, contact details, or anything stored for the workflow's own use.
 */
// Correlated as an API request (API Gateway's request id, and the commission id from the path).
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(logContext<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(correlateRequest))
  .handler(async (event) => {
  try {
    const id = event.pathParameters?.id ?? '';
    const query = event.queryStringParameters ?? {};
    const check = statusLinks.check(id, query.expires, query.sig);
    if (check === 'tampered') {
      logger.info('status link refused', { outcome: check });
      return refusal(403, 'This link does not work', 'The link is incomplete or has been changed. Please open it again from the email we sent you, in full.');
    }
    if (check === 'expired') return refusal(410, 'This link has expired', 'For your privacy, the links in our emails stop working after a while.');
    const commission = CommissionId.safeParse(id).success ? await commissions.get(id) : undefined;
    if (!commission) {
      return refusal(404, 'We cannot find this commission', 'Please check that you opened the whole link from our email.', 'If it still does not work, reply to any of our emails and we will look into it.');
    }
    if (commission.erasure) {
      // Erased (core/domain/erasure.ts): nothing of it is shown any more, to anyone holding the link.
      return refusal(
        410,
        'This commission has been removed',
        commission.erasure.by === RETENTION_ACTOR
          ? 'We keep the details of a closed commission only for a limited time; they have now been removed.'
          : 'Your details were removed at your request.',
        'If you have a question, reply to any of our emails.',
      );
    }
    const { title, body } = statusPage(commission);
    return htmlResponse(200, page({ title, body }), { noStore: true });
  } catch (error) {
    logger.error('status page failed', { error: error as Error });
    return refusal(500, 'Something went wrong on our side', 'Please try again in a few minutes.');
  }
});
