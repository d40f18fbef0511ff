import { openByStatusLink } from '#adapters/status-link-access';
import middy from '@middy/core';
import { tableName } from '#edge/config';
import { correlateRequest, json, parseOrReject } from '#edge/http';
import { answerProposal } from '#domain/decisions';
import { ApiError } from '#lib/errors';
import { html } from '#lib/html';
import { logContext, logger } from '#lib/logger';
import { htmlResponse, page, refusalResponse } from '#pages/frame';
import { REFUSALS } from '#pages/refusals';
import { CommissionDecisions } from '#adapters/commission-decisions';
import { documentClient } from '#adapters/dynamo';
import { loadStatusLinks } from '#adapters/status-links';
import { resumeTask, sfnClient } from '#adapters/step-functions';
import { CustomerDesignAnswer } from '#domain/schemas';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const commissions = new CommissionDecisions(documentClient(), tableName());
const sfn = sfnClient();
// Read once, at cold start: the key that signs the customers' status links.
const statusLinks = await loadStatusLinks();

type Result = APIGatewayProxyStructuredResultV2;

const FORM = /^application\/x-www-form-urlencoded(;|$)/i;
const JSON_BODY = /^application\/([a-z0-9.+-]+\+)?json(;|$)/i;
const MAX_BODY_BYTES = 16 * 1024;

/** The answer as sent: a JSON body, or the status page's form (an empty message is no message). */
function bodyOf(event: APIGatewayProxyEventV2, form: boolean): unknown {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new ApiError(413, 'payload_too_large', 'The answer is too long');
  if (form) {
    const fields = Object.fromEntries(new URLSearchParams(raw));
    if (fields.message !== undefined && fields.message.trim() === '') delete fields.message;
    return fields;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ApiError(400, 'malformed_json', 'The body is not valid JSON');
  }
}

/**
 * POST /status/{id}/design?expires=…&sig=… — the customer's answer to the design proposal, from
 * their status page (a form: 303 back to the page) or as JSON (202 `{id, decision}`). The signed
 * link is checked exactly as the status page checks it. 409 `not_awaiting_customer` when no
 * proposal of that revision awaits them: the page then says what is current.
 */
export const handler = middy<APIGatewayProxyEventV2, Result>()
  .use(logContext<APIGatewayProxyEventV2, Result>(correlateRequest))
  .handler(async (event) => {
    const accept = event.headers?.accept;
    const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
    const form = FORM.test(contentType);
    try {
      const id = event.pathParameters?.id ?? '';
      const query = event.queryStringParameters ?? {};
      const opened = await openByStatusLink(commissions, statusLinks, id, query);
      if (opened.outcome !== 'open') return refusalResponse(REFUSALS[opened.outcome], form ? accept : 'application/json');
      const { commission } = opened;
      if (!form && !JSON_BODY.test(contentType)) {
        throw new ApiError(415, 'unsupported_media_type', 'Send the answer as application/json or a form');
      }
      const answer = parseOrReject(CustomerDesignAnswer, bodyOf(event, form));
      const answered = await answerProposal(
        { commissions, resumeWorkflow: (token, output) => resumeTask(sfn, token, output) },
        commission,
        answer,
        new Date(),
      );
      // Not the designers' decision line (its metrics count the studio's decisions and their time in stage).
      logger.info('design answered', { commissionId: answered.id, decision: answered.decision });
      if (!form) return json(202, answered);
      const back = `/status/${encodeURIComponent(id)}?${new URLSearchParams({ expires: query.expires!, sig: query.sig! }).toString()}`;
      return { statusCode: 303, headers: { location: back, 'cache-control': 'no-store' }, body: '' };
    } catch (error) {
      if (error instanceof ApiError) {
        logger.info('answer refused', { status: error.statusCode, code: error.code });
        if (!form) {
          return json(error.statusCode, { error: { code: error.code, message: error.message, ...(error.fields && { fields: error.fields }) } });
        }
        const back = `/status/${encodeURIComponent(event.pathParameters?.id ?? '')}?${new URLSearchParams(event.queryStringParameters as Record<string, string>).toString()}`;
        const title = error.statusCode === 409 ? 'This design no longer awaits your answer' : 'We could not take your answer';
        const message =
          error.statusCode === 409
            ? 'It was answered already, or your designer has sent a newer proposal, or it lapsed. Your page shows where your commission is now.'
            : (error.fields?.map((f) => f.message).join(' ') ?? error.message);
        const body = html`<section class="notice" role="alert"><h1>${title}</h1><p>${message}</p><p><a href="${back}">Back to your page</a></p></section>`;
        return htmlResponse(error.statusCode, page({ title, body }), { noStore: true });
      }
      logger.error('design answer failed', { error: error as Error });
      return refusalResponse(REFUSALS.failed, form ? accept : 'application/json');
    }
  });
