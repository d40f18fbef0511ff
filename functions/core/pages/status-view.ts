/**
 * What the customer's status page shows of a commission: an allow-list, like views.ts for the
 * API. The stages with the day each began, and the facts the customer's emails already told them.
 * No notes, no designers' names, no contact details, no task token; the only prices are the
 * design proposal's, which is theirs to approve, and the payments section's (./money-view.ts).
 * What it says of the metal is the provenance block the emails and the certificate show
 * (core/email/provenance.ts).
 */
import { askedMetal, CUSTOMER_STAGES, pieceName, shortReference } from '#domain/labels';
import { customerStageSummary, proposalFacts } from '#email/customer-wording';
import { partyToAwait } from '#domain/proposals';
import { provenanceBlock } from '#email/provenance';
import { moneySection } from './money-view.ts';
import { html, type SafeHtml } from '#lib/html';
import { attachmentsSection } from './attachments-view.ts';
import { NEXT_STAGE } from '#domain/stages';
import type { Commission, OpenStage, Proposal, Stage } from '#domain/schemas';

/** The status link's signed query (`expires`, `sig`): the page's forms and images carry it on. */
export type SignedQuery = { expires: string; sig: string };

const signed = (q: SignedQuery) => new URLSearchParams({ expires: q.expires, sig: q.sig }).toString();

/**
 * The design proposal: its facts and images, and while it awaits the customer the two answers
 * (approve; ask for changes, with a message), each a plain form posting to
 * /status/{id}/design with the proposal's revision. Once answered, superseded or lapsed, what
 * became of it.
 */
function proposalSection(c: Commission, p: Proposal, query: SignedQuery): SafeHtml {
  const action = `/status/${encodeURIComponent(c.id)}/design?${signed(query)}`;
  const open = partyToAwait(c) === 'customer';
  const images = p.attachments
    .map((id) => c.attachments?.[id])
    .filter((a) => a !== undefined && a.status === 'ready' && a.visibleToCustomer)
    .map(
      (a, i) =>
        html`<li><img src="/status/${encodeURIComponent(c.id)}/attachments/${encodeURIComponent(a!.id)}?${signed(query)}" alt="${`Design image ${i + 1}: ${a!.fileName}`}"></li>`,
    );
  const outcome: Record<Exclude<Proposal['status'], 'awaiting-customer'>, string> = {
    approved: 'You approved this design: your answer is recorded.',
    'changes-requested': 'You asked for changes to this design: your answer is recorded and your designer is revising it.',
    superseded: 'This proposal was replaced by a newer one.',
    lapsed: 'This proposal lapsed unanswered after 60 days. Reply to any of our emails if you would like your designer to propose it again.',
  };
  return html`<section class="proposal" aria-labelledby="proposal-title">
    <h2 id="proposal-title">${open ? 'Your design, for your approval' : 'Your design proposal'}</h2>
    <dl class="facts">${proposalFacts(p).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
    ${images.length > 0 && html`<ul class="proposal-images">${images}</ul>`}
    ${
      open
        ? html`<form method="post" action="${action}" class="proposal-answer">
      <input type="hidden" name="revision" value="${String(p.revision)}">
      <input type="hidden" name="decision" value="approve">
      <p>Approving the design confirms its price; the deposit is then due and we buy the metal.</p>
      <button class="button" type="submit">Approve this design</button>
    </form>
    <form method="post" action="${action}" class="proposal-answer">
      <input type="hidden" name="revision" value="${String(p.revision)}">
      <input type="hidden" name="decision" value="request-changes">
      <div class="field">
        <label for="changes-message">What would you like changed?</label>
        <textarea id="changes-message" name="message" rows="5" maxlength="2000" required aria-describedby="changes-hint"></textarea>
        <p class="hint" id="changes-hint">Up to 2,000 characters. Your designer reads it and proposes a revised design.</p>
      </div>
      <button class="button secondary" type="submit">Ask for changes</button>
    </form>`
        : p.status !== 'awaiting-customer'
          ? html`<p class="notice ok" role="status">${outcome[p.status]}</p>`
          : ''
    }
  </section>`;
}

