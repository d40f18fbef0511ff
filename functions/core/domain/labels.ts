/**
 * The words customers and designers read for the domain's values, in one place: emails, pages,
 * the certificate and the console all say "Fairmined Ecological", "Engagement ring" or
 * "18ct yellow Fairtrade gold" from here. Types only are imported: the console's browser bundle
 * includes this module, and must not pull in zod or the schemas.
 */
import type { HistoryEvent } from './history-events.ts';
import type { Commission, Fineness, Metal, MakingRecord, MetalChoice, Money, Piece, Scheme, Stage, Stone } from './schemas.ts';

export type { HistoryEvent } from './history-events.ts';

export const SCHEME_NAMES: Record<Scheme, string> = {
  fairtrade: 'Fairtrade',
  fairmined: 'Fairmined',
  'fairmined-ecological': 'Fairmined Ecological',
  recycled: 'recycled',
  'customer-own': "the customer's own",
};

/** A piece's kind as a label ("Engagement ring"); pieceName() gives it in a sentence. */
export const PIECE_NAMES: Record<Piece['kind'], string> = {
  'engagement-ring': 'Engagement ring',
  'wedding-band': 'Wedding band',
  bespoke: 'Bespoke piece',
};

/** The piece's kind within a sentence: "your engagement ring" (the names hold no proper nouns). */
export const pieceName = (c: { piece: Pick<Piece, 'kind'> }) => PIECE_NAMES[c.piece.kind].toLowerCase();

/** The studio's name for each stage: the console's queues, progress and timeline. */
export const STAGE_NAMES: Record<Stage, string> = {
  ENQUIRY: 'Enquiries',
  DESIGN: 'Design',
  SOURCING: 'Sourcing',
  MAKING: 'Making',
  DELIVERY: 'Delivery',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
};

/** A stage as the subject of a studio email's sentence: "<An enquiry> awaits a decision". */
export const STAGE_SUBJECTS: Record<Stage, string> = {
  ENQUIRY: 'An enquiry',
  DESIGN: 'A design',
  SOURCING: 'Metal sourcing',
  MAKING: 'Making',
  DELIVERY: 'Delivery',
  COMPLETED: 'A completed commission',
  CANCELLED: 'A cancelled commission',
};

/**
 * Each stage as the customer's status page names and explains it. Said of every commission, so
 * only what is true of every piece: whatever its metal (certified, recycled or the customer's
 * own), whatever its traceability, hallmarked or exempt by weight.
 */
export const CUSTOMER_STAGES: Record<Stage, { label: string; description: string }> = {
  ENQUIRY: { label: 'Enquiry received', description: 'A designer reads your enquiry.' },
  DESIGN: { label: 'Design', description: 'Your piece is designed and priced with you.' },
  SOURCING: { label: 'Metal', description: 'The metal for your piece is bought and its documents checked.' },
  MAKING: { label: 'Making', description: 'Made at the bench, then hallmarked where the law requires it.' },
  DELIVERY: { label: 'Delivery', description: 'Sent by courier or ready to collect.' },
  COMPLETED: { label: 'Completed', description: 'Your piece is yours.' },
  CANCELLED: { label: 'Cancelled', description: 'This commission was cancelled.' },
};

/** A history entry as the console's timeline shows it. */
export const HISTORY_EVENT_LABELS: Record<HistoryEvent, string> = {
  'enquiry-received': 'Enquiry received',
  'enquiry-confirmed': 'Enquiry confirmed by the customer',
  approved: 'Approved',
  'changes-requested': 'Changes requested',
  cancelled: 'Cancelled',
  proposed: 'Design proposed to the customer',
  'customer-reminded': 'Customer reminded of the proposal',
  'customer-not-answering': 'Studio told: the customer has not answered',
  'proposal-lapsed': 'Proposal lapsed unanswered',
  'decision-not-delivered': 'Decision not applied: the workflow had stopped waiting',
  'customer-notified': 'Customer emailed',
  'status-link-renewed': 'Status link replaced',
  'payment-recorded': 'Payment recorded',
  'email-failed': 'Email could not be sent',
  'studio-reminded': 'Studio reminded',
  escalated: 'Escalated: decision overdue',
  'workflow-failed': 'Workflow failed',
  'workflow-abandoned': 'Workflow gave up waiting',
  'personal-data-erased': 'Personal data erased',
};

