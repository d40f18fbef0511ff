/**
 * What the API shows of a commission. Built field by field (an allow-list), so nothing stored
 * for the system's own use — the task token above all — can leak into a response.
 */
import { moneySummary } from '#domain/money';
import { awaitedParty, type Commission, type QueueItem } from '#domain/schemas';

/** The awaited decision as views show it: the stage, who is awaited (records from before `party` await the studio), since when. */
const awaitingView = (a: Commission['awaiting']) => (a ? { stage: a.stage, party: awaitedParty(a)!, since: a.since } : null);

const DAY_MS = 24 * 60 * 60 * 1000;

export function commissionView(c: Commission) {
  return {
    id: c.id,
    stage: c.stage,
    revision: c.revision,
    awaiting: awaitingView(c.awaiting),
    ...(c.customer && { customer: c.customer }),
    piece: c.piece,
    metal: c.metal,
    ...(c.design && { design: c.design }),
    ...(c.sourcing && { sourcing: c.sourcing }),
    ...(c.making && { making: c.making }),
    ...(c.delivery && { delivery: c.delivery }),
    ...(c.proposal && { proposal: c.proposal }),
    ...(c.certificateId && { certificateId: c.certificateId }),
    ...(c.erasure && { erasure: c.erasure }),
    // Price, deposit, paid and still due, once a design (and so a price) is accepted.
    ...moneySummary(c),
    payments: c.payments ?? [],
    /** The files, oldest first; never where they are kept (links go through GET …/attachments/{id}). */
    attachments: attachmentsView(c),
    history: c.history,
    /** The customer's status link generation (POST /commissions/{id}/status-link replaces it). */
    statusLinkVersion: c.statusLinkVersion ?? 1,
    ...(c.confirmedAt && { confirmedAt: c.confirmedAt }),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

function attachmentsView(c: Commission) {
  return Object.values(c.attachments ?? {})
    .toSorted((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map(({ id, stage, kind, fileName, contentType, bytes, status, visibleToCustomer }) => ({ id, stage, kind, fileName, contentType, bytes, status, visibleToCustomer }));
}

/**
 * One line of the designers' queue, from the queue index's projection. A commission stored before
 * the index projected its queue entry shows without one (docs/operations.md, "Upgrading a deployed stack").
 */
export function queueItemView(c: QueueItem, now: Date) {
  return {
    id: c.id,
    stage: c.stage,
    awaiting: awaitingView(c.awaiting),
    ...(c.queueEntry && {
      customer: { name: c.queueEntry.customerName },
      piece: { kind: c.queueEntry.pieceKind },
      metal: { scheme: c.queueEntry.metalScheme },
    }),
    daysInStage: Math.floor((now.getTime() - Date.parse(c.stageEnteredAt)) / DAY_MS),
  };
}
