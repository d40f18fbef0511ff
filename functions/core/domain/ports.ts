/**
 * What the domain's use cases need from outside, each port listing only what its use case
 * calls. The adapters (core/adapters/) implement them and the handlers wire them in; the domain
 * never imports an adapter.
 */
import type { StudioLicences } from './licences.ts';
import type { Origin } from './origins.ts';
import type { Commission, ErasureRecord, HistoryEntry, Party, QueueItem, Stage } from './schemas.ts';
import type { SearchTerm } from './search.ts';

/** Who made a designer request; the HTTP edge reads it from the verified JWT claims. */
export interface Designer {
  /** The audit history's actor: `email (sub)` (the sub is the identity; the email is for people), or the sub alone. */
  name: string;
  sub: string;
}

// ── decide() ─────────────────────────────────────────────────────────────────────────────────

/** What a winning decision claim hands back: the token to answer and the record before it. */
export type Claim = { taskToken: string | undefined; before: Commission };

export interface DecisionClaim {
  before: Commission;
  next: { stage: Stage; revision: number };
  entry: HistoryEntry;
  /** The approved stage's details, stored on the record under `field`. */
  approval?: { field: string; value: Record<string, unknown> };
  /** Other fields the decision sets (the design proposal); a revert restores them from `before`. */
  fields?: Partial<Pick<Commission, 'proposal' | 'design'>>;
  /** The party the record must still await (the customer's answer, a studio proposal). */
  party?: Party;
  now: string;
}

/** The commission records as a decision uses them: read, claim atomically, take a claim back. */
export interface DecisionStore {
  get(commissionId: string): Promise<Commission | undefined>;
  /** Undefined if the claim lost: the record no longer awaits this stage and revision at this version. */
  claimDecision(claim: DecisionClaim): Promise<Claim | undefined>;
  /** False if something else wrote to the record since the claim. */
  revertClaim(claim: Claim, restoreFields: readonly string[], entry: HistoryEntry, now: string): Promise<boolean>;
}

/** Why the workflow could not take a claimed decision. */
export type ResumeFailure =
  /** The task timed out a moment ago; the workflow re-reads the record and carries on. */
  | 'task-timed-out'
  /** No execution waits on this token any more (stopped, or a token from elsewhere). */
  | 'task-gone';

/** Answers the waiting task; resolves with a ResumeFailure when the task is closed. */
export type ResumeWorkflow = (taskToken: string, output: Record<string, unknown>) => Promise<ResumeFailure | undefined>;

/**
 * The registry of certified origins: approving SOURCING is checked against it, and the offer
 * (what an enquiry may ask for) is computed from it. The registry is tens of origins: listing it is cheap.
 */
export interface OriginLookup {
  /** Every registered origin, retired ones included. */
  list(): Promise<Origin[]>;
}

/** The studio's licences (PUT /studio/licences), which decide what may be claimed. */
export interface StudioLicenceLookup {
  get(): Promise<StudioLicences>;
}

/**
 * Notes which commissions sourced Fairtrade metal in a year, for the registered goldsmith's
 * yearly total. Only a pointer: the total is read from the commission records themselves, so a
 * note whose approval lost its claim or was taken back counts nothing.
 */
export interface SourcedWeightLedger {
  /** Idempotent. */
  note(commissionId: string, year: number): Promise<void>;
}

// ── submitEnquiry() and startStrandedEnquiries() ─────────────────────────────────────────────

/** Starts the commission's workflow; starting it twice must be harmless. */
export type StartWorkflow = (commissionId: string) => Promise<void>;

export interface NewCommissions {
  /**
   * Stores a new, unconfirmed commission, out of every queue, deleted at `expiresAt` (unix
   * seconds) unless confirmed first; false if one with that id already exists (a retried submit).
   */
  create(commission: Commission, expiresAt: number): Promise<boolean>;
}

/** Emails the customer the link that confirms the enquiry (once per commission); the link works until `expiresAt`. */
export type SendConfirmation = (commission: Commission, expiresAt: number) => Promise<void>;

