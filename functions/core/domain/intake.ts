/**
 * Taking in a customer's enquiry: only for metal the studio can source (the offer, ./offer.ts),
 * stored once, unconfirmed, with one email to the address given asking to confirm it. Nothing
 * else happens until the customer confirms (POST /confirm/{id}): no queue, no studio email, no
 * workflow; an enquiry left unconfirmed is deleted after 7 days (reliability rule 11). A repeated
 * submit with the same Idempotency-Key gets the same commission back and sends nothing new.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, validationFailed } from '#lib/errors';
import { logger } from '#lib/logger';
import { isOffered, offerFrom } from './offer.ts';
import { canonical, IDEMPOTENCY_KEY, sha256 } from './request-hash.ts';
import { dayOf } from './origins.ts';
import { SCHEME_NAMES } from './labels.ts';
import type {
  ConfirmOutcome,
  EnquiryConfirmations,
  IdempotencyKeyBinder,
  NewCommissions,
  OriginLookup,
  SendConfirmation,
  StartWorkflow,
  StrandedEnquiries,
} from './ports.ts';
import type { Commission, Enquiry } from './schemas.ts';

export interface SubmitEnquiryDeps {
  commissions: NewCommissions;
  idempotencyKeys: IdempotencyKeyBinder;
  sendConfirmation: SendConfirmation;
  /** The registry the offer is computed from. */
  origins: OriginLookup;
  /**
   * Takes this enquiry from the sender's quotas (./quotas.ts), or throws 429. Called once per new
   * request, after the offer is checked and before anything is stored.
   */
  admit: () => Promise<void>;
}

export interface StrandedEnquiryDeps {
  commissions: StrandedEnquiries;
  startWorkflow: StartWorkflow;
}

export function newCommission(id: string, enquiry: Enquiry, now: string): Commission {
  return {
    id,
    stage: 'ENQUIRY',
    revision: 1,
    version: 1,
    awaiting: null,
    customer: enquiry.customer,
    piece: enquiry.piece,
    metal: enquiry.metal,
    history: [{ at: now, stage: 'ENQUIRY', event: 'enquiry-received', actor: 'customer' }],
    stageEnteredAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

/** How long an unconfirmed enquiry is kept (and its confirmation link works). */
const UNCONFIRMED_LIFETIME_DAYS = 7;

/** When an enquiry submitted at `now` is deleted unless confirmed: unix seconds. */
export const unconfirmedExpiry = (now: Date) => Math.floor(now.getTime() / 1000) + UNCONFIRMED_LIFETIME_DAYS * 86_400;

export async function submitEnquiry(
  deps: SubmitEnquiryDeps,
  enquiry: Enquiry,
  idempotencyKey: string | undefined,
  now: Date,
): Promise<{ id: string; stage: 'ENQUIRY'; confirmed: false; created: boolean }> {
  const { scheme, metal } = enquiry.metal;
  if (!isOffered(offerFrom(await deps.origins.list(), dayOf(now)), scheme, metal)) {
    const message = `The studio cannot source ${SCHEME_NAMES[scheme]} ${metal} at present (see GET /offer)`;
    throw validationFailed([{ path: 'metal', message }], message);
  }
  let id: string = randomUUID();
  if (idempotencyKey !== undefined) {
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw validationFailed([{ path: 'Idempotency-Key', message: '1–255 printable ASCII characters' }], 'Invalid Idempotency-Key header');
    }
    const requestHash = sha256(canonical(enquiry));
    // A repeat of a request already admitted gets its answer without spending the quotas again;
    // a new key is admitted first, so a refused request leaves no binding to replay past them.
    if (!(await deps.idempotencyKeys.find(sha256(idempotencyKey), now))) await deps.admit();
    const binding = await deps.idempotencyKeys.bind(sha256(idempotencyKey), { commissionId: id, requestHash }, now);
    if (binding.requestHash !== requestHash) {
      throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different enquiry');
    }
    id = binding.commissionId;
  } else {
    await deps.admit();
  }
  // A repeat finds the commission stored and the email sent already; both steps are safe to
  // redo (the email through its ledger), which also finishes the job if the first attempt died
  // between them. The repeat's expiry is not the first one's: the email, sent once, carries the first.
  const commission = newCommission(id, enquiry, now.toISOString());
  const expiresAt = unconfirmedExpiry(now);
  const created = await deps.commissions.create(commission, expiresAt);
  await deps.sendConfirmation(commission, expiresAt);
  return { id, stage: 'ENQUIRY', confirmed: false, created };
}

export interface ConfirmEnquiryDeps {
  commissions: EnquiryConfirmations;
  startWorkflow: StartWorkflow;
}

/**
 * The customer confirms their enquiry (POST on the link from the confirmation email): it enters
 * the studio's queue and its workflow starts. Again → nothing new. A failed start is left to
 * start-stranded-enquiries: the record is marked as waiting for its start until the workflow runs.
 */
export async function confirmEnquiry(deps: ConfirmEnquiryDeps, id: string, now: Date): Promise<ConfirmOutcome> {
  const outcome = await deps.commissions.confirm(id, { at: now.toISOString(), stage: 'ENQUIRY', event: 'enquiry-confirmed', actor: 'customer' });
  if (outcome !== 'confirmed') return outcome;
  try {
    await deps.startWorkflow(id);
  } catch (error) {
    // The enquiry is confirmed, so it is accepted: the reconciler starts its workflow within minutes.
    logger.warn('workflow not started; left to the reconciler', { commissionId: id, error: (error as Error).name });
  }
  return outcome;
}

/** An enquiry younger than this may simply be on its way into its workflow. */
export const STRANDED_AFTER_MS = 2 * 60_000;

/**
 * Finds confirmed enquiries whose workflow never began (the process died between confirming and
 * starting, or the start failed) and starts them. It reads only the sparse index of such
 * enquiries, ids only, so its cost does not grow with the number of enquiries. Starting one whose
 * execution is in fact running is a no-op (execution name = commission id); once started, each
 * leaves the index.
 */
export async function startStrandedEnquiries(deps: StrandedEnquiryDeps, now: Date): Promise<{ examined: number; started: string[] }> {
  const started: string[] = [];
  let examined = 0;
  let cursor: string | undefined;
  const confirmedBefore = new Date(now.getTime() - STRANDED_AFTER_MS).toISOString();
  do {
    const page = await deps.commissions.listStartPending(confirmedBefore, 100, cursor);
    for (const id of page.ids) {
      examined += 1;
      await deps.startWorkflow(id);
      await deps.commissions.markStarted(id);
      started.push(id);
    }
    cursor = page.cursor;
  } while (cursor);
  return { examined, started };
}
