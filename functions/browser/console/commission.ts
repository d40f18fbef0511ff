/** One commission: its stage, progress, the enquiry's facts, the timeline, and the decision form while it waits. */
import { formatMoney, hallmarkPhrase, historyEventLabel, metalPhrase, PIECE_NAMES, SCHEME_NAMES, shortReference, stonePhrase, STAGE_NAMES } from '#domain/labels';
import type { SourcingRecord } from '#domain/schemas';
import { api, type Commission, type OriginView } from './api.ts';
import { decisionForm } from './decision-form.ts';
import { paymentsCard } from './payments.ts';
import { statusLinkCard } from './status-link.ts';
import { personalDataCard } from './erasure-form.ts';
import { attachmentsCard } from './attachments.ts';
import { h } from './dom.ts';
import { view } from './layout.ts';


const when = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
const facts = (rows: [string, string | undefined][]) =>
  h('dl', { class: 'facts' }, ...rows.filter(([, v]) => v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

export async function renderCommission(id: string, notice?: { kind: 'ok' | 'error'; text: string }) {
  const c = await api<Commission>(`/commissions/${encodeURIComponent(id)}`);
  // The SOURCING form picks its origin from the registry.
  const origins = c.awaiting?.stage === 'SOURCING' ? (await api<{ items: OriginView[] }>('/origins')).items : [];
  const stages = ['ENQUIRY', 'DESIGN', 'SOURCING', 'MAKING', 'DELIVERY', 'COMPLETED'] as const;
  const progress = h('ol', { class: 'progress', 'aria-label': 'Stages' },
    ...stages.map((stage, index) => {
      const current = stages.indexOf(c.stage as (typeof stages)[number]);
      const state = c.stage === 'COMPLETED' || index < current ? 'done' : index === current ? 'current' : 'upcoming';
      return h('li', { class: `progress-${state}`, ...(state === 'current' ? { 'aria-current': 'step' } : {}) }, STAGE_NAMES[stage]);
    }));
  const timeline = h('ol', { class: 'history' },
    ...c.history.map((entry) =>
      h('li', {},
        h('time', { datetime: entry.at }, when(entry.at)),
        h('span', { class: 'event' }, `${historyEventLabel(entry.event)} · ${STAGE_NAMES[entry.stage]}`),
        h('span', { class: 'actor' }, entry.actor === 'system' ? 'by the workflow' : `by ${entry.actor}`),
        entry.note ? h('blockquote', {}, entry.note) : undefined,
        entry.details && Object.keys(entry.details).length > 0 && entry.event === 'approved' ? h('p', { class: 'details' }, describeDetails(entry.details)) : undefined)));
  view(
    h('p', {}, h('a', { href: `#/queue/${c.stage}` }, `← ${STAGE_NAMES[c.stage]} queue`)),
    h('header', { class: 'commission-head' },
      h('p', { class: 'eyebrow' }, `Commission ${shortReference(c.id)}${c.revision > 1 ? ` · revision ${c.revision}` : ''}`),
      h('h1', {}, `${PIECE_NAMES[c.piece.kind] ?? c.piece.kind} for ${c.customer?.name ?? 'a customer (details erased)'}`),
      h('p', { class: 'stage-line' }, h('span', { class: `stage-badge stage-${c.stage.toLowerCase()}` }, c.stage),
        c.awaiting ? ` awaiting ${c.awaiting.party === 'customer' ? "the customer's answer" : 'a decision'} since ${when(c.awaiting.since)}` : c.stage === 'COMPLETED' || c.stage === 'CANCELLED' ? ' — closed' : ' — preparing the next step…')),
    notice ? h('p', { class: notice.kind === 'ok' ? 'notice ok' : 'form-error', role: notice.kind === 'ok' ? 'status' : 'alert' }, notice.text) : false,
    progress,
    h('div', { class: 'columns' },
      h('div', {},
        h('section', { class: 'card' }, h('h2', {}, 'The enquiry'),
          facts([
            ['Customer', c.customer?.name], ['Email', c.customer?.email], ['Phone', c.customer?.phone],
            ['Piece', PIECE_NAMES[c.piece.kind]], ['Description', c.piece.description], ['Ring size', c.piece.ringSize],
            ['Budget', c.piece.budget && formatMoney(c.piece.budget)],
            ['Metal', metalPhrase(c.metal)],
            ['Design', c.design?.summary], ['Price', c.design && formatMoney(c.design.price)],
            ['Sourced', c.sourcing && describeSourcing(c.sourcing)],
            ['Hallmark', c.making && hallmarkPhrase(c.making.hallmark)],
            ['Scheme mark', c.making?.schemeMark ? 'Struck' : undefined],
            ['Stones', c.making?.stones?.length ? c.making.stones.map(stonePhrase).join('; ') : undefined],
            ['Delivery', c.delivery && (c.delivery.method === 'courier' ? `${c.delivery.carrier}, ${c.delivery.trackingNumber}` : 'Collection')],
          ])),
        c.awaiting ? decisionForm(c, (notice) => renderCommission(c.id, notice), origins) : false,
        paymentsCard(c, (notice) => renderCommission(c.id, notice)),
        attachmentsCard(c, (notice) => renderCommission(c.id, notice)),
        statusLinkCard(c, (notice) => renderCommission(c.id, notice)),
        personalDataCard(c, (notice) => renderCommission(c.id, notice))),
      h('section', { class: 'card' }, h('h2', {}, 'Timeline'), timeline)),
  );
}

function describeDetails(details: Record<string, unknown>): string {
  const flat: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else flat.push(`${path}: ${String(value)}`);
  };
  walk(details, '');
  return flat.join(' · ');
}

/** One line of what was sourced, for every scheme, and for records made before the schemes had their own fields. */
function describeSourcing(s: SourcingRecord): string {
  const parts = [`${s.weightGrams} g ${s.fineness} ${SCHEME_NAMES[s.scheme]} ${s.metal}`];
  if ('origin' in s) parts[0] += ` from ${s.origin.name}, ${s.origin.country}`;
  if ('traceability' in s && s.traceability) parts.push(s.traceability === 'physical' ? 'physical traceability' : 'mass balance');
  if ('refiner' in s) parts.push(`refined by ${s.refiner}`);
  if ('assay' in s) parts.push(`assay ${s.assay.reference} by ${s.assay.assayedBy}`);
  if ('certificateReference' in s && s.certificateReference) parts.push(`certificate ${s.certificateReference}`);
  if ('supplier' in s && s.supplier) parts.push(s.supplier);
  if ('lotReference' in s) parts.push(`lot ${s.lotReference}`);
  return parts.join(' · ');
}
