/**
 * Every email the system sends, as HTML and plain text. Customer-supplied text reaches HTML only
 * through the `html` template tag, which escapes every interpolated value; subjects are single
 * lines so nothing can smuggle a header (reliability rule 6).
 */
import { formatUsd, provenanceClaim, SCHEME_NAMES } from './claims.ts';
import { html } from './safe-html.ts';
import type { Commission, Money, OpenStage, Stage } from './schemas.ts';

export { html };

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A subject or other header value: one line, no control characters, bounded. */
export function headerSafe(value: string, max = 200): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

const PIECE_NAMES = { 'engagement-ring': 'engagement ring', 'wedding-band': 'wedding band', bespoke: 'bespoke piece' } as const;

export const pieceName = (c: Pick<Commission, 'piece'>) => PIECE_NAMES[c.piece.kind];
export const metalName = (c: Pick<Commission, 'metal'>) =>
  [c.metal.fineness, c.metal.colour, SCHEME_NAMES[c.metal.scheme], c.metal.metal].filter(Boolean).join(' ');
export const formatMoney = (m: Money) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: m.currency }).format(m.amount);
export const shortReference = (id: string) => id.slice(0, 8).toUpperCase();

interface Section {
  heading: string;
  paragraphs: string[];
  facts?: [string, string][];
  /** One link under the facts, e.g. the provenance certificate. */
  link?: { label: string; href: string };
  next?: string;
}

