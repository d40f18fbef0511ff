/**
 * A local stand-in for the API Gateway HTTP API: the catalogue's routes, payload format 2.0 events,
 * and a JWT authorizer on designer routes that verifies tokens the way API Gateway's does
 * (signature against the issuer's JWKS, `iss`, `aud` or else `client_id`, `exp`, `nbf`).
 *
 * What API Gateway itself answers, the gateway answers with API Gateway's bodies: 404
 * `{"message":"Not Found"}`, 401 `{"message":"Unauthorized"}`, 500 `{"message":"Internal Server
 * Error"}` for a failed integration. Group membership is the handlers' business, as on AWS.
 *
 * Bodies: one over the contract's 64 KB is refused with 413 `payload_too_large` before any
 * function runs, as the firewall in front of the API on AWS refuses it (infra/constructs/public-edge.ts:
 * same status, same body). With `edgeMaxBodyBytes: null` (a studio whose own edge has no such
 * rule) the body goes to the function, whose edge answers the same 413, and only past API
 * Gateway's own limit (`maxBodyBytes`, default 10 MB) does the gateway answer 413 itself, with API
 * Gateway's body `{"message":"Request Entity Too Large"}`. Either way the whole body is read
 * first, so the client gets the answer instead of a reset connection.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { functionCatalogue, type RouteAuth } from '../../functions/catalogue.ts';
import { MAX_BODY_BYTES as EDGE_MAX_BODY_BYTES, PAYLOAD_TOO_LARGE } from '#edge/body-limit';
import { eventFromRequest } from './api-gateway-event.ts';
import { IDENTITY_PATH, localIssuer } from './identity.ts';
import type { IdentityAnswer, IdentityRequest } from './identity-oauth.ts';
import { invokeFunction } from './lambda-context.ts';

/** API Gateway's request payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type GatewayEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'];
  };
};

export interface GatewayOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1: the local stack is not for the network. */
  host?: string;
  /** The identity whose tokens designer routes accept. */
  identity: {
    jwks: JSONWebKeySet;
    audience: string;
    /** Default `http://localhost:<actual port>/local-identity`. */
    issuer?: string;
  };
  /** Runs a function with an event. Default: the handler module `functions/<name>.ts`. */
  invoke?: (functionName: string, event: GatewayEvent) => Promise<unknown>;
  /** Default console.log; access lines carry method, path, status, time and the request id only. */
  log?: (line: string) => void;
  /** Default 10 MB, as API Gateway. */
  maxBodyBytes?: number;
  /** The edge firewall's body limit, checked before any function runs. Default 64 KB, as on AWS; null: none. */
  edgeMaxBodyBytes?: number | null;
  /**
   * The local identity's hosted UI (identity-oauth.ts), a stand-in for Cognito's that exists only
   * in the local runtime: asked first for paths under /local-identity/. Absent: no such routes.
   */
  identityRoutes?: (request: IdentityRequest) => Promise<IdentityAnswer | undefined>;
}

export interface RunningGateway {
  url: string;
  port: number;
  issuer: string;
  close(): Promise<void>;
}

interface Route {
  method: string;
  path: string;
  segments: string[];
  auth: RouteAuth;
  functionName: string;
}

const catalogueRoutes: Route[] = functionCatalogue.flatMap((spec) =>
  ('routes' in spec ? spec.routes : []).map((route) => ({
    method: route.method,
    path: route.path,
    segments: route.path.split('/').slice(1),
    auth: route.auth,
    functionName: spec.name,
  })),
);

