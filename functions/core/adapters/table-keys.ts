/**
 * Every key of the commission table, in one place (the single-table layout is described in
 * infra/table-design.ts, which builds the table from the attribute and index names below).
 * No other file spells a partition prefix: they build keys here.
 */
import { createHash } from 'node:crypto';
import type { PartitionFamily } from '#catalogue';
import { normalizeName } from '#domain/names';
import { searchEmailOf } from '#domain/search';

/** Attribute and index names of the table. */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
/** Epoch seconds after which DynamoDB's TTL deletes the item. */
export const EXPIRES_AT = 'expiresAt';
/**
 * The designers' queue: commission records by stage, oldest in stage first; confirmed ones only
 * (an unconfirmed enquiry has no sort key). It projects the queue's own fields only (QUEUE_ENTRY,
 * `awaiting`, `stageEnteredAt`). A new name for a new projection: CloudFormation cannot change a
 * GSI's projection in place (the `byStage` index before it projected every attribute).
 */
export const STAGE_INDEX = 'queueByStage';
export const STAGE_ATTRIBUTE = 'stage';
export const STAGE_SORT_KEY = 'stageSortKey';
/** The queue's fields, stored on the record (QueueEntry in core/domain/schemas.ts). */
export const QUEUE_ENTRY = 'queueEntry';
/** What the queue index projects besides its keys and the table's. */
export const QUEUE_PROJECTION = [QUEUE_ENTRY, 'awaiting', 'stageEnteredAt'] as const;
/**
 * Finding a commission when a customer calls (GET /commissions?q=): by its reference (the first
 * eight characters of its id, lower-cased) or by its customer's email address, held only as the
 * SHA-256 of the lower-cased address (core/domain/search.ts), so no index carries an address in
 * plain text. Both are set when the record is stored; erasure removes the email's. Each index
 * sorts by creation and projects the queue's fields and the confirmation (search lists confirmed
 * commissions only, as the queue does).
 */
export const SEARCH_REFERENCE_INDEX = 'searchByReference';
export const SEARCH_REFERENCE_ATTRIBUTE = 'searchReference';
export const SEARCH_EMAIL_INDEX = 'searchByEmail';
export const SEARCH_EMAIL_ATTRIBUTE = 'searchEmailHash';
export const SEARCH_SORT_KEY = 'createdAt';
export const SEARCH_INDEXES: readonly string[] = [SEARCH_REFERENCE_INDEX, SEARCH_EMAIL_INDEX];
/** What the search-by-email index holds instead of the customer's address: the SHA-256 of it, trimmed and lower-cased. */
export const emailSearchHash = (email: string) => createHash('sha256').update(searchEmailOf(email)).digest('hex');
/** What the search indexes project besides their keys and the table's: a queue line, and whether it was confirmed. */
export const SEARCH_PROJECTION = [...QUEUE_PROJECTION, STAGE_ATTRIBUTE, 'confirmedAt'] as const;
/**
 * Confirmed enquiries whose workflow has not started yet (start-stranded-enquiries reads only
 * these): a sparse index, as only such a record carries its two attributes; they are removed
 * once the workflow has started.
 */
export const START_PENDING_INDEX = 'byStartPending';
export const START_PENDING_ATTRIBUTE = 'startPending';
export const START_PENDING_SORT_KEY = 'startPendingSince';
/** The one value of the start-pending index's partition key: the index holds few items, and one Query reads them. */
export const START_PENDING = 'ENQUIRY';

const COMMISSION = 'COMMISSION';
const COMMISSION_PREFIX = `${COMMISSION}#`;
const EMAIL_PREFIX = 'EMAIL#';
const IDEMPOTENCY = 'IDEMPOTENCY';
const ORIGINS = 'ORIGINS';
const ORIGIN_PREFIX = 'ORIGIN#';
const CERTIFICATION_NOTICE_PREFIX = 'NOTICE#';
const CERTIFICATE = 'CERTIFICATE';
const STUDIO = 'STUDIO';
const SOURCED_PREFIX = 'SOURCED#';
const QUOTA_PREFIX = 'QUOTA#';

export type TableKey = { [PARTITION_KEY]: string; [SORT_KEY]: string };

/** The commission record's key. */
export const commissionKey = (commissionId: string): TableKey => ({
  [PARTITION_KEY]: commissionPartition(commissionId),
  [SORT_KEY]: COMMISSION,
});
const commissionPartition = (commissionId: string) => `${COMMISSION_PREFIX}${commissionId}`;

/** Whether a stored item is a commission record (and not, say, one of its email-ledger entries). */
export const isCommissionRecord = (item: Record<string, unknown>) => item[SORT_KEY] === COMMISSION;

/** The commission id of a commission partition key, or undefined if `pk` is not one. */
export function commissionIdOf(pk: string): string | undefined {
  return pk.startsWith(COMMISSION_PREFIX) ? pk.slice(COMMISSION_PREFIX.length) : undefined;
}

