/**
 * The metal's provenance as the record keeps it: what approving SOURCING and MAKING must say (the
 * certified, recycled and customer-own lots; the hallmark or its exemption; stones) and what is
 * stored from it (the origin as recorded, the premium, the studio's standing that day).
 */
import * as z from 'zod/mini';
import { CertifiedScheme, Fineness, Metal, Money, singleLine } from './schema-parts.ts';

const Grams = z.number().check(z.positive('Must be more than 0'), z.lte(10_000, 'Too large'));
/** A calendar day as YYYY-MM-DD. */
export const Day = z.iso.date('A date as YYYY-MM-DD');

/** The origin a certified lot came from: the registry's id, or its name and country. */
const OriginRef = z.union([
  z.strictObject({ id: z.string().check(z.regex(/^[a-z0-9-]{1,80}$/, 'Not an origin id')) }),
  z.strictObject({ name: singleLine(200), country: singleLine(200) }),
]);
type OriginRef = z.infer<typeof OriginRef>;

export const Traceability = z.enum(['physical', 'mass-balance']);
export type Traceability = z.infer<typeof Traceability>;

/** Metal certified under a scheme: from a registered origin, with the lot's own certificate. */
const CertifiedSourcingApproval = z.strictObject({
  scheme: CertifiedScheme,
  metal: Metal,
  fineness: Fineness,
  weightGrams: Grams,
  origin: OriginRef,
  /** Physical: this lot is kept separate from mine to piece; mass balance: certified metal bought into a mixed pool. */
  traceability: Traceability,
  /** The supplier's certificate or chain-of-custody document for this lot. */
  certificateReference: singleLine(200),
  supplier: singleLine(200),
  lotReference: singleLine(200),
  /** The premium as the supplier's invoice states it; when given, it wins over any estimate. */
  invoicedPremium: z.optional(Money),
  /** The market price used for a premium that is a share of it (Fairtrade silver and platinum). */
  marketPrice: z.optional(
    z.strictObject({ usdPerTroyOunce: z.number().check(z.positive('Must be more than 0'), z.lte(1_000_000, 'Too large')), on: Day }),
  ),
});

/** A refiner's recycled metal: its recycled-content certificate, no mine, no premium. */
const RecycledSourcingApproval = z.strictObject({
  scheme: z.literal('recycled'),
  metal: Metal,
  fineness: Fineness,
  weightGrams: Grams,
  refiner: singleLine(200),
  certificateReference: singleLine(200),
  lotReference: singleLine(200),
  supplier: z.optional(singleLine(200)),
});

/** The customer's own metal (an heirloom): weighed on receipt and assayed. */
const CustomerOwnSourcingApproval = z.strictObject({
  scheme: z.literal('customer-own'),
  metal: Metal,
  fineness: Fineness,
  /** The weight received from the customer. */
  weightGrams: Grams,
  assay: z.strictObject({ reference: singleLine(200), assayedBy: singleLine(200) }),
});

export const SourcingApproval = z.discriminatedUnion('scheme', [
  CertifiedSourcingApproval,
  RecycledSourcingApproval,
  CustomerOwnSourcingApproval,
]);
export type SourcingApproval = z.infer<typeof SourcingApproval>;
export type CertifiedSourcingApproval = z.infer<typeof CertifiedSourcingApproval>;

/** UK fineness marks (parts per thousand). */
const FinenessMark = z.enum(['375', '585', '750', '916', '925', '950', '958', '990', '999', '850', '900']);


/** A full UK hallmark: sponsor's mark, assay office, fineness mark, optional date letter. */
const Hallmark = z
  .strictObject({
    sponsorMark: singleLine(40),
    assayOffice: z.enum(['london', 'birmingham', 'sheffield', 'edinburgh', 'other']),
    assayOfficeName: z.optional(singleLine(120)),
    finenessMark: FinenessMark,
    dateLetter: z.optional(singleLine(10)),
  })
  .check(
    z.refine((h) => h.assayOffice !== 'other' || h.assayOfficeName !== undefined, {
      message: 'Name the assay office',
      path: ['assayOfficeName'],
    }),
  );

/** Below the legal weight threshold a piece need not be hallmarked. */
const HallmarkExemption = z.strictObject({ exempt: z.literal('under-weight'), pieceWeightGrams: Grams });

export const Stone = z
  .strictObject({
    type: z.enum(['diamond', 'sapphire', 'ruby', 'emerald', 'other']),
    typeName: z.optional(singleLine(80)),
    origin: z.enum(['natural', 'lab-grown']),
    countryOfOrigin: z.optional(singleLine(100)),
    caratWeight: z.optional(z.number().check(z.positive('Must be more than 0'), z.lte(1000, 'Too large'))),
    gradingReport: z.optional(z.strictObject({ laboratory: singleLine(100), number: singleLine(100) })),
    /** The supplier's World Diamond Council System of Warranties statement, as on the invoice. */
    systemOfWarranties: z.optional(singleLine(500)),
  })
  .check(
    z.refine((s) => s.type !== 'other' || s.typeName !== undefined, { message: 'Name the stone', path: ['typeName'] }),
    z.refine((s) => s.type !== 'diamond' || s.origin !== 'natural' || s.systemOfWarranties !== undefined, {
      message: "Required for a natural diamond: the supplier's System of Warranties statement",
      path: ['systemOfWarranties'],
    }),
  );
