/**
 * The studio's licences (#/licences): which Fairtrade and Fairmined licence the studio holds
 * decides what every email, status page and certificate may claim, so a designer keeps them
 * current here (PUT /studio/licences replaces the set). A registered goldsmith also sees this
 * year's Fairtrade metal against the scheme's yearly cap.
 */
import { showFieldErrors } from '../form-errors.ts';
import { api, ApiFailure } from './api.ts';
import { h } from './dom.ts';
import { applyConditions, control, errorSummary, readForm, todayIso, type Field, type Values } from './fields.ts';
import { failure, view } from './layout.ts';

interface Licence {
  kind: 'licensee' | 'registered-goldsmith';
  reference: string;
  validUntil: string;
}
interface Licences {
  fairtrade?: Licence;
  fairmined?: Licence;
}
/** GET /studio/licences: the licences, and for a registered goldsmith this year's Fairtrade weight per metal. */
interface LicencesView {
  licences: Licences;
  fairtradeThisYear?: { year: number; metals: { metal: string; grams: number; capGrams: number; remainingGrams: number }[] };
}

const KIND_NAMES: Record<Licence['kind'], string> = { licensee: 'licensee', 'registered-goldsmith': 'registered goldsmith (Goldsmiths Registration Scheme)' };

export async function renderLicences(notice?: { kind: 'ok' | 'error'; text: string }) {
  const current = await api<LicencesView>('/studio/licences');
  const licences = current.licences;
  view(
    h('h1', {}, 'Licences'),
    h('p', { class: 'hint' },
      'What the studio may say about a piece follows its licence for the scheme on the day: a licensee with physically traceable metal may name the mine and strike the mark; a registered goldsmith uses the scheme’s off-pack wording; without a licence, only general statements.'),
    notice ? h('p', { class: notice.kind === 'ok' ? 'notice ok' : 'form-error', role: notice.kind === 'ok' ? 'status' : 'alert' }, notice.text) : false,
    h('section', { class: 'card', 'aria-labelledby': 'licences-now' },
      h('h2', { id: 'licences-now' }, 'Held now'),
      h('dl', { class: 'facts licences-held' },
        h('dt', {}, 'Fairtrade'), h('dd', {}, describe(licences.fairtrade)),
        h('dt', {}, 'Fairmined'), h('dd', {}, describe(licences.fairmined), h('small', {}, ' (also covers Fairmined Ecological)')))),
    current.fairtradeThisYear ? capTable(current.fairtradeThisYear) : false,
    licencesForm(licences),
  );
}

function describe(licence: Licence | undefined): string {
  if (!licence) return 'No licence';
  const lapsed = licence.validUntil < todayIso() ? ' — expired: claims fall back to general statements' : '';
  return `${KIND_NAMES[licence.kind]}, ${licence.reference}, valid until ${licence.validUntil}${lapsed}`;
}

function capTable(year: NonNullable<LicencesView['fairtradeThisYear']>) {
  return h('section', { class: 'card', 'aria-labelledby': 'cap-title' },
    h('h2', { id: 'cap-title' }, `Fairtrade metal sourced in ${year.year}`),
    h('p', { class: 'hint' }, 'A registered goldsmith may buy at most 500 g of gold, 500 g of platinum and 2,000 g of silver a year.'),
    h('table', { class: 'queue cap' },
      h('thead', {}, h('tr', {}, ...['Metal', 'Sourced', 'Cap', 'Remaining', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...year.metals.map((m) =>
        h('tr', { 'data-metal': m.metal },
          h('td', {}, m.metal),
          h('td', {}, `${m.grams} g`),
          h('td', {}, `${m.capGrams} g`),
          h('td', { class: m.remainingGrams === 0 ? 'over' : '' }, `${m.remainingGrams} g`),
          h('td', {}, h('meter', { min: '0', max: String(m.capGrams), value: String(m.grams), high: String(m.capGrams * 0.8), 'aria-label': `${m.metal}: ${m.grams} of ${m.capGrams} g` })))))));
}

function licenceFields(scheme: 'fairtrade' | 'fairmined', kinds: [string, string][], held: Licence | undefined): Field[] {
  const holds = (v: Values) => v(`${scheme}.kind`) !== '';
  return [
    { path: `${scheme}.kind`, label: `${scheme === 'fairtrade' ? 'Fairtrade' : 'Fairmined'} licence`, type: 'select', options: kinds, value: held?.kind ?? '' },
    { path: `${scheme}.reference`, label: 'Licence reference', when: holds, value: held?.reference ?? '' },
    { path: `${scheme}.validUntil`, label: 'Valid until', type: 'date', when: holds, value: held?.validUntil ?? '' },
  ];
}

function licencesForm(licences: Licences) {
  const message = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'card licences-form', novalidate: true, 'aria-labelledby': 'licences-edit' },
    h('h2', { id: 'licences-edit' }, 'Record the licences'),
    errorSummary(),
    h('fieldset', { class: 'group' }, h('legend', {}, 'Fairtrade'),
      ...licenceFields('fairtrade', [['', 'No Fairtrade licence'], ['licensee', 'Fairtrade licensee'], ['registered-goldsmith', 'Registered goldsmith (buys from a licensee)']], licences.fairtrade).map((f) => control(f))),
    h('fieldset', { class: 'group' }, h('legend', {}, 'Fairmined'),
      ...licenceFields('fairmined', [['', 'No Fairmined licence'], ['licensee', 'Fairmined licensee']], licences.fairmined).map((f) => control(f))),
    message,
    h('div', { class: 'actions' }, h('button', { class: 'button', type: 'submit' }, 'Save the licences')));
  applyConditions(form);
  form.addEventListener('change', () => applyConditions(form));
  form.addEventListener('submit', (event) => void (async () => {
    event.preventDefault();
    showFieldErrors(form, []);
    message.hidden = true;
    const button = form.querySelector('button')!;
    button.disabled = true;
    try {
      // A scheme whose licence is "none" is left out: the set replaces what was held.
      const body = Object.fromEntries(Object.entries(readForm(form)).filter(([, licence]) => (licence as { kind: string }).kind !== ''));
      await api('/studio/licences', { method: 'PUT', body: JSON.stringify(body) });
      await renderLicences({ kind: 'ok', text: 'Licences saved. Claims made from now on follow them.' });
    } catch (error) {
      button.disabled = false;
      if (!(error instanceof ApiFailure) || error.status === 401 || error.status === 403) return failure(error);
      if (error.fields?.length) return showFieldErrors(form, error.fields);
      message.textContent = error.message;
      message.hidden = false;
    }
  })());
  return form;
}
