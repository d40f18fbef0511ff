/**
 * The registry of origins (#/origins): every origin with each certification's status as the API
 * computes it for today, and the three things a designer does to one — record a verification
 * against the certifier's current certificate, edit what the studio says of it, retire it. Each
 * form shows the API's 400 fields beside its own fields and a 409 in its summary.
 */
import { SCHEME_NAMES } from '#domain/labels';
import { showFieldErrors } from '../form-errors.ts';
import { api, ApiFailure, type OriginView } from './api.ts';
import { h } from './dom.ts';
import { control, errorSummary, readForm, todayIso, type Field } from './fields.ts';
import { failure, view } from './layout.ts';

type Notice = { kind: 'ok' | 'error'; text: string };

const STATUS_LABELS: Record<OriginView['certifications'][number]['status'], string> = {
  verified: 'Verified',
  unverified: 'Unverified',
  lapsed: 'Lapsed',
  retired: 'Retired',
};

export async function renderRegistry(notice?: Notice) {
  const { items } = await api<{ items: OriginView[] }>('/origins');
  const origins = items.toSorted((a, b) => Number(Boolean(a.retired)) - Number(Boolean(b.retired)) || a.name.localeCompare(b.name));
  view(
    h('h1', {}, 'Origins'),
    h('p', { class: 'hint' },
      'The mines and cooperatives the studio sources certified metal from. A certification is verified only while a check of the certifier’s current certificate is recorded: checked within the last 12 months and valid today. Sourcing needs a verified certification; a lapsed one (ended by the certifier) never passes.'),
    notice ? h('p', { class: notice.kind === 'ok' ? 'notice ok' : 'form-error', role: notice.kind === 'ok' ? 'status' : 'alert' }, notice.text) : false,
    ...origins.map(originCard),
  );
}

const reload = (notice: Notice) => renderRegistry(notice).catch(failure);

