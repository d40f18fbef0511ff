/**
 * The enquiry form and the console shell, as HTML. The form's markup works on its own (labels,
 * required fields, keyboard order); its script (functions/browser/enquiry-form.ts) validates with the
 * API's own zod schema and shows the server's `error.fields` beside the fields they name.
 */
import { SCHEME_NAMES } from '#domain/labels';
import type { Scheme } from '#domain/schemas';
import { html, type SafeHtml } from '#lib/html';
import { page } from './frame.ts';

interface FieldOptions {
  path: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

const fieldId = (path: string) => `field-${path.replaceAll('.', '-')}`;

/** A labelled control with its hint and its (initially hidden) error message. */
function field(options: FieldOptions, control: (attrs: SafeHtml) => SafeHtml): SafeHtml {
  const id = fieldId(options.path);
  const described = [options.hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' ');
  const attrs = html`id="${id}" name="${options.path}" aria-describedby="${described}"${options.optional ? '' : html` required`}`;
  return html`<div class="field" data-field="${options.path}">
  <label for="${id}">${options.label}${options.optional ? html` <span class="optional">(optional)</span>` : ''}</label>
  ${options.hint && html`<p class="hint" id="${id}-hint">${options.hint}</p>`}
  ${control(attrs)}
  <p class="field-error" id="${id}-error" data-error-for="${options.path}" hidden></p>
</div>`;
}

const select = (options: [string, string][], placeholder?: string) => (attrs: SafeHtml) =>
  html`<select ${attrs}>${placeholder !== undefined && html`<option value="">${placeholder}</option>`}${options.map(
    ([value, label]) => html`<option value="${value}">${label}</option>`,
  )}</select>`;

function radios(path: string, legend: string, options: [string, string, string?][]): SafeHtml {
  const id = fieldId(path);
  return html`<fieldset class="field choice" data-field="${path}" aria-describedby="${id}-error">
  <legend>${legend}</legend>
  ${options.map(
    ([value, label, hint], index) => html`<label class="option"><input type="radio" name="${path}" value="${value}" required${index === 0 ? html` id="${id}"` : ''}>
    <span><strong>${label}</strong>${hint && html`<small>${hint}</small>`}</span></label>`,
  )}
  <p class="field-error" id="${id}-error" data-error-for="${path}" hidden></p>
</fieldset>`;
}

/**
 * Every way of sourcing the metal, as the form words it. The page carries them all, hidden, and
 * names no metal: the form's script (functions/browser/enquiry-form.ts) keeps only the schemes
 * `GET /offer` lists and fills the metal and fineness lists from it, and shows nothing if the
 * offer cannot be loaded. The hints say what is true of any piece under that choice: not that
 * its metal is traced to a mine (mass-balance metal is not), and no premium for recycled or the
 * customer's own metal.
 */
const SOURCING_CHOICES: [Scheme, string, string][] = [
  ['fairtrade', SCHEME_NAMES.fairtrade, 'Bought under the Fairtrade scheme, which pays certified small-scale miners at least its minimum price and a premium for their community.'],
  ['fairmined', SCHEME_NAMES.fairmined, 'Bought under the Fairmined standard, which certifies artisanal and small-scale mining organisations and pays them a premium.'],
  ['fairmined-ecological', SCHEME_NAMES['fairmined-ecological'], 'As Fairmined, under its Ecological standard: the certified organisations mine without mercury or cyanide.'],
  ['recycled', 'Recycled', 'Recycled metal, with the refiner’s certificate of recycled content. No mine and no miners’ premium.'],
  ['customer-own', 'Your own metal: a remodel of an heirloom', 'We make your piece from metal you give us, weighed and assayed first. No mine and no miners’ premium.'],
];

export function enquiryPage(): string {
  const body = html`
<div class="intro">
  <p class="eyebrow">Commission a piece</p>
  <h1>Tell us about the piece you have in mind</h1>
  <p class="lede">We make engagement rings, wedding bands and one-off pieces to order. Below you choose how the metal is sourced, from what we can source today; your piece's certificate will say what its metal's documents show, and what is not known.</p>
  <p>A designer reads every enquiry and replies within a few working days. There is no obligation at this stage.</p>
</div>
<noscript><p class="notice">This form needs JavaScript. You can also email the studio directly.</p></noscript>
<form id="enquiry-form" class="card" novalidate aria-describedby="form-summary">
  <div id="form-summary" class="error-summary" role="alert" tabindex="-1" hidden>
    <h2>Please check the form</h2>
    <ul></ul>
  </div>
  <fieldset class="group">
    <legend>About you</legend>
    ${field({ path: 'customer.name', label: 'Your name' }, (a) => html`<input type="text" ${a} autocomplete="name" maxlength="120">`)}
    ${field({ path: 'customer.email', label: 'Email address', hint: 'We write to you here at every stage.' }, (a) => html`<input type="email" ${a} autocomplete="email" maxlength="254" spellcheck="false">`)}
    ${field({ path: 'customer.phone', label: 'Phone', optional: true }, (a) => html`<input type="tel" ${a} autocomplete="tel" maxlength="40">`)}
  </fieldset>
  <fieldset class="group">
    <legend>The piece</legend>
    ${radios('piece.kind', 'What would you like made?', [
      ['engagement-ring', 'An engagement ring'],
      ['wedding-band', 'A wedding band'],
      ['bespoke', 'Something else', 'A pendant, earrings, a remodel of an heirloom…'],
    ])}
    ${field({ path: 'piece.description', label: 'Describe it', hint: 'Style, stones, anything you have seen and loved. A few lines are plenty.' }, (a) => html`<textarea ${a} rows="5" maxlength="4000"></textarea>`)}
    <div class="row">
      ${field({ path: 'piece.ringSize', label: 'Ring size', optional: true, hint: 'e.g. M or 52' }, (a) => html`<input type="text" ${a} maxlength="20">`)}
      ${field({ path: 'piece.budget.amount', label: 'Budget', optional: true, hint: 'Roughly' }, (a) => html`<input type="number" ${a} min="1" step="1" inputmode="numeric">`)}
      ${field({ path: 'piece.budget.currency', label: 'Currency', optional: true }, select([['GBP', 'GBP £'], ['EUR', 'EUR €'], ['USD', 'USD $']]))}
    </div>
  </fieldset>
  <fieldset class="group" id="metal-group" aria-describedby="offer-status">
    <legend>The metal</legend>
    <p class="notice" id="offer-status" role="status">Loading the metals we can source today…</p>
    <div id="offer-choices" hidden>
    ${radios('metal.scheme', 'How the metal is sourced', SOURCING_CHOICES)}
    <div class="row">
      ${field({ path: 'metal.metal', label: 'Metal' }, select([]))}
      ${field({ path: 'metal.fineness', label: 'Fineness', optional: true }, select([], 'Not sure yet'))}
      ${field({ path: 'metal.colour', label: 'Colour', optional: true }, select([['yellow', 'Yellow'], ['white', 'White'], ['rose', 'Rose']], 'Not sure yet'))}
    </div>
    </div>
  </fieldset>
  <div class="field consent" data-field="consent">
    <label class="option"><input type="checkbox" id="field-consent" name="consent" required aria-describedby="field-consent-error">
      <span>I agree that the studio may keep these details to reply to me and to make my piece.</span></label>
    <p class="field-error" id="field-consent-error" data-error-for="consent" hidden></p>
  </div>
  <p class="form-error" id="form-error" role="alert" hidden></p>
  <button type="submit" class="button">Send my enquiry</button>
</form>
<section id="confirmation" class="card confirmation" tabindex="-1" hidden aria-live="polite">
  <p class="eyebrow">One more step</p>
  <h2>Thank you — please confirm your enquiry</h2>
  <p>Your reference is <strong class="reference" id="confirmation-reference"></strong>.</p>
  <p>We have sent an email to <strong id="confirmation-email"></strong>. Open the link in it and press “Confirm my enquiry”: we start work once it is confirmed. An enquiry not confirmed within 7 days is deleted.</p>
</section>`;
  return page({ title: 'Commission a piece', body, scripts: ['/assets/enquiry-form.js'] });
}

/** The console's shell; its script renders sign-in, queues and commissions. */
export function consolePage(signIn: unknown): string {
  // JSON in a data attribute (escaped by the html tag), so no inline script is needed.
  const body = html`<div id="console" data-sign-in="${JSON.stringify(signIn)}"><p class="loading">Loading the console…</p></div>`;
  return page({ title: 'Designer console', body, scripts: ['/assets/console.js'], bodyClass: 'console' });
}
