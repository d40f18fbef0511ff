/**
 * The local API Gateway: routes, payload 2.0 events, the JWT authorizer and API Gateway's own
 * answers. The functions behind it are a test-only invoker that records the events it receives,
 * so these tests pin the gateway's behaviour independently of the handlers.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importJWK, SignJWT } from 'jose';
import { startGateway, type GatewayEvent, type RunningGateway } from '../../infra/local/gateway.ts';
import { jwksOf, loadOrCreateIdentity, LOCAL_AUDIENCE, type LocalIdentity } from '../../infra/local/identity.ts';
import { mintDesignerToken } from '../../infra/local/designer-token.ts';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';

let gateway: RunningGateway;
let identity: LocalIdentity;
let stateDir: string;
const events: Array<{ functionName: string; event: GatewayEvent }> = [];
const logs: string[] = [];

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'local-gateway-'));
  identity = await loadOrCreateIdentity(stateDir);
  gateway = await startGateway({
    port: 0,
    identity: { jwks: jwksOf(identity), audience: LOCAL_AUDIENCE },
    log: (line) => logs.push(line),
    invoke: async (functionName, event) => {
      events.push({ functionName, event });
      if (event.headers['x-test-crash']) throw new Error('customer ana@example.com broke it');
      if (event.headers['x-test-plain']) return { ok: true };
      return {
        statusCode: 202,
        headers: { 'Content-Type': 'application/json', 'X-Handled-By': functionName },
        cookies: ['a=1; Path=/', 'b=2; Path=/'],
        body: JSON.stringify({ handledBy: functionName }),
      };
    },
  });
});

afterAll(async () => {
  await gateway.close();
});

function lastEvent(): { functionName: string; event: GatewayEvent } {
  return events.at(-1)!;
}

async function designerToken(overrides: Parameters<typeof mintDesignerToken>[0] = {}) {
  return mintDesignerToken({ stateDir, issuer: gateway.issuer, ...overrides });
}

describe('routing', () => {
  it('routes a public route to its function with a payload 2.0 event', async () => {
    const response = await fetch(`${gateway.url}/commissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1', Cookie: 'session=abc; theme=dark' },
      body: JSON.stringify({ hello: 'world' }),
    });

    expect(response.status).toBe(202);
    expect(response.headers.get('x-handled-by')).toBe('submit-enquiry');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await response.json()).toEqual({ handledBy: 'submit-enquiry' });
    const { functionName, event } = lastEvent();
    expect(functionName).toBe('submit-enquiry');
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /commissions',
      rawPath: '/commissions',
      rawQueryString: '',
      cookies: ['session=abc', 'theme=dark'],
      body: '{"hello":"world"}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /commissions',
        stage: '$default',
        http: { method: 'POST', path: '/commissions', sourceIp: '127.0.0.1', protocol: 'HTTP/1.1' },
      },
    });
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['idempotency-key']).toBe('k-1');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(typeof event.requestContext.requestId).toBe('string');
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(5_000);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('builds the same event as the direct builder the tests and the bench use, time in API Gateway’s format', async () => {
    await fetch(`${gateway.url}/health?probe=1`, { headers: { 'User-Agent': 'local' } });
    const viaGateway = lastEvent().event;
    const direct = apiGatewayEvent('GET', '/health', 'GET /health', { query: { probe: '1' } });
    const comparable = ({ requestContext, headers, ...rest }: typeof viaGateway) => {
      // Per request, or from the Host header (the gateway's has a port).
      const { requestId, time, timeEpoch, domainName, domainPrefix, ...context } = requestContext;
      for (const value of [requestId, domainName, domainPrefix]) expect(value).toMatch(/^\S+$/);
      // `time` is `timeEpoch` written as API Gateway writes it, e.g. 12/Mar/2020:19:03:58 +0000.
      const [, day, month, year, hms] = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}:\d{2}:\d{2}) \+0000$/.exec(time) ?? [];
      expect(Date.parse(`${day} ${month} ${year} ${hms} GMT`), time).toBe(Math.floor(timeEpoch / 1000) * 1000);
      return { ...rest, requestContext: context, userAgent: headers['user-agent'] };
    };
    expect(comparable(direct)).toEqual(comparable(viaGateway));
  });

  it('fills path parameters (decoded) and query parameters (repeats joined by commas)', async () => {
    const token = await designerToken();
    const response = await fetch(`${gateway.url}/commissions/c%2D42?stage=DESIGN&tag=a&tag=b`, {
      headers: { Authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(202);
    const { functionName, event } = lastEvent();
    expect(functionName).toBe('get-commission');
    expect(event.routeKey).toBe('GET /commissions/{id}');
    expect(event.rawPath).toBe('/commissions/c%2D42');
    expect(event.pathParameters).toEqual({ id: 'c-42' });
    expect(event.rawQueryString).toBe('stage=DESIGN&tag=a&tag=b');
    expect(event.queryStringParameters).toEqual({ stage: 'DESIGN', tag: 'a,b' });
    expect(event.body).toBeUndefined();
  });

  it('answers 404 like API Gateway for an unknown path, a wrong method or a trailing slash', async () => {
    const before = events.length;
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['DELETE', '/commissions'],
      ['PUT', '/health'],
      ['GET', '/commissions/'],
      ['GET', '/commissions/c-1/decisions'],
    ] as const) {
      const response = await fetch(`${gateway.url}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
    expect(events.length).toBe(before);
  });

  it('sends a result without statusCode as a 200 JSON body, as API Gateway infers it', async () => {
    const response = await fetch(`${gateway.url}/health`, { headers: { 'X-Test-Plain': '1' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers a throwing function with API Gateway’s 500 body, no details, and keeps serving', async () => {
    const response = await fetch(`${gateway.url}/health`, { headers: { 'X-Test-Crash': '1' } });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    expect(logs.join('\n')).not.toContain('ana@example.com');
    expect((await fetch(`${gateway.url}/health`)).status).toBe(202);
  });

  it('refuses a body over 64 KB with 413 before any function runs, as the edge firewall does on AWS', async () => {
    const post = (bytes: number) =>
      fetch(`${gateway.url}/commissions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(bytes) });
    const before = events.length;
    const over = await post(64 * 1024 + 1);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: { code: 'payload_too_large', message: 'The body must be at most 64 KB' } });
    // On every path, the identity's too: the firewall sits in front of everything.
    const signIn = await fetch(`${gateway.url}/local-identity/oauth2/token`, { method: 'POST', body: 'x'.repeat(65 * 1024) });
    expect(signIn.status).toBe(413);
    expect(events.length).toBe(before);

    const atLimit = await post(64 * 1024);
    expect(atLimit.status).toBe(202);
    expect(lastEvent().event.body).toHaveLength(64 * 1024);
  });

  it('receives an 11 MB body completely and answers 413 that the client actually gets', async () => {
    const before = events.length;
    const response = await fetch(`${gateway.url}/commissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: 'x'.repeat(11 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(events.length).toBe(before);
  });

  it('without the edge limit, passes a body over 64 KB to the function and answers API Gateway’s 413 past 10 MB', async () => {
    const seen: number[] = [];
    const bare = await startGateway({
      port: 0,
      identity: { jwks: jwksOf(identity), audience: LOCAL_AUDIENCE },
      log: () => {},
      edgeMaxBodyBytes: null,
      invoke: async (_name, event) => {
        seen.push(event.body?.length ?? 0);
        return { statusCode: 204 };
      },
    });
    try {
      const post = (bytes: number) => fetch(`${bare.url}/commissions`, { method: 'POST', body: 'x'.repeat(bytes) });
      expect((await post(100 * 1024)).status).toBe(204);
      expect(seen).toEqual([100 * 1024]);
      const huge = await post(11 * 1024 * 1024);
      expect(huge.status).toBe(413);
      expect(await huge.json()).toEqual({ message: 'Request Entity Too Large' });
      expect(seen).toHaveLength(1);
    } finally {
      await bare.close();
    }
  });

  it('serves the local identity’s public keys, never the private one', async () => {
    const response = await fetch(`${gateway.url}/local-identity/.well-known/jwks.json`);
    const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kid: identity.kid, kty: 'RSA', alg: 'RS256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('the JWT authorizer on designer routes', () => {
  async function status(authorization?: string) {
    const response = await fetch(`${gateway.url}/commissions`, { headers: authorization ? { Authorization: authorization } : {} });
    return { status: response.status, body: await response.json() };
  }
  const unauthorized = { status: 401, body: { message: 'Unauthorized' } };

  it('passes a designer token through with API Gateway’s flattened string claims', async () => {
    const token = await designerToken({ email: 'ada@studio.local', groups: ['designers', 'other'] });
    expect((await status(`Bearer ${token}`)).status).toBe(202);

    const { event } = lastEvent();
    const claims = event.requestContext.authorizer!.jwt.claims;
    expect(claims['cognito:groups']).toBe('[designers other]');
    expect(claims.email).toBe('ada@studio.local');
    expect(claims.token_use).toBe('id');
    expect(claims.aud).toBe(LOCAL_AUDIENCE);
    expect(claims.iss).toBe(gateway.issuer);
    expect(claims.exp).toMatch(/^\d+$/);
    expect(claims.email_verified).toBe('true');
    expect(event.requestContext.authorizer!.jwt.scopes).toBeNull();
  });

  it('lets a token without the designers group through: the handlers check groups', async () => {
    const token = await designerToken({ groups: [] });
    expect((await status(`Bearer ${token}`)).status).toBe(202);
    expect(lastEvent().event.requestContext.authorizer!.jwt.claims['cognito:groups']).toBe('[]');
  });

  it('accepts client_id when the token has no aud, as for Cognito access tokens', async () => {
    const key = await importJWK(identity.privateJwk, 'RS256');
    const token = await new SignJWT({ client_id: LOCAL_AUDIENCE, token_use: 'access', scope: 'aws.cognito.signin.user.admin' })
      .setProtectedHeader({ alg: 'RS256', kid: identity.kid })
      .setIssuer(gateway.issuer)
      .setSubject('designer-1')
      .setExpirationTime('5m')
      .sign(key);
    expect((await status(`Bearer ${token}`)).status).toBe(202);
    expect(lastEvent().event.requestContext.authorizer!.jwt.scopes).toEqual(['aws.cognito.signin.user.admin']);
  });

  it('refuses a missing, malformed or empty token with 401 {"message":"Unauthorized"}', async () => {
    expect(await status()).toEqual(unauthorized);
    expect(await status('Bearer')).toEqual(unauthorized);
    expect(await status('Bearer not.a.jwt')).toEqual(unauthorized);
  });

  it('refuses an expired token', async () => {
    expect(await status(`Bearer ${await designerToken({ expiresIn: -60 })}`)).toEqual(unauthorized);
  });

  it('refuses a token from another issuer', async () => {
    expect(await status(`Bearer ${await designerToken({ issuer: 'http://localhost:1/local-identity' })}`)).toEqual(unauthorized);
  });

  it('refuses a token for another audience', async () => {
    expect(await status(`Bearer ${await designerToken({ audience: 'another-app-client' })}`)).toEqual(unauthorized);
  });

  it('refuses a token whose signature does not match its claims', async () => {
    const [header, , signature] = (await designerToken()).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'x', 'cognito:groups': ['designers'], iss: gateway.issuer, aud: LOCAL_AUDIENCE, exp: 4102444800 })).toString('base64url');
    expect(await status(`Bearer ${header}.${forged}.${signature}`)).toEqual(unauthorized);
  });

  it('refuses a token signed by another key with the same key id', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'local-gateway-other-'));
    const other = await loadOrCreateIdentity(otherDir);
    const key = await importJWK(other.privateJwk, 'RS256');
    const token = await new SignJWT({ 'cognito:groups': ['designers'] })
      .setProtectedHeader({ alg: 'RS256', kid: identity.kid })
      .setIssuer(gateway.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('5m')
      .sign(key);
    expect(await status(`Bearer ${token}`)).toEqual(unauthorized);
  });

  it('does not ask for a token on public routes', async () => {
    const response = await fetch(`${gateway.url}/health`, { headers: { Authorization: 'Bearer garbage' } });
    expect(response.status).toBe(202);
  });
});