function originCard(origin: OriginView) {
  const facts: [string, string | undefined][] = [
    ['Region', origin.region],
    ['Source', origin.source],
    ['Uncertain', origin.uncertain],
    ['Added', `${origin.addedAt.slice(0, 10)} by ${origin.addedBy}`],
    ['Edited', origin.editedAt && `${origin.editedAt.slice(0, 10)} by ${origin.editedBy ?? 'a designer'}`],
    ['Retired', origin.retired && `${origin.retired.on.slice(0, 10)} by ${origin.retired.by}: ${origin.retired.note}`],
  ];
  return h('section', { class: `card origin${origin.retired ? ' retired' : ''}`, 'data-origin-id': origin.id, 'aria-labelledby': `origin-${origin.id}` },
    h('p', { class: 'eyebrow' }, origin.id),
    h('h2', { id: `origin-${origin.id}` }, origin.name, h('span', { class: 'place' }, `, ${origin.country}`), origin.retired ? h('span', { class: 'cert-status status-retired' }, 'Retired') : undefined),
    h('dl', { class: 'facts' }, ...facts.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    certificationsTable(origin),
    origin.retired ? undefined : h('div', { class: 'origin-actions' },
      disclosure('Record a verification', verifyForm(origin)),
      disclosure('Edit region, source, what is uncertain', editForm(origin)),
      disclosure('Retire this origin', retireForm(origin))));
}

function certificationsTable(origin: OriginView) {
  return h('table', { class: 'queue certifications' },
    h('caption', { class: 'visually-hidden' }, `Certifications of ${origin.name}`),
    h('thead', {}, h('tr', {}, ...['Scheme', 'Status', 'Verification', 'First certified', 'Source'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...origin.certifications.map((c) =>
      h('tr', { 'data-scheme': c.scheme },
        h('td', {}, `${SCHEME_NAMES[c.scheme]} ${c.metals.join(', ')}`, h('small', {}, `certified by ${c.certifier}`)),
        h('td', {}, h('span', { class: `cert-status status-${c.status}` }, STATUS_LABELS[c.status]),
          c.statusReason && c.status !== 'verified' ? h('small', { class: 'status-reason' }, c.statusReason) : undefined,
          c.ended && !c.statusReason ? h('small', {}, `Ended ${c.ended.on} (${c.ended.source})`) : undefined),
        h('td', {}, c.verification
          ? h('span', { class: 'verification' }, `Certificate ${c.verification.certificateReference}`,
              h('small', {}, `checked ${c.verification.checkedOn} by ${c.verification.checkedBy}, valid until ${c.verification.validUntil}`))
          : h('span', { class: 'muted' }, 'Never verified')),
        h('td', {}, c.firstCertified ?? 'not reported'),
        h('td', {}, c.source, c.uncertain ? h('small', {}, `Uncertain: ${c.uncertain}`) : undefined)))));
}

const disclosure = (title: string, content: HTMLElement) => h('details', { class: 'disclosure' }, h('summary', {}, title), content);

/** A registry form: its fields, one button, and what to do with the body it reads. */
function registryForm(origin: OriginView, name: string, fields: Field[], button: string, submit: (body: Record<string, unknown>) => Promise<Notice>, danger = false) {
  const prefix = `${name}-${origin.id}`;
  // A refusal that names no field (409): said once, above the button.
  const message = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const form = h('form', { class: `registry-form ${name}`, novalidate: true, 'data-form': name },
    errorSummary(),
    ...fields.map((field) => control(field, prefix)),
    message,
    h('div', { class: 'actions' }, h('button', { class: danger ? 'button danger' : 'button', type: 'submit' }, button)));
  form.addEventListener('submit', (event) => void (async () => {
    event.preventDefault();
    showFieldErrors(form, []);
    message.hidden = true;
    const buttons = form.querySelectorAll('button');
    for (const b of buttons) b.disabled = true;
    try {
      await reload(await submit(readForm(form)));
    } catch (error) {
      for (const b of buttons) b.disabled = false;
      if (!(error instanceof ApiFailure) || error.status === 401 || error.status === 403) return failure(error);
      if (error.fields?.length) return showFieldErrors(form, error.fields);
      message.textContent = conflictMessage(error);
      message.hidden = false;
    }
  })());
  return form;
}

function conflictMessage(error: ApiFailure) {
  if (error.code === 'edit_conflict') return 'Someone else changed this origin since the page was loaded. Reload the registry to see their change, then edit again.';
  if (error.code === 'origin_retired') return 'This origin has been retired: it can no longer be verified or edited.';
  return error.message;
}

function verifyForm(origin: OriginView) {
  const schemes = [...new Set(origin.certifications.map((c) => c.scheme))];
  return registryForm(origin, 'verify', [
    { path: 'scheme', label: 'Certification', type: 'select', options: schemes.map((s) => [s, SCHEME_NAMES[s]]), value: schemes[0] },
    { path: 'certificateReference', label: 'Certificate reference', hint: 'As the certifier’s register or the certificate shows it.' },
    { path: 'checkedOn', label: 'Checked on', type: 'date', value: todayIso() },
    { path: 'validUntil', label: 'Certificate valid until', type: 'date', hint: 'The date on the certificate: a check counts for at most 12 months whatever it says.' },
  ], 'Record the verification', async (body) => {
    const after = await api<OriginView>(`/origins/${encodeURIComponent(origin.id)}/verifications`, { method: 'POST', body: JSON.stringify(body) });
    const certification = after.certifications.find((c) => c.scheme === body.scheme);
    const status = certification ? STATUS_LABELS[certification.status].toLowerCase() : 'recorded';
    return { kind: 'ok', text: `Verification recorded: ${after.name}’s ${SCHEME_NAMES[body.scheme as OriginView['certifications'][number]['scheme']]} certification is ${status}${certification?.statusReason ? ` (${certification.statusReason})` : ''}.` };
  });
}

function editForm(origin: OriginView) {
  return registryForm(origin, 'edit', [
    { path: 'region', label: 'Region', value: origin.region ?? '', optional: true },
    { path: 'source', label: 'Source', value: origin.source, hint: 'Where the origin’s name and place are reported.' },
    { path: 'uncertain', label: 'What is uncertain', type: 'textarea', value: origin.uncertain ?? '', optional: true },
  ], 'Save the changes', async (body) => {
    await api<OriginView>(`/origins/${encodeURIComponent(origin.id)}`, {
      method: 'PATCH',
      headers: { 'if-match': `"${origin.version}"` },
      body: JSON.stringify(body),
    });
    return { kind: 'ok', text: `${origin.name} saved.` };
  });
}

function retireForm(origin: OriginView) {
  return registryForm(origin, 'retire', [
    { path: 'note', label: 'Why it is retired', type: 'textarea', hint: 'Kept with the origin. A retired origin can no longer be chosen for sourcing; records already made keep it.' },
  ], `Retire ${origin.name}`, async (body) => {
    await api<OriginView>(`/origins/${encodeURIComponent(origin.id)}`, {
      method: 'PATCH',
      headers: { 'if-match': `"${origin.version}"` },
      body: JSON.stringify({ retired: true, ...body }),
    });
    return { kind: 'ok', text: `${origin.name} retired.` };
  }, true);
}
