/**
 * Init cost: a fresh Node process imports a function's bundle and serves one invocation against
 * the local services — timed from spawn to exit, median of several runs — compared with
 *  - its SDK floor: a bundle (built the same way) holding only the same SDK clients, making the
 *    very calls the function made (recorded by a proxy in front of each service, S3 included:
 *    the floor's S3 client is path-style, as the functions build theirs against a local
 *    endpoint), then the same presigns: a presigned POST or GET is SDK work (credentials,
 *    signing, endpoint rules) with no request for a proxy to see, so the child finds each one in
 *    the function's answer and the floor makes one of the same kind, with the same input read
 *    back from it and the package the function's bundle holds (its metafile), and
 *  - a bare `node -e ''`.
 * The runs interleave function, floor and bare, so a noisy neighbour slows all three alike.
 *
 * The figures are of CPU time (user + system): on a shared two-core machine wall time mostly
 * measures the neighbours, and on Lambda — where a 256 MB function gets a fraction of a vCPU —
 * init duration follows CPU time. Wall-clock medians are reported alongside.
 *
 * Each run yields a *pair*: the function and its floor, started one after the other (which goes
 * first alternates), so a burst of load lands on both. The judged figures are medians over the
 * pairs of a per-pair comparison, not comparisons of separate medians:
 *  - `initFloorRatio`: whole-process CPU of the function over its floor's (SDK functions);
 *  - `ownCpuMs`: CPU of importing the bundle and serving the invocation, the function's minus its
 *    floor's. For a function without SDK clients the floor is an empty handler built the same way
 *    and run by the same child, so this is what the function's own code costs over bare node,
 *    with Node's bootstrap and the harness (ESM loader, `--enable-source-maps`, reading the event)
 *    counted on neither side. The `node -e ''` process has none of the harness, so a difference
 *    against it charges the function ~25–40 ms (more on a loaded machine) that is not its own.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environmentNamesFor, functionCatalogue, type FunctionSpec } from '../../functions/catalogue.ts';
import { DEFAULT_MEMORY_MB } from '../constructs/function-defaults.ts';
import { localCredentials } from '../local/services.ts';
import { buildEntry, type BundleReport } from './bundles.ts';
import { startRecordingProxy, type RecordedCall } from './recording-proxy.ts';

const CHILD = fileURLToPath(new URL('./init-child.mjs', import.meta.url));
/** As the stack sets it (functionRuntimeEnvironment): source maps are loaded at init. */
const NODE_FLAGS = ['--enable-source-maps'];

export interface InitReport {
  name: string;
  runs: number;
  /** Comparable pairs (function and floor both measured, same calls) behind the paired figures. */
  pairs: number;
  /** Median over the pairs of the function's CPU ms of import + invocation minus its floor's. */
  ownCpuMs: number;
  /** Median CPU ms of import + invocation: the function, its floor. */
  spanCpuMs: number;
  floorSpanCpuMs: number;
  /** Median CPU ms of the whole process: the function, its SDK floor, a bare `node -e ''`. */
  cpuMs: number;
  floorCpuMs: number;
  bareCpuMs: number;
  /** Median over the pairs of the function's whole-process CPU over its floor's. */
  initFloorRatio: number;
  initBareRatio: number;
  /** Median wall ms from spawn to exit, and the same ratios on wall time. */
  wallMs: number;
  floorWallMs: number;
  bareWallMs: number;
  wallFloorRatio: number;
  wallBareRatio: number;
  /** Inside the process: importing the bundle, and the invocation. */
  importMs: number;
  invokeMs: number;
  floorImportMs: number;
  calls: string[];
  outcome: string;
  /** Samples that made it into the medians (a sample is dropped when its calls differ from the floor's). */
  samples: number;
  floorSamples: number;
  /** Whether the floor holds any AWS SDK client: without one, the function is judged against bare node. */
  floorHasSdk: boolean;
  /** Every invocation that did not end well (function error, HTTP ≥ 400, no report): each is a miss. */
  failures: string[];
}

export interface InitScenarioSource {
  /** A fresh event for one invocation of `name` (each cold start gets its own). */
  event(name: string): Promise<unknown>;
}

