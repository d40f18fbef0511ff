/**
 * The local identity's hosted UI: the slice of Cognito's OAuth endpoints the console uses, so the
 * console signs in locally through the same authorization code + PKCE (S256) path as on AWS.
 *
 *   GET  /local-identity/oauth2/authorize  validates the request, shows a sign-in form (name, email)
 *   POST /local-identity/login             the form: a one-time code (60 s), then 302 redirect_uri?code&state
 *   POST /local-identity/oauth2/token      form-encoded code + code_verifier → {id_token, access_token, …}
 *   GET  /local-identity/logout            302 to a registered logout_uri
 *
 * Hand-written rather than a library: oidc-provider (Koa, its own sessions, cookies and interaction
 * UI, differently named endpoints) would be heavier than these endpoints and less like Cognito.
 * Refusals are 400 with an OAuth error body. Every route refuses a Host that is not this server's
 * own with 403 (DNS rebinding: a page on another name that resolves to 127.0.0.1 must not mint a
 * designer token), and the POSTs take form-encoded bodies only (415 for any other, such as the
 * text/plain a cross-site form or fetch can send without a preflight). Local-only: nothing here is
 * deployed; on AWS Cognito answers these paths.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { html, type SafeHtml } from '#lib/html';
import { htmlResponse, page } from '#pages/frame';
import { IDENTITY_PATH } from './identity.ts';

/** A request under /local-identity/ as the gateway hands it over (body already read). */
export interface IdentityRequest {
  method: string;
  rawPath: string;
  rawQueryString: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The port the request arrived on: the server's own Host is localhost or 127.0.0.1 on it. */
  port: number;
}

export interface IdentityAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Designer {
  name: string;
  email: string;
}

export interface OAuthOptions {
  /** The console's app client: its id (= the tokens' audience) and where it may be sent back. */
  client: { clientId: string; redirectUris: string[]; logoutUris: string[] };
  /** Signs an ID or access token for the designer, valid for `expiresIn` seconds. */
  mint: (designer: Designer, tokenUse: 'id' | 'access', expiresIn: number) => Promise<string>;
  /** Default Date.now (tests move the clock). */
  now?: () => number;
}

/** What Cognito's ID and access tokens live by default in the deployed client: one hour. */
const TOKEN_SECONDS = 3600;
const CODE_MS = 60_000;
const SCOPES = new Set(['openid', 'email', 'profile']);
// RFC 7636: a verifier is 43–128 characters of [A-Za-z0-9-._~]; an S256 challenge is 43 base64url.
const VERIFIER = /^[\w.~-]{43,128}$/;
const CHALLENGE = /^[\w-]{43}$/;

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  designer: Designer;
  expiresAt: number;
}

type Authorization = { clientId: string; redirectUri: string; state: string; challenge: string; scope: string };

const oauthError = (error: string, description: string, status = 400): IdentityAnswer => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify({ error, error_description: description }),
});

const redirect = (location: string): IdentityAnswer => ({ status: 302, headers: { location, 'cache-control': 'no-store' }, body: '' });

