/**
 * The API's response bodies as zod schemas, for the OpenAPI contract (core/edge/openapi.ts).
 * Each matches what the handlers send: the views of core/edge/api-views.ts field by field, the
 * error shape of core/edge/http.ts, and API Gateway's own answers. The contract test
 * (test/contract/openapi-conformance.test.ts) validates real responses against them.
 */
import * as z from 'zod/mini';
import { StudioLicences } from '#domain/licences';
import { OriginViewSchema } from '#domain/origins';
import {
  Attachment,
  CommissionId,
  Customer,
  CustomerDesignAnswer,
  DecisionKind,
  DeliveryApproval,
  DesignApproval,
  ErasureRecord,
  HistoryEntry,
  MakingRecord,
  MetalChoice,
  Money,
  OpenStage,
  Party,
  Payment,
  Piece,
  Proposal,
  Fineness,
  Metal,
  Scheme,
  SourcingRecord,
  Stage,
} from '#domain/schemas';

/** `{"error": {code, message, fields?}}`: every refusal and failure of our handlers. */
export const ErrorResponse = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    /** Which fields are wrong, for validation failures: `customer.email`, `details.price.amount`, … */
    fields: z.optional(z.array(z.strictObject({ path: z.string(), message: z.string() }))),
  }),
});

/** What API Gateway answers itself (401 from the JWT authorizer, 429 throttling, 500 failed integration). */
export const GatewayMessage = z.strictObject({ message: z.string() });

export const HealthResponse = z.strictObject({ ok: z.literal(true) });

/** POST /commissions: the new commission, unconfirmed (or, for a repeated Idempotency-Key, the same one). */
export const EnquiryAccepted = z.strictObject({ id: CommissionId, stage: z.literal('ENQUIRY'), confirmed: z.literal(false) });

/** What a view shows of the awaited decision (the revision is the workflow's own): the stage, who is awaited, since when. */
const AwaitingView = z.nullable(z.strictObject({ stage: OpenStage, party: Party, since: z.string() }));

/** A sum of money that may be nothing (no deposit asked, nothing paid yet, nothing left due). */
const MoneyOrNothing = z.strictObject({ amount: z.number().check(z.gte(0)), currency: Money.shape.currency });

/** What the API shows of a file: the record's own fields, less where it is kept and who added it. */
const { id, stage, kind, fileName, contentType, bytes, status, visibleToCustomer } = Attachment.shape;
const attachmentViewFields = { id, stage, kind, fileName, contentType, bytes, status, visibleToCustomer };

/** commissionView in api-views.ts. */
export const CommissionView = z.strictObject({
  id: z.string(),
  stage: Stage,
  revision: z.number(),
  awaiting: AwaitingView,
  /** Absent once the customer's personal data is erased. */
  customer: z.optional(Customer),
  piece: z.strictObject({ ...Piece.shape, description: z.optional(Piece.shape.description) }),
  metal: MetalChoice,
  design: z.optional(DesignApproval),
  sourcing: z.optional(SourcingRecord),
  making: z.optional(MakingRecord),
  delivery: z.optional(DeliveryApproval),
  /** The latest design proposal (DESIGN), and what became of it. */
  proposal: z.optional(Proposal),
  certificateId: z.optional(z.string()),
  /** Who erased the customer's personal data, when and why. */
  erasure: z.optional(ErasureRecord),
  /** The commission's files, oldest first (attachmentsView in api-views.ts). */
  attachments: z.array(z.strictObject(attachmentViewFields)),
  history: z.array(HistoryEntry),
  /** The accepted design's price, its deposit, what is paid (net of refunds) and what is still due: absent before a design is accepted. */
  price: z.optional(Money),
  depositDue: z.optional(MoneyOrNothing),
  paid: z.optional(MoneyOrNothing),
  balanceDue: z.optional(MoneyOrNothing),
  /** Payments the studio recorded, oldest first. */
  payments: z.array(z.strictObject(Payment.shape)),
  statusLinkVersion: z.number(),
  /** When the customer confirmed the enquiry; absent while unconfirmed (and on commissions from before confirmation existed). */
  confirmedAt: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** queueItemView in api-views.ts: one line of the designers' queue. */
/** Who the queue line's stage awaits: the studio or the customer (queueItemView in api-views.ts). */
const QueueAwaitingView = z.nullable(z.strictObject({ stage: OpenStage, party: Party, since: z.string() }));

const QueueItemView = z.strictObject({
  id: z.string(),
  stage: Stage,
  awaiting: QueueAwaitingView,
  /** customer, piece and metal: absent only on a commission stored before the queue index projected them. */
  customer: z.optional(z.strictObject({ name: z.string() })),
  piece: z.optional(z.strictObject({ kind: Piece.shape.kind })),
  metal: z.optional(z.strictObject({ scheme: Scheme })),
  daysInStage: z.int(),
});

/** GET /commissions: a page of the queue, `cursor` asking for the next one; or what a search found (one page, no cursor). */
export const QueuePage = z.strictObject({
  items: z.array(QueueItemView),
  cursor: z.optional(z.string()),
});

/** POST /commissions/{id}/decisions: the decision was recorded and handed to the workflow. */
export const DecisionRecorded = z.strictObject({ id: z.string(), stage: OpenStage, decision: DecisionKind });

/** POST /commissions/{id}/payments: the payment as recorded. */
export const PaymentView = z.strictObject(Payment.shape);

/** POST /status/{id}/design: the customer's answer was recorded and handed to the workflow. */
export const DesignAnswered = z.strictObject({ id: z.string(), decision: CustomerDesignAnswer.shape.decision });
/**
 * POST /commissions/{id}/attachments and /status/{id}/attachments: the file, pending, and its
 * upload: a multipart form POST to `url` with every one of `fields`, then the file as `file`.
 */
export const AttachmentGranted = z.strictObject({
  id: z.string(),
  status: z.literal('pending'),
  upload: z.strictObject({ url: z.string(), fields: z.record(z.string(), z.string()) }),
});

/** POST /commissions/{id}/status-link: the link generation now valid. */
export const StatusLinkRenewed = z.strictObject({ id: z.string(), statusLinkVersion: z.number() });

/** POST /commissions/{id}/erasure: when the customer's personal data was erased. */
export const ErasureDone = z.strictObject({ id: z.string(), erasedAt: z.string() });

/** GET /origins: every registered origin, by name, each certification with its status today. */
export const OriginList = z.strictObject({ items: z.array(OriginViewSchema) });

/** POST /origins, its verifications and PATCH: the origin as stored now. */
export const OriginView = OriginViewSchema;

/** GET /offer: the scheme × metal pairs an enquiry may ask for (core/domain/offer.ts). */
export const OfferResponse = z.strictObject({
  items: z.array(z.strictObject({ scheme: Scheme, metal: Metal, finenesses: z.array(Fineness) })),
});

/** A provenance certificate's id in its path: the domain's own rule. */
export { CertificateId as CertificateIdParameter } from '#domain/certificates';

/** PUT and GET /studio/licences: the licences, and for a registered goldsmith the year's Fairtrade weight. */
export const StudioLicencesView = z.strictObject({
  licences: StudioLicences,
  fairtradeThisYear: z.optional(
    z.strictObject({
      year: z.int(),
      metals: z.array(z.strictObject({ metal: Metal, grams: z.number(), capGrams: z.number(), remainingGrams: z.number() })),
    }),
  ),
});
