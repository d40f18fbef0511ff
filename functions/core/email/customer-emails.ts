/** The customer's email on entering each stage, and the same words for the status page. */
import { askedMetal, formatMoney, pieceName, shortReference } from '#domain/labels';
import { depositAmount } from '#domain/proposals';
import type { Commission, Proposal } from '#domain/schemas';
import { hallmarkFacts, provenanceBlock, type ProvenanceBlock } from './provenance.ts';
import { headerSafe, layout, type EmailMessage, type Section } from './render.ts';

/** Links a customer email may carry. */
export interface CustomerLinks {
  /** The signed, expiring link to the commission's status page. */
  statusUrl?: string;
  /** The provenance certificate of a completed piece. */
  certificateUrl?: string;
}

/** The customer's email on entering a stage (or a new revision of it); only while the record holds their address. */
export function customerStageEmail(c: Commission, links: CustomerLinks = {}): EmailMessage {
  // An erased record (core/domain/erasure.ts) has no one to write to: enter-stage checks first.
  if (!c.customer) throw new Error(`The customer's details of commission ${c.id} were erased`);
  const ref = shortReference(c.id);
  const section = customerSection(c, pieceName(c));
  const actions = [
    ...(links.certificateUrl
      ? [{ url: links.certificateUrl, label: 'Your certificate of provenance', note: 'What is recorded about your piece’s metal, hallmark and stones: a page you can print or share.' }]
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

/**
 * The only email an unconfirmed enquiry causes: to the address given, asking its owner to confirm.
 * Anyone can submit an enquiry naming any address, so it carries nothing the sender chose but
 * that address: no name (no "Dear …"), no description; the piece and the metal are the form's
 * fixed choices. Its one link is ours, to a page where a button confirms (opening it confirms
 * nothing: mail scanners follow links).
 */
export function enquiryConfirmationEmail(c: Commission, confirmUrl: string): EmailMessage {
  if (!c.customer) throw new Error(`The customer's details of commission ${c.id} were erased`);
  const ref = shortReference(c.id);
  const heading = 'Please confirm your enquiry';
  return {
    to: c.customer.email,
    subject: headerSafe(`${heading} (ref ${ref})`),
    ...layout(
      {
        heading,
        paragraphs: [
          `Someone, we hope you, asked us through our website to make a ${pieceName(c)} in ${askedMetal(c.metal)}, and gave this email address.`,
          'We start work on an enquiry only once it is confirmed. If it was not you, ignore this email: the enquiry is deleted in 7 days and we will not write again.',
        ],
        facts: [['Reference', ref]],
        actions: [{ url: confirmUrl, label: 'Confirm my enquiry', note: 'Opens a page with the enquiry and a button to confirm it. The link works for 7 days.' }],
      },
      'Hello,',
    ),
  };
}

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

function customerSection(c: Commission, piece: string): Section {
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

/**
 * A designer replaced the customer's status link (the old one was forwarded, say): the new link,
 * and that the old ones no longer open the page.
 */
export function statusLinkRenewedEmail(c: Commission, statusUrl: string): EmailMessage {
  if (!c.customer) throw new Error(`The customer's details of commission ${c.id} were erased`);
  const ref = shortReference(c.id);
  return {
    to: c.customer.email,
    subject: headerSafe(`A new link to follow your commission (ref ${ref})`),
    ...layout(
      {
        heading: 'Your new private link',
        paragraphs: [
          `We have replaced the private link to the page of your ${pieceName(c)}. The links in our earlier emails no longer open it; this one does.`,
        ],
        facts: [['Reference', ref]],
        actions: [{ url: statusUrl, label: 'Follow your commission', note: 'Your private link: please do not forward it.' }],
      },
      `Dear ${c.customer.name},`,
    ),
  };
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

/**
 * The studio proposes a design (or a revised one): what it is, its price and deposit, and that
 * the customer approves or asks for changes on their page — never by replying, so the answer is
 * recorded once. `reminder` (1, 2): the same proposal, still unanswered.
 */
export function proposalEmail(c: Commission, p: Proposal, statusUrl: string, reminder?: number): EmailMessage {
  if (!c.customer) throw new Error(`The customer's details of commission ${c.id} were erased`);
  const ref = shortReference(c.id);
  const heading = reminder
    ? 'A reminder: your design awaits your answer'
    : p.revision > 1
      ? 'Your revised design is ready for you'
      : 'Your design is ready for you';
  return {
    to: c.customer.email,
    subject: headerSafe(`${heading} (ref ${ref})`),
    ...layout(
      {
        heading,
        paragraphs: [
          reminder
            ? `We proposed a design for your ${pieceName(c)} and have not yet heard from you. It is waiting for you on your page.`
            : `Your designer proposes this design for your ${pieceName(c)}.`,
          'Approve it or ask for changes on your page. When you approve it, the deposit is due and we buy the metal.',
        ],
        facts: [['Reference', ref], ...proposalFacts(p)],
        actions: [{ url: statusUrl, label: 'See your design', note: 'Your private link: approve the design or ask for changes there.' }],
        next: 'A proposal not answered within 60 days lapses; your designer can propose it again.',
      },
      `Dear ${c.customer.name},`,
    ),
  };
}