/** Sorts the start-pending index by when the enquiry was confirmed; the id makes the key unique. */
export const startPendingSortKey = (confirmedAt: string, commissionId: string) => `${confirmedAt}#${commissionId}`;

/** Sorts a stage's queue by when the commission entered it; the id makes the key unique. */
export const stageSortKey = (enteredAt: string, commissionId: string) => `${enteredAt}#${commissionId}`;

/** One email's ledger entry, next to its commission; `emailKey` as core/adapters/mailer.ts builds it. */
export const emailLedgerKey = (commissionId: string, emailKey: string): TableKey => ({
  [PARTITION_KEY]: commissionPartition(commissionId),
  [SORT_KEY]: `${EMAIL_PREFIX}${emailKey}`,
});

/** Where a commission's email-ledger entries are: its partition, and their sort keys' prefix (to Query them). */
export const emailLedgerRange = (commissionId: string) => ({
  partition: commissionPartition(commissionId),
  sortKeyPrefix: EMAIL_PREFIX,
});

/** An enquiry's Idempotency-Key binding, under the key's hash. */
export const idempotencyKey = (keyHash: string): TableKey => ({
  [PARTITION_KEY]: `${IDEMPOTENCY}#${keyHash}`,
  [SORT_KEY]: IDEMPOTENCY,
});

/** The registry's one partition: the origins, and the notices sent about their certifications. */
export const ORIGINS_PARTITION = ORIGINS;
/** The sort-key prefix of every origin (not of the notices beside them). */
export const ORIGIN_SORT_PREFIX = ORIGIN_PREFIX;
const originNamePrefix = (name: string) => `${ORIGIN_PREFIX}${encodeURIComponent(normalizeName(name))}#`;
/**
 * One notice to the studio about a verified certification (check-certifications), sent once:
 * per origin, scheme, verification and reason.
 */
export const certificationNoticeKey = (originId: string, scheme: string, verificationTag: string, reason: string): TableKey => ({
  [PARTITION_KEY]: ORIGINS,
  [SORT_KEY]: `${CERTIFICATION_NOTICE_PREFIX}${originId}#${scheme}#${verificationTag}#${reason}`,
});
/** One registered origin: name and country normalized, so "Iquira" finds "Íquira". */
export const originKey = (name: string, country: string): TableKey => ({
  [PARTITION_KEY]: ORIGINS,
  [SORT_KEY]: `${originNamePrefix(name)}${encodeURIComponent(normalizeName(country))}`,
});

/** A provenance certificate, under its random certificate id. */
export const certificateKey = (certificateId: string): TableKey => ({
  [PARTITION_KEY]: `${CERTIFICATE}#${certificateId}`,
  [SORT_KEY]: CERTIFICATE,
});

/** The studio's licences: one item. */
export const studioLicencesKey = (): TableKey => ({ [PARTITION_KEY]: STUDIO, [SORT_KEY]: 'LICENCES' });

/** The year's Fairtrade sourcings: one small item per commission, in the year's partition. */
export const sourcedYearPartition = (year: number) => `${SOURCED_PREFIX}${year}`;
export const sourcedLotKey = (year: number, commissionId: string): TableKey => ({
  [PARTITION_KEY]: sourcedYearPartition(year),
  [SORT_KEY]: commissionPartition(commissionId),
});

/**
 * One window of one enquiry quota (core/domain/quotas.ts): the subject (a client IP or a
 * customer address) only as its hash, the window by its start in epoch seconds.
 */
export const quotaKey = (subject: string, valueHash: string, windowStart: number): TableKey => ({
  [PARTITION_KEY]: `${QUOTA_PREFIX}${subject}#${valueHash}`,
  [SORT_KEY]: `WINDOW#${windowStart}`,
});

/**
 * Each family of partitions, as the `dynamodb:LeadingKeys` pattern (IAM StringLike: `*` is any
 * run of characters) that matches its partition keys and no other family's. The catalogue grants
 * functions these families by name (functions/catalogue.ts); CDK turns them into IAM conditions
 * and the local runtime holds handlers to them (infra/local/grant-guard.ts).
 */
export const PARTITION_FAMILIES = {
  /** A commission's record and, beside it, its email-ledger entries (IAM cannot tell them apart: same partition). */
  commission: `${COMMISSION_PREFIX}*`,
  /** Enquiries' Idempotency-Key bindings. */
  idempotency: `${IDEMPOTENCY}#*`,
  /** The registry's one partition: the origins and the certification notices. */
  origins: ORIGINS,
  /** Provenance certificates. */
  certificate: `${CERTIFICATE}#*`,
  /** The studio's licences (one item). */
  studio: STUDIO,
  /** The yearly notes of Fairtrade sourcings. */
  sourced: `${SOURCED_PREFIX}*`,
  /** The enquiry quotas' counters. */
  quota: `${QUOTA_PREFIX}*`,
} as const satisfies Record<PartitionFamily, string>;
