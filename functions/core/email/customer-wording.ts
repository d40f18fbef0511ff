/**
 * What the customer is told about their commission, in words the emails and the status page share:
 * each stage's heading, paragraphs and facts, and a design proposal's facts. Apart from the emails
 * themselves (./customer-emails.ts), so the status page does not carry the email layout.
 */
import { askedMetal, formatMoney, pieceName } from '#domain/labels';
import { depositAmount } from '#domain/proposals';
import type { Commission, Proposal } from '#domain/schemas';
import { hallmarkFacts, provenanceBlock, type ProvenanceBlock } from './provenance.ts';
import type { Section } from './render.ts';

/** What the customer is told about the commission's current stage (the email's words; the status page reuses them). */
export function customerStageSummary(c: Commission): { heading: string; paragraphs: string[]; next?: string } {
  const { heading, paragraphs, next } = customerSection(c, pieceName(c));
  return { heading, paragraphs, ...(next && { next }) };
}



/** The provenance block as an email section: the claim's headline and statement, the facts, the small print. */
const provenanceSection = (block: ProvenanceBlock) => ({
  heading: block.claim.headline,
  paragraphs: [block.claim.statement],
  facts: block.facts,
  notes: block.notes,
});

export function customerSection(c: Commission, piece: string): Section {
  const revised = c.revision > 1;
  switch (c.stage) {
    case 'ENQUIRY':
      return {
        heading: 'We have received your enquiry',
        paragraphs: [`Thank you for asking us to make your ${piece} in ${askedMetal(c.metal)}.`],
        next: 'One of our designers will read your enquiry and reply within a few working days.',
      };
    case 'DESIGN': {
      // After a proposal of the revision before: the customer asked for changes, or it lapsed unanswered.
      const last = c.proposal?.revision === c.revision - 1 ? c.proposal.status : undefined;
      if (last === 'lapsed') {
        return {
          heading: 'Your design proposal has lapsed',
          paragraphs: [
            `We did not hear from you about the design we proposed for your ${piece}, so after 60 days that proposal has lapsed: it can no longer be approved.`,
            'Nothing is lost. If you would still like your piece, reply to this email and your designer will propose it again.',
          ],
        };
      }
      if (last === 'changes-requested') {
        return {
          heading: 'We are revising your design',
          paragraphs: [`Thank you for your thoughts on the design. Your designer is working on revision ${c.revision} of the design for your ${piece}.`],
          next: 'We will send you the revised design to approve.',
        };
      }
      return revised
        ? {
            heading: 'We are revising your design',
            paragraphs: [`Your designer is working on revision ${c.revision} of the design for your ${piece}.`],
            next: 'We will send you the revised design to approve.',
          }
        : {
            heading: 'Your commission is accepted: design begins',
            paragraphs: [`A designer has accepted your enquiry and is now designing your ${piece}.`],
            next: 'We will send you the design and its price to approve.',
          };
    }
    case 'SOURCING': {
      const own = c.metal.scheme === 'customer-own';
      return {
        heading: own
          ? revised
            ? 'We are weighing and assaying your metal again'
            : 'Your design is approved: we weigh and assay your metal'
          : revised
            ? 'We are sourcing your metal again'
            : 'Your design is approved: sourcing your metal',
        paragraphs: [
          own
            ? `We weigh the ${c.metal.metal} you give us and have it assayed, so that we know exactly what your ${piece} will be made from.`
            : // The scheme is not named: what may be said of the metal depends on the lot and the studio's licence, known once it is bought.
              `We are now buying the ${c.metal.metal} for your ${piece}, and checking the documents that come with it.`,
        ],
        facts: c.design ? [['Design', c.design.summary], ['Price', formatMoney(c.design.price)]] : [],
        next: own
          ? 'We will write again once your metal is weighed and assayed, and your piece is being made.'
          : 'We will write again once the metal is bought, with what its documents show.',
      };
    }
    case 'MAKING': {
      const block = c.sourcing && provenanceBlock(c.sourcing);
      return {
        heading: block?.claim.mine ? `Your metal is sourced: mined by ${block.claim.mine}` : block ? 'Your metal is sourced: your piece is being made' : 'Your piece is being made',
        paragraphs: [
          revised
            ? `We are making your ${piece} again (revision ${c.revision}).`
            : `Your ${piece} is now being made at the bench.`,
        ],
        ...(block && { sections: [provenanceSection(block)] }),
        next: 'Once made, your piece is hallmarked where the law requires it; we will tell you when it is ready to deliver.',
      };
    }
    case 'DELIVERY': {
      const exempt = c.making !== undefined && typeof c.making.hallmark !== 'string' && 'exempt' in c.making.hallmark;
      return {
        heading: exempt ? 'Your piece is made' : 'Your piece is made and hallmarked',
        paragraphs: [
          exempt
            ? `Your ${piece} is finished. It weighs less than the legal threshold for hallmarking, so it is not hallmarked.`
            : `Your ${piece} is finished and has been hallmarked.`,
        ],
        facts: c.making ? hallmarkFacts(c.making.hallmark) : [],
        next: 'We are preparing its delivery and will send the details.',
      };
    }
    case 'COMPLETED': {
      const d = c.delivery;
      const block = c.sourcing && provenanceBlock(c.sourcing, c.making);
      const delivered: [string, string][] =
        d?.method === 'courier'
          ? [['Courier', d.carrier ?? ''], ['Tracking number', d.trackingNumber ?? '']]
          : [['Delivery', 'Ready for collection at the studio']];
      return {
        heading: d?.method === 'courier' ? 'Your piece is on its way' : 'Your piece is ready to collect',
        paragraphs: [`Your ${piece} is complete. Thank you for commissioning it from us.`],
        facts: delivered,
        ...(block && { sections: [provenanceSection(block)] }),
      };
    }
    case 'CANCELLED':
      return {
        heading: 'Your commission has been cancelled',
        paragraphs: [`Your commission for a ${piece} has been cancelled. If this is unexpected, simply reply to this email.`],
      };
  }
}

/** The proposal's facts, as the email and the status page show them. */
export function proposalFacts(p: Proposal): [string, string][] {
  const images = p.attachments.length;
  return [
    ['Design', p.summary],
    ['Price', formatMoney(p.price)],
    ['Deposit due on approval', `${formatMoney(depositAmount(p))} (${p.depositPercent}%)`],
    ...(images > 0 ? [['Images', `${images} on your page`] as [string, string]] : []),
  ];
}
