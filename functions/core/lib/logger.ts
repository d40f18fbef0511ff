/**
 * Structured JSON logs (Powertools). Log ids, stages and outcomes only: never a task token,
 * never a customer's name or address (reliability rules 4 and 7).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';

let instance: Logger | undefined;
/** This invocation's Lambda context and correlation keys, given to the Logger if it is built during it. */
let pending: { context: Context; keys: Correlation } | undefined;
let invocations = 0;

function build(): Logger {
  const built = new Logger({ serviceName: 'bespoke-commissions' });
  // Built after the first invocation: that one was the cold start, not this. Powertools counts a
  // Logger's first context as the cold start, so that first answer is spent here (protected in its types).
  if (invocations > 1) (built as unknown as { getColdStart(): boolean }).getColdStart();
  if (pending) {
    built.addContext(pending.context);
    built.appendKeys(pending.keys);
  }
  return built;
}

/**
 * The Logger is built on first use, not at import nor at the start of each invocation: building
 * it sets up its console on stdout/stderr, several milliseconds of a cold start, and an invocation
 * that logs nothing (a health check, a page) never needs it. If it is built during an invocation,
 * it gets that invocation's context and keys then (logContext below). Every Logger method and
 * property is there as before (and `instanceof Logger` holds, and a test may still spy on a method).
 */
export const logger: Logger = new Proxy(Object.create(Logger.prototype) as Logger, {
  get(target, property) {
    // Anything set on the logger itself (a test's spy) comes first.
    if (Object.hasOwn(target, property)) return Reflect.get(target, property) as unknown;
    instance ??= build();
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
 * The middleware a wrapped handler runs first: what Powertools' injectLambdaContext does (the
 * Lambda context on every line: function_request_id, cold_start, function name, memory; the X-Ray
 * trace id comes from the runtime's environment; `resetKeys` at the end, so no id leaks into the
 * next invocation's lines), plus this invocation's correlation keys, but without building the
 * Logger when nothing is logged. Never the event: it holds customers' details and task tokens.
 * Registered first, its onError runs last: the lines the other middlewares' onError write still
 * carry the context. (Keys left undefined are not written.)
 */
export function logContext<TEvent, TResult>(correlate: (event: TEvent, context: Context) => Correlation): middy.MiddlewareObj<TEvent, TResult> {
  const end = () => {
    pending = undefined;
    if (instance) {
      instance.clearBuffer();
      instance.resetKeys();
    }
  };
  return {
    before: (request) => {
      invocations += 1;
      pending = { context: request.context, keys: correlate(request.event, request.context) };
      if (instance) {
        instance.refreshSampleRateCalculation();
        instance.addContext(pending.context);
        instance.appendKeys(pending.keys);
      }
    },
    after: end,
    onError: end,
  };
}

/**
 * For a function no request or commission starts (a schedule, a deploy's custom resource): its
 * lines are correlated by the invocation's own request id, which the Lambda's REPORT line and
 * EventBridge's or CloudFormation's record of the invocation share.
 */
export const correlateInvocation = (_event: unknown, context: Context): Correlation => ({ correlation_id: context.awsRequestId });
