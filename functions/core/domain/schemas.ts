/**
 * One zod schema per boundary: the enquiry and decision bodies (HTTP), the queue query, the
 * workflow task payloads, and the stored commission. Types come from the schemas. The building
 * blocks live in ./schema-parts.ts and the provenance details of SOURCING and MAKING in
 * ./provenance-schemas.ts; this module re-exports both, so callers import from one place.
 */
import * as z from 'zod/mini';
import { Colour, Fineness, FINENESS_BY_METAL, freeText, Metal, Money, OpenStage, Scheme, singleLine, SINGLE_LINE, Stage } from './schema-parts.ts';
import { MakingApproval, MakingRecord, SourcingApproval, SourcingRecord } from './provenance-schemas.ts';
import { Attachment, Party, Payment, Proposal } from './customer-schemas.ts';

export * from './schema-parts.ts';
export * from './provenance-schemas.ts';
export * from './customer-schemas.ts';


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

/** `propose` is the studio's at DESIGN (details: ProposalDetails): the customer then approves or asks for changes. */
export const DecisionKind = z.enum(['approve', 'request-changes', 'cancel', 'propose']);
export type DecisionKind = z.infer<typeof DecisionKind>;

/** The envelope; `details` is checked against the stage's own schema (below) on approve. */
export const DecisionRequest = z.strictObject({
  stage: OpenStage,
  decision: DecisionKind,
  note: z.optional(freeText(2000)),
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type DecisionRequest = z.infer<typeof DecisionRequest>;

/**
 * The accepted design (`design` on the record): the proposal the customer approved. Records from
 * before customer sign-off hold only summary and price (the studio approved its own design).
 */
export const DesignApproval = z.strictObject({
  summary: freeText(4000),
  price: Money,
  depositPercent: z.optional(z.number()),
  attachments: z.optional(z.array(z.string())),
  /** The proposal's revision the customer approved, and when. */
  revision: z.optional(z.number()),
  approvedAt: z.optional(z.string()),
});
export type DesignApproval = z.infer<typeof DesignApproval>;


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

// QueueQuery lives in queue-query.ts: only the functions that list commissions carry it.

/** POST /commissions/{id}/status-link: the link version being replaced (GET /commissions/{id}'s `statusLinkVersion`). */
export const StatusLinkRenewal = z.strictObject({
  replacing: z.number().check(z.int('Must be a whole number'), z.gte(1, 'At least 1'), z.lte(1000, 'At most 1000')),
});

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


/** The decision the workflow waits for. `party` is absent on records from before customer sign-off: the studio. */
const Awaiting = z.object({ stage: OpenStage, revision: z.number(), since: z.string(), party: z.optional(Party) });
type Awaiting = z.infer<typeof Awaiting>;
/** Who a stage awaits (records stored before `party` existed await the studio). */
export const awaitedParty = (awaiting: { party?: Party } | null): Party | undefined => (awaiting ? (awaiting.party ?? 'studio') : undefined);

/** Who removed the customer's personal data from the record, when and why (core/domain/erasure.ts). */
export const ErasureRecord = z.object({ at: z.string(), by: z.string(), reason: z.string() });
export type ErasureRecord = z.infer<typeof ErasureRecord>;

/** The piece as stored: once erased, without the customer's own words (description, ring size). */
const StoredPiece = z.strictObject({ ...Piece.shape, description: z.optional(Piece.shape.description) });

export const Commission = z.object({
  id: z.string(),
  stage: Stage,
  revision: z.number(),
  /** Bumped by every write; the optimistic lock. */
  version: z.number(),
  awaiting: z.nullable(Awaiting),
  /** Absent once the customer's personal data is erased (`erasure` says when and by whom). */
  customer: z.optional(Customer),
  piece: StoredPiece,
  metal: MetalChoice,
  design: z.optional(DesignApproval),
  sourcing: z.optional(SourcingRecord),
  making: z.optional(MakingRecord),
  delivery: z.optional(DeliveryApproval),
  /** The latest design proposal (DESIGN): what the customer approves or asks to change. */
  proposal: z.optional(Proposal),
  /** Payments recorded by the studio, oldest first (deposit, balance, refunds). */
  payments: z.optional(z.array(Payment)),
  /** Files kept with the commission, by id (objects in the attachments bucket). */
  attachments: z.optional(z.record(z.string(), Attachment)),
  history: z.array(HistoryEntry),
  /** The public provenance certificate's id (random, unguessable), once the piece is completed. */
  certificateId: z.optional(z.string()),
  /**
   * Which generation of the customer's status link is valid (absent: the first). A designer who
   * renews the link bumps it, and every link signed for an older one stops working.
   */
  statusLinkVersion: z.optional(z.number()),
  /** Overdue-decision chases for the current stage and revision. */
  chases: z.optional(z.object({ stage: Stage, revision: z.number(), count: z.number() })),
  /** Set when the customer's personal data was erased (on request, or when a closed commission's retention ran out). */
  erasure: z.optional(ErasureRecord),
  stageEnteredAt: z.string(),
  /** When the customer confirmed the enquiry (the link in the confirmation email); absent while unconfirmed. */
  confirmedAt: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Commission = z.infer<typeof Commission>;

/**
 * What the designers' queue shows of a commission, stored with it (`queueEntry`) so the queue's
 * index projects only these few fields: no contact details, no description, no task token.
 */
export const QueueEntry = z.object({ customerName: z.string(), pieceKind: Piece.shape.kind, metalScheme: Scheme });
export type QueueEntry = z.infer<typeof QueueEntry>;

/** The queue's line for one commission, as its index holds it. */
export const QueueItem = z.object({
  id: z.string(),
  stage: Stage,
  awaiting: z.nullable(Awaiting),
  stageEnteredAt: z.string(),
  /** Absent on a commission stored before the queue index projected it (docs/operations.md, "Upgrading a deployed stack"). */
  queueEntry: z.optional(QueueEntry),
});
export type QueueItem = z.infer<typeof QueueItem>;

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
