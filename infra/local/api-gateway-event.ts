/**
 * The one builder of API Gateway HTTP API events (payload format 2.0): the local gateway builds
 * them from real requests (`eventFromRequest`), the tests and the benchmark call handlers directly
 * with `apiGatewayEvent`; both go through `assembleEvent`, so they cannot drift apart.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { JWTPayload } from 'jose';

type AwsEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** The aws-lambda type, with the authorizer optional as on routes without one. */
export type ApiGatewayEvent = Omit<AwsEvent, 'requestContext'> & {
  requestContext: Omit<AwsEvent['requestContext'], 'authorizer'> & { authorizer?: AwsEvent['requestContext']['authorizer'] };
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, as in requestContext.time. */
function apiGatewayTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/**
 * Claims as API Gateway puts them in `requestContext.authorizer.jwt.claims`: every value a string;
 * arrays flattened to `[a b]` (so `cognito:groups` arrives as `"[designers other]"`).
 */
function flattenClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      if (Array.isArray(value)) return [name, `[${value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ')}]`];
      if (value !== null && typeof value === 'object') return [name, JSON.stringify(value)];
      return [name, String(value)];
    }),
  );
}

/** Content types API Gateway passes as text; anything else arrives base64-encoded. */
function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^(text\/|application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml|[\w.+-]*\+xml|javascript))/i.test(contentType);
}

interface EventParts {
  method: string;
  rawPath: string;
  rawQueryString: string;
  routeKey: string;
  /** Lower-case names, duplicates already joined with commas. */
  headers: Record<string, string>;
  cookies?: string[];
  query: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: string;
  isBase64Encoded: boolean;
  /** A verified token's claims: the route has a JWT authorizer. */
  claims?: JWTPayload;
  requestId: string;
  sourceIp: string;
  protocol: string;
  now: Date;
}

function assembleEvent(parts: EventParts): ApiGatewayEvent {
  const { headers, claims, now } = parts;
  return {
    version: '2.0',
    routeKey: parts.routeKey,
    rawPath: parts.rawPath,
    rawQueryString: parts.rawQueryString,
    ...(parts.cookies ? { cookies: parts.cookies } : {}),
    headers,
    ...(Object.keys(parts.query).length > 0 ? { queryStringParameters: parts.query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      ...(claims
        ? {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: {
                claims: flattenClaims(claims),
                // API Gateway sends null when the token carries no `scope` (Cognito ID tokens).
                // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the aws-lambda type says string[]; API Gateway really sends null
                scopes: (typeof claims.scope === 'string' ? claims.scope.split(' ') : null) as string[],
              },
            },
          }
        : {}),
      domainName: headers.host?.split(':')[0] ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0]!.split(':')[0]!,
      http: { method: parts.method, path: parts.rawPath, protocol: parts.protocol, sourceIp: parts.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: parts.requestId,
      routeKey: parts.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(parts.pathParameters && Object.keys(parts.pathParameters).length > 0 ? { pathParameters: parts.pathParameters } : {}),
    ...(parts.body !== undefined ? { body: parts.body } : {}),
    isBase64Encoded: parts.isBase64Encoded,
  };
}

/** The event API Gateway would send for a real request the local gateway has routed. */
export function eventFromRequest(input: {
  request: IncomingMessage;
  requestId: string;
  route: { method: string; path: string };
  rawPath: string;
  rawQueryString: string;
  pathParameters: Record<string, string>;
  body: Buffer;
  claims: JWTPayload | undefined;
}): ApiGatewayEvent {
  const { request, route } = input;
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  // rawHeaders keeps duplicates; API Gateway joins them with commas and moves cookies out.
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index]!.toLowerCase();
    const value = request.rawHeaders[index + 1]!;
    if (name === 'cookie') {
      cookies = [...(cookies ?? []), ...value.split(';').map((cookie) => cookie.trim()).filter(Boolean)];
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] ??= sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(request.socket.localPort ?? '');

  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(input.rawQueryString)) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  const textual = isTextual(headers['content-type']);
  const hasBody = input.body.length > 0;
  return assembleEvent({
    method: route.method,
    rawPath: input.rawPath,
    rawQueryString: input.rawQueryString,
    routeKey: `${route.method} ${route.path}`,
    headers,
    ...(cookies && { cookies }),
    query,
    pathParameters: input.pathParameters,
    ...(hasBody && { body: textual ? input.body.toString('utf8') : input.body.toString('base64') }),
    isBase64Encoded: hasBody && !textual,
    ...(input.claims && { claims: input.claims }),
    requestId: input.requestId,
    sourceIp,
    protocol: `HTTP/${request.httpVersion}`,
    now: new Date(),
  });
}

/**
 * An event for calling a handler directly, as the tests and the benchmark do; `claims` are those of
 * a verified token, flattened as API Gateway's JWT authorizer passes them.
 */
export function apiGatewayEvent(
  method: string,
  path: string,
  routeKey: string,
  options: {
    /** Sent as is. */
    body?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    pathParameters?: Record<string, string>;
    claims?: JWTPayload;
    /** The connection's address; default 127.0.0.1. */
    sourceIp?: string;
  } = {},
): ApiGatewayEvent {
  const query = options.query ?? {};
  return assembleEvent({
    method,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    routeKey,
    headers: { host: 'localhost', 'user-agent': 'local', ...(options.headers ?? {}) },
    query,
    ...(options.pathParameters && { pathParameters: options.pathParameters }),
    ...(options.body !== undefined && { body: options.body }),
    isBase64Encoded: false,
    ...(options.claims && { claims: options.claims }),
    requestId: randomUUID(),
    sourceIp: options.sourceIp ?? '127.0.0.1',
    protocol: 'HTTP/1.1',
    now: new Date(),
  });
}
