import middy from '@middy/core';
import { stateMachineArn, tableName } from '#edge/config';
import { correlateRequest } from '#edge/http';
import { confirmEnquiry } from '#domain/intake';
import { logContext, logger } from '#lib/logger';
import { htmlResponse, page, refusalResponse, type Refusal } from '#pages/frame';
import { alreadyConfirmedPage, confirmPage } from '#pages/confirm-view';
import { EnquiryConfirmationStore } from '#adapters/enquiry-confirmations';
import { documentClient } from '#adapters/dynamo';
import { loadStatusLinks } from '#adapters/status-links';
import { sfnClient, startCommissionWorkflow } from '#adapters/step-functions';
import { CommissionId } from '#domain/schemas';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const commissions = new EnquiryConfirmationStore(documentClient(), tableName());
const sfn = sfnClient();
const machine = stateMachineArn();
// Read once, at cold start: the secret that signs the confirmation and status links.
const links = await loadStatusLinks();

type Result = APIGatewayProxyStructuredResultV2;

const GONE: Refusal = {
  status: 410,
  code: 'gone',
  title: 'This enquiry no longer exists',
  message: 'An enquiry that is not confirmed within 7 days is deleted. You are welcome to send it again.',
};
const EXPIRED: Refusal = {
  status: 403,
  code: 'link_expired',
  title: 'This link has expired',
  message: 'An enquiry that is not confirmed within 7 days is deleted. You are welcome to send it again.',
};
const TAMPERED: Refusal = {
  status: 403,
  code: 'link_invalid',
  title: 'This link does not work',
  message: 'The link is incomplete or has been changed. Please open it again from the email we sent you, in full.',
};
const FAILED: Refusal = { status: 500, code: 'internal_error', title: 'Something went wrong on our side', message: 'Please try again in a few minutes.' };

/**
 * GET /confirm/{id}?expires=…&sig=… — the confirmation page: what was asked for, and a button.
 * Opening it confirms nothing (mail scanners open links).
 * POST /confirm/{id}?expires=…&sig=… — the button: confirms the enquiry and starts its workflow,
 * then 303 to the customer's status page; again, the same 303 and nothing new. A tampered or
 * expired link → 403; an enquiry deleted unconfirmed → 410.
 */
export const handler = middy<APIGatewayProxyEventV2, Result>()
  .use(logContext<APIGatewayProxyEventV2, Result>(correlateRequest))
  .handler(async (event) => {
    const accept = event.headers?.accept;
    try {
      const id = event.pathParameters?.id ?? '';
      const query = event.queryStringParameters ?? {};
      const now = new Date();
      const check = await links.checkConfirm(id, query.expires, query.sig, now);
      if (check !== 'valid') {
        logger.info('confirmation link refused', { outcome: check });
        return refusalResponse(check === 'expired' ? EXPIRED : TAMPERED, accept);
      }
      if (!CommissionId.safeParse(id).success) return refusalResponse(GONE, accept);
      if (event.requestContext.http.method === 'POST') {
        const outcome = await confirmEnquiry({ commissions, startWorkflow: (commissionId) => startCommissionWorkflow(sfn, machine, commissionId) }, id, now);
        if (outcome === 'gone') return refusalResponse(GONE, accept);
        logger.info('enquiry confirmed', { commissionId: id, outcome });
        // The status link of the link version the record holds now (a designer may have replaced it since).
        const confirmed = await commissions.get(id);
        return { statusCode: 303, headers: { location: links.linkFor(id, confirmed?.statusLinkVersion, now), 'cache-control': 'no-store' }, body: '' };
      }
      const commission = await commissions.get(id);
      if (!commission || commission.erasure) return refusalResponse(GONE, accept);
      const view = commission.confirmedAt || commission.stage !== 'ENQUIRY'
        ? alreadyConfirmedPage(commission, links.linkFor(id, commission.statusLinkVersion, now))
        : confirmPage(commission, `/confirm/${encodeURIComponent(id)}?${new URLSearchParams({ expires: query.expires!, sig: query.sig! }).toString()}`);
      return htmlResponse(200, page(view), { noStore: true });
    } catch (error) {
      logger.error('confirmation failed', { error: error as Error });
      return refusalResponse(FAILED, accept);
    }
  });