/** An event's label; events this code no longer writes (old records) show as stored. */
export const historyEventLabel = (event: string) => HISTORY_EVENT_LABELS[event as HistoryEvent] ?? event;

/** The reference customers and designers quote: the id's first eight characters, upper case. */
export const shortReference = (id: string) => id.slice(0, 8).toUpperCase();

/** The metal asked for or sourced, as one phrase: "18ct yellow Fairtrade gold" (unknown parts left out). */
export const metalPhrase = (m: { scheme: Scheme; metal: Metal; fineness?: Fineness | undefined; colour?: MetalChoice['colour'] }) =>
  [m.fineness, m.colour, SCHEME_NAMES[m.scheme], m.metal].filter(Boolean).join(' ');

/** The enquiry's metal: "18ct yellow Fairtrade gold". */
export const metalName = (c: Pick<Commission, 'metal'>) => metalPhrase(c.metal);

/** Sourced metal with its weight: "18ct Fairtrade gold, 4.2 g". */
export const sourcedMetal = (s: { scheme: Scheme; metal: Metal; fineness: Fineness; weightGrams: number }) =>
  `${s.fineness} ${SCHEME_NAMES[s.scheme]} ${s.metal}, ${s.weightGrams} g`;

export const formatMoney = (m: Money) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: m.currency }).format(m.amount);

const ASSAY_OFFICES: Record<string, string> = {
  london: 'London Assay Office',
  birmingham: 'Birmingham Assay Office',
  sheffield: 'Sheffield Assay Office',
  edinburgh: 'Edinburgh Assay Office',
};

/** The hallmark in one line: "Birmingham Assay Office, 750, sponsor RL, date letter a"; old records hold it as text. */
export function hallmarkPhrase(hallmark: MakingRecord['hallmark']): string {
  if (typeof hallmark === 'string') return hallmark;
  if ('exempt' in hallmark) return `Not hallmarked: under the legal weight threshold (${hallmark.pieceWeightGrams} g)`;
  return [
    hallmark.assayOffice === 'other' ? (hallmark.assayOfficeName ?? 'Assay office') : ASSAY_OFFICES[hallmark.assayOffice],
    hallmark.finenessMark,
    `sponsor ${hallmark.sponsorMark}`,
    hallmark.dateLetter && `date letter ${hallmark.dateLetter}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** A stone in one line: "Lab-grown diamond, 0.5 ct, IGI report 123"; lab-grown is always said. */
export function stonePhrase(s: Stone): string {
  const kind = s.type === 'other' ? (s.typeName ?? 'stone') : s.type;
  return [
    `${s.origin === 'lab-grown' ? 'Lab-grown' : 'Natural'} ${kind}`,
    s.countryOfOrigin && `from ${s.countryOfOrigin}`,
    s.caratWeight !== undefined && `${s.caratWeight} ct`,
    s.gradingReport && `${s.gradingReport.laboratory} report ${s.gradingReport.number}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The metal the customer asked for, in a sentence: "18ct yellow Fairtrade gold", "recycled
 * silver", "your own 18ct gold" (the enquiry's words: what they chose, not a claim about a lot).
 */
export function askedMetal(m: MetalChoice, whose: 'your' | 'the customer’s' = 'your'): string {
  return m.scheme === 'customer-own' ? `${whose} own ${[m.fineness, m.colour, m.metal].filter(Boolean).join(' ')}` : metalPhrase(m);
}