function layout(section: Section, greeting: string): { html: string; text: string } {
  const facts = section.facts ?? [];
  const htmlBody = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${section.heading}</title></head>
<body style="margin:0;background:#f6f3ee;font-family:Georgia,'Times New Roman',serif;color:#2b2620">
<div style="max-width:560px;margin:0 auto;padding:32px 24px;background:#ffffff">
<p style="font-size:13px;letter-spacing:.12em;text-transform:uppercase;color:#8a6d3b;margin:0 0 24px">Bespoke commissions</p>
<h1 style="font-size:24px;font-weight:normal;margin:0 0 16px">${section.heading}</h1>
<p>${greeting}</p>
${section.paragraphs.map((p) => html`<p style="line-height:1.5">${p}</p>`)}
${facts.length > 0 && html`<table role="presentation" style="border-collapse:collapse;margin:16px 0;width:100%">${facts.map(
    ([k, v]) => html`<tr><td style="padding:6px 12px 6px 0;color:#6b6358;vertical-align:top">${k}</td><td style="padding:6px 0">${v}</td></tr>`,
  )}</table>`}
${section.link && html`<p style="line-height:1.5"><a href="${section.link.href}" style="color:#8a6d3b">${section.link.label}</a></p>`}
${section.next && html`<p style="line-height:1.5"><strong>What happens next:</strong> ${section.next}</p>`}
</div></body></html>`;
  const text = [
    section.heading,
    '',
    greeting,
    '',
    ...section.paragraphs.flatMap((p) => [p, '']),
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(facts.length > 0 ? [''] : []),
    ...(section.link ? [`${section.link.label}: ${section.link.href}`, ''] : []),
    ...(section.next ? [`What happens next: ${section.next}`] : []),
  ].join('\n');
  return { html: htmlBody.value, text };
}

/** Links a customer email may carry: the provenance certificate of a completed piece. */
export interface CustomerLinks {
  certificateUrl?: string;
}

/** The customer's email on entering a stage (or a new revision of it). */
export function customerStageEmail(c: Commission, links: CustomerLinks = {}): EmailMessage {
  const piece = pieceName(c);
  const ref = shortReference(c.id);
  const section = customerSection(c, piece, links);
  return {
    to: c.customer.email,
    subject: headerSafe(`${section.heading} (ref ${ref})`),
    ...layout({ ...section, facts: [['Reference', ref], ...(section.facts ?? [])] }, `Dear ${c.customer.name},`),
  };
}

function customerSection(c: Commission, piece: string, links: CustomerLinks): Section {
  const revised = c.revision > 1;
  switch (c.stage) {
    case 'ENQUIRY':
      return {
        heading: 'We have received your enquiry',
        paragraphs: [`Thank you for asking us to make your ${piece} in ${metalName(c)}.`],
        next: 'One of our designers will read your enquiry and reply within a few working days.',
      };
    case 'DESIGN':
      return revised
        ? {
            heading: 'We are revising your design',
            paragraphs: [`Your designer is working on revision ${c.revision} of the design for your ${piece}.`],
            next: 'We will write again when the revised design is approved.',
          }
        : {
            heading: 'Your commission is accepted: design begins',
            paragraphs: [`A designer has accepted your enquiry and is now designing your ${piece}.`],
            next: 'We will write again when the design and its price are settled.',
          };
    case 'SOURCING':
      return {
        heading: revised ? 'We are sourcing your metal again' : 'Your design is approved: sourcing certified metal',
        paragraphs: [
          `We are now sourcing certified ${SCHEME_NAMES[c.metal.scheme]} ${c.metal.metal}, traceable to the mine that produced it.`,
        ],
        facts: c.design ? [['Design', c.design.summary], ['Price', formatMoney(c.design.price)]] : [],
        next: 'We will tell you where your metal comes from as soon as it is sourced.',
      };
    case 'MAKING': {
      const s = c.sourcing;
      return {
        heading: s ? `Your metal is sourced from ${s.origin.name}, ${s.origin.country}` : 'Your piece is being made',
        paragraphs: [
          revised
            ? `We are making your ${piece} again (revision ${c.revision}).`
            : `Your ${piece} is now being made at the bench.`,
        ],
        facts: s
          ? [
              ['Metal', `${s.fineness} ${SCHEME_NAMES[s.scheme]} ${s.metal}, ${s.weightGrams} g`],
              ['Mine', `${s.origin.name}, ${s.origin.country}`],
              ['Lot', s.lotReference],
            ]
          : [],
        next: 'Once made, your piece is sent for hallmarking; we will tell you when it is ready to deliver.',
      };
    }
    case 'DELIVERY':
      return {
        heading: 'Your piece is made and hallmarked',
        paragraphs: [`Your ${piece} is finished and has been hallmarked.`],
        facts: c.making ? [['Hallmark', c.making.hallmark]] : [],
        next: 'We are preparing its delivery and will send the details.',
      };
    case 'COMPLETED': {
      const d = c.delivery;
      const s = c.sourcing;
      const delivered: [string, string][] =
        d?.method === 'courier'
          ? [['Courier', d.carrier ?? ''], ['Tracking number', d.trackingNumber ?? '']]
          : [['Delivery', 'Ready for collection at the studio']];
      return {
        heading: d?.method === 'courier' ? 'Your piece is on its way' : 'Your piece is ready to collect',
        paragraphs: [
          `Your ${piece} is complete. Thank you for commissioning it from us.`,
          ...(s ? [provenanceClaim({ scheme: s.scheme, metal: s.metal, schemeMark: c.making?.schemeMark, origin: s.origin }).statement] : []),
        ],
        facts: [
          ...delivered,
          ...(s
            ? ([
                ['Metal', `${s.fineness} ${SCHEME_NAMES[s.scheme]} ${s.metal}, ${s.weightGrams} g`],
                ['Mined by', `${s.origin.name}, ${s.origin.country}`],
                ['Lot', s.lotReference],
              ] as [string, string][])
            : []),
          ...(c.making ? ([['Hallmark', c.making.hallmark]] as [string, string][]) : []),
          ...(s?.premium?.amountUsd !== undefined
            ? ([['Premium to the miners', formatUsd(s.premium.amountUsd)]] as [string, string][])
            : []),
        ],
        ...(links.certificateUrl && { link: { label: 'Your certificate of provenance', href: links.certificateUrl } }),
      };
    }
    case 'CANCELLED':
      return {
        heading: 'Your commission has been cancelled',
        paragraphs: [`Your commission for a ${piece} has been cancelled. If this is unexpected, simply reply to this email.`],
      };
  }
}

/** The studio's email: a stage awaits a designer's decision. */
export function studioAwaitingEmail(c: Commission, studio: string): EmailMessage {
  const ref = shortReference(c.id);
  const stage = c.stage as OpenStage;
  return {
    to: studio,
    subject: headerSafe(`${STAGE_LABELS[stage]} awaits a decision (ref ${ref})`),
    ...layout(
      {
        heading: `${STAGE_LABELS[stage]} awaits a decision`,
        paragraphs: [`A ${pieceName(c)} in ${metalName(c)} is waiting for a designer.`],
        facts: [
          ['Reference', ref],
          ['Commission', c.id],
          ['Stage', `${stage} (revision ${c.revision})`],
        ],
        next: 'Approve, request changes or cancel from the designer console.',
      },
      'Hello studio,',
    ),
  };
}

export type ChaseAction = 'remind' | 'escalate';

/** The studio's reminder (or escalation) about an overdue decision. */
export function studioChaseEmail(c: Commission, studio: string, action: ChaseAction, chase: number): EmailMessage {
  const ref = shortReference(c.id);
  const label = STAGE_LABELS[c.stage as OpenStage] ?? c.stage;
  const heading = action === 'escalate' ? `Escalation: ${label} is overdue` : `Reminder: ${label} awaits a decision`;
  return {
    to: studio,
    subject: headerSafe(`${heading} (ref ${ref})`),
    ...layout(
      {
        heading,
        paragraphs: [
          action === 'escalate'
            ? `This commission has waited through ${chase - 1} reminders without a decision. Please assign it to a designer today.`
            : `This commission has been waiting for a decision since ${c.awaiting?.since ?? c.stageEnteredAt}.`,
        ],
        facts: [
          ['Reference', ref],
          ['Commission', c.id],
          ['Stage', `${c.stage} (revision ${c.revision})`],
        ],
      },
      'Hello studio,',
    ),
  };
}

/** The studio's alert that a commission's workflow stopped. */
export function studioFailureEmail(commissionId: string, studio: string, reason: string): EmailMessage {
  const ref = shortReference(commissionId);
  return {
    to: studio,
    subject: headerSafe(`Action needed: commission ${ref} stopped`),
    ...layout(
      {
        heading: 'A commission stopped and needs attention',
        paragraphs: [reason],
        facts: [
          ['Reference', ref],
          ['Commission', commissionId],
        ],
        next: "Check the commission's history in the console; the customer has not been told anything new.",
      },
      'Hello studio,',
    ),
  };
}

/** The studio's alert that a customer could not be emailed (SES refused the address). */
export function studioEmailFailedEmail(commissionId: string, studio: string, stage: Stage, reason: string): EmailMessage {
  const ref = shortReference(commissionId);
  return {
    to: studio,
    subject: headerSafe(`Action needed: could not email the customer of ${ref}`),
    ...layout(
      {
        heading: 'We could not email a customer',
        paragraphs: [`SES refused the customer's ${stage} email (${reason}). The commission carries on; please contact the customer another way and check their address.`],
        facts: [
          ['Reference', ref],
          ['Commission', commissionId],
          ['Stage', stage],
        ],
      },
      'Hello studio,',
    ),
  };
}

export const STAGE_LABELS: Record<Stage, string> = {
  ENQUIRY: 'An enquiry',
  DESIGN: 'A design',
  SOURCING: 'Metal sourcing',
  MAKING: 'Making',
  DELIVERY: 'Delivery',
  COMPLETED: 'A completed commission',
  CANCELLED: 'A cancelled commission',
};
