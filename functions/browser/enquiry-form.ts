/**
 * The enquiry form's behaviour, bundled for the browser by infra/browser-build.ts. It validates with
 * the API's own `Enquiry` schema (zod/mini, the same module the Lambda parses with), so the form
 * and the API cannot disagree; whatever the server still refuses comes back as `error.fields`
 * and is shown beside the field it names.
 */
import { Enquiry, FINENESS_BY_METAL, issuesToFields, type Metal } from '#domain/schemas';
import { shortReference } from '#domain/labels';
import { showFieldErrors, type FieldError } from './form-errors.ts';

const form = document.querySelector<HTMLFormElement>('#enquiry-form')!;
const idempotencyKey = crypto.randomUUID();

const value = (name: string) => {
  const element = form.elements.namedItem(name);
  if (element instanceof RadioNodeList) return element.value;
  if (element instanceof HTMLInputElement && element.type === 'checkbox') return element.checked;
  return (element as HTMLInputElement | null)?.value.trim() ?? '';
};

/** The form as the API's JSON body; empty optional fields are left out. */
function body() {
  const optional = (name: string) => (value(name) === '' ? undefined : value(name));
  const amount = value('piece.budget.amount');
  return {
    customer: { name: value('customer.name'), email: value('customer.email'), phone: optional('customer.phone') },
    piece: {
      kind: optional('piece.kind'),
      description: value('piece.description'),
      ringSize: optional('piece.ringSize'),
      budget: amount === '' ? undefined : { amount: Number(amount), currency: value('piece.budget.currency') },
    },
    metal: { scheme: optional('metal.scheme'), metal: value('metal.metal'), fineness: optional('metal.fineness'), colour: optional('metal.colour') },
    consent: value('consent') === true,
  };
}

/** The schema's words for an unanswered choice list the enum's values; a person needs fewer. */
const CHOICES = new Set(['piece.kind', 'metal.scheme']);
const kindly = (error: FieldError): FieldError =>
  CHOICES.has(error.path) && value(error.path) === '' ? { ...error, message: 'Please choose one' } : error;

/** Only the finenesses the chosen metal comes in. */
function syncFineness() {
  const metal = value('metal.metal') as Metal;
  const fineness = form.elements.namedItem('metal.fineness') as HTMLSelectElement;
  for (const option of fineness.options) {
    option.hidden = option.value !== '' && !FINENESS_BY_METAL[metal]?.includes(option.value as never);
    if (option.hidden && option.selected) fineness.value = '';
  }
}
(form.elements.namedItem('metal.metal') as HTMLSelectElement).addEventListener('change', syncFineness);
syncFineness();

const formError = document.querySelector<HTMLElement>('#form-error')!;
const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;

form.addEventListener('submit', (event) => void submitEnquiry(event));

async function submitEnquiry(event: SubmitEvent) {
  event.preventDefault();
  formError.hidden = true;
  const enquiry = JSON.parse(JSON.stringify(body())) as unknown; // drops the undefined optionals
  const checked = Enquiry.safeParse(enquiry);
  if (!checked.success) return showFieldErrors(form, issuesToFields(checked.error.issues).map(kindly));
  showFieldErrors(form, []);
  button.disabled = true;
  button.textContent = 'Sending…';
  try {
    const response = await fetch('/commissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(checked.data),
    });
    const answer = (await response.json().catch(() => ({}))) as { id?: string; error?: { message?: string; fields?: FieldError[] } };
    if (response.status === 201 && answer.id) return confirm(answer.id, checked.data.customer.email);
    if (answer.error?.fields) return showFieldErrors(form, answer.error.fields);
    showFormError(
      response.status === 429
        ? 'We are receiving a lot of enquiries right now. Please try again in a minute.'
        : (answer.error?.message ?? 'Something went wrong on our side. Please try again in a few minutes.'),
    );
  } catch {
    showFormError('We could not reach the studio. Please check your connection and try again.');
  } finally {
    button.disabled = false;
    button.textContent = 'Send my enquiry';
  }
}

function showFormError(message: string) {
  formError.textContent = message;
  formError.hidden = false;
  formError.focus();
}

function confirm(id: string, email: string) {
  const confirmation = document.querySelector<HTMLElement>('#confirmation')!;
  document.querySelector('#confirmation-reference')!.textContent = shortReference(id);
  document.querySelector('#confirmation-email')!.textContent = email;
  form.hidden = true;
  confirmation.hidden = false;
  confirmation.focus();
}
