/** The queues: a tab per stage with its count, and the chosen stage's commissions, oldest first. */
import { PIECE_NAMES, SCHEME_NAMES, shortReference, STAGE_NAMES } from '#domain/labels';
import { OPEN_STAGES, STAGES, type OpenStage, type Piece, type Scheme, type Stage } from '#domain/schemas';
import { api } from './api.ts';
import { h } from './dom.ts';
import { view } from './layout.ts';

interface QueueItem {
  id: string;
  stage: Stage;
  awaiting: { stage: string; since: string } | null;
  /** customer, piece, metal: absent on a commission stored before the queue index projected them. */
  customer?: { name: string };
  piece?: { kind: Piece['kind'] };
  metal?: { scheme: Scheme };
  daysInStage: number;
}

export async function renderQueues(selected: Stage) {
  const queues = await Promise.all(
    STAGES.map(async (stage) => [stage, (await api<{ items: QueueItem[] }>(`/commissions?stage=${stage}&limit=100`)).items] as const),
  );
  const items = queues.find(([stage]) => stage === selected)?.[1] ?? [];
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Stages' },
    ...queues.map(([stage, list]) =>
      h('a', { href: `#/queue/${stage}`, role: 'tab', class: 'tab', 'aria-selected': String(stage === selected), ...(stage === selected ? { 'aria-current': 'page' } : {}) },
        STAGE_NAMES[stage], ' ', h('span', { class: 'count' }, String(list.length)))),
  );
  const table = items.length === 0
    ? h('p', { class: 'empty' }, OPEN_STAGES.includes(selected as OpenStage) ? 'Nothing is waiting here. ' : 'None yet.')
    : h('table', { class: 'queue' },
        h('caption', { class: 'visually-hidden' }, `${STAGE_NAMES[selected]}, oldest first`),
        h('thead', {}, h('tr', {}, ...['Reference', 'Customer', 'Piece', 'Metal', 'Days in stage', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...items.map((item) =>
          h('tr', { class: item.daysInStage >= 7 ? 'overdue' : '' },
            h('td', {}, h('a', { href: `#/commission/${item.id}` }, shortReference(item.id))),
            h('td', {}, item.customer?.name ?? '—'),
            h('td', {}, item.piece ? (PIECE_NAMES[item.piece.kind] ?? item.piece.kind) : '—'),
            h('td', {}, item.metal ? (SCHEME_NAMES[item.metal.scheme] ?? item.metal.scheme) : '—'),
            h('td', { class: 'days' }, String(item.daysInStage)),
            h('td', {}, item.awaiting ? h('span', { class: 'badge' }, 'Awaiting decision') : OPEN_STAGES.includes(item.stage as OpenStage) ? h('span', { class: 'badge muted' }, 'Preparing') : '')))));
  view(h('h1', {}, 'Commissions'), h('p', { class: 'hint' }, 'Each queue lists the commissions in a stage, the one waiting longest first.'), tabs, h('section', { class: 'card' }, table));
}
