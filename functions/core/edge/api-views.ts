/**
 * What the API shows of a commission. Built field by field (an allow-list), so nothing stored
 * for the system's own use — the task token above all — can leak into a response.
 */
import type { Commission, QueueItem } from '#domain/schemas';

const DAY_MS = 24 * 60 * 60 * 1000;

export function commissionView(c: Commission) {
  return {
    id: c.id,
    stage: c.stage,
    revision: c.revision,
    awaiting: c.awaiting ? { stage: c.awaiting.stage, since: c.awaiting.since } : null,
    ...(c.customer && { customer: c.customer }),
    piece: c.piece,
    metal: c.metal,
    ...(c.design && { design: c.design }),
    ...(c.sourcing && { sourcing: c.sourcing }),
    ...(c.making && { making: c.making }),
    ...(c.delivery && { delivery: c.delivery }),
    ...(c.certificateId && { certificateId: c.certificateId }),
    ...(c.erasure && { erasure: c.erasure }),
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
    awaiting: c.awaiting ? { stage: c.awaiting.stage, since: c.awaiting.since } : null,
    ...(c.queueEntry && {
      customer: { name: c.queueEntry.customerName },
      piece: { kind: c.queueEntry.pieceKind },
      metal: { scheme: c.queueEntry.metalScheme },
    }),
    daysInStage: Math.floor((now.getTime() - Date.parse(c.stageEnteredAt)) / DAY_MS),
  };
}
