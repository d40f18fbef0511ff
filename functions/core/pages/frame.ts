/**
 * The pages' shared frame: one layout, strict security headers, and HTML responses in API
 * Gateway's payload-2.0 shape. Pages are served by Lambdas behind the same HTTP API as the JSON
 * routes, so the console calls the API from the same origin (no CORS).
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ENV } from '#catalogue';
import { html, type SafeHtml } from '#lib/html';

/**
 * The origin of the designers' hosted sign-in UI, from CONSOLE_SIGN_IN (`{kind, domain,
 * clientId}`; only the function serving the console has it): this studio's own
 * `https://<prefix>.auth.<region>.amazoncognito.com`, never every tenant's `*.amazoncognito.com`,
 * so a page cannot be made to send a token or a form to someone else's pool. Undefined without
 * the variable, or when the domain is this site's own path (the local identity: `'self'` covers it).
 */
export function signInOrigin(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const { domain } = JSON.parse(value) as { domain?: unknown };
    if (typeof domain !== 'string' || !URL.canParse(domain)) return undefined;
    const url = new URL(domain);
    return url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** ATTACHMENTS_ORIGIN as an origin (scheme, host, port), or undefined if unset or not an http(s) URL. */
function attachmentsOrigin(value: string | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
}

/**
 * No inline scripts or styles, no third-party origin except this studio's own sign-in UI (the
 * console's token exchange and sign-out), no framing, and no Referer: a status page's URL is its
 * key and must not leak to another site. The workflow picture is an SVG shown through <img>: its
 * own inline styles are not the page's.
 */
export function contentSecurityPolicy(signIn: string | undefined, attachments?: string): string {
  const self = signIn ? `'self' ${signIn}` : "'self'";
  // The attachments bucket's origin, and no wider: images redirect there, uploads POST there.
  const bucket = attachments ? ` ${attachments}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${bucket}`,
    `connect-src ${self}${bucket}`,
    `form-action ${self}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

let pageHeaders: Record<string, string> | undefined;
/** Built on first use: the environment is read once per container. */
const PAGE_HEADERS = () =>
  (pageHeaders ??= {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': contentSecurityPolicy(signInOrigin(process.env[ENV.consoleSignIn]), attachmentsOrigin(process.env[ENV.attachmentsOrigin])),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  });

export interface PageOptions {
  title: string;
  body: SafeHtml;
  scripts?: string[];
  /** Extra class on <body>, e.g. `console`. */
  bodyClass?: string;
  /** Never cache (status pages, the console): they show live data. */
  noStore?: boolean;
  /**
   * A page that loads nothing and links nowhere (the public certificate: its CSP allows only this
   * one inline stylesheet, by hash, and its unguessable URL must not travel): this CSS inline
   * instead of studio.css, and the masthead's name as text instead of a link home.
   */
  standalone?: { css: SafeHtml };
}

/**
 * The studio-wide lines every page carries. They are said of every piece, so they say only what
 * is true of every piece: metal can be certified (physically traced to a mine or not), recycled
 * or the customer's own, and what is known of its origin is on that piece's own certificate.
 */
export const BRAND_LINE = 'Jewellery made to order, by hand';
export const COLOPHON =
  'Every piece is made to order. A finished piece comes with a certificate that says how its metal was sourced, what its documents show and what is not known.';

const BRAND = html`<span class="brand-mark" aria-hidden="true">◆</span> Bespoke commissions`;

export function page(options: PageOptions): string {
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${options.title} · Bespoke commissions</title>
${options.standalone ? html`<style>${options.standalone.css}</style>` : html`<link rel="stylesheet" href="/assets/studio.css">`}
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body class="${options.bodyClass ?? ''}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="masthead">
  ${options.standalone ? html`<span class="brand">${BRAND}</span>` : html`<a class="brand" href="/">${BRAND}</a>`}
  <p class="brand-line">${BRAND_LINE}</p>
</header>
<main id="main" tabindex="-1">
${options.body}
</main>
<footer class="colophon">
  <p>${COLOPHON}</p>
</footer>
</body>
</html>`.value;
}

export function htmlResponse(statusCode: number, body: string, options: { noStore?: boolean } = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { ...PAGE_HEADERS(), 'cache-control': options.noStore ? 'no-store' : 'no-cache' },
    body,
  };
}

/** Why a page behind a signed link (status, confirmation) is not shown, in the customer's words. */
export interface Refusal {
  status: number;
  /** The API's error code, for a client that asks for JSON. */
  code: string;
  title: string;
  message: string;
  /** What to do about it, if anything. */
  footer?: string;
}

/**
 * A refusal as a page for a browser, or in the API's error shape for a client that asks for
 * `application/json` only. Never cached.
 */
export function refusalResponse(refusal: Refusal, accept: string | undefined): APIGatewayProxyStructuredResultV2 {
  if (/application\/json/i.test(accept ?? '') && !/text\/html/i.test(accept ?? '')) {
    return {
      statusCode: refusal.status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
      body: JSON.stringify({ error: { code: refusal.code, message: `${refusal.title}. ${refusal.message}` } }),
    };
  }
  const body = html`<section class="notice" role="alert"><h1>${refusal.title}</h1><p>${refusal.message}</p>${refusal.footer ? html`<p>${refusal.footer}</p>` : ''}</section>`;
  return htmlResponse(refusal.status, page({ title: refusal.title, body }), { noStore: true });
}
