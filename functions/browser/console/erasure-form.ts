/**
 * "Erase personal data" for a closed commission (POST /commissions/{id}/erasure): a confirmation
 * dialog that says what goes and what stays, and asks why (kept on the record). Once erased, the
 * commission shows who erased it, when and why, instead.
 */
import { ErasureRequest } from '#domain/erasure';
import { issuesToFields } from '#domain/schemas';
import { showFieldErrors } from '../form-errors.ts';
import { api, ApiFailure, type Commission } from './api.ts';
import { h } from './dom.ts';
import { control, errorSummary } from './fields.ts';
import { failure } from './layout.ts';
import type { Reload } from './decision-form.ts';

const when = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** The personal-data card of a commission: the erasure made, or the action while the commission is closed. */
export function personalDataCard(c: Commission, reload: Reload): HTMLElement | false {
  if (c.erasure) {
    return h('section', { class: 'card erased', 'aria-labelledby': 'erasure-title' },
      h('h2', { id: 'erasure-title' }, 'Personal data erased'),
      h('p', {}, `${when(c.erasure.at)}, ${c.erasure.by === 'system' ? 'at the end of the retention period' : `by ${c.erasure.by}`}.`),
      h('blockquote', {}, c.erasure.reason),
      h('p', { class: 'hint' }, 'The customer’s name, contact details and own words are gone; the metal, making, delivery and certificate remain.'));
  }
  if (c.stage !== 'COMPLETED' && c.stage !== 'CANCELLED') return false;
  const button = h('button', { class: 'button danger', type: 'button' }, 'Erase personal data…');
  button.addEventListener('click', () => void (async () => {
    const reason = await confirmErasure(c);
    if (reason === undefined) return;
    button.disabled = true;
    try {
      await api(`/commissions/${c.id}/erasure`, { method: 'POST', body: JSON.stringify({ reason }) });
      await reload({ kind: 'ok', text: 'The customer’s personal data has been erased.' });
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 409) {
        return reload({ kind: 'error', text: `Not erased: ${error.message}` });
      }
      failure(error);
    }
  })());
  return h('section', { class: 'card', 'aria-labelledby': 'personal-data-title' },
    h('h2', { id: 'personal-data-title' }, 'Personal data'),
    h('p', {}, 'When the customer asks, erase their name, contact details and own words from this commission.'),
    h('div', { class: 'actions' }, button));
}

/** The reason given, or undefined if the designer kept the data. */
function confirmErasure(c: Commission): Promise<string | undefined> {
  return new Promise((resolve) => {
    const form = h('form', { novalidate: true },
      errorSummary(),
      control({ path: 'reason', label: 'Why', type: 'textarea', hint: 'Kept on the record, e.g. “The customer asked by email on 3 March”. No personal details.' }),
      h('div', { class: 'actions' },
        h('button', { class: 'button danger', type: 'submit' }, 'Erase'),
        h('button', { class: 'button secondary', type: 'button', value: 'keep', autofocus: true }, 'Keep it')));
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'erase-title' },
      h('h2', { id: 'erase-title' }, `Erase the personal data of ${c.customer?.name ?? 'this customer'}?`),
      h('p', {}, 'Their name, email, phone, description and the notes in the history are removed for good, and their status link stops working. This cannot be undone.'),
      form);
    let reason: string | undefined;
    form.querySelector('button[value="keep"]')!.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const checked = ErasureRequest.safeParse({ reason: (form.elements.namedItem('reason') as HTMLTextAreaElement).value });
      if (!checked.success) return showFieldErrors(form, issuesToFields(checked.error.issues));
      reason = checked.data.reason;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      resolve(reason);
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
