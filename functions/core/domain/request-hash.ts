/**
 * What an Idempotency-Key binds: a hash of the key (never stored as sent) and a hash of the
 * request's canonical JSON, so a repeat with the same body is recognised and a reuse with another
 * body is refused. Shared by enquiries (./intake.ts) and payments (./payments.ts).
 */
import { createHash } from 'node:crypto';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A stable text of a JSON value, keys sorted, so the same request always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** An Idempotency-Key header's allowed form. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
