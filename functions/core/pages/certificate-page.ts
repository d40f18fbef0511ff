/**
 * The public provenance certificate as a printable HTML page (and its 404), in the pages' shared
 * frame. Every value goes through the escaping `html` tag; the page loads nothing from elsewhere
 * and links nowhere (a standalone frame with its CSS inline), so its unguessable URL never leaks
 * through a Referer.
 */
import { createHash } from 'node:crypto';
import type { Certificate } from '#domain/certificates';
import { PIECE_NAMES } from '#domain/labels';
import type { Piece } from '#domain/schemas';
import { provenanceBlock } from '#email/provenance';
import { html, SafeHtml } from '#lib/html';
import { page } from './frame.ts';

// A constant of ours, not data: embedded as is (escaping would break the CSS quotes). It styles
// the shared frame too (masthead, colophon), as the page may not load studio.css.
const STYLE = new SafeHtml(`
body{margin:0;background:#f6f3ee;font-family:Georgia,'Times New Roman',serif;color:#2b2620}
.skip-link{position:absolute;left:-999px;top:0;background:#2b2620;color:#fff;padding:.5em 1em}
.skip-link:focus{left:1em}
.masthead{text-align:center;padding:28px 16px 4px}
.brand{font-size:15px;letter-spacing:.28em;text-transform:uppercase;color:#806435}
.brand-mark{font-size:.8em;vertical-align:.1em}
.brand-line{margin:4px 0 0;font-style:italic;color:#6b6358}
main{max-width:720px;margin:24px auto;padding:40px;background:#fff;border:1px solid #e4dccf}
main:focus{outline:none}
.colophon{max-width:720px;margin:0 auto 32px;padding:0 16px;text-align:center;font-size:13px;color:#6b6358}
h1{font-weight:normal;font-size:28px;margin:0 0 8px}
.kicker{font-size:13px;letter-spacing:.12em;text-transform:uppercase;color:#8a6d3b;margin:0 0 24px}
.claim{font-size:18px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%;margin:16px 0}
th{text-align:left;font-weight:normal;color:#6b6358;padding:6px 16px 6px 0;vertical-align:top;width:34%}
td{padding:6px 0}
ol{padding-left:20px}
.verify{margin-top:32px;padding-top:16px;border-top:1px solid #e4dccf;font-size:14px;word-break:break-all}
.note{font-size:12px;color:#6b6358}
@media print{body{background:#fff}main{margin:0 auto;border:0;padding:0}.skip-link{display:none}.masthead{padding:0 0 16px}.colophon{margin:24px auto 0}}
`);

/**
 * The certificate's Content-Security-Policy: nothing loaded, nothing framed, and no inline style
 * but this page's own stylesheet, allowed by its hash (a hash of the exact <style> text).
 */
export const CERTIFICATE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE.value).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const certificateFrame = (title: string, body: SafeHtml) => page({ title, body, standalone: { css: STYLE } });

const day = (iso: string) => iso.slice(0, 10);

export function certificatePage(c: Certificate, url: string): string {
  // The same block the completion email and the status page show: the claim decides what may be
  // named (mark, mine, premium); the snapshot keeps only what may be said publicly.
  const block = provenanceBlock(c, c.hallmark === undefined ? undefined : { hallmark: c.hallmark, schemeMark: c.schemeMark, stones: c.stones });
  const rows: [string, string][] = [
    ['Piece', PIECE_NAMES[c.pieceKind as Piece['kind']] ?? c.pieceKind],
    ...block.facts,
    ...(block.claim.premium && c.premium ? ([['Fine metal content', `${c.premium.fineGrams} g`]] as [string, string][]) : []),
  ];
  return certificateFrame(
    `Certificate of provenance ${c.certificateId}`,
    html`<p class="kicker">Certificate of provenance</p>
<h1>${block.claim.headline}</h1>
<p class="claim">${block.claim.statement}</p>
<table>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</table>
${block.notes.map((note) => html`<p class="note">${note}</p>`)}
<h2>How it was made</h2>
<ol>${c.timeline.map((t) => html`<li><time datetime="${day(t.at)}">${day(t.at)}</time> — ${t.event}</li>`)}</ol>
<div class="verify">
<p><strong>Verification reference:</strong> ${c.certificateId}<br>Commission ${c.commissionReference}, certificate issued ${day(c.issuedAt)}.</p>
<p>This certificate is kept at ${url} — compare it with the one you were given.</p>
${block.claim.premium && c.premium?.rateSource && html`<p class="note">Premium rate: ${c.premium.rateSource}.${c.premium.rateUncertain ? ` ${c.premium.rateUncertain}` : ''}</p>`}
</div>`,
  );
}

export function certificateNotFoundPage(): string {
  return certificateFrame(
    'Certificate not found',
    html`<h1>Certificate not found</h1>
<p>There is no provenance certificate at this address. Check the link in your email; if it still does not work, reply to that email and we will help.</p>`,
  );
}
