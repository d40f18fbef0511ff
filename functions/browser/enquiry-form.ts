/**
 * The enquiry form's behaviour, bundled for the browser by infra/browser-build.ts. It validates with
 * the API's own `Enquiry` schema (zod/mini, the same module the Lambda parses with), so the form
 * and the API cannot disagree; whatever the server still refuses comes back as `error.fields`
 * and is shown beside the field it names.
 *
 * The metal it offers is what `GET /offer` lists: the page carries every scheme, metal and
 * fineness hidden, and this script shows only the listed ones. If the offer cannot be loaded the
 * form says so and cannot be sent, rather than offering metal the studio cannot source.
 */
import * as z from 'zod/mini';
import { Enquiry, Fineness, FINENESS_BY_METAL, issuesToFields, Metal, Scheme } from '#domain/schemas';
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

const formError = document.querySelector<HTMLElement>('#form-error')!;
const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;

// ── the offer ───────────────────────────────────────────────────────────────────────────────

/** One entry of `GET /offer`; an entry this script does not know (a newer scheme) is skipped, not fatal. */
const OfferItem = z.object({ scheme: Scheme, metal: Metal, finenesses: z.array(Fineness) });
type OfferItem = z.infer<typeof OfferItem>;
const OfferBody = z.object({ items: z.array(z.unknown()) });

let offer: OfferItem[] | undefined;
const offerStatus = document.querySelector<HTMLElement>('#offer-status')!;
const offerChoices = document.querySelector<HTMLElement>('#offer-choices')!;
const metalSelect = form.elements.namedItem('metal.metal') as HTMLSelectElement;
const finenessSelect = form.elements.namedItem('metal.fineness') as HTMLSelectElement;
// The page names no metal: the lists are built from the offer, in the schemas' order.
const option = (value: string, label: string) => Object.assign(document.createElement('option'), { value, textContent: label });
const notSure = finenessSelect.querySelector('option[value=""]')!;

/** The offer's entries for the chosen scheme (all of them before one is chosen). */
const forScheme = (items: OfferItem[]) => {
  const scheme = value('metal.scheme');
  return scheme === '' ? items : items.filter((item) => item.scheme === scheme);
};

/** Only the metals offered under the chosen scheme. */
function syncMetal(items: OfferItem[]) {
  const metals = new Set(forScheme(items).map((item) => item.metal));
  const chosen = metalSelect.value;
  metalSelect.replaceChildren(
    ...Metal.options.filter((metal) => metals.has(metal)).map((metal) => option(metal, metal.charAt(0).toUpperCase() + metal.slice(1))),
  );
  if (metals.has(chosen as Metal)) metalSelect.value = chosen;
}

/** Only the finenesses offered for the chosen scheme and metal (and that the metal comes in). */
function syncFineness(items: OfferItem[]) {
  const metal = metalSelect.value as Metal;
  const finenesses = new Set(
    forScheme(items)
      .filter((item) => item.metal === metal)
      .flatMap((item) => item.finenesses)
      .filter((fineness) => FINENESS_BY_METAL[metal]?.includes(fineness)),
  );
  const chosen = finenessSelect.value;
  finenessSelect.replaceChildren(notSure, ...Fineness.options.filter((f) => finenesses.has(f)).map((f) => option(f, f)));
  finenessSelect.value = finenesses.has(chosen as Fineness) ? chosen : '';
}

function showOffer(items: OfferItem[]) {
  const schemes = new Set(items.map((item) => item.scheme));
  const radios = [...form.querySelectorAll<HTMLInputElement>('input[name="metal.scheme"]')];
  for (const radio of radios) if (!schemes.has(radio.value as Scheme)) radio.closest('label')!.remove();
  // The error summary links to the first choice's id: keep it on the first one still shown.
  const first = form.querySelector<HTMLInputElement>('input[name="metal.scheme"]');
  if (first && !first.id) {
    for (const radio of radios) radio.removeAttribute('id');
    first.id = 'field-metal-scheme';
  }
  const sync = () => {
    syncMetal(items);
    syncFineness(items);
  };
  for (const radio of form.querySelectorAll('input[name="metal.scheme"]')) radio.addEventListener('change', sync);
  metalSelect.addEventListener('change', () => syncFineness(items));
  sync();
  offer = items;
  offerStatus.hidden = true;
  offerChoices.hidden = false;
  button.disabled = false;
}

function offerUnavailable() {
  offerStatus.textContent =
    'We cannot show which metals we can source just now, so this form cannot be sent. Please reload the page in a few minutes, or email the studio.';
  offerStatus.setAttribute('role', 'alert');
  button.disabled = true;
}

async function loadOffer() {
  button.disabled = true;
  try {
    const response = await fetch('/offer', { headers: { accept: 'application/json' } });
    const body = OfferBody.safeParse(response.ok ? await response.json() : undefined);
    const items = body.success ? body.data.items.flatMap((item) => {
      const parsed = OfferItem.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    }) : [];
    if (items.length === 0) return offerUnavailable();
    showOffer(items);
  } catch {
    offerUnavailable();
  }
}
void loadOffer();

form.addEventListener('submit', (event) => void submitEnquiry(event));

async function submitEnquiry(event: SubmitEvent) {
  event.preventDefault();
  if (!offer) return;
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
