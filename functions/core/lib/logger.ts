/**
 * Structured JSON logs (Powertools). Log ids, stages and outcomes only: never a task token,
 * never a customer's name or address (reliability rules 4 and 7).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';

let instance: Logger | undefined;

/**
 * The Logger is built on first use, not at import: building it sets up its console on
 * stdout/stderr. Every wrapped function now builds it on its first invocation (the context
 * injection below needs it), so the saving is only for code that imports the logger outside the
 * wrappers. Every Logger method and property is there as before (and `instanceof Logger` holds,
 * and a test may still spy on a method).
 */
export const logger: Logger = new Proxy(Object.create(Logger.prototype) as Logger, {
  get(target, property) {
    // Anything set on the logger itself (a test's spy) comes first.
    if (Object.hasOwn(target, property)) return Reflect.get(target, property) as unknown;
    instance ??= new Logger({ serviceName: 'bespoke-commissions' });
    const value: unknown = Reflect.get(instance, property, instance);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(instance) : value;
  },
});

/**
 * What ties an invocation's lines to the rest of the story, opaque ids only: `correlation_id`
 * (Powertools' name for it) and `commissionId` (the name the handlers' own lines already use).
 */
export type Correlation = { correlation_id?: string | undefined; commissionId?: string | undefined };

/**
 * `value` if it has the shape of a commission id (a UUID), else undefined: a path segment is
 * whatever the caller typed (an e-mail address, say), and only an opaque id may reach the logs.
 * A shape check, not the domain's schema, which would weigh on every API function's bundle.
 */
export function commissionIdOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i.test(value) ? value : undefined;
}

/**
 * The middlewares a wrapped handler runs first. Powertools' injectLambdaContext puts the Lambda
 * context on every line (function_request_id, cold_start, function name, memory; the X-Ray trace
 * id comes from the runtime's environment) and never the event (it holds customers' details and
 * task tokens, so `logEvent` is off whatever POWERTOOLS_LOGGER_LOG_EVENT says); `resetKeys`
 * drops this invocation's keys at its end, so no id leaks into the next invocation's lines.
 * Registered first, its onError runs last: the lines the other middlewares' onError write still
 * carry the context. (Keys left undefined are not written.)
 */
export function logContext<TEvent, TResult>(correlate: (event: TEvent, context: Context) => Correlation): middy.MiddlewareObj<TEvent, TResult>[] {
  return [
    injectLambdaContext(logger, { resetKeys: true, logEvent: false }),
    { before: (request) => logger.appendKeys(correlate(request.event, request.context)) },
  ];
}

/**
 * For a function no request or commission starts (a schedule, a deploy's custom resource): its
 * lines are correlated by the invocation's own request id, which the Lambda's REPORT line and
 * EventBridge's or CloudFormation's record of the invocation share.
 */
export const correlateInvocation = (_event: unknown, context: Context): Correlation => ({ correlation_id: context.awsRequestId });
