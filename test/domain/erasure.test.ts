/** Erasure's rules, on their own: what the record becomes, the answers, retention's order (no services). */
import { describe, expect, it } from 'vitest';
import { eraseClosedCommissions, eraseCommission, erasureOf, retentionDaysFrom } from '#domain/erasure';
import type { ErasableCommissions, ErasureOutcome, ErasureWrite, OldestInStage } from '#domain/ports';
import type { Commission } from '#domain/schemas';
import { sampleCommission } from '../../infra/samples.ts';

const DAY_MS = 86_400_000;
const NOW = new Date(Date.UTC(2026, 10, 20, 12));

function cancelled(id: string, enteredAt: Date): Commission {
  return {
    ...sampleCommission('CANCELLED'),
    id,
    stageEnteredAt: enteredAt.toISOString(),
    history: [
      { at: enteredAt.toISOString(), stage: 'ENQUIRY', event: 'enquiry-received', actor: 'customer' },
      { at: enteredAt.toISOString(), stage: 'ENQUIRY', event: 'cancelled', actor: 'rosa@studio.test', note: 'Ana found another jeweller' },
      { at: enteredAt.toISOString(), stage: 'ENQUIRY', event: 'decision-not-delivered', actor: 'system', note: 'The workflow was no longer waiting.' },
    ],
  };
}

/** An in-memory store: `erase` answers what `outcomes` says, in turn, then 'erased'. */
function fakeStore(records: Commission[], outcomes: ErasureOutcome[] = []) {
  const byId = new Map(records.map((r) => [r.id, r]));
  const writes: ErasureWrite[] = [];
  const cleared: string[] = [];
  /** Commissions whose files were deleted, in order. */
  const filesDeleted: string[] = [];
  const objects = { deleteCommission: async (id: string) => (filesDeleted.push(id), 0) };
  const store: ErasableCommissions & OldestInStage = {
    get: async (id) => byId.get(id),
    erase: async (write) => {
      writes.push(write);
      const outcome = outcomes.shift() ?? 'erased';
      if (outcome === 'erased') {
        const rest = { ...write.before };
        delete rest.customer;
        byId.set(write.before.id, { ...rest, piece: write.piece, history: write.history, erasure: write.erasure, version: write.before.version + 1 });
      }
      return outcome;
    },
    clearEmailLedger: async (id) => void cleared.push(id),
    listByStage: async (stage, limit, cursor) => {
      const all = [...byId.values()]
        .filter((c) => c.stage === stage && !c.erasure)
        .sort((a, b) => a.stageEnteredAt.localeCompare(b.stageEnteredAt));
      // Like the index: the cursor is the position of the last item read, not an offset.
      const after = all.filter((c) => cursor === undefined || c.stageEnteredAt > cursor);
      const items = after.slice(0, limit);
      return { items, ...(after.length > limit && { cursor: items.at(-1)!.stageEnteredAt }) };
    },
  };
  return { store, writes, cleared, byId, objects, filesDeleted };
}

describe('erasureOf', () => {
  it("drops the customer's own words and people's notes, keeps the rest, and records the erasure", () => {
    const before = cancelled('c-1', NOW);
    const write = erasureOf(before, { at: NOW.toISOString(), by: 'rosa@studio.test', reason: 'Asked by email' });
    expect(write.piece).toEqual({ kind: before.piece.kind, ...(before.piece.budget && { budget: before.piece.budget }) });
    expect(write.history.map((h) => h.note)).toEqual([undefined, undefined, 'The workflow was no longer waiting.', 'Asked by email']);
    expect(write.history.at(-1)).toEqual({ at: NOW.toISOString(), stage: 'CANCELLED', event: 'personal-data-erased', actor: 'rosa@studio.test', note: 'Asked by email' });
    expect(JSON.stringify(write.piece) + JSON.stringify(write.history)).not.toMatch(/Ana/);
  });
});

describe('eraseCommission', () => {
  it('erases once, then answers the first time again and finishes the ledger clean-up', async () => {
    const { store, writes, cleared, objects, filesDeleted } = fakeStore([cancelled('c-1', NOW)]);
    const first = await eraseCommission({ commissions: store, objects }, 'c-1', 'Asked', 'rosa', NOW);
    const later = new Date(NOW.getTime() + DAY_MS);
    const again = await eraseCommission({ commissions: store, objects }, 'c-1', 'Asked twice', 'ben', later);
    expect(first).toEqual({ id: 'c-1', erasedAt: NOW.toISOString(), erased: true });
    expect(again).toEqual({ id: 'c-1', erasedAt: NOW.toISOString(), erased: false });
    expect(writes).toHaveLength(1);
    expect(cleared).toEqual(['c-1', 'c-1']);
    // The files go with the first erasure; a repeat deletes any left behind.
    expect(filesDeleted).toEqual(['c-1', 'c-1']);
  });

  it('answers 409 for an open commission, 404 for none, and reads again a record that changed', async () => {
    const open = fakeStore([cancelled('c-1', NOW)], ['open']);
    await expect(eraseCommission({ commissions: open.store, objects: open.objects }, 'c-1', 'r', 'rosa', NOW)).rejects.toMatchObject({ statusCode: 409, code: 'commission_open' });
    expect(open.cleared).toEqual([]);
    expect(open.filesDeleted).toEqual([]);
    await expect(eraseCommission({ commissions: open.store, objects: open.objects }, 'nope', 'r', 'rosa', NOW)).rejects.toMatchObject({ statusCode: 404 });
    const changed = fakeStore([cancelled('c-1', NOW)], ['changed', 'changed']);
    expect((await eraseCommission({ commissions: changed.store, objects: changed.objects }, 'c-1', 'r', 'rosa', NOW)).erased).toBe(true);
    expect(changed.writes).toHaveLength(3);
    const busy = fakeStore([cancelled('c-1', NOW)], ['changed', 'changed', 'changed']);
    await expect(eraseCommission({ commissions: busy.store, objects: busy.objects }, 'c-1', 'r', 'rosa', NOW)).rejects.toMatchObject({ statusCode: 409 });
  });
});

describe('eraseClosedCommissions', () => {
  it('erases, oldest first, the cancelled commissions past the period, and stops at the first younger one', async () => {
    const ages = [800, 400, 366, 364, 10]; // days in CANCELLED
    const records = ages.map((days, i) => cancelled(`c-${i}`, new Date(NOW.getTime() - days * DAY_MS)));
    const { store, objects } = fakeStore([...records].reverse());
    const read: string[] = [];
    const queue: OldestInStage = {
      listByStage: async (stage, limit, cursor) => {
        const page = await store.listByStage(stage, Math.min(limit, 2), cursor);
        read.push(...page.items.map((i) => i.id));
        return page;
      },
    };
    const result = await eraseClosedCommissions({ commissions: store, queue, objects }, NOW, 365);
    expect(result).toEqual({ erased: ['c-0', 'c-1', 'c-2'], more: false });
    // Nothing past the first one too young is read.
    expect(read).not.toContain('c-4');
  });
});

describe('retentionDaysFrom', () => {
  it('defaults to 365 and refuses what is not a whole number of days', () => {
    expect(retentionDaysFrom(undefined)).toBe(365);
    expect(retentionDaysFrom('30')).toBe(30);
    for (const bad of ['0', '-1', '1.5', 'a year']) expect(() => retentionDaysFrom(bad)).toThrow(/RETENTION_DAYS_CLOSED/);
  });
});