/** What confirming an enquiry found: now confirmed, confirmed before, or not there (deleted unconfirmed). */
export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'gone';

export interface EnquiryConfirmations {
  /**
   * Confirms the enquiry in one conditional write: it enters the ENQUIRY queue, no longer
   * expires, and is marked as waiting for its workflow to start. `entry` (its `at` is the
   * moment of confirmation) is added to the history.
   */
  confirm(commissionId: string, entry: HistoryEntry): Promise<ConfirmOutcome>;
}

export interface IdempotencyBinding {
  commissionId: string;
  requestHash: string;
}

export interface IdempotencyKeyBinder {
  /** The binding that holds now for this key, if any (a repeated request finds the first one's). */
  find(keyHash: string, now: Date): Promise<IdempotencyBinding | undefined>;
  /** The binding that holds afterwards: ours (`first`) if we were first, the earlier one otherwise. */
  bind(keyHash: string, binding: IdempotencyBinding, now: Date): Promise<IdempotencyBinding & { first: boolean }>;
}

/** A page of the start-pending index: commission ids; the cursor is for the same caller's next call. */
export type StartPendingPage = { ids: string[]; cursor?: string };

/** Confirmed enquiries whose workflow has not started (start-stranded-enquiries). */
export interface StrandedEnquiries {
  /** Confirmed before `confirmedBefore` (ISO), oldest first. */
  listStartPending(confirmedBefore: string, limit: number, cursor?: string): Promise<StartPendingPage>;
  /** Its workflow has started: it is no longer start-pending. */
  markStarted(commissionId: string): Promise<void>;
}

export type QueuePage = { items: QueueItem[]; cursor?: string };

export interface StageQueue {
  /** One page of a stage's queue, oldest in stage first, optionally only those awaiting `party`; the cursor is opaque. */
  listByStage(stage: Stage, limit: number, cursor?: string, party?: Party): Promise<QueuePage>;
}

export interface CommissionSearch {
  /** The confirmed commissions a reference or a customer's address matches, newest first, at most `limit`. */
  search(term: SearchTerm, limit: number): Promise<QueueItem[]>;
}

// ── takeEnquiryQuotas() ──────────────────────────────────────────────────────────────────────

/** One quota to take from: at most `limit` per fixed window of `windowSeconds`. */
export interface QuotaTake {
  subject: 'ip' | 'email';
  value: string;
  limit: number;
  windowSeconds: number;
}

/** Counters of enquiries per window; `take` counts one only if the count is below the limit. */
export interface QuotaCounters {
  /** `windowEndsAt` in epoch seconds: when the window that was counted (or was full) ends. */
  take(quota: QuotaTake, now: Date): Promise<{ taken: boolean; windowEndsAt: number }>;
}

// ── eraseCommission() and eraseClosedCommissions() (./erasure.ts) ─────────────────────────────

/** What an erasure writes: the record as read, the piece and history without the customer's own. */
export interface ErasureWrite {
  before: Commission;
  erasure: ErasureRecord;
  piece: Commission['piece'];
  history: HistoryEntry[];
}

/**
 * `open`: the record is at the version read but open and confirmed (cancel it first); `changed`:
 * written since it was read; `gone`: no such record.
 */
export type ErasureOutcome = 'erased' | 'open' | 'changed' | 'gone';

export interface ErasableCommissions {
  get(commissionId: string): Promise<Commission | undefined>;
  /**
   * Removes the customer's details and records the erasure, in one write at `before.version`:
   * only if the record is closed, or an enquiry never confirmed.
   */
  erase(write: ErasureWrite): Promise<ErasureOutcome>;
  /** Strips the commission's email-ledger entries to what they must keep (sent or not). Idempotent. */
  clearEmailLedger(commissionId: string): Promise<void>;
}

/** A stage's queue, oldest in stage first: all retention reads of it. */
export interface OldestInStage {
  listByStage(stage: Stage, limit: number, cursor?: string): Promise<{ items: { id: string; stageEnteredAt: string }[]; cursor?: string }>;
}
