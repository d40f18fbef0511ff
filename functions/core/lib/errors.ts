/**
 * Domain errors carry their HTTP meaning; one error handler (core/edge/http.ts) turns them into the
 * contract's `{"error": {code, message, fields?}}`. Anything else becomes a fixed 500.
 */
import type * as z from 'zod/mini';

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

/** Turns zod issues into the contract's `fields`: `[{path: "customer.email", message}]`. */
export function issuesToFields(issues: readonly z.core.$ZodIssue[], prefix = ''): { path: string; message: string }[] {
  const join = (parts: PropertyKey[]) => [prefix, ...parts.map(String)].filter(Boolean).join('.') || '(root)';
  return issues.flatMap((issue): { path: string; message: string }[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: join([...issue.path, key]), message: 'Unknown field' }));
    // A union none of whose shapes fits: name the fields of the shape it came closest to
    // (fewest issues), so `details.hallmark.finenessMark`, not just `details.hallmark`.
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.toSorted((a, b) => a.length - b.length)[0]!;
      return issuesToFields(closest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })), prefix);
    }
    return [{ path: join(issue.path), message: issue.message }];
  });
}

/** 429: a quota is spent; `Retry-After` tells the client when the window ends. */
export class TooManyRequests extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(429, 'too_many_requests', message);
  }
}

export const validationFailed = (fields: FieldError[], message = 'The request is not valid') =>
  new ApiError(400, 'validation_failed', message, fields);
export const notFound = (what = 'Commission') => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

/**
 * A fault worth retrying (throttling, a 5xx from a service). Step Functions retries task
 * errors by name, and the workflow's Retry lists `TransientError`.
 */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** True for SDK errors that a later attempt may not meet: throttling, 5xx, network. */
export function isTransient(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { $retryable?: unknown; $metadata?: { httpStatusCode?: number }; name?: string; code?: string };
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  return [
    'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'ServiceUnavailable', 'RequestTimeout', 'TimeoutError',
    'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'InternalServerError', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE',
  ].includes(
    e.name ?? e.code ?? '',
  );
}
