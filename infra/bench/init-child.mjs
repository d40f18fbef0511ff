// One cold start: a fresh Node process imports a bundle and serves one invocation, as the Lambda
// runtime would. Plain JavaScript, so nothing but the bundle is loaded. Logs go to stdout (as on
// Lambda); the timing goes to fd 3 for the bench.
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile, functionName] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
// CPU from here to the report is the bundle's own: importing it and serving one invocation.
// Everything before (Node's bootstrap, this harness, reading the event) is the same for a function
// and its floor, and is left out of `spanCpuMs` so its noise does not land on the difference.
const cpuBefore = process.cpuUsage();
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
  // Not crypto.randomUUID(): that would load Node's crypto inside the measured span, on the
  // function's side and its floor's alike, hiding what a function's own use of crypto costs.
  awsRequestId: `bench-${process.pid}-${Date.now()}`,
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => deadline - Date.now(),
};
let outcome = 'ok';
let status;
let result;
try {
  result = await handler(event, context);
  status = result?.statusCode;
} catch (error) {
  outcome = `error: ${error?.name ?? error}`;
}
const done = performance.now();
const cpu = process.cpuUsage();
const span = process.cpuUsage(cpuBefore);
// After the readings, so the search is on neither side: the presigns the answer carries, which the
// floor repeats (they are SDK work without a network call, so no proxy sees them).
const presigns = [];
(function find(value) {
  if (typeof value === 'string') {
    if (/^\s*[[{]/.test(value)) {
      try {
        return find(JSON.parse(value));
      } catch {
        return;
      }
    }
    if (/^https?:\/\/\S*[?&]X-Amz-Signature=/.test(value)) presigns.push({ kind: 'GET', url: value });
  } else if (value && typeof value === 'object') {
    const fields = value.fields;
    if (typeof value.url === 'string' && fields && typeof fields.Policy === 'string' && typeof fields['X-Amz-Signature'] === 'string') {
      presigns.push({ kind: 'POST', url: value.url, fields });
      return;
    }
    for (const member of Object.values(value)) find(member);
  }
})(result);
writeSync(
  3,
  JSON.stringify({
    importMs: imported - started,
    invokeMs: done - imported,
    cpuMs: (cpu.user + cpu.system) / 1000,
    spanCpuMs: (span.user + span.system) / 1000,
    outcome,
    status,
    presigns,
  }) + '\n',
);
process.exit(0);
