/**
 * What we may say about a piece's metal, in one place: the emails, the status page and the
 * certificate all render `provenanceClaim()`. The wording follows three recorded facts
 * (docs/provenance.md, "What the studio may claim"):
 * - the studio's standing for the scheme on the day of sourcing (core/domain/licences.ts):
 *   a *licensee* may name the scheme and, on physically traceable metal, strike its mark; a
 *   Fairtrade *registered goldsmith* bought from a licensee, may not stamp, and uses the scheme's
 *   off-pack wording; with *no licence* the studio makes general statements only — no scheme
 *   mark, no licensee claim, no named certified miners;
 * - the lot's traceability: only physically traceable metal is named to its mine; mass-balance
 *   metal supports certified miners and cannot be traced to one mine;
 * - whether the mark was struck at MAKING (checked there against the licence).
 * Records approved before standing and traceability were recorded get the general wording:
 * nothing on them shows the studio was entitled to more.
 */
import { SCHEME_NAMES } from './labels.ts';
import type { CertifiedScheme, Fineness, Metal, Money, PremiumRecord, Scheme, Standing, Traceability } from './schemas.ts';

/** "USD 6.30" — premiums are always shown with two decimals. */
export const formatUsd = (amount: number) => `USD ${amount.toFixed(2)}`;

const formatMoney = (m: Money) => `${m.currency} ${m.amount.toFixed(2)}`;

export interface ProvenanceClaim {
  /** One line: "Fairtrade gold, stamped with the FAIRTRADE Mark". */
  headline: string;
  /** The sentences that go with it. */
  statement: string;
  /** "the FAIRTRADE Mark": only when struck, by a licensee, on physically traceable metal. */
  mark?: string;
  /** "SOTRAMI, Santa Filomena, Ayacucho, Peru": only physically traceable metal, and a licence. */
  mine?: string;
  /** The premium paid upstream; undefined when none applies or it may not be said. */
  premium?: { label: string; amount: string; note?: string };
}

/**
 * What a claim is made from: a stored SourcingRecord, or the certificate's snapshot of one
 * (which keeps only what may be shown publicly).
 */
export interface ClaimSource {
  scheme: Scheme;
  metal: Metal;
  fineness: Fineness;
  weightGrams: number;
  origin?: { name: string; country: string; region?: string | undefined } | undefined;
  traceability?: Traceability | undefined;
  standing?: Standing | undefined;
  premium?: PremiumRecord | undefined;
  supplier?: string | undefined;
  lotReference?: string | undefined;
  refiner?: string | undefined;
  certificateReference?: string | undefined;
  assay?: { reference: string; assayedBy: string } | undefined;
}

/** The scheme's mark as it is called. */
const MARK_NAMES: Record<CertifiedScheme, string> = {
  fairtrade: 'the FAIRTRADE Mark',
  fairmined: 'the Fairmined mark',
  'fairmined-ecological': 'the Fairmined Ecological mark',
};

/** What the scheme guarantees its miners: said only where the studio may name the scheme. */
const SCHEME_PROMISE: Record<CertifiedScheme, string> = {
  fairtrade: 'Fairtrade certified miners receive at least 95% of the market price and a Fairtrade Premium for their community.',
  fairmined:
    "Fairmined certified miners meet the Alliance for Responsible Mining's standard and receive a Fairmined Premium for their community.",
  'fairmined-ecological':
    'Fairmined Ecological metal is mined without mercury or cyanide, and its miners receive the Fairmined Ecological Premium.',
};

const PREMIUM_NAMES: Record<CertifiedScheme, string> = {
  fairtrade: 'Fairtrade Premium',
  fairmined: 'Fairmined Premium',
  'fairmined-ecological': 'Fairmined Ecological Premium',
};

/** "SOTRAMI, Santa Filomena, Ayacucho, Peru". */
const placeOf = (o: NonNullable<ClaimSource['origin']>) => [o.name, o.region, o.country].filter(Boolean).join(', ');

/** Whether a claim about this sourcing may name its mine: physical traceability and a licence. */
export function mayNameMine(s: ClaimSource): boolean {
  return (
    s.scheme !== 'recycled' &&
    s.scheme !== 'customer-own' &&
    s.traceability === 'physical' &&
    (s.standing?.kind === 'licensee' || s.standing?.kind === 'registered-goldsmith')
  );
}

/** Whether the claim may name the certified scheme at all (and so its premium): a licence for it. */
const mayNameScheme = (s: ClaimSource) =>
  s.traceability !== undefined && (s.standing?.kind === 'licensee' || s.standing?.kind === 'registered-goldsmith');

