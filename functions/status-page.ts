import middy from '@middy/core';
import { tableName } from '#edge/config';
import { logContext, logger } from '#lib/logger';
import { correlateRequest } from '#edge/http';
import { htmlResponse, page, refusalResponse, type Refusal } from '#pages/frame';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { CommissionId } from '#domain/schemas';
import { RETENTION_ACTOR } from '#domain/erasure';
import { loadStatusLinks, type LinkCheck } from '#adapters/status-links';
import { statusPage } from '#pages/status-view';
import { STATUS_UPLOADS_SCRIPT } from '#pages/attachments-view';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const commissions = new CommissionStore(documentClient(), tableName());
// Read once, at cold start: the key that signs the customers' status links.
const statusLinks = await loadStatusLinks();

const FRESH_LINK = 'Reply to any of our emails and we will send you a fresh link.';
const QUESTIONS = 'If you have a question, reply to any of our emails.';

/** What a link that does not open the page is told: 403 for every link that does not check out. */
const REFUSALS: Record<Exclude<LinkCheck, 'valid'>, Refusal> & Record<'unknown' | 'erased' | 'expiredRecord' | 'failed', Refusal> = {
  tampered: {
    status: 403,
    code: 'link_invalid',
    title: 'This link does not work',
    message: 'The link is incomplete or has been changed. Please open it again from the email we sent you, in full.',
    footer: FRESH_LINK,
  },
  expired: {
    status: 403,
    code: 'link_expired',
    title: 'This link has expired',
    message: 'For your privacy, the links in our emails stop working after a while.',
    footer: FRESH_LINK,
  },
  revoked: {
    status: 403,
    code: 'link_replaced',
    title: 'This link has been replaced',
    message: 'The studio has sent you a newer link to this page. Please use the link in our most recent email.',
    footer: FRESH_LINK,
  },
  unknown: {
    status: 404,
    code: 'not_found',
    title: 'We cannot find this commission',
    message: 'Please check that you opened the whole link from our email.',
    footer: 'If it still does not work, reply to any of our emails and we will look into it.',
  },
  erased: {
    status: 410,
    code: 'erased',
    title: 'This commission has been removed',
    message: 'Your details were removed at your request.',
    footer: QUESTIONS,
  },
  expiredRecord: {
    status: 410,
    code: 'erased',
    title: 'This commission has been removed',
    message: 'We keep the details of a closed commission only for a limited time; they have now been removed.',
    footer: QUESTIONS,
  },
  failed: { status: 500, code: 'internal_error', title: 'Something went wrong on our side', message: 'Please try again in a few minutes.' },
};

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
      const id = event.pathParameters?.id ?? '';
      const query = event.queryStringParameters ?? {};
      const commission = CommissionId.safeParse(id).success ? await commissions.get(id) : undefined;
      const check = await statusLinks.check(id, commission?.statusLinkVersion ?? 1, query.expires, query.sig);
      if (check !== 'valid') {
        logger.info('status link refused', { outcome: check });
        return refusalResponse(REFUSALS[check], accept);
      }
      if (!commission) return refusalResponse(REFUSALS.unknown, accept);
      if (commission.erasure) {
        // Erased (core/domain/erasure.ts): nothing of it is shown any more, to anyone holding the link.
        return refusalResponse(commission.erasure.by === RETENTION_ACTOR ? REFUSALS.expiredRecord : REFUSALS.erased, accept);
      }
      const { title, body } = statusPage(commission, query);
      return htmlResponse(200, page({ title, body, scripts: [STATUS_UPLOADS_SCRIPT] }), { noStore: true });
    } catch (error) {
      logger.error('status page failed', { error: error as Error });
      return refusalResponse(REFUSALS.failed, accept);
    }
  });
