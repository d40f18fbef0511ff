/**
 * One zod schema per boundary: the enquiry and decision bodies (HTTP), the queue query, the
 * workflow task payloads, and the stored commission. Types come from the schemas.
 *
 * zod/mini rather than classic zod: the classic build does not tree-shake (~454 KB minified
 * against ~14 KB), and every function's cold start pays for what its bundle loads.
 */
import * as z from 'zod/mini';
// The English locale alone: `z.locales.en()` reaches through the namespace of every locale, which
// the bundler cannot tree-shake (~270 KB of messages in 40-odd languages in every bundle).
import en from 'zod/v4/locales/en.js';

z.config(en());

// ── building blocks ─────────────────────────────────────────────────────────────────────────

/** No control characters at all (so no CR/LF): for names, addresses, references. */
const SINGLE_LINE = /^[^\p{Cc}\u2028\u2029]*$/u;
/** Free text may have line breaks and tabs but no other control characters. */
const FREE_TEXT = /^(?:[^\p{Cc}\u2028\u2029]|[\r\n\t])*$/u;

// Checks run in order and z.trim() rewrites the value: control characters are refused before
// trimming, so a leading CR/LF is an error, not silently dropped.
export function singleLine(max: number, min = 1) {
  return z.string().check(
    z.regex(SINGLE_LINE, 'Must be a single line without control characters'),
    z.trim(),
    z.minLength(min, min === 1 ? 'Required' : `At least ${min} characters`),
    z.maxLength(max, `At most ${max} characters`),
  );
}

function freeText(max: number) {
  return z.string().check(
    z.regex(FREE_TEXT, 'Must not contain control characters'),
    z.trim(),
    z.minLength(1, 'Required'),
    z.maxLength(max, `At most ${max} characters`),
  );
}

export const STAGES = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY', 'COMPLETED', 'CANCELLED'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

/** Stages that wait for a designer's decision. */
export const OPEN_STAGES = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY'] as const;
export const OpenStage = z.enum(OPEN_STAGES);
export type OpenStage = z.infer<typeof OpenStage>;

/** The schemes that certify miners: metal under them comes from a registered, verified origin. */
export const CERTIFIED_SCHEMES = ['fairtrade', 'fairmined', 'fairmined-ecological'] as const;
export const CertifiedScheme = z.enum(CERTIFIED_SCHEMES);
export type CertifiedScheme = z.infer<typeof CertifiedScheme>;
/**
 * Every way the studio sources metal: a certified scheme, `recycled` (a refiner's recycled-content
 * claim) or `customer-own` (the customer's metal, weighed and assayed). The last two have no mine
 * and no premium.
 */
export const Scheme = z.enum([...CERTIFIED_SCHEMES, 'recycled', 'customer-own']);
export type Scheme = z.infer<typeof Scheme>;
export const isCertifiedScheme = (scheme: Scheme): scheme is CertifiedScheme =>
  (CERTIFIED_SCHEMES as readonly Scheme[]).includes(scheme);
export const Metal = z.enum(['gold', 'silver', 'platinum']);
export type Metal = z.infer<typeof Metal>;
export const Fineness = z.enum(['9ct', '14ct', '18ct', '22ct', '950', '925']);
export type Fineness = z.infer<typeof Fineness>;
/** Hallmarkable finenesses of each metal: carats for gold, parts per thousand otherwise. */
export const FINENESS_BY_METAL: Record<Metal, readonly Fineness[]> = {
  gold: ['9ct', '14ct', '18ct', '22ct'],
  platinum: ['950'],
  silver: ['925'],
};

/** Parts per thousand of fine metal, i.e. the hallmark's fineness mark (375, 585, 750, 916, 950, 925). */
export const FINENESS_PER_MILLE: Record<Fineness, number> = {
  '9ct': 375,
  '14ct': 585,
  '18ct': 750,
  '22ct': 916,
  '950': 950,
  '925': 925,
};

const Colour = z.enum(['yellow', 'white', 'rose']);
const Currency = z.enum(['GBP', 'EUR', 'USD']);

