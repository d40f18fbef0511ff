// One cold start: a fresh Node process imports a bundle and serves one invocation, as the Lambda
// runtime would. Plain JavaScript, so nothing but the bundle is loaded. Logs go to stdout (as on
// Lambda); the timing goes to fd 3 for the bench.
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, functionName] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const deadline = Date.now() + 10_000;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: crypto.randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
let outcome = 'ok';
let status;
try {
  const result = await handler(event, context);
  status = result?.statusCode;
} catch (error) {
  outcome = `error: ${error?.name ?? error}`;
}
const done = performance.now();
const cpu = process.cpuUsage();
writeSync(
  3,
  JSON.stringify({ importMs: imported - started, invokeMs: done - imported, cpuMs: (cpu.user + cpu.system) / 1000, outcome, status }) + '\n',
);
process.exit(0);
