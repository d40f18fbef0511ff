/** The customer's emails: on entering each stage, the confirmation, the proposal, a renewed link (their words: ./customer-wording.ts). */
import { askedMetal, pieceName, shortReference } from '#domain/labels';
import type { Commission, Proposal } from '#domain/schemas';
import { customerSection, proposalFacts } from './customer-wording.ts';
import { headerSafe, layout, type EmailMessage } from './render.ts';

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
