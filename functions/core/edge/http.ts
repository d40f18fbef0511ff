/**
 * The HTTP edge shared by every API handler: body limits, JSON parsing, designer authorization,
 * and the one place where errors become the contract's `{"error": {code, message, fields?}}`.
 */
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { MAX_BODY_BYTES, PAYLOAD_TOO_LARGE, PAYLOAD_TOO_LARGE_MESSAGE } from './body-limit.ts';
import { DESIGNERS_GROUP } from './config.ts';
import { ApiError, issuesToFields, TooManyRequests, validationFailed } from '#lib/errors';
import type { Designer } from '#domain/ports';
import { logContext, logger } from '#lib/logger';
import { correlateRequest } from './correlation.ts';
// Every function that validates what a client sends answers in English (./messages.ts).
import './messages.ts';

export { correlateRequest } from './correlation.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** The contract's limit on request bodies (body-limit.ts). */
export { MAX_BODY_BYTES };
/** The client's IP address, for per-client quotas (client-ip.ts). */
export { clientIp } from './client-ip.ts';

import { json } from './json-response.ts';

export { json };

function errorBody(error: ApiError) {
  return { error: { code: error.code, message: error.message, ...(error.fields && { fields: error.fields }) } };
}

/** Only our own ApiErrors are answered as such: no middleware in the chain throws HTTP errors. */
function toApiError(error: unknown): ApiError | undefined {
  return error instanceof ApiError ? error : undefined;
}

const JSON_CONTENT_TYPE = /^application\/([a-z0-9.+-]+\+)?json(;|$)/i;

/**
 * Parses a JSON body (as @middy/http-json-body-parser would), answering in the contract's words.
 * Our own because that package's error helper imports `node:http`, and an ESM import of
 * `node:http` makes Node load its fetch/WebSocket implementation (undici): tens of milliseconds
 * of cold start for a function that uses no SDK client (health).
 */
function jsonBodyParser(): middy.MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: (request) => {
      const event = request.event;
      if (!JSON_CONTENT_TYPE.test(event.headers?.['content-type'] ?? '')) {
        throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
      }
      if (typeof event.body !== 'string') throw new ApiError(400, 'malformed_json', 'The body is not valid JSON');
      const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body;
      let forbidden = false;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text, (key, value: unknown) => {
          if (key === '__proto__' || (key === 'constructor' && value && Object.hasOwn(value, 'prototype'))) forbidden = true;
          return value;
        });
      } catch {
        throw new ApiError(400, 'malformed_json', 'The body is not valid JSON');
      }
      if (forbidden) throw new ApiError(400, 'forbidden_key', 'The body contains a forbidden key (__proto__ or constructor)');
      (event as { body?: unknown }).body = parsed;
    },
  };
}

/**
 * API Gateway passes JWT claims as strings; an array claim such as `cognito:groups`
 * arrives flattened, e.g. `"[designers admins]"`.
 */
function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner.split(/[\s,]+/).filter(Boolean);
}

export function designerFrom(event: HttpEvent): Designer {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') {
    // Only reachable if the route lost its authorizer: refuse rather than trust.
    throw new ApiError(401, 'unauthorized', 'Sign in as a designer');
  }
  if (!claimList(claims['cognito:groups']).includes(DESIGNERS_GROUP)) {
    throw new ApiError(403, 'forbidden', 'Only members of the designers group may do this');
  }
  return { name: actorOf(claims.sub, claims), sub: claims.sub };
}

/**
 * Who the audit history says acted: the token's `sub`, which the designer cannot change and the
 * pool never reuses, after the address people recognise. The address alone would not do: an
 * attribute a user could edit (the console client may no longer write `email`,
 * infra/constructs/designer-sign-in.ts, but an administrator may change it) must not decide who
 * a record says approved a stage. `rosa@studio.example (3f2a…-…)`; the sub alone without an address.
 */
function actorOf(sub: string, claims: Record<string, unknown>): string {
  const display = [claims.email, claims['cognito:username']].find((v): v is string => typeof v === 'string' && v.trim() !== '' && v !== sub);
  return display ? `${display.trim()} (${sub})` : sub;
}

export interface HttpHandlerOptions {
  /** `designer`: the handler gets the verified designer; others get 403. */
  auth: 'public' | 'designer';
  /** Parse a JSON body (POST routes). */
  jsonBody?: boolean;
}

export type HttpRequestContext = { event: HttpEvent; designer?: Designer; context: Context };


/**
 * Wraps an API handler with the shared edge. The inner function returns a result or throws an
 * ApiError; anything else thrown is logged (without the event) and answered with a fixed 500.
 */
export function httpHandler(options: HttpHandlerOptions, fn: (request: HttpRequestContext) => Promise<HttpResult>) {
  const handler = middy<HttpEvent, HttpResult>()
    .use(logContext<HttpEvent, HttpResult>(correlateRequest))
    .use<middy.MiddlewareObj<HttpEvent, HttpResult>>({
      // Registered first so its onError runs last: it sees every error the others leave.
      onError: (request) => {
        const apiError = toApiError(request.error);
        if (apiError) {
          logger.info('request refused', { status: apiError.statusCode, code: apiError.code });
          const retryAfter = apiError instanceof TooManyRequests ? { 'retry-after': String(apiError.retryAfterSeconds) } : undefined;
          request.response = json(apiError.statusCode, errorBody(apiError), retryAfter);
          return;
        }
        logger.error('request failed', { error: request.error as Error });
        request.response = json(500, { error: { code: 'internal_error', message: 'Something went wrong on our side' } });
      },
    })
    .use<middy.MiddlewareObj<HttpEvent, HttpResult>>({
      before: (request) => {
        const body = request.event.body;
        if (body !== undefined && body !== null) {
          const bytes = request.event.isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
          if (bytes > MAX_BODY_BYTES) {
            throw new ApiError(413, PAYLOAD_TOO_LARGE.error.code, PAYLOAD_TOO_LARGE_MESSAGE);
          }
        }
      },
    })
    .use(httpHeaderNormalizer());
  // Authorization before the body is read: a stranger learns nothing from validation errors.
  if (options.auth === 'designer') handler.use<middy.MiddlewareObj<HttpEvent, HttpResult>>({ before: (request) => void designerFrom(request.event) });
  if (options.jsonBody) handler.use(jsonBodyParser());
  return handler.handler(async (event, context) => {
    const designer = options.auth === 'designer' ? designerFrom(event) : undefined;
    return fn({ event, context, ...(designer && { designer }) });
  });
}

/** Parses `value` with `schema` or throws a 400 listing every field that is wrong. */
export function parseOrReject<S extends z.ZodMiniType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(issuesToFields(result.error.issues, prefix));
  return result.data;
}
