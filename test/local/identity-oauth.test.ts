/**
 * The local identity's hosted UI over HTTP, behind the local gateway: the authorization code +
 * PKCE flow the console runs against Cognito, what it refuses, and that its tokens pass the
 * gateway's JWT authorizer. (The browser side is test/browser/studio.test.ts.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startGateway, type RunningGateway } from '../../infra/local/gateway.ts';
import { jwksOf, loadOrCreateIdentity, localIssuer, LOCAL_AUDIENCE } from '../../infra/local/identity.ts';
import { localOAuth } from '../../infra/local/identity-oauth.ts';
import { mintDesignerToken } from '../../infra/local/designer-token.ts';

let gateway: RunningGateway;
let stateDir: string;
let base: string;
let callback: string;
let clock = Date.now();
const invoked: string[] = [];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'local-identity-'));
  const identity = await loadOrCreateIdentity(stateDir);
  const port = await freePort();
  base = `http://localhost:${port}`;
  callback = `${base}/console/callback`;
  gateway = await startGateway({
    port,
    identity: { jwks: jwksOf(identity), audience: LOCAL_AUDIENCE, issuer: localIssuer(port) },
    identityRoutes: localOAuth({
      client: { clientId: LOCAL_AUDIENCE, redirectUris: [callback], logoutUris: [callback] },
      mint: (designer, tokenUse, expiresIn) => mintDesignerToken({ stateDir, issuer: localIssuer(port), ...designer, tokenUse, expiresIn }),
      now: () => clock,
    }),
    invoke: async (functionName) => {
      invoked.push(functionName);
      return { statusCode: 200, body: '{}' };
    },
    log: () => {},
  });
});

afterAll(async () => {
  await gateway?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeParams(challenge: string, overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    response_type: 'code',
    client_id: LOCAL_AUDIENCE,
    redirect_uri: callback,
    scope: 'openid email profile',
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });
}

const form = (path: string, body: Record<string, string> | URLSearchParams, headers: Record<string, string> = {}) =>
  fetch(`${base}/local-identity${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });

/** The sign-in form's POST: the code and state the identity redirects back with. */
async function codeFor(challenge: string): Promise<{ code: string; state: string | null }> {
  const params = authorizeParams(challenge);
  params.set('name', 'Rosa Jeweller');
  params.set('email', 'rosa@studio.local');
  const response = await form('/login', params);
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(callback);
  return { code: location.searchParams.get('code')!, state: location.searchParams.get('state') };
}

const exchange = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
  form('/oauth2/token', { grant_type: 'authorization_code', client_id: LOCAL_AUDIENCE, code, redirect_uri: callback, code_verifier: verifier, ...overrides });

