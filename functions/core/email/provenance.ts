/**
 * What the customer is told about a piece's metal, hallmark and stones: one block of words that
 * the completion email, the status page and the certificate all show. The claim itself (headline,
 * statement, and whether a mark, a mine or a premium may be named) is decided in
 * core/domain/claims.ts from the studio's licence and the lot's traceability; this module only
 * lays out what the claim allows and the recorded facts that need no licence to state (weight,
 * lot, refiner, assay, hallmark, stones).
 *
 * Rules kept here: the mine, its certifier and the check of its certificate appear only when the
 * claim names the mine; the mark only when the claim names it; the premium only when the claim
 * gives one, under the claim's label. A fact that was not recorded is said to be not recorded,
 * never filled in. Old records (a hallmark as one line of text, no traceability or licence, a
 * premium without its method) still render.
 */
import { provenanceClaim, type ClaimSource, type ProvenanceClaim } from '#domain/claims';
import { SCHEME_NAMES } from '#domain/labels';
import { FINENESS_PER_MILLE } from '#domain/schemas';
import type { MakingRecord, Stone } from '#domain/schemas';

/** A sourcing as the block needs it: a stored SourcingRecord or the certificate's snapshot of one. */
export type ProvenanceSource = ClaimSource & {
  lotReference?: string | undefined;
  origin?:
    | (NonNullable<ClaimSource['origin']> & {
        certifier?: string | undefined;
        /** On a certificate's snapshot. */
        firstCertified?: string | undefined;
        /** On a stored sourcing record. */
        certification?:
          | { firstCertified?: string | undefined; verification: { certificateReference: string; checkedOn: string; validUntil: string } | null }
          | undefined;
      })
    | undefined;
};

/** The making as the block needs it: hallmark (structured, exempt, or an old record's text), mark, stones. */
export type ProvenanceMaking = Pick<MakingRecord, 'hallmark' | 'schemeMark' | 'stones'>;

export interface ProvenanceBlock {
  claim: ProvenanceClaim;
  /** Label and value, in order. */
  facts: [string, string][];
  /** Sentences that qualify the facts (the premium's basis, a diamond's System of Warranties statement). */
  notes: string[];
}

const ASSAY_OFFICES = {
  london: 'London Assay Office',
  birmingham: 'Birmingham Assay Office',
  sheffield: 'Sheffield Assay Office',
  edinburgh: 'Edinburgh Assay Office',
} as const;

const NOT_RECORDED = 'not recorded';

export function provenanceBlock(sourcing: ProvenanceSource, making?: ProvenanceMaking): ProvenanceBlock {
  const claim = provenanceClaim(sourcing, making && { schemeMark: making.schemeMark });
  const facts: [string, string][] = [];
  const notes: string[] = [];
  // The scheme (or "recycled") is named in the metal's row only where the claim itself names it:
  // whether it may be named at all is the claim's to decide (a studio with no licence may not).
  const scheme = sourcing.scheme === 'customer-own' ? undefined : SCHEME_NAMES[sourcing.scheme];
  const named = scheme !== undefined && `${claim.headline} ${claim.statement}`.includes(scheme) ? `${scheme} ` : '';
  const perMille = FINENESS_PER_MILLE[sourcing.fineness];
  facts.push([
    'Metal',
    `${sourcing.fineness.endsWith('ct') ? `${sourcing.fineness} ${named}${sourcing.metal} (fineness ${perMille})` : `${named}${sourcing.metal}, fineness ${perMille}`}, ${sourcing.weightGrams} g`,
  ]);
  if (claim.mark) facts.push(['Scheme mark', `${capitalise(claim.mark)}, struck on the piece`]);
  if (claim.mine) {
    facts.push(['Mined by', claim.mine]);
    const origin = sourcing.origin;
    if (origin?.certifier) facts.push(['Mine certified by', origin.certifier]);
    const firstCertified = origin?.firstCertified ?? origin?.certification?.firstCertified;
    if (firstCertified) facts.push(['Mine first certified', firstCertified]);
    const verification = origin?.certification?.verification;
    if (verification) {
      facts.push(['Mine’s certificate', `${verification.certificateReference}, checked ${verification.checkedOn}, valid until ${verification.validUntil}`]);
    }
  }
  if (sourcing.scheme === 'recycled') {
    facts.push(['Refiner', sourcing.refiner ?? NOT_RECORDED]);
    facts.push(['Recycled-content certificate', sourcing.certificateReference ?? NOT_RECORDED]);
  } else if (sourcing.scheme === 'customer-own') {
    facts.push(['Assay', sourcing.assay ? `${sourcing.assay.reference}, by ${sourcing.assay.assayedBy}` : NOT_RECORDED]);
  } else if (sourcing.certificateReference) {
    facts.push(['Lot’s certificate', sourcing.certificateReference]);
  }
  if (sourcing.supplier) facts.push(['Supplier', sourcing.supplier]);
  if (sourcing.lotReference) facts.push(['Lot', sourcing.lotReference]);
  if (claim.premium) {
    facts.push([claim.premium.label, claim.premium.amount]);
    if (claim.premium.note) notes.push(claim.premium.note);
  }
  if (making) {
    facts.push(...hallmarkFacts(making.hallmark));
    for (const [index, stone] of (making.stones ?? []).entries()) {
      const label = making.stones!.length === 1 ? 'Stone' : `Stone ${index + 1}`;
      facts.push([label, stoneText(stone)]);
      if (stone.systemOfWarranties) facts.push([`${label}: System of Warranties`, stone.systemOfWarranties]);
    }
  }
  return { claim, facts, notes };
}

/** The hallmark as rows: its four parts, the exemption by weight, or an old record's one line. */
export function hallmarkFacts(hallmark: ProvenanceMaking['hallmark']): [string, string][] {
  if (typeof hallmark === 'string') return [['Hallmark', hallmark]];
  if ('exempt' in hallmark) {
    return [['Hallmark', `Exempt from hallmarking: under the legal weight (the piece weighs ${hallmark.pieceWeightGrams} g)`]];
  }
  return [
    ['Sponsor’s mark', hallmark.sponsorMark],
    ['Assay office', hallmark.assayOffice === 'other' ? (hallmark.assayOfficeName ?? NOT_RECORDED) : ASSAY_OFFICES[hallmark.assayOffice]],
    ['Fineness mark', hallmark.finenessMark],
    ['Date letter', hallmark.dateLetter ?? NOT_RECORDED],
  ];
}

/** "Lab-grown diamond, 0.5 ct, grown in India, grading report IGI 123": lab-grown is always said, and what is not known says so. */
function stoneText(stone: Stone): string {
  const name = stone.type === 'other' ? (stone.typeName ?? 'stone') : stone.type;
  const where =
    stone.origin === 'lab-grown'
      ? stone.countryOfOrigin
        ? `grown in ${stone.countryOfOrigin}`
        : 'where it was grown not recorded'
      : stone.countryOfOrigin
        ? `from ${stone.countryOfOrigin}`
        : 'country of origin not known';
  return [
    `${stone.origin === 'lab-grown' ? 'Lab-grown' : 'Natural'} ${name.toLowerCase()}`,
    ...(stone.caratWeight !== undefined ? [`${stone.caratWeight} ct`] : []),
    where,
    stone.gradingReport ? `grading report ${stone.gradingReport.laboratory} ${stone.gradingReport.number}` : 'no grading report',
  ].join(', ');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
