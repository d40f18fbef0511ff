/** The customer's email on entering each stage, and the same words for the status page. */
import { provenanceClaim, type ProvenanceClaim } from '#domain/claims';
import { formatMoney, hallmarkPhrase, metalName, pieceName, SCHEME_NAMES, shortReference, sourcedMetal } from '#domain/labels';
import type { Commission, SourcingRecord } from '#domain/schemas';
import { headerSafe, layout, type EmailMessage, type Section } from './render.ts';

/** Links a customer email may carry. */
export interface CustomerLinks {
  /** The signed, expiring link to the commission's status page. */
  statusUrl?: string;
  /** The provenance certificate of a completed piece. */
  certificateUrl?: string;
}

/** The customer's email on entering a stage (or a new revision of it). */
export function customerStageEmail(c: Commission, links: CustomerLinks = {}): EmailMessage {
  const ref = shortReference(c.id);
  const section = customerSection(c, pieceName(c));
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
        heading: s ? sourcedHeading(s) : 'Your piece is being made',
        paragraphs: [
          revised
            ? `We are making your ${piece} again (revision ${c.revision}).`
            : `Your ${piece} is now being made at the bench.`,
        ],
        facts: s
          ? [
              ['Metal', sourcedMetal(s)],
              ...sourcingFacts(s),
            ]
          : [],
        next: 'Once made, your piece is sent for hallmarking; we will tell you when it is ready to deliver.',
      };
    }
    case 'DELIVERY':
      return {
        heading: 'Your piece is made and hallmarked',
        paragraphs: [`Your ${piece} is finished and has been hallmarked.`],
        facts: c.making ? [['Hallmark', hallmarkPhrase(c.making.hallmark)]] : [],
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
          ...(s ? [provenanceClaim(s, c.making).statement] : []),
        ],
        facts: [
          ...delivered,
          ...(s
            ? ([
                ['Metal', sourcedMetal(s)],
                ...sourcingFacts(s),
              ] as [string, string][])
            : []),
          ...(c.making ? ([['Hallmark', hallmarkPhrase(c.making.hallmark)]] as [string, string][]) : []),
          ...premiumFacts(s ? provenanceClaim(s, c.making).premium : undefined),
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

/** The mine (only where the claim may name it) and the lot. */
function sourcingFacts(s: SourcingRecord): [string, string][] {
  const mine = provenanceClaim(s).mine;
  return [...(mine ? ([['Mined by', mine]] as [string, string][]) : []), ...('lotReference' in s ? ([['Lot', s.lotReference]] as [string, string][]) : [])];
}

const premiumFacts = (p: ProvenanceClaim['premium']): [string, string][] => (p ? [[p.label, p.amount]] : []);

/** Where the metal is from, where the claim may name the mine; else the claim's headline. */
function sourcedHeading(s: SourcingRecord): string {
  const claim = provenanceClaim(s);
  return claim.mine ? `Your metal is sourced from ${claim.mine}` : claim.headline;
}
