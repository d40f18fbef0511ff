import middy from '@middy/core';
import { tableName } from '#edge/config';
import { askedMetal, customerStageSummary } from '#email/customer-emails';
import { pieceName, shortReference } from '#domain/labels';
import { html } from '#lib/html';
import { logger } from '#lib/logger';
import { htmlResponse, page } from '#pages/frame';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { CommissionId } from '#domain/schemas';
import { loadStatusLinks } from '#adapters/status-links';
import { customerStatusView } from '#pages/status-view';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const commissions = new CommissionStore(documentClient(), tableName());
// Read once, at cold start: the secret that signs the customers' status links.
const statusLinks = await loadStatusLinks();

const refusal = (status: number, title: string, message: string) =>
  htmlResponse(
    status,
    page({ title, body: html`<section class="notice" role="alert"><h1>${title}</h1><p>${message}</p><p>Reply to any of our emails and we will send you a fresh link.</p></section>` }),
    { noStore: true },
  );

/**
 * GET /status/{id}?expires=…&sig=… — the customer's view of their commission, for whoever holds
 * the link from an email: the stages, what comes next, the metal's provenance. Never the studio's
 * notes, who decided, prices, contact details, or anything stored for the workflow's own use.
 */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(async (event) => {
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
    if (!commission) return refusal(404, 'We cannot find this commission', 'It may have been removed at your request.');
    const view = customerStatusView(commission);
    const summary = customerStageSummary(commission);
    const body = html`
<article class="status" aria-labelledby="status-title">
  <p class="eyebrow">Your commission · ref ${shortReference(commission.id)}</p>
  <h1 id="status-title">${summary.heading}</h1>
  <p class="lede">Hello ${view.firstName}, this is the private page of your ${pieceName(commission)}${
    // What was asked for until the metal is sourced; then the provenance below says what it is.
    commission.sourcing ? '' : ` in ${askedMetal(commission.metal)}`
  }.</p>
  ${summary.paragraphs.map((p) => html`<p>${p}</p>`)}
  ${summary.next && html`<div class="next"><h2>What happens next</h2><p>${summary.next}</p></div>`}
  <h2>Where your piece is</h2>
  <ol class="timeline" data-stage="${commission.stage}">
    ${view.steps.map(
      (step) => html`<li class="step step-${step.state}"${step.state === 'current' ? html` aria-current="step"` : ''}>
      <span class="step-name">${step.label}</span>
      <span class="step-when">${step.at ? html`<time datetime="${step.at}">${formatDate(step.at)}</time>` : step.state === 'upcoming' ? 'To come' : ''}</span>
      <span class="step-what">${step.description}</span>
    </li>`,
    )}
  </ol>
  ${view.facts.length > 0 && html`<h2>Your piece</h2><dl class="facts">${view.facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`}
  ${view.provenance &&
  html`<section class="provenance" aria-labelledby="provenance-title">
    <h2 id="provenance-title">${view.provenance.claim.headline}</h2>
    <p>${view.provenance.claim.statement}</p>
    <dl class="facts">${view.provenance.facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
    ${view.provenance.notes.map((note) => html`<p class="hint">${note}</p>`)}
  </section>`}
</article>`;
    return htmlResponse(200, page({ title: summary.heading, body }), { noStore: true });
  } catch (error) {
    logger.error('status page failed', { error: error as Error });
    return refusal(500, 'Something went wrong on our side', 'Please try again in a few minutes.');
  }
});

function formatDate(iso: string) {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}