export type Stone = z.infer<typeof Stone>;

export const MakingApproval = z.strictObject({
  hallmark: z.union([HallmarkExemption, Hallmark]),
  /** The scheme's own mark was struck too: only a licensee may, on physically traceable metal (checked at approval). */
  schemeMark: z.optional(z.boolean()),
  stones: z.optional(z.array(Stone).check(z.maxLength(20, 'At most 20 stones'))),
});
export type MakingApproval = z.infer<typeof MakingApproval>;
type Hallmark = z.infer<typeof Hallmark>;

/**
 * The premium to the miners as recorded at sourcing approval (core/domain/premiums.ts): the
 * supplier's invoiced amount, an estimate of the piece's share, "not computed" with the reason,
 * or none (recycled and customer-own metal). Records from before `method` existed have `basis`.
 */
export const PremiumRecord = z.object({
  /** Fine metal content in grams (3 decimals). */
  fineGrams: z.number(),
  method: z.optional(z.enum(['invoiced', 'estimate', 'not-computed', 'none'])),
  /** USD, two decimals: the estimate of this piece's share. */
  amountUsd: z.optional(z.number()),
  invoiced: z.optional(Money),
  usdPerKgFine: z.optional(z.number()),
  /** A rate that is a share of the market price, in percent (with `marketPrice`, the price used). */
  percentOfMarket: z.optional(z.number()),
  marketPrice: z.optional(z.object({ usdPerTroyOunce: z.number(), on: z.string() })),
  /** Why there is no amount (not-computed) or no premium (none). */
  reason: z.optional(z.string()),
  /** Old records only: how the premium was set when it was not a fixed rate. */
  basis: z.optional(z.string()),
  rateAsOf: z.optional(z.string()),
  rateSource: z.optional(z.string()),
  rateUncertain: z.optional(z.string()),
});
export type PremiumRecord = z.infer<typeof PremiumRecord>;

/** A certifier's check of a certificate, as the registry recorded it. */
const RecordedVerification = z.object({
  certificateReference: z.string(),
  checkedOn: z.string(),
  checkedBy: z.string(),
  validUntil: z.string(),
});

/**
 * An origin as a sourcing record (and the certificate) keeps it: the registry's spelling,
 * certifier and the verification that made the approval possible. Old records have name and
 * country, perhaps a certifier and certificate reference, and no id.
 */
const RecordedOrigin = z.object({
  id: z.optional(z.string()),
  name: z.string(),
  country: z.string(),
  region: z.optional(z.string()),
  certifier: z.optional(z.string()),
  certificateReference: z.optional(z.string()),
  certification: z.optional(
    z.object({ firstCertified: z.optional(z.string()), verification: z.nullable(RecordedVerification) }),
  ),
});


/** The studio's licence for a scheme on a day (core/domain/licences.ts). */
export const Standing = z.object({
  kind: z.enum(['licensee', 'registered-goldsmith', 'none']),
  reference: z.optional(z.string()),
});
export type Standing = z.infer<typeof Standing>;

const SourcedOn = { sourcedOn: z.optional(z.string()) };

/**
 * The stored certified sourcing. `traceability`, `certificateReference` and `standing` are
 * optional only because records approved before they existed lack them; such records get the
 * modest general wording (core/domain/claims.ts).
 */
const CertifiedSourcingRecord = z.object({
  ...CertifiedSourcingApproval.shape,
  origin: RecordedOrigin,
  traceability: z.optional(Traceability),
  certificateReference: z.optional(z.string()),
  invoicedPremium: z.optional(Money),
  marketPrice: z.optional(z.object({ usdPerTroyOunce: z.number(), on: z.string() })),
  premium: z.optional(PremiumRecord),
  standing: z.optional(Standing),
  ...SourcedOn,
});
type CertifiedSourcingRecord = z.infer<typeof CertifiedSourcingRecord>;

const RecycledSourcingRecord = z.object({ ...RecycledSourcingApproval.shape, premium: PremiumRecord, ...SourcedOn });
const CustomerOwnSourcingRecord = z.object({ ...CustomerOwnSourcingApproval.shape, premium: PremiumRecord, ...SourcedOn });

/** The stored sourcing: the approval as recorded, with the origin, premium and standing of that day. */
export const SourcingRecord = z.discriminatedUnion('scheme', [CertifiedSourcingRecord, RecycledSourcingRecord, CustomerOwnSourcingRecord]);
export type SourcingRecord = z.infer<typeof SourcingRecord>;

/**
 * The stored making: the approval, plus the studio's standing for the sourced scheme that day.
 * Old records hold the hallmark as one line of text.
 */
export const MakingRecord = z.object({
  hallmark: z.union([z.string(), HallmarkExemption, Hallmark]),
  schemeMark: z.optional(z.boolean()),
  stones: z.optional(z.array(Stone)),
  standing: z.optional(Standing),
});
export type MakingRecord = z.infer<typeof MakingRecord>;
