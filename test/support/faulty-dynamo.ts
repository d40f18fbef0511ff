/**
 * A fault injector in front of dynalite: DynamoDB failing for a while (500s), which dynalite
 * itself never does. Everything it lets through reaches dynalite unchanged.
 */
import { startFaultProxy } from './fault-proxy.ts';

export async function startFaultyDynamo(target: string) {
  const plan: { operation: string; remaining: number }[] = [];
  let injected = 0;
  const proxy = await startFaultProxy(target, (request, _body, response) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const rule = plan.find((r) => r.remaining > 0 && r.operation === operation);
    if (!rule) return false;
    rule.remaining -= 1;
    injected += 1;
    response
      .writeHead(500, { 'content-type': 'application/x-amz-json-1.0' })
      .end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error (injected)' }));
    return true;
  });
  return {
    ...proxy,
    /** The next `times` calls of `operation` (e.g. GetItem) fail with a 500. */
    fail(operation: string, times: number) {
      plan.push({ operation, remaining: times });
    },
    get injected() {
      return injected;
    },
  };
}
