/**
 * The decision form of the stage a commission awaits: approve with the stage's details (checked
 * with the API's own approval schema before sending), request changes, or cancel after confirming.
 */
import { SCHEME_NAMES, STAGE_NAMES } from '#domain/labels';
import { approvalDetailsByStage, FINENESS_BY_METAL, issuesToFields, type OpenStage } from '#domain/schemas';
import { showFieldErrors } from '../form-errors.ts';
import { api, ApiFailure, type Commission } from './api.ts';
import { h } from './dom.ts';
import { failure } from './layout.ts';

/** Shows the commission again, with a notice of what just happened. */
export type Reload = (notice: { kind: 'ok' | 'error'; text: string }) => Promise<void>;

type Input = { path: string; label: string; type?: 'text' | 'number' | 'textarea' | 'select'; options?: [string, string][]; value?: string; hint?: string; optional?: boolean };

function stageInputs(c: Commission, stage: OpenStage): Input[] {
  switch (stage) {
    case 'ENQUIRY':
      return [];
    case 'DESIGN':
      return [
        { path: 'details.summary', label: 'Design summary', type: 'textarea', hint: 'What the customer agreed to: the customer sees this.' },
        { path: 'details.price.amount', label: 'Price', type: 'number' },
        { path: 'details.price.currency', label: 'Currency', type: 'select', options: [['GBP', 'GBP'], ['EUR', 'EUR'], ['USD', 'USD']], value: c.piece.budget?.currency ?? 'GBP' },
      ];
    case 'SOURCING':
      return [
        { path: 'details.scheme', label: 'Scheme', type: 'select', options: Object.entries(SCHEME_NAMES), value: c.metal.scheme },
        { path: 'details.metal', label: 'Metal', type: 'select', options: [['gold', 'Gold'], ['silver', 'Silver'], ['platinum', 'Platinum']], value: c.metal.metal },
        { path: 'details.fineness', label: 'Fineness', type: 'select', options: FINENESS_BY_METAL[c.metal.metal as 'gold'].map((f) => [f, f]), value: c.metal.fineness ?? '' },
        { path: 'details.weightGrams', label: 'Weight (grams)', type: 'number' },
        { path: 'details.origin.name', label: 'Mine or cooperative', hint: 'e.g. SOTRAMI' },
        { path: 'details.origin.country', label: 'Country' },
        { path: 'details.supplier', label: 'Supplier' },
        { path: 'details.lotReference', label: 'Lot reference' },
      ];
    case 'MAKING':
      return [{ path: 'details.hallmark', label: 'Hallmark', hint: 'Assay office, fineness mark, sponsor' }];
    case 'DELIVERY':
      return [
        { path: 'details.method', label: 'Delivery', type: 'select', options: [['courier', 'Insured courier'], ['collection', 'Collection at the studio']] },
        { path: 'details.carrier', label: 'Carrier', optional: true, hint: 'Required for courier delivery' },
        { path: 'details.trackingNumber', label: 'Tracking number', optional: true, hint: 'Required for courier delivery' },
      ];
  }
}

