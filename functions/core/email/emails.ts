/**
 * Every email the system sends, as HTML and plain text. Customer-supplied text reaches HTML only
 * through the `html` template tag, which escapes every interpolated value; subjects are single
 * lines so nothing can smuggle a header (reliability rule 6).
 */
import { formatUsd, provenanceClaim, SCHEME_NAMES } from '#domain/claims';
import { escapeHtml, html, SafeHtml } from '#lib/html';
export { html } from '#lib/html';
import { EMAIL_PARTS } from './layout.generated.ts';
import type { Commission, Money, OpenStage, Stage } from '#domain/schemas';

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

/** A block of its own below the facts (a heading and paragraphs), e.g. the metal's provenance. */
export interface ExtraSection {
  heading: string;
  paragraphs: string[];
}

interface Section {
  heading: string;
  paragraphs: string[];
  facts?: [string, string][];
  /** Extra blocks, in order, after the facts. */
  sections?: ExtraSection[];
  next?: string;
  /** Buttons, e.g. to the status page. Only links that are safe to follow by anyone (GET, no side effects). */
  actions?: { url: string; label: string; note?: string }[];
}

/** The email's footer line (every email). */
const FOOTER = 'Bespoke commissions · Fairtrade and Fairmined gold, silver and platinum · Reply to this email to reach the studio.';

/** Fills `%%SLOT%%`s in one pass, so a value can never be read as another slot. */
function fill(part: string, values: Record<string, SafeHtml | string>): string {
  return part.replace(/%%([A-Z_]+)%%/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`email layout slot ${whole} has no value`);
    return value instanceof SafeHtml ? value.value : escapeHtml(value);
  });
}

/**
 * The HTML from the MJML layout's compiled parts (layout.generated.ts): only the parts this
 * email uses, every slot escaped; and the plain-text alternative with the same content.
 */
function layout(section: Section, greeting: string, signOff = 'With warm regards,\nThe studio'): { html: string; text: string } {
  const facts = section.facts ?? [];
  const paragraphs = (items: string[]) => html`${items.map((p) => html`<p>${p}</p>`)}`;
  const parts = [
    fill(EMAIL_PARTS.head, { TITLE: section.heading, PREVIEW: section.paragraphs[0] ?? section.heading }),
    fill(EMAIL_PARTS.intro, { HEADING: section.heading, GREETING: greeting, PARAGRAPHS: paragraphs(section.paragraphs) }),
    facts.length > 0 &&
      fill(EMAIL_PARTS.facts, { FACT_ROWS: html`${facts.map(([k, v]) => html`<tr><td class="k">${k}</td><td>${v}</td></tr>`)}` }),
    ...(section.sections ?? []).map((extra) =>
      fill(EMAIL_PARTS.section, { SECTION_HEADING: extra.heading, SECTION_BODY: paragraphs(extra.paragraphs) }),
    ),
    section.next && fill(EMAIL_PARTS.next, { NEXT: section.next }),
    ...(section.actions ?? []).map((action) =>
      fill(EMAIL_PARTS.action, { ACTION_URL: action.url, ACTION_LABEL: action.label, ACTION_NOTE: action.note ?? '' }),
    ),
    fill(EMAIL_PARTS.footer, { SIGN_OFF: html`${signOff.split('\n').map((line, i) => html`${i > 0 && html`<br>`}${line}`)}`, FOOTER }),
  ];
  const text = [
    section.heading,
    '',
    greeting,
    '',
    ...section.paragraphs.flatMap((p) => [p, '']),
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(facts.length > 0 ? [''] : []),
    ...(section.sections ?? []).flatMap((extra) => [extra.heading, ...extra.paragraphs, '']),
    ...(section.next ? [`What happens next: ${section.next}`, ''] : []),
    ...(section.actions ?? []).flatMap((action) => [`${action.label}: ${action.url}`, ...(action.note ? [action.note] : []), '']),
    signOff,
    '',
    '--',
    FOOTER,
  ].join('\n');
  return { html: parts.filter((p): p is string => typeof p === 'string').join('\n'), text };
}

/** Links a customer email may carry. */
export interface CustomerLinks {
  /** The signed, expiring link to the commission's status page. */
  statusUrl?: string;
  /** The provenance certificate of a completed piece. */
  certificateUrl?: string;
}

/** The customer's email on entering a stage (or a new revision of it). */
export function customerStageEmail(c: Commission, links: CustomerLinks = {}): EmailMessage {
  const piece = pieceName(c);
  const ref = shortReference(c.id);
  const section = customerSection(c, piece);
  const actions = [
    ...(links.certificateUrl
      ? [{ url: links.certificateUrl, label: 'Your certificate of provenance', note: 'Where your metal was mined, and what the miners were paid: a page you can print or share.' }]
      : []),
    ...(links.statusUrl
      ? [{ url: links.statusUrl, label: 'Follow your commission', note: 'Your private link: it shows where your piece is, and what comes next.' }]
      : []),
  ];
  return {
    to: c.customer.email,
    subject: headerSafe(`${section.heading} (ref ${ref})`),
    ...layout(
      { ...section, facts: [['Reference', ref], ...(section.facts ?? [])], ...(actions.length > 0 && { actions }) },
      `Dear ${c.customer.name},`,
    ),
  };
}

/** What the customer is told about the commission's current stage (the email's words; the status page reuses them). */
export function customerStageSummary(c: Commission): { heading: string; paragraphs: string[]; next?: string } {
  const { heading, paragraphs, next } = customerSection(c, pieceName(c));
  return { heading, paragraphs, ...(next && { next }) };
}

function customerSection(c: Commission, piece: string): Section {
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
      'Sent by the commissions workflow',
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
      'Sent by the commissions workflow',
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
      'Sent by the commissions workflow',
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
      'Sent by the commissions workflow',
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
