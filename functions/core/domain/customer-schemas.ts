/**
 * The customer's part of a commission, as zod schemas: the design proposal they approve, the
 * payments the studio records, and the files (sketches, renders, photos, documents, the
 * customer's inspiration images) kept with the commission. Re-exported by ./schemas.ts.
 */
import * as z from 'zod/mini';
import { freeText, Money, OpenStage, singleLine } from './schema-parts.ts';

// ── who a stage awaits ──────────────────────────────────────────────────────────────────────

/** Every open stage awaits one party: the studio, or (a design proposal) the customer. */
export const Party = z.enum(['studio', 'customer']);
export type Party = z.infer<typeof Party>;

// ── attachments (files in the attachments bucket) ──────────────────────────────────────────

// Plain numbers apart (attachment-limits.ts): the upload check's bundle then carries no zod.
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './attachment-limits.ts';

export const AttachmentContentType = z.enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);
export type AttachmentContentType = z.infer<typeof AttachmentContentType>;
const StudioAttachmentKind = z.enum(['sketch', 'render', 'photo', 'document']);
const AttachmentKind = z.enum([...StudioAttachmentKind.options, 'inspiration']);
const AttachmentStatus = z.enum(['pending', 'ready', 'rejected']);

/** A file name as shown, never used as a key: one line, no path separators. */
const FileName = singleLine(200).check(z.regex(/^[^/\\]+$/, 'A file name, without folders'));
const Bytes = z.number().check(z.int('Must be a whole number'), z.gte(1, 'At least 1 byte'), z.lte(MAX_ATTACHMENT_BYTES, 'At most 15 MB'));

/** POST /commissions/{id}/attachments (designer). */
export const StudioAttachmentRequest = z.strictObject({
  stage: OpenStage,
  kind: StudioAttachmentKind,
  fileName: FileName,
  contentType: AttachmentContentType,
  bytes: Bytes,
  visibleToCustomer: z.boolean(),
});
export type StudioAttachmentRequest = z.infer<typeof StudioAttachmentRequest>;

/** POST /status/{id}/attachments (the customer, from the status page): an inspiration image. */
export const CustomerAttachmentRequest = z.strictObject({
  fileName: FileName,
  contentType: AttachmentContentType,
  bytes: Bytes,
});
export type CustomerAttachmentRequest = z.infer<typeof CustomerAttachmentRequest>;

/** A file as the commission record holds it (the object itself is in the bucket, under `objectKey`). */
export const Attachment = z.object({
  id: z.string(),
  stage: OpenStage,
  kind: AttachmentKind,
  fileName: z.string(),
  contentType: AttachmentContentType,
  /** The size declared when the upload was granted (the presigned policy pins it). */
  bytes: z.number(),
  status: AttachmentStatus,
  visibleToCustomer: z.boolean(),
  addedBy: Party,
  objectKey: z.string(),
  createdAt: z.string(),
  /** When the landed object was checked (ready or rejected). */
  checkedAt: z.optional(z.string()),
  /** Why a landed object was rejected (and deleted). */
  rejection: z.optional(z.string()),
});
export type Attachment = z.infer<typeof Attachment>;

// ── the design proposal (a studio `propose` at DESIGN; the customer answers) ───────────────

const DEFAULT_DEPOSIT_PERCENT = 50;

/** The details of a studio's `propose` decision at DESIGN. */
export const ProposalDetails = z.strictObject({
  summary: freeText(4000),
  price: Money,
  depositPercent: z._default(
    z.number().check(z.int('Must be a whole number'), z.gte(0, 'At least 0'), z.lte(100, 'At most 100')),
    DEFAULT_DEPOSIT_PERCENT,
  ),
  /** Ids of the commission's attachments the proposal shows (each ready and visible to the customer). */
  attachments: z.optional(z.array(z.uuid()).check(z.maxLength(MAX_ATTACHMENTS, `At most ${MAX_ATTACHMENTS}`))),
});
export type ProposalDetails = z.infer<typeof ProposalDetails>;

const ProposalStatus = z.enum(['awaiting-customer', 'approved', 'changes-requested', 'superseded', 'lapsed']);

/** The current (latest) proposal, as the record holds it; earlier ones live in the history. */
export const Proposal = z.object({
  /** The commission's DESIGN revision the proposal was made at: the customer's answer names it. */
  revision: z.number(),
  summary: z.string(),
  price: Money,
  depositPercent: z.number(),
  attachments: z.array(z.string()),
  proposedAt: z.string(),
  proposedBy: z.string(),
  status: ProposalStatus,
  answeredAt: z.optional(z.string()),
});
export type Proposal = z.infer<typeof Proposal>;

/** POST /status/{id}/design: the customer's answer to the proposal of `revision`. */
export const CustomerDesignAnswer = z.strictObject({
  decision: z.enum(['approve', 'request-changes']),
  message: z.optional(freeText(2000)),
  revision: z.coerce.number().check(z.int('Must be a whole number'), z.gte(1, 'At least 1')),
});
export type CustomerDesignAnswer = z.infer<typeof CustomerDesignAnswer>;

// ── payments (recorded by the studio) ──────────────────────────────────────────────────────

export const PaymentKind = z.enum(['deposit', 'balance', 'refund']);
export type PaymentKind = z.infer<typeof PaymentKind>;
export const PaymentMethod = z.enum(['card', 'bank-transfer', 'cash', 'other']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;
const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date, YYYY-MM-DD'));

/** POST /commissions/{id}/payments (designer, Idempotency-Key required). */
export const PaymentRequest = z.strictObject({
  kind: PaymentKind,
  amount: Money,
  method: PaymentMethod,
  reference: singleLine(200),
  receivedOn: Day,
});
export type PaymentRequest = z.infer<typeof PaymentRequest>;

/** A payment as the record holds it. */
export const Payment = z.object({
  id: z.string(),
  kind: PaymentKind,
  amount: Money,
  method: PaymentMethod,
  reference: z.string(),
  receivedOn: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type Payment = z.infer<typeof Payment>;