interface ChildResult {
  wallMs: number;
  cpuMs?: number;
  /** CPU of the import and the invocation alone (see init-child.mjs). */
  spanCpuMs?: number;
  importMs?: number;
  invokeMs?: number;
  outcome?: string;
  status?: number;
  /** The presigned POSTs and GETs the function's answer carried. */
  presigns?: Presign[];
  stderr: string;
}

/**
 * The variables that give a process its clock when the run is under libfaketime (`npm run
 * test:future`): a child with a bare environment would sign its requests five years before the
 * services it calls, and they would refuse them as skewed.
 */
export function inheritedClock(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => /^(LD_PRELOAD$|FAKETIME)/.test(entry[0]) && entry[1] !== undefined));
}

function runProcess(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let report = '';
    let stderr = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', () => {
      const wallMs = performance.now() - started;
      const parsed = report ? (JSON.parse(report) as Omit<ChildResult, 'wallMs' | 'stderr'>) : {};
      resolvePromise({ wallMs, ...parsed, stderr });
    });
  });
}

/** NaN for no samples or any sample without a number, so a lost measurement cannot read as fast. */
const median = (values: number[]) => {
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A presign the function's answer carried (found by init-child.mjs): SDK work no proxy sees. */
export type Presign = { kind: 'GET'; url: string } | { kind: 'POST'; url: string; fields: Record<string, string> };

/** The package each kind of presign comes from: the floor imports the one the function's bundle holds. */
const PRESIGN_PACKAGE = { GET: '@aws-sdk/s3-request-presigner', POST: '@aws-sdk/s3-presigned-post' } as const;

/** How a run's calls read when paired with its floor's: the service calls in order, then the presigns. */
export const callNames = (calls: RecordedCall[], presigns: Presign[] = []) => [
  ...calls.map((c) => `${c.service}:${c.operation}`),
  ...presigns.map((p) => `s3:presign ${p.kind}`),
];

/** The fields createPresignedPost adds itself; what is left is the caller's `Fields`. */
const GENERATED_POST_FIELDS = new Set(['bucket', 'key', 'Policy', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Amz-Signature']);

/** The presign's input, read back from what it produced (path-style, as the functions presign locally). */
function presignCall(presign: Presign): string {
  if (presign.kind === 'POST') {
    const { fields } = presign;
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    const date = fields['X-Amz-Date']!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z');
    const input = {
      Bucket: fields.bucket,
      Key: fields.key,
      Fields: Object.fromEntries(Object.entries(fields).filter(([name]) => !GENERATED_POST_FIELDS.has(name))),
      // The caller's conditions are the arrays; the single-member objects are the fields, added by the SDK.
      Conditions: policy.conditions.filter((condition) => Array.isArray(condition)),
      Expires: Math.round((Date.parse(policy.expiration) - Date.parse(date)) / 1000),
    };
    return `  async () => { await createPresignedPost(clients.s3, ${JSON.stringify(input)}); },`;
  }
  const url = new URL(presign.url);
  const [bucket = '', ...key] = url.pathname.slice(1).split('/');
  const input: Record<string, string> = { Bucket: decodeURIComponent(bucket), Key: key.map((part) => decodeURIComponent(part)).join('/') };
  const type = url.searchParams.get('response-content-type');
  const disposition = url.searchParams.get('response-content-disposition');
  if (type) input.ResponseContentType = type;
  if (disposition) input.ResponseContentDisposition = disposition;
  const expiresIn = Number(url.searchParams.get('X-Amz-Expires') ?? 900);
  return `  async () => { await getSignedUrl(clients.s3, new GetObjectCommand(${JSON.stringify(input)}), { expiresIn: ${expiresIn} }); },`;
}

/**
 * The floor's entry: the function's SDK clients, built as core builds them, replaying its calls
 * and then its presigns. `packages` are those the function's bundle holds (its metafile): a
 * presign is repeated with the package the function has, and one it could not have made is an error.
 */
export function floorSource(clients: string[], calls: RecordedCall[], presigns: Presign[] = [], packages: string[] = []): string {
  const lines: string[] = [];
  const has = (c: string) => clients.includes(c);
  const commands = (service: RecordedCall['service']) => [...new Set(calls.filter((c) => c.service === service).map((c) => `${c.operation}Command`))];
  for (const presign of presigns) {
    if (!packages.includes(PRESIGN_PACKAGE[presign.kind])) throw new Error(`a presigned ${presign.kind} without ${PRESIGN_PACKAGE[presign.kind]} in the bundle`);
  }
  if ((calls.some((c) => c.service === 's3') || presigns.length > 0) && !has('client-s3')) throw new Error('S3 calls without client-s3 in the bundle');
  const s3Commands = [...new Set([...commands('s3'), ...(presigns.some((p) => p.kind === 'GET') ? ['GetObjectCommand'] : [])])];
  if (has('client-dynamodb')) lines.push(`import { DynamoDBClient, ${commands('dynamodb').join(', ')} } from '@aws-sdk/client-dynamodb';`);
  if (has('lib-dynamodb')) lines.push(`import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';`);
  if (has('client-ses')) lines.push(`import { SESClient, ${commands('ses').join(', ')} } from '@aws-sdk/client-ses';`);
  if (has('client-sfn')) lines.push(`import { SFNClient, ${commands('sfn').join(', ')} } from '@aws-sdk/client-sfn';`);
  if (has('client-secrets-manager')) lines.push(`import { SecretsManagerClient, ${commands('secrets').join(', ')} } from '@aws-sdk/client-secrets-manager';`);
  if (has('client-s3')) lines.push(`import { S3Client, ${s3Commands.join(', ')} } from '@aws-sdk/client-s3';`);
  if (presigns.some((p) => p.kind === 'POST')) lines.push(`import { createPresignedPost } from '${PRESIGN_PACKAGE.POST}';`);
  if (presigns.some((p) => p.kind === 'GET')) lines.push(`import { getSignedUrl } from '${PRESIGN_PACKAGE.GET}';`);
  lines.push('const clients = {};');
  if (has('client-dynamodb')) {
    lines.push(
      has('lib-dynamodb')
        ? `clients.dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });`
        : `clients.dynamodb = new DynamoDBClient({});`,
    );
  }
  if (has('client-ses')) lines.push('clients.ses = new SESClient({});');
  if (has('client-sfn')) lines.push('clients.sfn = new SFNClient({});');
  if (has('client-secrets-manager')) lines.push('clients.secrets = new SecretsManagerClient({});');
  // As functions/core/adapters/attachment-objects.ts builds it: path-style against a local endpoint.
  if (has('client-s3')) lines.push('clients.s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });');
  const replay = calls.map((call) => {
    // An S3 request the proxy could not name (s3CallOf) has no command to replay it with.
    if (!/^[A-Z][A-Za-z0-9]+$/.test(call.operation)) throw new Error(`no command to replay ${call.service} ${call.operation}`);
    const input = call.service === 'ses' ? sesInput(call.input as Record<string, string>) : call.input;
    return `  [clients.${call.service}, ${call.operation}Command, ${JSON.stringify(input)}],`;
  });
  lines.push(
    `const calls = [\n${replay.join('\n')}\n];`,
    `const presigns = [\n${presigns.map(presignCall).join('\n')}\n];`,
    // A replayed conditional write or task answer may now be refused, an object may be gone; that costs what success costs.
    'export const handler = async () => {',
    '  for (const [client, Command, input] of calls) { try { await client.send(new Command(input)); } catch {} }',
    '  for (const presign of presigns) await presign();',
    '  return {};',
    '};',
  );
  return lines.join('\n');
}

/** SES's query-protocol form back into a SendEmail input. */
function sesInput(form: Record<string, string>) {
  const data = (key: string) => ({ Data: form[`${key}.Data`] ?? '', Charset: 'UTF-8' });
  return {
    Source: form.Source,
    Destination: { ToAddresses: [form['Destination.ToAddresses.member.1']] },
    ...(form.ConfigurationSetName && { ConfigurationSetName: form.ConfigurationSetName }),
    Message: { Subject: data('Message.Subject'), Body: { Text: data('Message.Body.Text'), Html: data('Message.Body.Html') } },
  };
}

export async function measureInit(options: {
  bundles: BundleReport[];
  scenarios: InitScenarioSource;
  runs: number;
  workDir: string;
  /** The real local endpoints (the proxies forward there). */
  endpoints: { dynamodb: string; ses: string; sfn: string; secrets: string; s3: string };
  functions?: readonly FunctionSpec[];
  log: (line: string) => void;
}): Promise<InitReport[]> {
  const { bundles, scenarios, runs, workDir, log } = options;
  const specs = options.functions ?? functionCatalogue;
  const proxies = {
    dynamodb: await startRecordingProxy('dynamodb', options.endpoints.dynamodb),
    ses: await startRecordingProxy('ses', options.endpoints.ses),
    sfn: await startRecordingProxy('sfn', options.endpoints.sfn),
    secrets: await startRecordingProxy('secrets', options.endpoints.secrets),
    s3: await startRecordingProxy('s3', options.endpoints.s3),
  };
  const takeCalls = () => [...proxies.secrets.take(), ...proxies.dynamodb.take(), ...proxies.ses.take(), ...proxies.sfn.take(), ...proxies.s3.take()];
  const eventsDir = join(workDir, 'events');
  const floorsDir = join(workDir, 'floors');
  await mkdir(eventsDir, { recursive: true });
  await mkdir(floorsDir, { recursive: true });

  const envFor = (spec: FunctionSpec): Record<string, string> => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...inheritedClock(),
      AWS_REGION: process.env.AWS_REGION ?? 'eu-west-2',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: proxies.dynamodb.endpoint,
      AWS_ENDPOINT_URL_SES: proxies.ses.endpoint,
      AWS_ENDPOINT_URL_SFN: proxies.sfn.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: proxies.secrets.endpoint,
      AWS_ENDPOINT_URL_S3: proxies.s3.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: spec.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb ?? DEFAULT_MEMORY_MB),
      POWERTOOLS_SERVICE_NAME: spec.name,
    };
    for (const name of environmentNamesFor(spec.access)) env[name] = process.env[name] ?? '';
    return env;
  };
  const eventFile = async (spec: FunctionSpec) => {
    const file = join(eventsDir, `${spec.name}-${randomUUID()}.json`);
    await writeFile(file, JSON.stringify(await scenarios.event(spec.name)));
    return file;
  };
  const invokeBundle = async (spec: FunctionSpec, bundle: string) =>
    runProcess([...NODE_FLAGS, CHILD, bundle, await eventFile(spec), spec.name], envFor(spec));

  try {
    // One recorded (and warming) invocation per function: its calls become the floor's.
    const floors = new Map<string, { file: string; calls: string[] }>();
    for (const spec of specs) {
      const bundle = bundles.find((b) => b.name === spec.name)!;
      takeCalls();
      const first = await invokeBundle(spec, bundle.file);
      if (first.outcome !== 'ok' || (first.status ?? 200) >= 400) {
        throw new Error(`${spec.name}: the bench invocation failed (${first.outcome}, status ${first.status}): ${first.stderr.slice(0, 2000)}`);
      }
      const calls = takeCalls();
      const presigns = first.presigns ?? [];
      const entry = join(floorsDir, `${spec.name}.entry.mjs`);
      await writeFile(entry, floorSource(bundle.clients, calls, presigns, bundle.byPackage.map((p) => p.name)));
      const floor = await buildEntry(resolve(entry), join(floorsDir, spec.name, 'index.mjs'), `${spec.name}-floor`);
      floors.set(spec.name, { file: floor.file, calls: callNames(calls, presigns) });
    }

    const samples = new Map<string, { fn: ChildResult[]; floor: ChildResult[]; pairs: Array<{ fn: ChildResult; floor: ChildResult }> }>(
      specs.map((s) => [s.name, { fn: [], floor: [], pairs: [] }]),
    );
    const bare: ChildResult[] = [];
    const failures = new Map<string, string[]>(specs.map((s) => [s.name, []]));
    const bareScript = "const c = process.cpuUsage(); require('node:fs').writeSync(3, JSON.stringify({ cpuMs: (c.user + c.system) / 1000 }));";
    for (let run = 0; run < runs; run++) {
      const bareRun = await runProcess(['-e', bareScript], { PATH: process.env.PATH ?? '' });
      if (bareRun.cpuMs === undefined) throw new Error(`bare node run ${run + 1} reported nothing: ${bareRun.stderr.slice(0, 2000)}`);
      bare.push(bareRun);
      for (const spec of specs) {
        const bundle = bundles.find((b) => b.name === spec.name)!;
        const floor = floors.get(spec.name)!;
        const sample = samples.get(spec.name)!;
        // Alternate which goes first.
        const order = run % 2 === 0 ? (['fn', 'floor'] as const) : (['floor', 'fn'] as const);
        const pair: { fn?: ChildResult; floor?: ChildResult } = {};
        for (const which of order) {
          takeCalls();
          const result = await invokeBundle(spec, which === 'fn' ? bundle.file : floor.file);
          const calls = callNames(takeCalls(), which === 'fn' ? result.presigns : []);
          // Every run's outcome counts, not only the recorded one: a run that failed early is cheap, not fast.
          const failure =
            result.cpuMs === undefined
              ? `no report (${result.stderr.slice(0, 300).trim() || 'empty stderr'})`
              : which === 'fn' && (result.outcome !== 'ok' || (result.status ?? 200) >= 400)
                ? `${result.outcome}, status ${result.status}`
                : undefined;
          if (failure) {
            failures.get(spec.name)!.push(`${which === 'fn' ? 'function' : 'floor'} run ${run + 1}: ${failure}`);
            log(`[init] ${spec.name}: ${which} run ${run + 1} failed: ${failure}`);
            continue;
          }
          if (which === 'fn' && calls.join() !== floor.calls.join()) {
            // Not comparable with its floor: left out of the medians, and said.
            log(`[init] ${spec.name}: run ${run + 1} made ${calls.join(', ') || 'no calls'}; its floor makes ${floor.calls.join(', ') || 'none'}; sample dropped`);
            continue;
          }
          sample[which].push(result);
          pair[which] = result;
        }
        if (pair.fn && pair.floor) sample.pairs.push({ fn: pair.fn, floor: pair.floor });
      }
      log(`[init] run ${run + 1}/${runs} done`);
    }

    const cpu = (results: ChildResult[]) => median(results.map((r) => r.cpuMs ?? NaN));
    const wall = (results: ChildResult[]) => median(results.map((r) => r.wallMs));
    return specs.map((spec) => {
      const { fn, floor, pairs } = samples.get(spec.name)!;
      const span = (r: ChildResult) => r.spanCpuMs ?? NaN;
      return {
        name: spec.name,
        runs,
        pairs: pairs.length,
        ownCpuMs: median(pairs.map((p) => span(p.fn) - span(p.floor))),
        spanCpuMs: median(fn.map(span)),
        floorSpanCpuMs: median(floor.map(span)),
        cpuMs: cpu(fn),
        floorCpuMs: cpu(floor),
        bareCpuMs: cpu(bare),
        initFloorRatio: median(pairs.map((p) => (p.fn.cpuMs ?? NaN) / (p.floor.cpuMs ?? NaN))),
        initBareRatio: cpu(fn) / cpu(bare),
        wallMs: wall(fn),
        floorWallMs: wall(floor),
        bareWallMs: wall(bare),
        wallFloorRatio: wall(fn) / wall(floor),
        wallBareRatio: wall(fn) / wall(bare),
        importMs: median(fn.map((r) => r.importMs ?? NaN)),
        invokeMs: median(fn.map((r) => r.invokeMs ?? NaN)),
        floorImportMs: median(floor.map((r) => r.importMs ?? NaN)),
        calls: floors.get(spec.name)!.calls,
        outcome: [...new Set(fn.map((r) => r.outcome ?? 'no report'))].join(', '),
        samples: fn.length,
        floorSamples: floor.length,
        floorHasSdk: bundles.find((b) => b.name === spec.name)!.clients.some((c) => c.startsWith('client-')),
        failures: failures.get(spec.name)!,
      };
    });
  } finally {
    await Promise.all(Object.values(proxies).map((p) => p.close()));
  }
}

