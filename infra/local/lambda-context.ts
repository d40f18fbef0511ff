/**
 * Runs handler modules the way the Lambda runtime does, in this process: `functions/<name>.ts`,
 * export `handler(event, context)`, imported once (a "cold start") and then reused.
 *
 * Handlers build their SDK clients at module scope from process.env, so the local runner sets the
 * environment before the first `invokeFunction` call; nothing here imports a handler eagerly.
 */
import { randomUUID } from 'node:crypto';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';
import { functionCatalogue, type FunctionName, type FunctionSpec } from '../../functions/catalogue.ts';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS } from '../constructs/function-defaults.ts';
import { installGrantGuard, runAs } from './grant-guard.ts';

/**
 * What the runtime sets for an on-demand function: Powertools reports cold_start only under it.
 * Locally one process hosts every function, so only the first invocation of the process is cold.
 */
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';
/**
 * This process runs invocations concurrently (a request while a workflow task runs), as Lambda's
 * multi-concurrency runtime does: each invocation runs in its own context of the runtime's
 * InvokeStore, where Powertools then keeps that invocation's log keys (request id, correlation
 * id), so two invocations in flight never write each other's ids.
 */
const invokeStore = await InvokeStore.getInstanceAsync(true);
if (invokeStore.run({}, () => !invokeStore.hasContext()) || invokeStore.hasContext()) {
  // Someone asked for the store before this module loaded, and got the single-invocation one.
  throw new Error('infra/local/lambda-context.ts must load before the first AWS SDK call of the process');
}
process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '1000';

/** Each function's DynamoDB calls are held to its catalogue grant, as IAM holds them on AWS. */
installGrantGuard();

/** What every handler module exports. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const LOCAL_ACCOUNT = '000000000000';

const catalogueByName = new Map<string, FunctionSpec>(functionCatalogue.map((spec) => [spec.name, spec]));
const modules = new Map<string, Promise<LambdaHandler>>();

function isCatalogueFunction(name: string): name is FunctionName {
  return catalogueByName.has(name);
}

/**
 * Imports `functions/<name>.ts` once and returns its `handler`. Only catalogue names are accepted,
 * so a FunctionName coming from a workflow definition cannot reach an arbitrary file.
 */
export function loadHandler(name: string): Promise<LambdaHandler> {
  if (!isCatalogueFunction(name)) return Promise.reject(new Error(`Unknown function "${name}": not in functions/catalogue.ts`));
  let loaded = modules.get(name);
  if (!loaded) {
    loaded = import(new URL(`../../functions/${name}.ts`, import.meta.url).href).then((module: { handler?: unknown }) => {
      if (typeof module.handler !== 'function') throw new Error(`functions/${name}.ts does not export a handler function`);
      return module.handler as LambdaHandler;
    });
    // A failed import is not cached: the next call tries again (the file may be being written).
    loaded.catch(() => modules.delete(name));
    modules.set(name, loaded);
  }
  return loaded;
}

/** A Lambda Context as the Node.js runtime builds it, for one invocation of a catalogue function. */
function createLambdaContext(name: string, options: { region?: string; requestId?: string } = {}): Context {
  const spec = catalogueByName.get(name);
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  const timeoutMs = (spec?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const deadline = Date.now() + timeoutMs;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = () => {
    throw new Error('The callback-style context methods are not available in the Node.js 24 runtime');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${name}`,
    memoryLimitInMB: String(spec?.memoryMb ?? DEFAULT_MEMORY_MB),
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Invokes a catalogue function with `event`, as a synchronous Lambda invocation would: the
 * handler's resolved value, or its thrown error unchanged (callers map it to their integration's
 * error shape).
 */
export async function invokeFunction(name: string, event: unknown): Promise<unknown> {
  const handler = await loadHandler(name);
  const context = createLambdaContext(name);
  return runAs(name, () =>
    invokeStore.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, () => handler(event, context)),
  );
}