/** The route for a method and raw path, with its decoded path parameters; API Gateway matches exact segments. */
export function matchRoute(method: string, rawPath: string, routes: Route[] = catalogueRoutes) {
  const segments = rawPath.split('/').slice(1);
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const parameters: Record<string, string> = {};
    const matches = route.segments.every((pattern, index) => {
      const segment = segments[index]!;
      const parameter = /^\{([^}+]+)\}$/.exec(pattern);
      if (!parameter) return pattern === segment;
      if (segment === '') return false;
      try {
        parameters[parameter[1]!] = decodeURIComponent(segment);
      } catch {
        return false;
      }
      return true;
    });
    if (matches) return { route, pathParameters: parameters };
  }
  return undefined;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const invoke = options.invoke ?? invokeFunction;
  const log = options.log ?? ((line: string) => console.log(line));
  const edgeMaxBodyBytes = options.edgeMaxBodyBytes === undefined ? EDGE_MAX_BODY_BYTES : options.edgeMaxBodyBytes;
  const maxBodyBytes = Math.min(options.maxBodyBytes ?? MAX_BODY_BYTES, edgeMaxBodyBytes ?? Infinity);
  const keys = createLocalJWKSet(options.identity.jwks);
  let issuer = options.identity.issuer ?? '';

  /** API Gateway's JWT authorizer: the verified claims, or undefined (→ 401). */
  async function authorize(header: string | undefined): Promise<JWTPayload | undefined> {
    if (!header) return undefined;
    // API Gateway takes the token with or without the Bearer prefix.
    const token = header.replace(/^Bearer\s+/i, '').trim();
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'], requiredClaims: ['exp'] });
      const audiences = payload.aud === undefined ? [] : [payload.aud].flat();
      // `client_id` is checked only when there is no `aud` (Cognito access tokens).
      const audienceOk = payload.aud !== undefined ? audiences.includes(options.identity.audience) : payload.client_id === options.identity.audience;
      return audienceOk ? payload : undefined;
    } catch {
      return undefined;
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = randomBytes(12).toString('base64');
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
    const rawQueryString = queryStart === -1 ? '' : target.slice(queryStart + 1);
    const send = (status: number, headers: Record<string, string | string[]>, body: Buffer | string) => {
      if (response.headersSent) return;
      response.writeHead(status, { ...headers, 'apigw-requestid': requestId, 'content-length': Buffer.byteLength(body) });
      response.end(body);
      // The request id, as in the AWS access log: the function's lines carry it as correlation_id.
      log(`[api] ${method} ${rawPath} ${status} ${Date.now() - started}ms ${requestId}`);
    };
    const sendJson = (status: number, body: unknown) => send(status, { 'content-type': 'application/json' }, JSON.stringify(body));

    // Read the whole body before answering anything, so the client always gets the answer
    // instead of a reset connection, even for a body over the limit.
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size <= maxBodyBytes) chunks.push(chunk as Buffer);
      }
    } catch {
      return; // the client went away
    }
    if (edgeMaxBodyBytes !== null && size > edgeMaxBodyBytes) return sendJson(413, PAYLOAD_TOO_LARGE);
    if (size > maxBodyBytes) return sendJson(413, { message: 'Request Entity Too Large' });

    if (method === 'GET' && rawPath === `${IDENTITY_PATH}/.well-known/jwks.json`) return sendJson(200, options.identity.jwks);
    if (method === 'GET' && rawPath === `${IDENTITY_PATH}/.well-known/openid-configuration`) {
      return sendJson(200, { issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] });
    }

    if (options.identityRoutes && rawPath.startsWith(`${IDENTITY_PATH}/`)) {
      const answer = await options.identityRoutes({ method, rawPath, rawQueryString, headers: request.headers, body: Buffer.concat(chunks), port: request.socket.localPort ?? 0 });
      if (answer) return send(answer.status, answer.headers, answer.body);
    }

    const matched = matchRoute(method, rawPath);
    if (!matched) return sendJson(404, { message: 'Not Found' });
    const { route, pathParameters } = matched;

    let claims: JWTPayload | undefined;
    if (route.auth === 'designer') {
      claims = await authorize(headerValue(request.headers.authorization));
      if (!claims) return send(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }, JSON.stringify({ message: 'Unauthorized' }));
    }

    const event = eventFromRequest({ request, requestId, route, rawPath, rawQueryString, pathParameters, body: Buffer.concat(chunks), claims });
    let result: unknown;
    try {
      result = await invoke(route.functionName, event);
    } catch (error) {
      // Name only: a message may carry customer data, and logs must not (rule 7).
      log(`[api] ${route.method} ${route.path}: ${route.functionName} threw ${(error as Error)?.name ?? typeof error}`);
      return sendJson(500, { message: 'Internal Server Error' });
    }
    const mapped = mapResult(result);
    if (!mapped) {
      log(`[api] ${route.method} ${route.path}: ${route.functionName} returned a malformed response`);
      return sendJson(500, { message: 'Internal Server Error' });
    }
    send(mapped.statusCode, mapped.headers, mapped.body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'Internal Server Error' }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (!issuer) issuer = localIssuer(port);

  return {
    url: `http://${host}:${port}`,
    port,
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A payload 2.0 response: `{statusCode, headers, body, cookies, isBase64Encoded}`; a result without
 * `statusCode` is sent as a 200 JSON body, as API Gateway infers it. Undefined when malformed.
 */
function mapResult(result: unknown): { statusCode: number; headers: Record<string, string | string[]>; body: Buffer } | undefined {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    if (result === undefined) return { statusCode: 200, headers: {}, body: Buffer.alloc(0) };
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const response = result as { statusCode: unknown; headers?: unknown; body?: unknown; cookies?: unknown; isBase64Encoded?: unknown };
  if (typeof response.statusCode !== 'number' || !Number.isInteger(response.statusCode) || response.statusCode < 100 || response.statusCode > 599) return undefined;
  if (response.body !== undefined && typeof response.body !== 'string') return undefined;
  const headers: Record<string, string | string[]> = {};
  if (response.headers !== undefined) {
    if (response.headers === null || typeof response.headers !== 'object') return undefined;
    for (const [name, value] of Object.entries(response.headers)) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
      headers[name.toLowerCase()] = String(value);
    }
  }
  if (Array.isArray(response.cookies) && response.cookies.length > 0) headers['set-cookie'] = response.cookies.map(String);
  const text = response.body ?? '';
  return { statusCode: response.statusCode, headers, body: response.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text) };
}
