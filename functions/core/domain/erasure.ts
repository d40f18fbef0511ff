/**
 * Erasing a customer's personal data (docs/operations.md, "Personal data and retention"): on a designer's request
 * (POST /commissions/{id}/erasure), and for cancelled commissions once RETENTION_DAYS_CLOSED have
 * passed (erase-closed-commissions). What goes: the customer's name, email and phone, their own
 * words about the piece (description, ring size), and the notes people wrote in the history (free
 * text about the customer). What stays: the stage, the metal, the design's price, the sourcing,
 * making and delivery facts and the certificate id, which the certificate and the accounts need.
 * The record says who erased it, when and why. `now` is always passed in.
 */
import * as z from 'zod/mini';
import { conflict, notFound } from '#lib/errors';
import { freeText } from './schema-parts.ts';
import type { ErasableCommissions, ErasureWrite, OldestInStage } from './ports.ts';
import type { Commission, ErasureRecord, HistoryEntry } from './schemas.ts';

/** POST /commissions/{id}/erasure: why (kept on the record; say why, not who). */
export const ErasureRequest = z.strictObject({ reason: freeText(500) });

/** Who erases closed commissions whose retention ran out. */
export const RETENTION_ACTOR = 'system';
const RETENTION_REASON = 'Retention period of closed commissions ended';
/** How long a cancelled commission keeps its customer's details, unless RETENTION_DAYS_CLOSED says otherwise. */
export const DEFAULT_RETENTION_DAYS_CLOSED = 365;

const DAY_MS = 24 * 60 * 60 * 1000;
/** A run of erase-closed-commissions erases at most this many; the rest wait for the next day's run. */
const MAX_ERASED_PER_RUN = 500;
/** A record that changes under an erasure is read again; this many times at most. */
const ATTEMPTS = 3;

/** History entries written by people lose their notes; system entries (fixed words) stay whole. */
function withoutPeoplesNotes(entry: HistoryEntry): HistoryEntry {
  if (entry.note === undefined || entry.actor === 'system') return entry;
  const { at, stage, event, actor, details } = entry;
  return { at, stage, event, actor, ...(details && { details }) };
}

/** What the record becomes: everything of the customer's own removed, the erasure recorded. */
export function erasureOf(before: Commission, erasure: ErasureRecord): ErasureWrite {
  // An allow-list: the kind of piece and the budget (the accounts), not the customer's words.
  const { kind, budget } = before.piece;
  return {
    before,
    erasure,
    piece: { kind, ...(budget && { budget }) },
    history: [
      ...before.history.map(withoutPeoplesNotes),
      { at: erasure.at, stage: before.stage, event: 'personal-data-erased', actor: erasure.by, note: erasure.reason },
    ],
  };
}

export interface ErasureDeps {
  commissions: ErasableCommissions;
  /** The commission's files in the attachments bucket: all deleted. */
  objects: { deleteCommission(commissionId: string): Promise<number> };
}

/**
 * Erases a commission's personal data, once: a repeat answers the first erasure's time. Allowed
 * for a closed commission (COMPLETED, CANCELLED) and for an enquiry never confirmed; an open one
 * must be cancelled first (409 `commission_open`). The store applies it in one conditional write
 * at the version read (the record's confirmation is checked in that same write), then strips the
 * email ledger beside it and deletes the commission's files; a repeat finishes a clean-up an
 * earlier attempt left undone.
 */
export async function eraseCommission(
  deps: ErasureDeps,
  commissionId: string,
  reason: string,
  by: string,
  now: Date,
): Promise<{ id: string; erasedAt: string; erased: boolean }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const before = await deps.commissions.get(commissionId);
    if (!before) throw notFound();
    if (before.erasure) {
      await deps.commissions.clearEmailLedger(commissionId);
      await deps.objects.deleteCommission(commissionId);
      return { id: before.id, erasedAt: before.erasure.at, erased: false };
    }
    const erasure = { at: now.toISOString(), by, reason };
    const outcome = await deps.commissions.erase(erasureOf(before, erasure));
    if (outcome === 'erased') {
      await deps.commissions.clearEmailLedger(commissionId);
      await deps.objects.deleteCommission(commissionId);
      return { id: before.id, erasedAt: erasure.at, erased: true };
    }
    if (outcome === 'open') throw conflict('commission_open', 'This commission is still open: cancel it first, then erase its personal data');
    if (outcome === 'gone') throw notFound();
    // 'changed': written meanwhile (a decision, a reminder): read it again.
  }
  throw conflict('edit_conflict', 'The commission kept changing; try again');
}

export interface RetentionDeps extends ErasureDeps {
  queue: OldestInStage;
}

/**
 * Erases every CANCELLED commission that entered that stage more than `retentionDays` ago. The
 * queue lists the stage oldest first and an erased record leaves it, so the run reads only the
 * commissions it erases and the first one too young: its cost does not grow with what was erased
 * before. COMPLETED commissions are kept (aftercare, the accounts) until erased on request.
 */
export async function eraseClosedCommissions(deps: RetentionDeps, now: Date, retentionDays: number): Promise<{ erased: string[]; more: boolean }> {
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const erased: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.queue.listByStage('CANCELLED', 25, cursor);
    for (const item of page.items) {
      if (Date.parse(item.stageEnteredAt) >= cutoff) return { erased, more: false };
      if (erased.length >= MAX_ERASED_PER_RUN) return { erased, more: true };
      const result = await eraseCommission(deps, item.id, RETENTION_REASON, RETENTION_ACTOR, now);
      if (result.erased) erased.push(item.id);
    }
    cursor = page.cursor;
  } while (cursor);
  return { erased, more: false };
}

/** RETENTION_DAYS_CLOSED as configured: a whole number of days, at least 1. */
export function retentionDaysFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_RETENTION_DAYS_CLOSED;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new Error(`RETENTION_DAYS_CLOSED must be a whole number of days, at least 1 (got ${value})`);
  return days;
}
