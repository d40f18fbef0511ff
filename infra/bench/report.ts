/**
 * `npm run bench:report` — writes the benchmark's figures into docs/performance.md.
 *
 * Reads `.bench/results.json` (written by `npm run bench`) and replaces what stands between the
 * `<!-- bench:begin -->` and `<!-- bench:end -->` markers of docs/performance.md with tables
 * rendered from it; the prose around the markers is left alone. A full `npm run bench` calls it
 * at the end, so the document shows the last full run and nothing typed in by hand.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export const BEGIN_MARKER = '<!-- bench:begin -->';
export const END_MARKER = '<!-- bench:end -->';

/** The part of `.bench/results.json` the report shows (see infra/bench/bench.ts for the whole). */
export interface BenchResults {
  machine: { cpus: number; cpu: string; memoryGb: number; node: string };
  mode: string;
  prices: { region: string; asOf: string };
  functions: Array<{
    name: string;
    bundleBytes: number;
    sdkBytes: number;
    clients: string[];
    initCpuMs: number;
    floorCpuMs: number;
    bareCpuMs: number;
    initFloorRatio: number;
    initBareRatio: number;
    initOwnCpuMs?: number;
    largestNonSdk?: string[];
  }>;
  commission: {
    transitions: number;
    lambdaInvocations: number;
    apiInvocations: number;
    dynamoReadUnits: number;
    dynamoWriteUnits: number;
    emails: number;
    costUsd: number;
    emailCostUsd: number;
    invocationsByFunction: Record<string, number>;
    costBreakdownUsd: Record<string, number>;
  };
  queue: { readUnits: Record<string, number> };
  intake: {
    rps: number;
    p50Ms: number;
    p99Ms: number;
    requests: number;
    errors: number;
    connections: number;
    seconds: number;
    workflowsFailed: number;
    workflowFailureReasons?: Record<string, number>;
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const usd = (amount: number, digits = 6) => `USD ${amount.toFixed(digits)}`;
const count = (n: number) => n.toLocaleString('en-GB');

function table(header: string[], align: Array<'l' | 'r'>, rows: string[][]): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The SDK clients a bundle holds, as `dynamodb, sfn` (the bench records `client-dynamodb`…). */
const clientsOf = (clients: string[]) =>
  clients.filter((c) => c.startsWith('client-')).map((c) => c.slice('client-'.length)).join(', ') || '—';

/** The generated section: every table of docs/performance.md, from one results file. */
export function renderBenchSection(r: BenchResults, measuredOn: string): string {
  const m = r.machine;
  const functions = table(
    ['function', 'bundle', 'AWS SDK', 'rest', 'SDK clients', 'init CPU ms', 'SDK floor ms', '× floor', 'own CPU ms', '× bare node'],
    ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r'],
    r.functions.map((f) => [
      `\`${f.name}\``,
      kb(f.bundleBytes),
      kb(f.sdkBytes),
      kb(f.bundleBytes - f.sdkBytes),
      clientsOf(f.clients),
      f.initCpuMs.toFixed(0),
      f.floorCpuMs.toFixed(0),
      f.initFloorRatio.toFixed(2),
      f.initOwnCpuMs === undefined ? '—' : f.initOwnCpuMs.toFixed(1),
      f.initBareRatio.toFixed(2),
    ]),
  );
  const largest = table(
    ['function', 'largest parts besides the SDK'],
    ['l', 'l'],
    r.functions.filter((f) => f.largestNonSdk && f.largestNonSdk.length > 0).map((f) => [`\`${f.name}\``, f.largestNonSdk!.join(', ')]),
  );

  const c = r.commission;
  const byFunction = Object.entries(c.invocationsByFunction)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const breakdown = Object.entries(c.costBreakdownUsd)
    .sort(([, a], [, b]) => b - a)
    .map(([part, amount]) => `${part} ${amount.toFixed(6)}`)
    .join(', ');
  const commission = table(
    ['one commission, enquiry → COMPLETED', 'measured'],
    ['l', 'r'],
    [
      ['state transitions', count(c.transitions)],
      ['Lambda invocations by the state machine', count(c.lambdaInvocations)],
      ['Lambda invocations by the API', count(c.apiInvocations)],
      ['of which, by function', byFunction || '—'],
      ['DynamoDB request units', `${count(c.dynamoReadUnits)} RRU, ${count(c.dynamoWriteUnits)} WRU`],
      ['emails', count(c.emails)],
      ['cost, excluding email', usd(c.costUsd)],
      ['of which (USD)', breakdown || '—'],
      ['email', usd(c.emailCostUsd)],
    ],
  );

  const sizes = Object.keys(r.queue.readUnits).map(Number).sort((a, b) => a - b);
  const queue = table(
    ['commissions in the table', ...sizes.map((n) => count(n))],
    ['l', ...sizes.map(() => 'r' as const)],
    [['read units, first queue page', ...sizes.map((n) => count(r.queue.readUnits[String(n)]!))]],
  );

  const i = r.intake;
  const reasons = Object.entries(i.workflowFailureReasons ?? {})
    .map(([reason, n]) => `${n} × ${reason}`)
    .join('; ');
  const intake = table(
    ['local intake, `POST /commissions`', 'measured'],
    ['l', 'r'],
    [
      ['clients, duration', `${i.connections}, ${i.seconds} s`],
      ['requests (errors)', `${count(i.requests)} (${count(i.errors)})`],
      ['throughput', `${i.rps} req/s`],
      ['latency p50 / p99', `${i.p50Ms} ms / ${i.p99Ms} ms`],
      ['workflows of those enquiries that failed', count(i.workflowsFailed)],
      ...(reasons ? [['why they failed', reasons]] : []),
    ],
  );

  return [
    BEGIN_MARKER,
    '<!-- Generated by `npm run bench:report` from .bench/results.json: edit infra/bench/report.ts, not this section. -->',
    '',
    `Last run: ${measuredOn}, ${r.mode} mode, on ${m.cpus} × ${m.cpu} (${m.memoryGb} GB), Node ${m.node}. ` +
      `Prices: ${r.prices.region}, as of ${r.prices.asOf}.`,
    '',
    '### Bundles and cold start',
    '',
    functions,
    '',
    largest,
    '',
    '### Cost of one commission',
    '',
    commission,
    '',
    "### The designers' queue",
    '',
    queue,
    '',
    '### Local intake (report only)',
    '',
    intake,
    END_MARKER,
  ].join('\n');
}

/** `doc` with its generated section replaced by `section`; throws if the markers are missing. */
export function replaceBenchSection(doc: string, section: string): string {
  const begin = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(`docs/performance.md must hold ${BEGIN_MARKER} … ${END_MARKER}`);
  }
  return doc.slice(0, begin) + section + doc.slice(end + END_MARKER.length);
}

/** Renders `resultsFile` into the marked section of `docFile`. */
export async function writeBenchReport(resultsFile = resolve('.bench/results.json'), docFile = resolve('docs/performance.md')): Promise<void> {
  const results = JSON.parse(await readFile(resultsFile, 'utf8')) as BenchResults & { only?: string[] };
  if (results.only) throw new Error(`${resultsFile} is of a run of ${results.only.join(', ')} alone (--only): not a report`);
  // The results file's own date: when the bench wrote it, not when the report ran.
  const measuredOn = (await stat(resultsFile)).mtime.toISOString().slice(0, 10);
  const doc = await readFile(docFile, 'utf8');
  await writeFile(docFile, replaceBenchSection(doc, renderBenchSection(results, measuredOn)));
  console.error(`[report] ${docFile} updated from ${resultsFile}`);
}

if (import.meta.main) await writeBenchReport();
