/**
 * The edge shared by the workflow's task handlers: parse the payload against its schema (payloads
 * carry `schemaVersion`, so a new deployment can tell an old execution's payload apart), then run.
 * A thrown error's `name` is what the workflow's Retry and Catch match on.
 */
import middy from '@middy/core';
import type * as z from 'zod/mini';
import { isTransient, TransientError } from '#lib/errors';
import { logContext, logger } from '#lib/logger';

class InvalidTaskPayload extends Error {
  override readonly name = 'InvalidTaskPayload';
}

export class CommissionNotFound extends Error {
  override readonly name = 'CommissionNotFound';
}

export function taskHandler<S extends z.ZodMiniType, R>(taskName: string, schema: S, fn: (payload: z.infer<S>) => Promise<R>) {
  // A task's lines carry the commission id as correlation_id (every payload names it, and the
  // execution is named after it), so one id follows a commission through every workflow turn.
  // Taken before the payload is parsed, so a refused payload's line has it too. The workflow
  // wrote it (no caller's text, so no shape check), but only a string is taken.
  const correlate = (event: unknown) => {
    const id = (event as { commissionId?: unknown } | null)?.commissionId;
    return { correlation_id: typeof id === 'string' ? id : undefined };
  };
  return middy<unknown, R>().use(logContext<unknown, R>(correlate)).handler(async (event) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      // Paths and codes only: the payload itself may hold a task token.
      logger.error('invalid task payload', { task: taskName, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) });
      throw new InvalidTaskPayload(`${taskName}: payload does not match its schema`);
    }
    try {
      return await fn(parsed.data);
    } catch (error) {
      // A service that timed out, throttled or answered 5xx may well answer the next attempt:
      // name it so the workflow's Retry (with backoff) takes it, instead of failing the commission.
      if (!(error instanceof TransientError) && isTransient(error)) {
        logger.warn('transient fault; the workflow retries', { task: taskName, error: (error as Error).name });
        throw new TransientError(`${taskName}: ${(error as Error).name}`, { cause: error });
      }
      throw error;
    }
  });
}