export const Money = z.strictObject({
  amount: z.number().check(z.positive('Must be more than 0'), z.lte(10_000_000, 'Too large')),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;

// ── the enquiry (POST /commissions) ─────────────────────────────────────────────────────────

export const Customer = z.strictObject({
  name: singleLine(120),
  email: z.email('Must be an email address').check(z.maxLength(254, 'At most 254 characters'), z.regex(SINGLE_LINE)),
  phone: z.optional(singleLine(40)),
});
type Customer = z.infer<typeof Customer>;

export const Piece = z.strictObject({
  kind: z.enum(['engagement-ring', 'wedding-band', 'bespoke']),
  description: freeText(4000),
  ringSize: z.optional(singleLine(20)),
  budget: z.optional(Money),
});
export type Piece = z.infer<typeof Piece>;

export const MetalChoice = z
  .strictObject({
    scheme: Scheme,
    metal: Metal,
    fineness: z.optional(Fineness),
    colour: z.optional(Colour),
  })
  .check(
    z.refine((m) => m.fineness === undefined || FINENESS_BY_METAL[m.metal].includes(m.fineness), {
      message: 'Not a fineness of this metal',
      path: ['fineness'],
    }),
  );
export type MetalChoice = z.infer<typeof MetalChoice>;

export const Enquiry = z.strictObject({
  customer: Customer,
  piece: Piece,
  metal: MetalChoice,
  consent: z.literal(true, 'Consent is required to process your enquiry'),
});
export type Enquiry = z.infer<typeof Enquiry>;

// ── designer decisions (POST /commissions/{id}/decisions) ───────────────────────────────────

export const DecisionKind = z.enum(['approve', 'request-changes', 'cancel']);
export type DecisionKind = z.infer<typeof DecisionKind>;

/** The envelope; `details` is checked against the stage's own schema (below) on approve. */
export const DecisionRequest = z.strictObject({
  stage: OpenStage,
  decision: DecisionKind,
  note: z.optional(freeText(2000)),
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const DesignApproval = z.strictObject({
  summary: freeText(4000),
  price: Money,
});
type DesignApproval = z.infer<typeof DesignApproval>;

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

export const DeliveryApproval = z
  .strictObject({
    method: z.enum(['courier', 'collection']),
    carrier: z.optional(singleLine(200)),
    trackingNumber: z.optional(singleLine(200)),
  })
  .check(
    z.refine((d) => d.method !== 'courier' || d.carrier !== undefined, {
      message: 'Required for courier delivery',
      path: ['carrier'],
    }),
    z.refine((d) => d.method !== 'courier' || d.trackingNumber !== undefined, {
      message: 'Required for courier delivery',
      path: ['trackingNumber'],
    }),
  );
type DeliveryApproval = z.infer<typeof DeliveryApproval>;

/** What approving each stage must say. */
export const approvalDetailsByStage = {
  ENQUIRY: z.strictObject({}),
  DESIGN: DesignApproval,
  SOURCING: SourcingApproval,
  MAKING: MakingApproval,
  DELIVERY: DeliveryApproval,
} as const satisfies Record<OpenStage, z.ZodMiniType>;

// ── the designer queue (GET /commissions) ───────────────────────────────────────────────────

export const QueueQuery = z.strictObject({
  stage: Stage,
  limit: z._default(
    z.coerce.number().check(z.int('Must be a whole number'), z.gte(1, 'At least 1'), z.lte(100, 'At most 100')),
    20,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024), z.regex(/^[A-Za-z0-9_-]+$/, 'Not a cursor'))),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

/** Commission ids are random UUIDs: anything else in the path is simply not found. */
export const CommissionId = z.uuid();

// ── the stored commission ───────────────────────────────────────────────────────────────────

export const HistoryEntry = z.object({
  at: z.string(),
  stage: Stage,
  event: z.string(),
  actor: z.string(),
  note: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

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

const Awaiting = z.object({ stage: OpenStage, revision: z.number(), since: z.string() });
type Awaiting = z.infer<typeof Awaiting>;

export const Commission = z.object({
  id: z.string(),
  stage: Stage,
  revision: z.number(),
  /** Bumped by every write; the optimistic lock. */
  version: z.number(),
  awaiting: z.nullable(Awaiting),
  customer: Customer,
  piece: Piece,
  metal: MetalChoice,
  design: z.optional(DesignApproval),
  sourcing: z.optional(SourcingRecord),
  making: z.optional(MakingRecord),
  delivery: z.optional(DeliveryApproval),
  history: z.array(HistoryEntry),
  /** The public provenance certificate's id (random, unguessable), once the piece is completed. */
  certificateId: z.optional(z.string()),
  /** Overdue-decision chases for the current stage and revision. */
  chases: z.optional(z.object({ stage: Stage, revision: z.number(), count: z.number() })),
  stageEnteredAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Commission = z.infer<typeof Commission>;

// ── workflow task payloads (schemaVersion lets a new deployment read an old execution's) ────

const TaskBase = { schemaVersion: z.literal(1), commissionId: z.string() };

export const EnterStagePayload = z.object({ ...TaskBase });
export const AwaitDecisionPayload = z.object({
  ...TaskBase,
  stage: Stage,
  revision: z.number(),
  taskToken: z.string().check(z.minLength(1)),
});
export const ChaseStagePayload = z.object({ ...TaskBase, stage: Stage, revision: z.number() });
export const RecordFailurePayload = z.object({ ...TaskBase, input: z.optional(z.unknown()) });

// Lives in errors.ts (no zod at run time there), so a handler that validates nothing — health —
// does not load every schema through core/edge/http.ts.
export { issuesToFields } from '#lib/errors';
