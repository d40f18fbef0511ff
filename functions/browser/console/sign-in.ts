/**
 * Signing in and out: locally with the local identity's form; on AWS through Cognito's hosted UI
 * with authorization code + PKCE. The token is kept in localStorage for api.ts.
 */
import { TOKEN_KEY } from './api.ts';
import { h } from './dom.ts';
import { view } from './layout.ts';
import { navigate, redirectUri, signIn, type SignIn } from './session.ts';

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

async function startCognitoSignIn(config: Extract<SignIn, { kind: 'cognito' }>) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('console.pkce', JSON.stringify({ verifier, state }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL('/oauth2/authorize', config.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

export async function finishCognitoSignIn(config: Extract<SignIn, { kind: 'cognito' }>) {
  const params = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem('console.pkce') ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem('console.pkce');
  if (!saved || params.get('state') !== saved.state || !params.get('code')) throw new Error('The sign-in could not be completed. Please try again.');
  const response = await fetch(new URL('/oauth2/token', config.domain), {
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
  const config = signIn; // a local const, so the narrowing below holds inside the click handler
  if (config.kind === 'cognito') {
    return view(
      h('section', { class: 'card sign-in' }, h('h1', {}, 'Designer console'), error, h('p', {}, 'Sign in with your studio account.'),
        h('button', { class: 'button', onclick: () => void startCognitoSignIn(config) }, 'Sign in')),
    );
  }
  const form = h('form', { class: 'card sign-in', novalidate: true },
    h('h1', {}, 'Designer console'),
    h('p', { class: 'hint' }, 'Local studio: sign in with any name and address; the local identity issues your token.'),
    error,
    h('div', { class: 'field' }, h('label', { for: 'signin-name' }, 'Your name'), h('input', { id: 'signin-name', name: 'name', value: 'Rosa Jeweller', autocomplete: 'name', required: true })),
    h('div', { class: 'field' }, h('label', { for: 'signin-email' }, 'Studio email'), h('input', { id: 'signin-email', name: 'email', type: 'email', value: 'rosa@studio.local', autocomplete: 'email', required: true })),
    h('button', { class: 'button', type: 'submit' }, 'Sign in'),
  );
  // The listener returns nothing; its async body is started with void.
  form.addEventListener('submit', (event) => void (async () => {
    event.preventDefault();
    const data = new FormData(form);
    const response = await fetch('/local-identity/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: data.get('name'), email: data.get('email') }),
    });
    const answer = (await response.json().catch(() => ({}))) as { idToken?: string; error?: { message: string } };
    if (!answer.idToken) return renderSignIn(answer.error?.message ?? 'Sign-in failed.');
    localStorage.setItem(TOKEN_KEY, answer.idToken);
    navigate();
  })());
  view(form);
  form.querySelector('input')?.focus();
}

