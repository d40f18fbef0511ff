/**
 * `npm run bench` — performance and cost, measured (never asserted by timed tests):
 *  1. bundle size of every function, built as CDK builds it, split into the AWS SDK and the rest;
 *  2. init cost of each bundle in a fresh process, against its SDK floor and a bare node start;
 *  3. cost of one happy-path commission on the local stack, priced with ./prices.ts;
 *  4. read units of the designers' first queue page as the table grows;
 *  5. local intake throughput (report only);
 *  6. API latency under load, p50/p99 per public route on the local stack (report only).
 * Prints a table, writes `.bench/results.json`, and exits non-zero if a target is missed.
 * `--quick` (CI): fewer init runs, smaller queue tables, a shorter intake run.
 * `--only=health,web-pages`: bundles and cold starts of those functions alone (the other stages
 * run as usual); such a run never writes docs/performance.md.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { CAPACITY_ACCOUNTING_ENV } from '#adapters/capacity';
import { CommissionStore } from '#adapters/commission-store';
import { documentClient } from '#adapters/dynamo';
import { invokeFunction, loadHandler } from '../local/lambda-context.ts';
import { startLocalStack } from '../local/start.ts';
import { buildFunctions } from './bundles.ts';
import { measureCommission, type Invocation } from './commission.ts';
import { measureInit } from './init.ts';
import { measureIntake } from './intake.ts';
import { measureLatency } from './latency.ts';
import { loadStatusLinks } from '#adapters/status-links';
import { prices } from './prices.ts';
import { measureQueue } from './queue.ts';
import { benchScenarios, sampleEnquiry } from './scenarios.ts';
import { writeBenchReport } from './report.ts';
import { checkTargets, type Results } from './targets.ts';
import { functionCatalogue } from '../../functions/catalogue.ts';

const quick = process.argv.includes('--quick');
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const unknown = only?.filter((name) => !functionCatalogue.some((spec) => spec.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`--only: no function named ${unknown.join(', ')}`);
const measured = only ? functionCatalogue.filter((spec) => only.includes(spec.name)) : functionCatalogue;
const settings = quick
  ? { initRuns: 5, queueSizes: [100, 1000, 3000], intakeSeconds: 3, connections: 50, latency: { connections: 10, maxRequests: 300, seconds: 2 } }
  : { initRuns: 9, queueSizes: [100, 1000, 10_000], intakeSeconds: 10, connections: 50, latency: { connections: 10, maxRequests: 3000, seconds: 5 } };

export { targets } from './targets.ts';

const outDir = resolve('.bench');
const log = (line: string) => console.error(line);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  await rm(join(outDir, 'build'), { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const stateDir = await mkdtemp(join(tmpdir(), 'bench-'));

  log('[bundles] building every function as CDK does');
  const bundles = (await buildFunctions(join(outDir, 'build'))).filter((b) => measured.some((spec) => spec.name === b.name));

  // Every DynamoDB client the handlers build from here on reports its consumed capacity.
  process.env[CAPACITY_ACCOUNTING_ENV] = '1';
  // The in-process stack's own handler logs would bury the table (the init runs keep INFO, as deployed).
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  // The intake and latency runs send thousands of enquiries from one address: no quota may refuse them.
  process.env.ENQUIRY_LIMIT_PER_IP = '100000000';
  process.env.ENQUIRY_LIMIT_PER_EMAIL = '100000000';
  const invocations: Invocation[] = [];
  let inFlight = 0;
  const invoke = async (name: string, event: unknown) => {
    const started = performance.now();
    inFlight += 1;
    try {
      return await invokeFunction(name, event);
    } finally {
      inFlight -= 1;
      invocations.push({ name, durationMs: performance.now() - started });
    }
  };
  /** Waits until no handler has run for a while (every execution waits for a designer), so closing drops nothing mid-write. */
  const settle = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (let quiet = 0; quiet < 5 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      quiet = inFlight === 0 ? quiet + 1 : 0;
    }
  };
  const stack = await startLocalStack({ port: 0, sesPort: 0, sfnPort: 0, stateDir, persistent: false, schedules: false, log: () => {}, invoke });
  try {
    // Loaded before anything is timed: the commission's durations are warm invocations.
    await Promise.all(functionCatalogue.map((spec) => loadHandler(spec.name)));

    log('[commission] one happy-path commission over HTTP');
    const commission = await measureCommission(stack, stateDir, invocations);

    log(`[init] ${settings.initRuns} cold starts per function, its SDK floor and bare node`);
    const commissions = new CommissionStore(documentClient(), process.env.TABLE_NAME!);
    const init = await measureInit({
      bundles,
      scenarios: benchScenarios({
        commissions,
        stepFunctions: stack.stepFunctions,
        invoke,
        completedCertificate: async () => {
          const completed = await commissions.get(commission.commissionId);
          if (!completed?.certificateId) throw new Error('the happy-path commission has no certificate');
          return completed.certificateId;
        },
      }),
      runs: settings.initRuns,
      functions: measured,
      workDir: join(outDir, 'init'),
      endpoints: { dynamodb: stack.dynamoUrl, ses: stack.sesUrl, sfn: stack.sfnUrl, secrets: process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER!, s3: stack.s3Url },
      log,
    });

    log(`[queue] first page with ${settings.queueSizes.join(', ')} commissions`);
    const queue = await measureQueue(stack.dynamoUrl, settings.queueSizes, log);

    const l = settings.latency;
    log(`[latency] every public route: ${l.connections} connections, at most ${l.maxRequests} requests or ${l.seconds} s each`);
    const certificateId = (await commissions.get(commission.commissionId))?.certificateId;
    if (!certificateId) throw new Error('the happy-path commission has no certificate');
    const links = await loadStatusLinks();
    const statusLink = new URL(links.linkFor(commission.commissionId));
    // The happy path's commission, confirmed long since: its page says so, and a press answers 303 again.
    const confirmLink = new URL(links.confirmLinkFor(commission.commissionId, Math.floor(Date.now() / 1000) + 7 * 86_400));
    const latency = await measureLatency({
      apiUrl: stack.apiUrl,
      // The customer's routes on a completed commission: the page answers, an answer to the design
      // (long since approved) or a new image is refused (409), an unknown file is not found (404).
      pathParameters: { certificateId, id: commission.commissionId, file: 'studio.css', attachmentId: randomUUID() },
      queries: {
        'GET /status/{id}': statusLink.searchParams.toString(),
        'POST /status/{id}/design': statusLink.searchParams.toString(),
        'POST /status/{id}/attachments': statusLink.searchParams.toString(),
        'GET /status/{id}/attachments/{attachmentId}': statusLink.searchParams.toString(),
        'GET /confirm/{id}': confirmLink.searchParams.toString(),
        'POST /confirm/{id}': confirmLink.searchParams.toString(),
      },
      // The confirmation needs no body; the load generator sends one for every POST.
      bodies: {
        'POST /commissions': sampleEnquiry(),
        'POST /confirm/{id}': {},
        'POST /status/{id}/design': { decision: 'approve', revision: 1 },
        'POST /status/{id}/attachments': { fileName: 'ring.jpg', contentType: 'image/jpeg', bytes: 2048 },
      },
      ...l,
    });
    // Its enquiries' workflows are done with before the intake run loads the stack again.
    await settle();

    log(`[intake] POST /commissions, ${settings.connections} clients, ${settings.intakeSeconds} s`);
    const intake = await measureIntake(stack.apiUrl, settings.connections, settings.intakeSeconds);

    await settle();
    // Report only: workflows of the intake's enquiries that failed while the stack was saturated.
    const failed = stack.stepFunctions.executionRecords().filter((r) => r.status === 'FAILED');
    const workflowsFailed = failed.length;
    // Why, as each commission's history records it (the reason RecordFailure wrote).
    const workflowFailureReasons: Record<string, number> = {};
    for (const execution of failed) {
      const record = await commissions.get(execution.name);
      const reason = record?.history.findLast((h) => h.event.startsWith('workflow-'))?.note ?? `no record (${execution.error ?? 'unknown'})`;
      workflowFailureReasons[reason] = (workflowFailureReasons[reason] ?? 0) + 1;
    }
    if (workflowsFailed > 0) log(`[intake] workflows failed: ${JSON.stringify(workflowFailureReasons)}`);

    const results = {
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      mode: quick ? 'quick' : 'full',
      ...(only && { only }),
      prices: { region: prices.region, asOf: prices.asOf },
      functions: bundles.map((b) => {
        const i = init.find((r) => r.name === b.name)!;
        return {
          name: b.name,
          bundleBytes: b.bundleBytes,
          sdkBytes: b.sdkBytes,
          initFloorRatio: round(i.initFloorRatio, 2),
          initBareRatio: round(i.initBareRatio, 2),
          initBareDeltaCpuMs: round(i.cpuMs - i.bareCpuMs, 1),
          initOwnCpuMs: round(i.ownCpuMs, 1),
          floorHasSdk: i.floorHasSdk,
          initRuns: i.runs,
          initPairs: i.pairs,
          initSamples: i.samples,
          floorSamples: i.floorSamples,
          initFailures: i.failures,
          clients: b.clients,
          initCpuMs: round(i.cpuMs, 1),
          floorCpuMs: round(i.floorCpuMs, 1),
          bareCpuMs: round(i.bareCpuMs, 1),
          initWallMs: round(i.wallMs, 1),
          floorWallMs: round(i.floorWallMs, 1),
          bareWallMs: round(i.bareWallMs, 1),
          wallFloorRatio: round(i.wallFloorRatio, 2),
          wallBareRatio: round(i.wallBareRatio, 2),
          importMs: round(i.importMs, 1),
          floorImportMs: round(i.floorImportMs, 1),
          spanCpuMs: round(i.spanCpuMs, 1),
          floorSpanCpuMs: round(i.floorSpanCpuMs, 1),
          invokeMs: round(i.invokeMs, 1),
          calls: i.calls,
          largestNonSdk: b.byPackage.filter((p) => !p.sdk).slice(0, 4).map((p) => `${p.name} ${kb(p.bytes)}`),
        };
      }),
      commission: {
        transitions: commission.transitions,
        lambdaInvocations: commission.lambdaInvocations,
        apiInvocations: commission.apiInvocations,
        dynamoReadUnits: commission.dynamoReadUnits,
        dynamoWriteUnits: commission.dynamoWriteUnits,
        emails: commission.emails,
        costUsd: round(commission.costUsd, 8),
        emailCostUsd: round(commission.emailCostUsd, 8),
        invocationsByFunction: commission.invocationsByFunction,
        lambdaGbSeconds: round(commission.lambdaGbSeconds, 4),
        dynamoConditionFailures: commission.dynamoConditionFailures,
        dynamoCalls: commission.dynamoCalls,
        costBreakdownUsd: Object.fromEntries(Object.entries(commission.costBreakdownUsd).map(([k, v]) => [k, round(v, 8)])),
      },
      queue: { readUnits: queue },
      latency,
      intake: { rps: round(intake.rps, 1), p99Ms: round(intake.p99Ms, 1), p50Ms: round(intake.p50Ms, 1), requests: intake.requests, errors: intake.errors, connections: intake.connections, seconds: intake.seconds, workflowsFailed, workflowFailureReasons },
    };
    await writeFile(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    // A full run's figures are the ones docs/performance.md shows (--quick runs leave it alone).
    if (!quick && !only) await writeBenchReport(join(outDir, 'results.json'));

    const { counts, timings } = checkTargets(results);
    const misses = quick ? counts : [...counts, ...timings];
    console.log(renderTable(results));
    console.log(misses.length === 0 ? '\nAll targets met.' : `\nTargets missed:\n${misses.map((m) => `  - ${m}`).join('\n')}`);
    if (quick && timings.length > 0) {
      console.log(`Init ratios over target in this quick run (timings: not a gate in --quick; the full bench decides):\n${timings.map((m) => `  - ${m}`).join('\n')}`);
    }
    console.log(`(results in ${join('.bench', 'results.json')})`);
    process.exitCode = misses.length === 0 ? 0 : 1;
  } finally {
    await stack.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

function renderTable(r: Results): string {
  const rows = [
    ['function', 'bundle', 'AWS SDK', 'rest', 'clients', 'init CPU ms', 'SDK floor', 'bare node', '× floor', '× bare', 'own ms', 'judged by'],
    ...r.functions.map((f) => [
      f.name,
      kb(f.bundleBytes),
      kb(f.sdkBytes),
      kb(f.bundleBytes - f.sdkBytes),
      f.clients.filter((c) => c.startsWith('client-')).map((c) => c.slice('client-'.length)).join('+') || '—',
      f.initCpuMs.toFixed(0),
      f.floorCpuMs.toFixed(0),
      f.bareCpuMs.toFixed(0),
      f.initFloorRatio.toFixed(2),
      f.initBareRatio.toFixed(2),
      f.initOwnCpuMs.toFixed(1),
      f.floorHasSdk ? '× floor' : 'own ms',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 || i === 4 || i === 11 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const c = r.commission;
  const q = Object.entries(r.queue.readUnits).map(([n, u]) => `${n}: ${u} RRU`).join(', ');
  return [
    '',
    line(rows[0]!),
    ...rows.slice(1).map(line),
    '',
    `commission (happy path): ${c.transitions} transitions, ${c.lambdaInvocations} Lambda invocations by the state machine + ${c.apiInvocations} by the API,`,
    `  DynamoDB ${c.dynamoReadUnits} RRU / ${c.dynamoWriteUnits} WRU, ${c.emails} emails → USD ${c.costUsd.toFixed(6)} per commission + USD ${c.emailCostUsd.toFixed(6)} email (${prices.region}, prices of ${prices.asOf})`,
    `queue first page: ${q}`,
    `intake (local): ${r.intake.rps} req/s, p99 ${r.intake.p99Ms} ms (${r.intake.requests} requests, ${r.intake.errors} errors; ${r.intake.workflowsFailed} of their workflows failed under the load)`,
    'API latency under load (local, autocannon; reported, not a target):',
    // A route that answered errors measured its error path: said next to its figures.
    ...r.latency.map((x) =>
      x.requests === 0
        ? `  ${x.route.padEnd(32)} not measured: no response within the bound (${x.errors} errors)`
        : `  ${x.route.padEnd(32)} p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms (${x.requests} requests${x.non2xx || x.errors ? `; ${x.non2xx} non-2xx, ${x.errors} errors` : ''})`,
    ),
  ].join('\n');
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

await main();
