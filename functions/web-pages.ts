import middy from '@middy/core';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ENV } from './catalogue.ts';
import { requireEnv } from '#edge/config';
import { consolePage, enquiryPage } from '#pages/site';
import { htmlResponse } from '#pages/frame';

/**
 * GET /, /console, /console/callback, /assets/{file}, /openapi.json — the enquiry form, the
 * designer console, their assets, and the API's contract. No data access: the pages' scripts call
 * the API like any client. The assets and the contract are files next to this function's bundle
 * (built by infra/browser-build.ts), each read on its first request; sent pre-compressed to
 * clients that accept it.
 */
const assetsDir = requireEnv(ENV.webAssetsDir);
// Node's fs module itself, not its ESM facade: importing `node:fs` as a module evaluates each of
// its exports, `promises` and the stream classes with them (~10 ms of CPU at cold start), where
// this function calls two synchronous functions.
const { readdirSync, readFileSync } = process.getBuiltinModule('node:fs');
const signIn = JSON.parse(requireEnv(ENV.consoleSignIn)) as unknown;

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  png: 'image/png',
  svg: 'image/svg+xml',
};

interface Asset {
  type: string;
  etag: string;
  body: Buffer;
  gzip?: Buffer;
}

/**
 * The OpenAPI document, generated at build time from the catalogue and the handlers' schemas
 * (infra/openapi.ts): a static file like the assets, at its own route only.
 */
const OPENAPI_FILE = 'openapi.json';
const JSON_TYPE = 'application/json; charset=utf-8';

// Only the names are read at cold start: the pages themselves need no asset, so init reads and
// hashes none of them.
// The listing is also the allow-list: a requested name that is not in it is never read.
const servable = new Set(readdirSync(assetsDir).filter((name) => TYPES[name.split('.').at(-1) ?? '']));
const assets = new Map<string, Asset>();

/** Reads an asset on its first request and keeps it for the life of the container. */
function load(name: string, type = TYPES[name.split('.').at(-1) ?? '']): Asset | undefined {
  if (!type || !(servable.has(name) || name === OPENAPI_FILE)) return undefined;
  const cached = assets.get(name);
  if (cached) return cached;
  const body = readFileSync(join(assetsDir, name));
  let gzip: Buffer | undefined;
  try {
    gzip = readFileSync(join(assetsDir, `${name}.gz`));
  } catch {
    gzip = undefined;
  }
  const loaded = { type, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, ...(gzip && { gzip }) };
  assets.set(name, loaded);
  return loaded;
}

/** A Lambda response holds at most 6 MB: anything larger is only ever sent compressed. */
const MAX_PLAIN_BYTES = 4 * 1024 * 1024;

function asset(name: string, event: APIGatewayProxyEventV2, type?: string): APIGatewayProxyStructuredResultV2 {
  const found = load(name, type);
  if (!found) return { statusCode: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not found' };
  const headers: Record<string, string> = {
    'content-type': found.type,
    'cache-control': 'public, max-age=300, must-revalidate',
    etag: found.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
    // Opened on its own (not through <img>) an SVG is a document: no script, its own styles only.
    ...(name.endsWith('.svg') && { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" }),
  };
  if (event.headers?.['if-none-match'] === found.etag) return { statusCode: 304, headers };
  const acceptsGzip = /\bgzip\b/.test(event.headers?.['accept-encoding'] ?? '');
  if (found.gzip && (acceptsGzip || found.body.length > MAX_PLAIN_BYTES)) {
    return { statusCode: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: found.gzip.toString('base64'), isBase64Encoded: true };
  }
  return { statusCode: 200, headers, body: found.body.toString('base64'), isBase64Encoded: true };
}

// Writes no log line, so it loads no logger: Powertools' Logger would be most of this bundle and
// of its cold start, to inject a context into nothing. Its requests are in the API's access log;
// an uncaught error is logged by the Lambda runtime (JSON, with the request id). A line added here
// must go through logContext(correlateRequest) as status-page's do: the log-correlation test
// serves every route of this function and fails on a line without request id, cold start and
// correlation id.
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler((event) => {
  switch (event.routeKey) {
    case 'GET /':
      return htmlResponse(200, enquiryPage());
    case 'GET /console':
    case 'GET /console/callback':
      return htmlResponse(200, consolePage(signIn), { noStore: true });
    case 'GET /assets/{file}':
      return asset(event.pathParameters?.file ?? '', event);
    case 'GET /openapi.json':
      return asset(OPENAPI_FILE, event, JSON_TYPE);
    default:
      return { statusCode: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not found' };
  }
});
