/**
 * An API Gateway HTTP API event (payload format 2.0) for calling a handler directly, as the
 * tests and the benchmark do; `claims` are passed as API Gateway's JWT authorizer passes them
 * (strings, arrays flattened to "[a b]"). The local gateway builds its own from real requests.
 */
import { randomUUID } from 'node:crypto';

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
    claims?: Record<string, string>;
  } = {},
) {
  const query = options.query ?? {};
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { host: 'localhost', ...(options.headers ?? {}) },
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    ...(options.pathParameters && { pathParameters: options.pathParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'local' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(options.claims && { authorizer: { jwt: { claims: options.claims, scopes: null } } }),
    },
    ...(options.body !== undefined && { body: options.body }),
    isBase64Encoded: false,
  };
}
