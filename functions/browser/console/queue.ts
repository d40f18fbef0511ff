/**
 * The queues: a search box (a reference or a customer's email address), a tab per stage with its
 * count, and the chosen stage's commissions, oldest first, optionally only those awaiting the
 * studio or the customer; and the search's results across stages.
 */
import { PIECE_NAMES, SCHEME_NAMES, shortReference, STAGE_NAMES } from '#domain/labels';
import { OPEN_STAGES, STAGES, type OpenStage, type Party, type Piece, type Scheme, type Stage } from '#domain/schemas';
import { api, ApiFailure } from './api.ts';
import { h } from './dom.ts';
import { view } from './layout.ts';

interface QueueItem {
  id: string;
  stage: Stage;
  awaiting: { stage: string; party: Party; since: string } | null;
  /** customer, piece, metal: absent on a commission stored before the queue index projected them. */
  customer?: { name: string };
  piece?: { kind: Piece['kind'] };
  metal?: { scheme: Scheme };
  daysInStage: number;
}

const PARTY_NAMES: Record<Party, string> = { studio: 'the studio', customer: 'the customer' };
export const PARTIES = Object.keys(PARTY_NAMES) as Party[];

/** Where a search for `q` shows its results. */
const searchHref = (q: string) => `#/search/${encodeURIComponent(q.trim())}`;

/** The search box, on the queues and above the results: submitting shows the results' address. */
function searchForm(q = '', error?: string) {
  const input = h('input', {
    id: 'search-q', name: 'q', type: 'search', value: q, required: true, maxlength: '254', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': error ? 'search-hint search-error' : 'search-hint', ...(error && { 'aria-invalid': 'true' }),
  });
  return h('form', {
    class: 'search', role: 'search', 'aria-label': 'Find a commission',
    onsubmit: (event: Event) => {
      event.preventDefault();
      location.hash = searchHref(input.value);
    },
  },
    h('label', { for: 'search-q' }, 'Find a commission'),
    h('p', { id: 'search-hint', class: 'hint' }, 'Its reference (the 8 characters the customer quotes) or the customer’s email address.'),
    error ? h('p', { id: 'search-error', class: 'form-error', role: 'alert' }, error) : undefined,
    h('div', { class: 'search-row' }, input, h('button', { class: 'button', type: 'submit' }, 'Find')));
}

function awaitingBadge(item: QueueItem) {
  if (item.awaiting) return h('span', { class: item.awaiting.party === 'customer' ? 'badge customer' : 'badge' }, `Awaiting ${PARTY_NAMES[item.awaiting.party]}`);
  return OPEN_STAGES.includes(item.stage as OpenStage) ? h('span', { class: 'badge muted' }, 'Preparing') : '';
}

function queueTable(items: QueueItem[], caption: string, withStage: boolean) {
  const headings = ['Reference', 'Customer', 'Piece', 'Metal', ...(withStage ? ['Stage'] : []), 'Days in stage', 'Awaiting'];
  return h('table', { class: 'queue' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...items.map((item) =>
      h('tr', { class: item.daysInStage >= 7 ? 'overdue' : '' },
        h('td', {}, h('a', { href: `#/commission/${item.id}` }, shortReference(item.id))),
        h('td', {}, item.customer?.name ?? '—'),
        h('td', {}, item.piece ? (PIECE_NAMES[item.piece.kind] ?? item.piece.kind) : '—'),
        h('td', {}, item.metal ? (SCHEME_NAMES[item.metal.scheme] ?? item.metal.scheme) : '—'),
        withStage ? h('td', {}, STAGE_NAMES[item.stage]) : undefined,
        h('td', { class: 'days' }, String(item.daysInStage)),
        h('td', {}, awaitingBadge(item))))));
}

/** The party filter of one open stage's queue: choosing shows that queue's address. */
function partyFilter(selected: Stage, party?: Party) {
  const select = h('select', {
    id: 'queue-party',
    onchange: (event: Event) => {
      const value = (event.target as HTMLSelectElement).value;
      location.hash = `#/queue/${selected}${value ? `/${value}` : ''}`;
    },
  },
    h('option', { value: '', ...(party === undefined && { selected: true }) }, 'Anyone'),
    ...PARTIES.map((p) => h('option', { value: p, ...(party === p && { selected: true }) }, PARTY_NAMES[p].replace(/^the /, 'The '))));
  return h('div', { class: 'queue-filter' }, h('label', { for: 'queue-party' }, 'Awaiting'), select);
}

export async function renderQueues(selected: Stage, party?: Party) {
  const open = OPEN_STAGES.includes(selected as OpenStage);
  const chosenParty = open ? party : undefined;
  const [queues, filtered] = await Promise.all([
    Promise.all(STAGES.map(async (stage) => [stage, (await api<{ items: QueueItem[] }>(`/commissions?stage=${stage}&limit=100`)).items] as const)),
    chosenParty ? api<{ items: QueueItem[] }>(`/commissions?stage=${selected}&party=${chosenParty}&limit=100`) : undefined,
  ]);
  const items = filtered?.items ?? queues.find(([stage]) => stage === selected)?.[1] ?? [];
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Stages' },
    ...queues.map(([stage, list]) =>
      h('a', { href: `#/queue/${stage}`, role: 'tab', class: 'tab', 'aria-selected': String(stage === selected), ...(stage === selected ? { 'aria-current': 'page' } : {}) },
        STAGE_NAMES[stage], ' ', h('span', { class: 'count' }, String(list.length)))),
  );
  const caption = `${STAGE_NAMES[selected]}${chosenParty ? `, awaiting ${PARTY_NAMES[chosenParty]}` : ''}, oldest first`;
  const table = items.length === 0
    ? h('p', { class: 'empty' }, chosenParty ? `Nothing here awaits ${PARTY_NAMES[chosenParty]}.` : open ? 'Nothing is waiting here. ' : 'None yet.')
    : queueTable(items, caption, false);
  view(
    h('h1', {}, 'Commissions'),
    searchForm(),
    h('p', { class: 'hint' }, 'Each queue lists the commissions in a stage, the one waiting longest first.'),
    tabs,
    h('section', { class: 'card' }, open ? partyFilter(selected, chosenParty) : undefined, table),
  );
}

/** What a search found, in any stage, newest first. */
export async function renderSearch(q: string) {
  let items: QueueItem[] = [];
  let error: string | undefined;
  try {
    items = (await api<{ items: QueueItem[] }>(`/commissions?q=${encodeURIComponent(q)}&limit=50`)).items;
  } catch (failure) {
    // A 400 is the search text: say so beside the box; anything else is the screen's failure.
    if (!(failure instanceof ApiFailure && failure.status === 400)) throw failure;
    error = failure.fields?.[0]?.message ?? failure.message;
  }
  const results = error
    ? undefined
    : items.length === 0
      ? h('p', { class: 'empty' }, 'No commission has that reference or email address.')
      : queueTable(items, `Commissions found for ${q}, newest first`, true);
  view(
    h('h1', {}, 'Find a commission'),
    searchForm(q, error),
    h('p', {}, h('a', { href: '#/' }, 'Back to the queues')),
    results ? h('section', { class: 'card', 'aria-live': 'polite' }, h('h2', {}, items.length === 1 ? '1 commission found' : `${items.length} commissions found`), results) : undefined,
  );
}