export function provenanceClaim(sourcing: ClaimSource, making?: { schemeMark?: boolean | undefined }): ProvenanceClaim {
  const { metal } = sourcing;
  if (sourcing.scheme === 'recycled') {
    const refiner = sourcing.refiner ? ` from ${sourcing.refiner}` : '';
    const certificate = sourcing.certificateReference ? ` (certificate ${sourcing.certificateReference})` : '';
    return {
      headline: `Made with recycled ${metal}`,
      statement:
        `This piece is made with recycled ${metal}${refiner}, whose certificate${certificate} covers its recycled content. ` +
        `Recycled metal has no mine of origin to name and carries no miners' premium.`,
    };
  }
  if (sourcing.scheme === 'customer-own') {
    const assay = sourcing.assay ? ` and assayed by ${sourcing.assay.assayedBy} (report ${sourcing.assay.reference})` : ' and assayed';
    return {
      headline: `Made from your own ${metal}`,
      statement:
        `This piece is made from your own ${metal}, weighed on receipt (${sourcing.weightGrams} g)${assay}. ` +
        `No mine is named and no miners' premium applies: the metal is yours.`,
    };
  }
  const scheme = sourcing.scheme;
  const schemeName = SCHEME_NAMES[scheme];
  if (!mayNameScheme(sourcing)) {
    // No licence (or an old record that does not show one): general statements only.
    return {
      headline: `${capitalise(metal)} from artisanal and small-scale mining`,
      statement:
        `The ${metal} for this piece came from artisanal and small-scale mining and was bought` +
        `${sourcing.supplier ? ` from ${sourcing.supplier}` : ''} with documents recording its origin.`,
    };
  }
  const standing = sourcing.standing!;
  const mine = mayNameMine(sourcing) && sourcing.origin ? placeOf(sourcing.origin) : undefined;
  const traced = mine
    ? ` It was mined by ${mine} and kept separate from mine to piece.`
    : ` It was bought under the scheme's mass-balance model: the purchase supports ${schemeName} certified miners, but the metal cannot be traced to one mine.`;
  const premium = premiumClaim(scheme, sourcing.premium);
  const claim = (headline: string, statement: string, mark?: string): ProvenanceClaim => ({
    headline,
    statement,
    ...(mark !== undefined && { mark }),
    ...(mine !== undefined && { mine }),
    ...(premium !== undefined && { premium }),
  });
  if (standing.kind === 'registered-goldsmith') {
    return claim(
      `Made with ${metal} bought from a ${schemeName} licensee`,
      `The studio is registered under the ${schemeName} Goldsmiths Registration Scheme and bought this ${metal} from a ${schemeName} licensee.` +
        `${traced} The piece does not carry ${MARK_NAMES[scheme]}: only a full licensee may strike it. ${SCHEME_PROMISE[scheme]}`,
    );
  }
  // A licensee. The mark only where it was struck, on physically traceable metal.
  const mark = making?.schemeMark === true && mine !== undefined ? MARK_NAMES[scheme] : undefined;
  if (mark) {
    return claim(
      `${schemeName} ${metal}, stamped with ${mark}`,
      `This piece carries ${mark}: its ${metal} is certified under the ${schemeName} scheme.${traced} ${SCHEME_PROMISE[scheme]}`,
      mark,
    );
  }
  if (mine) {
    return claim(
      `Made with ${schemeName} ${metal}`,
      `This piece is made with ${schemeName} certified ${metal}; it does not carry the scheme's mark.${traced} ${SCHEME_PROMISE[scheme]}`,
    );
  }
  return claim(`Supports ${schemeName} certified miners`, `The ${metal} for this piece was bought under the ${schemeName} scheme.${traced} ${SCHEME_PROMISE[scheme]}`);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The premium line: the supplier's invoiced figure, or the estimated share of the premium paid
 * upstream to the miners' organisation, or "not computed" with the reason. Never worded as paid
 * by the customer: the premium is part of what the studio paid for certified metal.
 */
function premiumClaim(scheme: CertifiedScheme, p: PremiumRecord | undefined): ProvenanceClaim['premium'] {
  if (!p || p.method === 'none') return undefined;
  const upstream = `paid upstream to the miners' organisation`;
  const rateNote = p.rateAsOf ? `rate as of ${p.rateAsOf}${p.rateUncertain ? ', not confirmed since' : ''}` : '';
  if (p.method === 'invoiced' && p.invoiced) {
    return { label: 'Premium invoiced by the supplier', amount: formatMoney(p.invoiced), note: `As the supplier's invoice states it, ${upstream}.` };
  }
  const label = `Estimated share of the ${PREMIUM_NAMES[scheme]} ${upstream}`;
  if (p.amountUsd !== undefined && (p.method === 'estimate' || p.method === undefined)) {
    const basis =
      p.usdPerKgFine !== undefined
        ? `USD ${p.usdPerKgFine.toLocaleString('en-GB')} per kg of fine metal × ${p.fineGrams} g`
        : p.percentOfMarket !== undefined && p.marketPrice
          ? `${p.percentOfMarket}% of USD ${p.marketPrice.usdPerTroyOunce.toFixed(2)} per troy ounce (price of ${p.marketPrice.on}) × ${p.fineGrams} g`
          : `${p.fineGrams} g of fine metal`;
    return { label, amount: formatUsd(p.amountUsd), note: rateNote ? `${basis}; ${rateNote}.` : `${basis}.` };
  }
  return {
    label: `${PREMIUM_NAMES[scheme]} ${upstream}`,
    amount: 'Not computed',
    note: p.reason ?? 'No rate and market price were recorded to compute it from.',
  };
}
