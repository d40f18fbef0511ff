/**
 * The public provenance certificate as a printable HTML page (and its 404). Every value goes
 * through the escaping `html` tag; the page loads nothing from elsewhere and links nowhere, so
 * its unguessable URL never leaks through a Referer.
 */
import type { Certificate } from '#adapters/certificate-store';
import { formatUsd, provenanceClaim } from '#domain/claims';
import { PIECE_NAMES, SCHEME_NAMES } from '#domain/labels';
import { FINENESS_PER_MILLE } from '#domain/premiums';
import type { Piece } from '#domain/schemas';
import { html, SafeHtml } from '#lib/html';

// A constant of ours, not data: embedded as is (escaping would break the CSS quotes).
const STYLE = new SafeHtml(`
body{margin:0;background:#f6f3ee;font-family:Georgia,'Times New Roman',serif;color:#2b2620}
main{max-width:720px;margin:24px auto;padding:40px;background:#fff;border:1px solid #e4dccf}
h1{font-weight:normal;font-size:28px;margin:0 0 8px}
.kicker{font-size:13px;letter-spacing:.12em;text-transform:uppercase;color:#8a6d3b;margin:0 0 24px}
.claim{font-size:18px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%;margin:16px 0}
th{text-align:left;font-weight:normal;color:#6b6358;padding:6px 16px 6px 0;vertical-align:top;width:34%}
td{padding:6px 0}
ol{padding-left:20px}
.verify{margin-top:32px;padding-top:16px;border-top:1px solid #e4dccf;font-size:14px;word-break:break-all}
.note{font-size:12px;color:#6b6358}
@media print{body{background:#fff}main{margin:0;border:0;padding:0}}
`);

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`.value;
}

const day = (iso: string) => iso.slice(0, 10);

export function certificatePage(c: Certificate, url: string): string {
  const claim = provenanceClaim({ scheme: c.scheme, metal: c.metal, schemeMark: c.schemeMark, origin: c.origin });
  const premium = c.premium;
  const rows: [string, string][] = [
    ['Piece', PIECE_NAMES[c.pieceKind as Piece['kind']] ?? c.pieceKind],
    ['Metal', `${c.fineness} ${SCHEME_NAMES[c.scheme]} ${c.metal} (fineness ${FINENESS_PER_MILLE[c.fineness]})`],
    ['Weight', `${c.weightGrams} g`],
    ...(premium ? ([['Fine metal content', `${premium.fineGrams} g`]] as [string, string][]) : []),
    ['Mined by', c.origin.name],
    ...(c.origin.region ? ([['Region', c.origin.region]] as [string, string][]) : []),
    ['Country', c.origin.country],
    ...(c.origin.certifier
      ? ([['Certified by', [c.origin.certifier, c.origin.certificateReference].filter(Boolean).join(', ')]] as [string, string][])
      : []),
    ['Supplier', c.supplier],
    ['Supplier’s lot', c.lotReference],
    ...(c.hallmark ? ([['Hallmark', c.hallmark]] as [string, string][]) : []),
    ...(premium ? ([['Premium to the miners', premiumText(premium)]] as [string, string][]) : []),
  ];
  return page(
    `Certificate of provenance ${c.certificateId}`,
    html`<p class="kicker">Bespoke commissions · certificate of provenance</p>
<h1>${claim.headline}</h1>
<p class="claim">${claim.statement}</p>
<table>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</table>
<h2>How it was made</h2>
<ol>${c.timeline.map((t) => html`<li><time datetime="${day(t.at)}">${day(t.at)}</time> — ${t.event}</li>`)}</ol>
<div class="verify">
<p><strong>Verification reference:</strong> ${c.certificateId}<br>Commission ${c.commissionReference}, certificate issued ${day(c.issuedAt)}.</p>
<p>This certificate is kept at ${url} — compare it with the one you were given.</p>
${premium && html`<p class="note">Premium rate: ${premium.rateSource}, as of ${premium.rateAsOf}.${premium.rateUncertain ? ` ${premium.rateUncertain}` : ''}</p>`}
</div>`,
  );
}

function premiumText(p: NonNullable<Certificate['premium']>): string {
  if (p.amountUsd !== undefined && p.usdPerKgFine !== undefined) {
    return `${formatUsd(p.amountUsd)} (USD ${p.usdPerKgFine.toLocaleString('en-GB')} per kg of fine metal × ${p.fineGrams} g)`;
  }
  return `Paid by the supplier at ${p.basis ?? 'the scheme’s rate'}`;
}

export function certificateNotFoundPage(): string {
  return page(
    'Certificate not found',
    html`<p class="kicker">Bespoke commissions</p>
<h1>Certificate not found</h1>
<p>There is no provenance certificate at this address. Check the link in your email; if it still does not work, reply to that email and we will help.</p>`,
  );
}
