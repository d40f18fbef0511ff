/**
 * The enquiry's confirmation page (GET /confirm/{id}): what was asked for, and the one button
 * that confirms it. Like the confirmation email, it shows only the form's fixed choices (the
 * piece, the metal) and the reference: whoever opens the link sees nothing a stranger typed.
 */
import { askedMetal, PIECE_NAMES, shortReference } from '#domain/labels';
import { html, type SafeHtml } from '#lib/html';
import type { Commission } from '#domain/schemas';

/** The page with the button: a form that POSTs to the very link it was opened with. */
export function confirmPage(c: Commission, formAction: string): { title: string; body: SafeHtml } {
  const title = 'Confirm your enquiry';
  const body = html`
<article class="status" aria-labelledby="confirm-title">
  <p class="eyebrow">Your enquiry · ref ${shortReference(c.id)}</p>
  <h1 id="confirm-title">${title}</h1>
  <p class="lede">An enquiry was sent to us with your email address. Please check it is yours and confirm it: we start work only on confirmed enquiries.</p>
  <dl class="facts">
    <dt>Piece</dt><dd>${PIECE_NAMES[c.piece.kind]}</dd>
    <dt>Metal</dt><dd>${askedMetal(c.metal)}</dd>
    <dt>Sent</dt><dd><time datetime="${c.createdAt}">${formatDate(c.createdAt)}</time></dd>
  </dl>
  <form method="post" action="${formAction}">
    <button type="submit" class="button">Confirm my enquiry</button>
  </form>
  <p class="hint">Not yours? Do nothing: an enquiry that is not confirmed is deleted after 7 days.</p>
</article>`;
  return { title, body };
}

/** The page for an enquiry confirmed already: where to follow it. */
export function alreadyConfirmedPage(c: Commission, statusUrl: string): { title: string; body: SafeHtml } {
  const title = 'Your enquiry is confirmed';
  const body = html`
<article class="status" aria-labelledby="confirm-title">
  <p class="eyebrow">Your enquiry · ref ${shortReference(c.id)}</p>
  <h1 id="confirm-title">${title}</h1>
  <p class="lede">Thank you: we have your confirmed enquiry, and there is nothing more to do here.</p>
  <p><a class="button" href="${statusUrl}">Follow your commission</a></p>
</article>`;
  return { title, body };
}

function formatDate(iso: string) {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}