/** The identity's routes: an answer for its paths, undefined for any other. */
export function localOAuth(options: OAuthOptions): (request: IdentityRequest) => Promise<IdentityAnswer | undefined> {
  const { client, mint } = options;
  const now = options.now ?? Date.now;
  const codes = new Map<string, PendingCode>();

  /** The parameters GET authorize and the form's POST both carry, checked the same way. */
  function authorization(params: URLSearchParams): Authorization | IdentityAnswer {
    if (params.get('client_id') !== client.clientId) return oauthError('invalid_client', 'Unknown client_id');
    // Unregistered: answered here, never redirected to (it may be anybody's).
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!client.redirectUris.includes(redirectUri)) return oauthError('invalid_request', 'redirect_uri is not registered for this client');
    if (params.get('response_type') !== 'code') return oauthError('unsupported_response_type', 'Only response_type=code');
    if (params.get('code_challenge_method') !== 'S256') return oauthError('invalid_request', 'code_challenge_method must be S256');
    const challenge = params.get('code_challenge') ?? '';
    if (!CHALLENGE.test(challenge)) return oauthError('invalid_request', 'code_challenge must be an S256 challenge');
    const state = params.get('state') ?? '';
    if (!state || state.length > 512) return oauthError('invalid_request', 'state is required');
    const scope = params.get('scope') ?? 'openid';
    if (!scope.split(' ').every((one) => SCOPES.has(one))) return oauthError('invalid_scope', 'Scopes: openid email profile');
    return { clientId: client.clientId, redirectUri, state, challenge, scope };
  }

  async function token(form: URLSearchParams): Promise<IdentityAnswer> {
    if (form.get('grant_type') !== 'authorization_code') return oauthError('unsupported_grant_type', 'Only grant_type=authorization_code');
    if (form.get('client_id') !== client.clientId) return oauthError('invalid_client', 'Unknown client_id');
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    // One use only, whatever the outcome: a failed exchange cannot be retried with another verifier.
    codes.delete(code);
    if (!pending || pending.expiresAt <= now()) return oauthError('invalid_grant', 'The code is unknown, used or expired');
    if (pending.clientId !== form.get('client_id') || pending.redirectUri !== form.get('redirect_uri')) {
      return oauthError('invalid_grant', 'The code was issued to another client or redirect_uri');
    }
    const verifier = form.get('code_verifier') ?? '';
    const challenge = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
    const expected = Buffer.from(pending.challenge);
    if (!VERIFIER.test(verifier) || challenge.length !== expected.length || !timingSafeEqual(challenge, expected)) {
      return oauthError('invalid_grant', 'code_verifier does not match the code_challenge');
    }
    const [idToken, accessToken] = await Promise.all([
      mint(pending.designer, 'id', TOKEN_SECONDS),
      mint(pending.designer, 'access', TOKEN_SECONDS),
    ]);
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
      body: JSON.stringify({ id_token: idToken, access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_SECONDS }),
    };
  }

  function login(form: URLSearchParams): IdentityAnswer {
    const request = authorization(form);
    if ('status' in request) return request;
    const designer = designerFrom(form);
    if (!designer) return signInPage(request, form, 'Give a name and an email address');
    for (const [code, pending] of codes) if (pending.expiresAt <= now()) codes.delete(code);
    const code = randomBytes(32).toString('base64url');
    codes.set(code, { ...request, designer, expiresAt: now() + CODE_MS });
    const back = new URL(request.redirectUri);
    back.search = new URLSearchParams({ code, state: request.state }).toString();
    return redirect(back.toString());
  }

  function logout(params: URLSearchParams): IdentityAnswer {
    if (params.get('client_id') !== client.clientId) return oauthError('invalid_client', 'Unknown client_id');
    const logoutUri = params.get('logout_uri') ?? '';
    if (!client.logoutUris.includes(logoutUri)) return oauthError('invalid_request', 'logout_uri is not registered for this client');
    return redirect(logoutUri);
  }

  return async (request) => {
    const route = `${request.method} ${request.rawPath.slice(IDENTITY_PATH.length)}`;
    if (!['GET /oauth2/authorize', 'POST /login', 'POST /oauth2/token', 'GET /logout'].includes(route)) return undefined;
    // DNS rebinding: a page on another name that resolves here must not drive these routes.
    const host = request.headers.host ?? '';
    if (host !== `localhost:${request.port}` && host !== `127.0.0.1:${request.port}`) return oauthError('invalid_request', 'Host is not this server', 403);
    const query = new URLSearchParams(request.rawQueryString);
    if (route === 'GET /oauth2/authorize') {
      const authorized = authorization(query);
      return 'status' in authorized ? authorized : signInPage(authorized);
    }
    if (route === 'GET /logout') return logout(query);
    // Form-encoded only: a text/plain POST is what a cross-site page can send without a preflight.
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') return oauthError('invalid_request', 'The body must be application/x-www-form-urlencoded', 415);
    const form = new URLSearchParams(request.body.toString('utf8'));
    return route === 'POST /login' ? login(form) : token(form);
  };
}

function designerFrom(form: URLSearchParams): Designer | undefined {
  const name = form.get('name')?.trim() ?? '';
  const email = form.get('email')?.trim() ?? '';
  const single = (value: string) => /^[^\p{Cc}]{1,120}$/u.test(value);
  return single(name) && single(email) && /^[^\s@]+@[^\s@]+$/.test(email) ? { name, email } : undefined;
}

/** The hosted UI's form: the authorization travels in hidden fields to POST /login. */
function signInPage(request: Authorization, entered?: URLSearchParams, message?: string): IdentityAnswer {
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
  const error: SafeHtml | undefined = message ? html`<p class="form-error" role="alert">${message}</p>` : undefined;
  const body = html`<form class="card sign-in" method="post" action="${IDENTITY_PATH}/login">
  <h1>Studio sign-in</h1>
  <p class="hint">Local identity: sign in with any name and address; it issues your tokens as Cognito would.</p>
  ${error}
  ${hidden('response_type', 'code')}${hidden('client_id', request.clientId)}${hidden('redirect_uri', request.redirectUri)}
  ${hidden('state', request.state)}${hidden('code_challenge', request.challenge)}${hidden('code_challenge_method', 'S256')}${hidden('scope', request.scope)}
  <div class="field"><label for="signin-name">Your name</label><input id="signin-name" name="name" type="text" value="${entered?.get('name') ?? 'Rosa Jeweller'}" autocomplete="name" required autofocus></div>
  <div class="field"><label for="signin-email">Studio email</label><input id="signin-email" name="email" type="email" value="${entered?.get('email') ?? 'rosa@studio.local'}" autocomplete="email" required></div>
  <button class="button" type="submit">Sign in</button>
</form>`;
  const answer = htmlResponse(message ? 400 : 200, page({ title: 'Sign in', body, noStore: true }), { noStore: true });
  return { status: answer.statusCode ?? 200, headers: answer.headers as Record<string, string>, body: answer.body ?? '' };
}
