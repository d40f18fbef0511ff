/**
 * Taking in a customer's enquiry: store it once, start its workflow once. A repeated submit with
 * the same Idempotency-Key gets the same commission back and starts nothing new.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ApiError, validationFailed } from './errors.ts';
import type { CommissionRepository } from './repository.ts';
import type { Commission, Enquiry } from './schemas.ts';

export interface IntakeDeps {
  repository: CommissionRepository;
  /** Starts the commission's workflow; starting it twice must be harmless. */
  startWorkflow: (commissionId: string) => Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A stable text of a JSON value, keys sorted, so the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

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

export async function submitEnquiry(
  deps: IntakeDeps,
  enquiry: Enquiry,
  idempotencyKey: string | undefined,
  now = new Date(),
): Promise<{ id: string; stage: 'ENQUIRY'; created: boolean }> {
  let id: string = randomUUID();
  if (idempotencyKey !== undefined) {
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw validationFailed([{ path: 'Idempotency-Key', message: '1–255 printable ASCII characters' }], 'Invalid Idempotency-Key header');
    }
    const requestHash = sha256(canonical(enquiry));
    const binding = await deps.repository.bindIdempotencyKey(sha256(idempotencyKey), { commissionId: id, requestHash }, now);
    if (binding.requestHash !== requestHash) {
      throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different enquiry');
    }
    id = binding.commissionId;
  }
  // A repeat finds the commission stored and the execution started already; both steps are
  // safe to redo, which also finishes the job if the first attempt died between them.
  const created = await deps.repository.create(newCommission(id, enquiry, now.toISOString()));
  await deps.startWorkflow(id);
  return { id, stage: 'ENQUIRY', created };
}
