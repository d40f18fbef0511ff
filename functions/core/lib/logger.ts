/**
 * Structured JSON logs (Powertools). Log ids, stages and outcomes only: never a task token,
 * never a customer's name or address (reliability rules 4 and 7).
 */
import { Logger } from '@aws-lambda-powertools/logger';

let instance: Logger | undefined;

/**
 * The Logger is built on first use, not at import: building it sets up its console on
 * stdout/stderr, which a function that logs nothing on its way (health) need not pay for at
 * cold start. Every Logger method and property is there as before (and `instanceof Logger`
 * holds, and a test may still spy on a method).
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
