/**
 * The edge shared by the workflow's task handlers: parse the payload against its schema (payloads
 * carry `schemaVersion`, so a new deployment can tell an old execution's payload apart), then run.
 * A thrown error's `name` is what the workflow's Retry and Catch match on.
 */
import middy from '@middy/core';
import type * as z from 'zod/mini';
import { logger } from './logger.ts';

export class InvalidTaskPayload extends Error {
  override readonly name = 'InvalidTaskPayload';
}

export class CommissionNotFound extends Error {
  override readonly name = 'CommissionNotFound';
}

export function taskHandler<S extends z.ZodMiniType, R>(taskName: string, schema: S, fn: (payload: z.infer<S>) => Promise<R>) {
  return middy<unknown, R>().handler(async (event) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      // Paths and codes only: the payload itself may hold a task token.
      logger.error('invalid task payload', { task: taskName, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) });
      throw new InvalidTaskPayload(`${taskName}: payload does not match its schema`);
    }
    return fn(parsed.data as z.infer<S>);
  });
}