describe('the local identity’s code + PKCE flow', () => {
  it('shows a sign-in form for a valid authorization request, carrying it in hidden fields', async () => {
    const { challenge } = pkce();
    const response = await fetch(`${base}/local-identity/oauth2/authorize?${authorizeParams(challenge).toString()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toContain('action="/local-identity/login"');
    expect(page).toContain(`name="code_challenge" value="${challenge}"`);
    expect(page).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('exchanges a code and its verifier for Cognito-shaped tokens the gateway accepts', async () => {
    const { verifier, challenge } = pkce();
    const { code, state } = await codeFor(challenge);
    expect(state).toBe('state-123');
    const response = await exchange(code, verifier);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const tokens = (await response.json()) as Record<string, unknown>;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const id = decodeJwt(tokens.id_token as string);
    expect(id).toMatchObject({ token_use: 'id', aud: LOCAL_AUDIENCE, email: 'rosa@studio.local', name: 'Rosa Jeweller', 'cognito:groups': ['designers'] });
    expect(id.exp! - id.iat!).toBe(3600);
    const access = decodeJwt(tokens.access_token as string);
    expect(access).toMatchObject({ token_use: 'access', client_id: LOCAL_AUDIENCE, sub: id.sub });
    expect(access.aud).toBeUndefined();

    // Both pass the gateway's JWT authorizer on a designer route.
    for (const token of [tokens.id_token, tokens.access_token]) {
      const listed = await fetch(`${gateway.url}/commissions?stage=ENQUIRY`, { headers: { authorization: `Bearer ${token as string}` } });
      expect(listed.status).toBe(200);
    }
  });

  it('refuses a tampered verifier, a reused code, another redirect_uri and an expired code', async () => {
    const tampered = pkce();
    const first = await codeFor(tampered.challenge);
    expect(await (await exchange(first.code, pkce().verifier)).json()).toMatchObject({ error: 'invalid_grant' });
    // A failed exchange spends the code: the right verifier cannot follow a wrong guess.
    expect((await exchange(first.code, tampered.verifier)).status).toBe(400);

    const reused = pkce();
    const second = await codeFor(reused.challenge);
    expect((await exchange(second.code, reused.verifier)).status).toBe(200);
    const again = await exchange(second.code, reused.verifier);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });

    const redirected = pkce();
    const third = await codeFor(redirected.challenge);
    expect(await (await exchange(third.code, redirected.verifier, { redirect_uri: 'http://localhost:1/console/callback' })).json()).toMatchObject({ error: 'invalid_grant' });

    const late = pkce();
    const fourth = await codeFor(late.challenge);
    clock += 61_000;
    expect(await (await exchange(fourth.code, late.verifier)).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses bad authorization requests with an OAuth error and never redirects to an unregistered URI', async () => {
    const { challenge } = pkce();
    const refusal = async (overrides: Record<string, string>) => {
      const response = await fetch(`${base}/local-identity/oauth2/authorize?${authorizeParams(challenge, overrides).toString()}`, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      return ((await response.json()) as { error: string }).error;
    };
    expect(await refusal({ redirect_uri: 'https://evil.example/console/callback' })).toBe('invalid_request');
    expect(await refusal({ redirect_uri: `${callback}/` })).toBe('invalid_request');
    expect(await refusal({ client_id: 'someone-else' })).toBe('invalid_client');
    expect(await refusal({ response_type: 'token' })).toBe('unsupported_response_type');
    expect(await refusal({ code_challenge_method: 'plain' })).toBe('invalid_request');
    expect(await refusal({ code_challenge: 'short' })).toBe('invalid_request');
    expect(await refusal({ state: '' })).toBe('invalid_request');
    expect(await refusal({ scope: 'openid aws.cognito.signin.user.admin' })).toBe('invalid_scope');

    // The form's POST checks the same, so hidden fields cannot be edited into another redirect.
    const params = authorizeParams(challenge, { redirect_uri: 'https://evil.example/' });
    params.set('name', 'Mallory');
    params.set('email', 'm@evil.example');
    const posted = await form('/login', params);
    expect(posted.status).toBe(400);
    expect(posted.headers.get('location')).toBeNull();
  });

  it('refuses another Host (DNS rebinding) and bodies that are not form-encoded', async () => {
    const { verifier, challenge } = pkce();
    const { code } = await codeFor(challenge);
    const body = new URLSearchParams({ grant_type: 'authorization_code', client_id: LOCAL_AUDIENCE, code, redirect_uri: callback, code_verifier: verifier });
    // fetch will not set Host; node:http's request does.
    const { request } = await import('node:http');
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = request(`${gateway.url}/local-identity/oauth2/token`, { method: 'POST', headers: { host: 'attacker.example', 'content-type': 'application/x-www-form-urlencoded' } }, (answer) => {
        let text = '';
        answer.on('data', (chunk: Buffer) => (text += chunk.toString()));
        answer.on('end', () => resolve({ status: answer.statusCode!, body: text }));
      });
      sent.on('error', reject);
      sent.end(body.toString());
    });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: 'invalid_request' });

    for (const type of ['text/plain', 'application/json', 'multipart/form-data; boundary=x']) {
      const response = await fetch(`${base}/local-identity/oauth2/token`, { method: 'POST', headers: { 'content-type': type }, body: body.toString() });
      expect(response.status, type).toBe(415);
    }
    const signIn = await form('/login', { name: 'Rosa', email: 'rosa@studio.local' }, { 'content-type': 'text/plain' });
    expect(signIn.status).toBe(415);
    // Refused before the exchange: the code is still good.
    expect((await exchange(code, verifier)).status).toBe(200);
    // 127.0.0.1 on the same port is this server too.
    expect((await fetch(`${gateway.url}/local-identity/oauth2/authorize?${authorizeParams(challenge).toString()}`)).status).toBe(200);
  });

  it('re-shows the form when the name or email is missing', async () => {
    const params = authorizeParams(pkce().challenge);
    params.set('name', 'Rosa');
    params.set('email', 'not-an-address');
    const response = await form('/login', params);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Give a name and an email address');
  });

  it('signs out to a registered logout URI only, and has no shortcut sign-in', async () => {
    const out = await fetch(`${base}/local-identity/logout?${new URLSearchParams({ client_id: LOCAL_AUDIENCE, logout_uri: callback }).toString()}`, { redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(callback);
    const elsewhere = await fetch(`${base}/local-identity/logout?${new URLSearchParams({ client_id: LOCAL_AUDIENCE, logout_uri: 'https://evil.example/' }).toString()}`, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    const shortcut = await fetch(`${base}/local-identity/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a","email":"a@b"}' });
    expect(shortcut.status).toBe(404);
  });
});
