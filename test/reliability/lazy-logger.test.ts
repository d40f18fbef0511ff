/**
 * The Logger is built only when an invocation first logs (functions/core/lib/logger.ts): an
 * invocation that logs nothing costs no Logger, and one built later still gets its invocation's
 * context and keys, and is not mistaken for the cold start. A file of its own: a fresh module.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterAll, expect, it } from 'vitest';
import { logContext, logger } from '#lib/logger';

const written: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array) => {
  written.push(String(chunk));
  return true;
});
afterAll(() => {
  process.stdout.write = originalWrite;
});

const contextOf = (awsRequestId: string) =>
  ({
    functionName: 'lazy',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:lazy',
    memoryLimitInMB: '256',
    awsRequestId,
    getRemainingTimeInMillis: () => 10_000,
  }) as unknown as Context;

const handler = middy<{ say?: string }, void>()
  .use(logContext<{ say?: string }, void>((_event, context) => ({ correlation_id: `corr-${context.awsRequestId}` })))
  .handler(async (event) => {
    if (event.say) logger.info(event.say);
  });

const lines = () =>
  written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((text) => text.trim() !== '')
    .map((text) => JSON.parse(text) as Record<string, unknown>);

it('writes nothing for an invocation that logs nothing (the cold one here)', async () => {
  await handler({}, contextOf('11111111-1111-4111-8111-111111111111'));
  expect(lines()).toEqual([]);
});

it('gives a Logger first built in a later invocation that invocation’s context and keys, not the cold start', async () => {
  await handler({ say: 'second' }, contextOf('22222222-2222-4222-8222-222222222222'));
  await handler({ say: 'third' }, contextOf('33333333-3333-4333-8333-333333333333'));
  expect(lines().map((line) => [line.message, line.function_request_id, line.correlation_id, line.cold_start])).toEqual([
    ['second', '22222222-2222-4222-8222-222222222222', 'corr-22222222-2222-4222-8222-222222222222', false],
    ['third', '33333333-3333-4333-8333-333333333333', 'corr-33333333-3333-4333-8333-333333333333', false],
  ]);
});

it('drops an invocation’s keys at its end: a line logged between invocations carries none', async () => {
  logger.info('between');
  const between = lines().at(-1)!;
  expect(between.message).toBe('between');
  expect(between.correlation_id).toBeUndefined();
});
