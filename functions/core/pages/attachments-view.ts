/**
 * The status page's images: what the customer may see (their own inspiration images and what the
 * studio chose to show them, once checked), each loaded through the status link's own route
 * (a redirect to a short-lived presigned GET); and, while the enquiry or the design is open, a
 * form to add inspiration images (functions/browser/status-uploads.ts sends it).
 */
import { html, type SafeHtml } from '#lib/html';
import { CUSTOMER_UPLOAD_STAGES, customerMaySee, MAX_CUSTOMER_ATTACHMENTS } from '#domain/attachments';
import type { Attachment } from '#domain/customer-schemas';
import type { Commission } from '#domain/schemas';

/** The browser script that sends the upload form (built by infra/browser-build.ts). */
export const STATUS_UPLOADS_SCRIPT = '/assets/status-uploads.js';

/** The signed link's query, and nothing else of what the request carried. */
const signedQuery = (query: Record<string, string | undefined>) =>
  new URLSearchParams({ expires: query.expires ?? '', sig: query.sig ?? '' }).toString();

export function attachmentsSection(commission: Commission, query: Record<string, string | undefined>): SafeHtml | '' {
  const files = Object.values(commission.attachments ?? {}).toSorted((a, b) => a.createdAt.localeCompare(b.createdAt));
  const shown = files.filter(customerMaySee);
  const own = files.filter((a) => a.addedBy === 'customer' && a.status !== 'rejected');
  const checking = own.filter((a) => a.status === 'pending');
  const mayUpload = CUSTOMER_UPLOAD_STAGES.includes(commission.stage) && !commission.erasure && own.length < MAX_CUSTOMER_ATTACHMENTS;
  if (shown.length === 0 && checking.length === 0 && !mayUpload) return '';
  const signed = signedQuery(query);
  const base = `/status/${encodeURIComponent(commission.id)}/attachments`;
  const linkOf = (a: Attachment) => `${base}/${encodeURIComponent(a.id)}?${signed}`;
  return html`<section class="attachments" aria-labelledby="images-title">
  <h2 id="images-title">Images</h2>
  ${shown.length > 0
    ? html`<ul class="gallery">${shown.map((a) =>
        a.contentType === 'application/pdf'
          ? html`<li><a href="${linkOf(a)}">${a.fileName} (PDF)</a></li>`
          : html`<li><figure><img src="${linkOf(a)}" alt="${a.kind === 'inspiration' ? `Your image: ${a.fileName}` : `From the studio: ${a.fileName}`}" loading="lazy"><figcaption>${a.fileName}</figcaption></figure></li>`,
      )}</ul>`
    : ''}
  ${checking.length > 0 && html`<p class="hint">${checking.length === 1 ? 'One image you added is' : `${checking.length} images you added are`} being checked and will appear here shortly.</p>`}
  ${mayUpload &&
  html`<form class="upload-form" data-upload-url="${`${base}?${signed}`}" novalidate>
    <h3>Share an image of something you love</h3>
    <p class="hint" id="upload-hint">A JPEG, PNG or WebP image up to 15 MB. You can add ${MAX_CUSTOMER_ATTACHMENTS - own.length} more.</p>
    <label for="upload-file">Image</label>
    <input id="upload-file" name="file" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby="upload-hint" required>
    <p class="form-error" role="alert" hidden></p>
    <p class="notice ok" role="status" hidden></p>
    <button class="button" type="submit">Add the image</button>
  </form>`}
</section>`;
}
