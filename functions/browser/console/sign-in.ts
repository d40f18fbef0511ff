/**
 * Signing in: authorization code + PKCE (S256) through the hosted UI — Cognito's on AWS, the local
 * identity's (infra/local/identity-oauth.ts) under `npm start`, so both run this one path. The ID
 * token is kept in localStorage for api.ts.
 */
import { TOKEN_KEY } from './api.ts';
import { h } from './dom.ts';
import { view } from './layout.ts';
import { hostedUi, redirectUri, signIn, type SignIn } from './session.ts';

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

async function startSignIn() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('console.pkce', JSON.stringify({ verifier, state }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = hostedUi('/oauth2/authorize');
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: signIn.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

export async function finishCognitoSignIn(config: SignIn) {
  const params = new URLSearchParams(location.search);
  // Back from signing out (the logout URI is the callback): nothing to finish.
  if (!params.has('code') && !params.has('error')) return;
  const saved = JSON.parse(sessionStorage.getItem('console.pkce') ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem('console.pkce');
  if (!saved || params.get('state') !== saved.state || !params.get('code')) throw new Error('The sign-in could not be completed. Please try again.');
  const response = await fetch(hostedUi('/oauth2/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: params.get('code')!,
      redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  });
  const tokens = (await response.json()) as { id_token?: string };
  if (!response.ok || !tokens.id_token) throw new Error('The sign-in was refused. Please try again.');
  localStorage.setItem(TOKEN_KEY, tokens.id_token);
}

export function renderSignIn(message?: string) {
  const error = message ? h('p', { class: 'form-error', role: 'alert' }, message) : undefined;
  view(
    h('section', { class: 'card sign-in' }, h('h1', {}, 'Designer console'), error, h('p', {}, 'Sign in with your studio account.'),
      h('button', { class: 'button', onclick: () => void startSignIn() }, 'Sign in')),
  );
}