function control(input: Input) {
  const id = `field-${input.path.replaceAll('.', '-')}`;
  const common = { id, name: input.path, 'aria-describedby': `${id}-error` };
  const element =
    input.type === 'textarea'
      ? h('textarea', { ...common, rows: '3' }, input.value ?? '')
      : input.type === 'select'
        ? h('select', common, ...(input.options ?? []).map(([value, label]) => h('option', { value, ...(value === input.value ? { selected: true } : {}) }, label)))
        : h('input', { ...common, type: input.type === 'number' ? 'number' : 'text', ...(input.type === 'number' ? { step: 'any', min: '0' } : {}), value: input.value ?? '' });
  return h('div', { class: 'field', 'data-field': input.path },
    h('label', { for: id }, input.label, input.optional ? h('span', { class: 'optional' }, ' (optional)') : undefined),
    input.hint ? h('p', { class: 'hint' }, input.hint) : undefined,
    element,
    h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': input.path, hidden: true }));
}

const APPROVE_LABELS: Record<OpenStage, string> = {
  ENQUIRY: 'Accept the enquiry',
  DESIGN: 'Approve the design',
  SOURCING: 'Record the metal and approve',
  MAKING: 'Approve: made and hallmarked',
  DELIVERY: 'Approve: delivered',
};

export function decisionForm(c: Commission, reload: Reload) {
  const stage = c.awaiting!.stage;
  const inputs = stageInputs(c, stage);
  const form = h('form', { class: 'card decision', novalidate: true, 'aria-labelledby': 'decision-title' },
    h('h2', { id: 'decision-title' }, `Decide: ${STAGE_NAMES[stage]}`),
    h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true }, h('h3', {}, 'Please check the form'), h('ul')),
    ...inputs.map(control),
    control({ path: 'note', label: 'Note for the studio', type: 'textarea', optional: true, hint: 'Kept in the history; never shown to the customer. Say why when requesting changes or cancelling.' }),
    h('div', { class: 'actions' },
      h('button', { class: 'button', type: 'submit', value: 'approve' }, APPROVE_LABELS[stage]),
      h('button', { class: 'button secondary', type: 'submit', value: 'request-changes' }, 'Request changes'),
      h('button', { class: 'button danger', type: 'submit', value: 'cancel' }, 'Cancel commission…')));

  // The listener returns nothing; its async body is started with void.
  form.addEventListener('submit', (event) => void (async () => {
    event.preventDefault();
    const decision = (event.submitter as HTMLButtonElement | null)?.value ?? 'approve';
    const data = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    const note = data.note?.trim();
    const request: Record<string, unknown> = { stage, decision, ...(note ? { note } : {}) };
    if (decision === 'approve') {
      const details: Record<string, unknown> = {};
      for (const input of inputs) {
        const raw = data[input.path]?.trim() ?? '';
        if (raw === '' && input.optional) continue;
        setPath(details, input.path.slice('details.'.length), input.type === 'number' && raw !== '' ? Number(raw) : raw);
      }
      const checked = approvalDetailsByStage[stage].safeParse(details);
      if (!checked.success) return showFieldErrors(form, issuesToFields(checked.error.issues, 'details'));
      request.details = checked.data;
    } else if (decision === 'request-changes' && !note) {
      return showFieldErrors(form, [{ path: 'note', message: 'Say what should change' }]);
    } else if (decision === 'cancel') {
      if (!(await confirmCancel(c))) return;
    }
    showFieldErrors(form, []);
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    try {
      await api(`/commissions/${c.id}/decisions`, { method: 'POST', body: JSON.stringify(request) });
      await waitForMove(c);
      await reload({ kind: 'ok', text: decision === 'approve' ? `${STAGE_NAMES[stage]} approved.` : decision === 'cancel' ? 'Commission cancelled. The customer has been told.' : 'Changes requested: a new revision begins.' });
    } catch (error) {
      if (error instanceof ApiFailure && error.fields) {
        for (const button of form.querySelectorAll('button')) button.disabled = false;
        return showFieldErrors(form, error.fields);
      }
      if (error instanceof ApiFailure && error.status === 409) {
        return reload({ kind: 'error', text: 'Someone has already decided this stage. Here is the commission as it stands now.' });
      }
      if (error instanceof ApiFailure && error.status === 410) {
        return reload({ kind: 'error', text: 'The workflow is no longer waiting for this decision (it may have stopped); the decision was not recorded.' });
      }
      failure(error);
    }
  })());
  return form;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

function confirmCancel(c: Commission): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, `Cancel the commission for ${c.customer.name}?`),
      h('p', {}, 'The customer will be told their commission is cancelled. This cannot be undone.'),
      h('form', { method: 'dialog', class: 'actions' },
        h('button', { class: 'button danger', value: 'yes' }, 'Yes, cancel it'),
        h('button', { class: 'button secondary', value: 'no', autofocus: true }, 'Keep it')));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** After a 202 the workflow moves the record on within moments: wait until it has (or give up quietly). */
async function waitForMove(before: Commission) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const now = await api<Commission>(`/commissions/${before.id}`);
    const moved = now.stage !== before.stage || now.revision !== before.revision;
    if (moved && (now.awaiting || now.stage === 'COMPLETED' || now.stage === 'CANCELLED')) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
