import middy from '@middy/core';
import { stateMachineArn, tableName } from '#edge/config';
import { correlateRequest } from '#edge/http';
import { confirmEnquiry } from '#domain/intake';
import { html } from '#lib/html';
import { logContext, logger } from '#lib/logger';
import { htmlResponse, page } from '#pages/frame';
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

/** A refusal as a page for a browser, or the API's error shape for a client that asks for JSON. */
function refusal(event: APIGatewayProxyEventV2, status: number, code: string, title: string, message: string): Result {
  if (/application\/json/i.test(event.headers?.accept ?? '')) {
    return {
      statusCode: status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
      body: JSON.stringify({ error: { code, message: `${title}: ${message}` } }),
    };
  }
  return htmlResponse(status, page({ title, body: html`<section class="notice" role="alert"><h1>${title}</h1><p>${message}</p></section>` }), { noStore: true });
}

const GONE = ['gone', 'This enquiry no longer exists', 'An enquiry that is not confirmed within 7 days is deleted. You are welcome to send it again.'] as const;

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
    try {
      const id = event.pathParameters?.id ?? '';
      const query = event.queryStringParameters ?? {};
      const now = new Date();
      const check = await links.checkConfirm(id, query.expires, query.sig, now);
      if (check !== 'valid') {
        logger.info('confirmation link refused', { outcome: check });
        return check === 'expired'
          ? refusal(event, 403, 'link_expired', 'This link has expired', 'An enquiry that is not confirmed within 7 days is deleted. You are welcome to send it again.')
          : refusal(event, 403, 'link_invalid', 'This link does not work', 'The link is incomplete or has been changed. Please open it again from the email we sent you, in full.');
      }
      if (!CommissionId.safeParse(id).success) return refusal(event, 410, ...GONE);
      if (event.requestContext.http.method === 'POST') {
        const outcome = await confirmEnquiry({ commissions, startWorkflow: (commissionId) => startCommissionWorkflow(sfn, machine, commissionId) }, id, now);
        if (outcome === 'gone') return refusal(event, 410, ...GONE);
        logger.info('enquiry confirmed', { commissionId: id, outcome });
        // The status link of the link version the record holds now (a designer may have replaced it since).
        const confirmed = await commissions.get(id);
        return { statusCode: 303, headers: { location: links.linkFor(id, confirmed?.statusLinkVersion, now), 'cache-control': 'no-store' }, body: '' };
      }
      const commission = await commissions.get(id);
      if (!commission || commission.erasure) return refusal(event, 410, ...GONE);
      const view = commission.confirmedAt || commission.stage !== 'ENQUIRY'
        ? alreadyConfirmedPage(commission, links.linkFor(id, commission.statusLinkVersion, now))
        : confirmPage(commission, `/confirm/${encodeURIComponent(id)}?${new URLSearchParams({ expires: query.expires!, sig: query.sig! }).toString()}`);
      return htmlResponse(200, page(view), { noStore: true });
    } catch (error) {
      logger.error('confirmation failed', { error: error as Error });
      return refusal(event, 500, 'internal_error', 'Something went wrong on our side', 'Please try again in a few minutes.');
    }
  });