/** The stages a commission goes through, as the customer sees them (CANCELLED only if it happens). */
const CUSTOMER_STEPS: { stage: Stage; label: string; description: string }[] = (
  ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY', 'COMPLETED'] as const
).map((stage) => ({ stage, ...CUSTOMER_STAGES[stage] }));

/**
 * Only the last 4 characters of a tracking number: a link forwarded or leaked must not let a
 * stranger follow a jewellery parcel (the customer's own email has the whole number).
 */
const maskedTracking = (trackingNumber: string) => trackingNumber.trim().slice(-4);

function customerStatusView(c: Commission) {
  // When each stage began: the enquiry at creation, every other stage when the one before was approved.
  const began = new Map<Stage, string>([['ENQUIRY', c.createdAt]]);
  for (const entry of c.history) {
    if (entry.event === 'approved' && entry.stage in NEXT_STAGE) began.set(NEXT_STAGE[entry.stage as OpenStage], entry.at);
    if (entry.event === 'cancelled') began.set('CANCELLED', entry.at);
  }
  const order = CUSTOMER_STEPS.map((s) => s.stage);
  const cancelled = c.stage === 'CANCELLED';
  const reached = cancelled ? Math.max(...[...began.keys()].map((s) => order.indexOf(s))) : order.indexOf(c.stage);
  const steps = CUSTOMER_STEPS.map((step, index) => ({
    ...step,
    at: began.get(step.stage),
    state: index < reached || c.stage === 'COMPLETED' ? 'done' : index === reached && !cancelled ? 'current' : cancelled && index === reached ? 'done' : 'upcoming',
  }));
  if (cancelled) {
    steps.splice(reached + 1, steps.length, {
      stage: 'CANCELLED',
      ...CUSTOMER_STAGES.CANCELLED,
      at: began.get('CANCELLED'),
      state: 'current',
    });
  }

  const facts: [string, string][] = [];
  if (c.design) facts.push(['Design', c.design.summary]);
  if (c.delivery && c.stage === 'COMPLETED') {
    facts.push(
      c.delivery.method === 'courier'
        ? ['Delivery', `${c.delivery.carrier ?? 'Courier'}${c.delivery.trackingNumber ? `, tracking number ending ${maskedTracking(c.delivery.trackingNumber)}` : ''}`]
        : ['Delivery', 'Ready for collection at the studio'],
    );
  }
  // Once the metal is sourced: the claim, the metal's facts, and the hallmark and stones once made.
  const provenance = c.sourcing && provenanceBlock(c.sourcing, c.making);
  // An erased record never gets here (GET /status answers 410), but its page would greet no one.
  const name = c.customer?.name ?? '';
  return { firstName: name.split(/\s+/)[0] ?? name, steps, facts, ...(provenance && { provenance }) };
}

/** The status page's title and body (GET /status/{id} puts them in the pages' frame). */
export function statusPage(commission: Commission, query: SignedQuery): { title: string; body: SafeHtml } {
  const view = customerStatusView(commission);
  const summary = customerStageSummary(commission);
  const body = html`
<article class="status" aria-labelledby="status-title">
  <p class="eyebrow">Your commission · ref ${shortReference(commission.id)}</p>
  <h1 id="status-title">${summary.heading}</h1>
  <p class="lede">Hello ${view.firstName}, this is the private page of your ${pieceName(commission)}.${
    // What was asked for until the metal is sourced; then the provenance below says what it is.
    commission.sourcing ? '' : ` You asked for ${askedMetal(commission.metal)}.`
  }</p>
  ${summary.paragraphs.map((p) => html`<p>${p}</p>`)}
  ${commission.proposal && commission.stage === 'DESIGN' && proposalSection(commission, commission.proposal, query)}
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
  ${moneySection(commission)}
  ${attachmentsSection(commission, query)}
</article>`;
  return { title: summary.heading, body };
}

function formatDate(iso: string) {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}
