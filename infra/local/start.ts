/**
 * `npm start`: the whole product on one machine, no AWS account, no Docker.
 *
 * - DynamoDB: dynalite on a LevelDB folder under the state dir (survives a restart), with its TTL
 *   played by a sweep every few minutes (ttl-sweeper.ts);
 * - SES: aws-ses-v2-local, the outbox (viewer at `/`, JSON at `/store`);
 * - S3: s3rver on a folder under the state dir, the attachments bucket; its ObjectCreated events
 *   invoke check-upload, as the bucket's notification does on AWS;
 * - Step Functions: the deployed workflow definition run by aws-local-stepfunctions, with a
 *   JSON 1.0 endpoint for SendTaskSuccess & co.; executions persisted and resumed;
 * - API Gateway: the catalogue's routes with a JWT authorizer for designer routes;
 * - EventBridge schedules: the catalogue's scheduled functions on an interval (and once at start).
 *
 * Handlers find everything through the SDK's standard AWS_ENDPOINT_URL_* variables, set here
 * before any handler module is imported (they build their clients at module scope).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ENV, functionCatalogue, WORKFLOW_ALIAS } from '../../functions/catalogue.ts';
import { DEFAULT_RETENTION_DAYS_CLOSED } from '../../functions/core/domain/erasure.ts';
import { loadWorkflowDefinition } from '../../workflows/definition.ts';
import { createServer } from 'node:net';
import { buildWebAssets } from '../browser-build.ts';
import { mintDesignerToken } from './designer-token.ts';
import { startGateway } from './gateway.ts';
import { LOCAL_STATUS_LINK_SECRET_ID, loadOrCreateStatusLinkSecret, startLocalSecrets } from './secrets.ts';
import { IDENTITY_PATH, jwksOf, loadOrCreateIdentity, localIssuer, recordIssuer } from './identity.ts';
import { localOAuth } from './identity-oauth.ts';
import { invokeFunction, loadHandler } from './lambda-context.ts';
import { LocalStepFunctions } from './step-functions/index.ts';
import { startScheduler } from './scheduler.ts';
import { startTtlSweeps, ttlSweeper } from './ttl-sweeper.ts';
import { createCommissionTable, localCredentials, startDynamo, startS3, startSes } from './services.ts';

/** The local attachments bucket's name. */
const LOCAL_ATTACHMENTS_BUCKET = 'attachments';

export interface LocalStackOptions {
  /** API port. Default PORT or 3000; 0 picks a free one. */
  port?: number;
  /** Outbox (aws-ses-v2-local) port. Default SES_PORT or 8005; 0 picks a free one. */
  sesPort?: number;
  /** Local Step Functions endpoint port. Default SFN_PORT or 8083; 0 picks a free one. */
  sfnPort?: number;
  /**
   * s3rver port. Default S3_PORT, else a free one: links to it (upload grants, image redirects) are
   * minted per request, so nothing depends on the port staying the same.
   */
  s3Port?: number;
  /** dynalite port. Default 0 (nothing outside this process needs it). */
  dynamoPort?: number;
  /** Where data, executions and the local identity live. Default LOCAL_STATE_DIR or `.local`. */
  stateDir?: string;
  /** Keep DynamoDB data in `<stateDir>/dynamo` and executions in `<stateDir>/step-functions.json`. Default true. */
  persistent?: boolean;
  /** Replaces every decision wait's TimeoutSeconds (demos: see a stalled stage chased). Default LOCAL_DECISION_TIMEOUT_SECONDS, else the definition's. */
  taskTimeoutSecondsOverride?: number;
  /** Replaces every scheduled function's interval, in ms. Default the catalogue's `rate(...)`. */
  scheduleIntervalMs?: number;
  /** Run scheduled functions at all. Default true. */
  schedules?: boolean;
  /** How often the local TTL sweep (infra/local/ttl-sweeper.ts) runs, in ms. Default every 5 minutes. */
  ttlSweepIntervalMs?: number;
  /** Region the handlers see. Default AWS_REGION or eu-west-2. */
  region?: string;
  /** Default TABLE_NAME or `commissions`. */
  tableName?: string;
  /** Where the stack's lines go. Default console.log. */
  log?: (line: string) => void;
  /** Runs a catalogue function with an event. Default: its handler module, in this process. (The benchmark wraps it to time invocations.) */
  invoke?: (functionName: string, event: unknown) => Promise<unknown>;
}

export interface LocalStack {
  apiUrl: string;
  sesUrl: string;
  sfnUrl: string;
  dynamoUrl: string;
  /** The attachments bucket's S3 endpoint (s3rver). */
  s3Url: string;
  /** The JWT issuer designer tokens must carry. */
  issuer: string;
  stepFunctions: LocalStepFunctions;
  close(): Promise<void>;
}

const ACCOUNT = '000000000000';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const invoke = options.invoke ?? invokeFunction;
  const stateDir = resolve(options.stateDir ?? (process.env.LOCAL_STATE_DIR || '.local'));
  const persistent = options.persistent ?? true;
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  const tableName = options.tableName ?? process.env[ENV.tableName] ?? 'commissions';
  const stateMachineArn = `arn:aws:states:${region}:${ACCOUNT}:stateMachine:commission-workflow`;
  const timeoutOverride = options.taskTimeoutSecondsOverride ?? numberFromEnv('LOCAL_DECISION_TIMEOUT_SECONDS');
  await mkdir(stateDir, { recursive: true });

  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) {
      await closeOne().catch((error: unknown) => log(`[local] while closing: ${(error as Error).message}`));
    }
  };

  try {
    const dynamo = await startDynamo({ port: options.dynamoPort ?? 0, ...(persistent ? { path: join(stateDir, 'dynamo') } : {}) });
    closers.push(() => dynamo.close());
    const ses = await startSes({ port: options.sesPort ?? numberFromEnv('SES_PORT') ?? 8005 });
    closers.push(() => ses.close());

    // Handlers are imported lazily, on their first invocation: the environment is set below, before any task can run.
    const stepFunctions = new LocalStepFunctions({
      definition: loadWorkflowDefinition(),
      invoke,
      stateMachineArn,
      ...(persistent ? { stateFile: join(stateDir, 'step-functions.json') } : {}),
      ...(timeoutOverride !== undefined ? { taskTimeoutSecondsOverride: timeoutOverride } : {}),
      log,
    });
    const sfn = await stepFunctions.listen(options.sfnPort ?? numberFromEnv('SFN_PORT') ?? 8083);
    closers.push(() => stepFunctions.close());

    // Secrets Manager stand-in: the status-link secret, generated once into the state dir.
    const secrets = await startLocalSecrets({ secrets: { [LOCAL_STATUS_LINK_SECRET_ID]: await loadOrCreateStatusLinkSecret(stateDir) } });
    closers.push(secrets.close);
    // The pages' assets (scripts bundled with the API's schemas, styles, the workflow picture).
    const webDir = join(stateDir, 'web');
    await buildWebAssets(webDir);
    // The API's port is needed before it opens: links in emails (status pages, certificates) of
    // resumed executions point at it.
    const apiPort = await resolvePort(options.port ?? numberFromEnv('PORT') ?? 3000);
    // The attachments bucket: the pages (on either host name) upload to it and load its images.
    const s3 = await startS3({
      directory: join(stateDir, 's3'),
      bucket: LOCAL_ATTACHMENTS_BUCKET,
      allowedOrigins: ['localhost', '127.0.0.1'].map((host) => `http://${host}:${apiPort}`),
      port: options.s3Port ?? numberFromEnv('S3_PORT') ?? 0,
      onObjectCreated: (event) => invoke('check-upload', event),
      log,
    });
    closers.push(() => s3.close());
    const identity = await loadOrCreateIdentity(stateDir);

    // Endpoints and credentials are always the local ones: a developer's real AWS credentials
    // in the shell must never be used by the local stack.
    Object.assign(process.env, {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SFN: sfn.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      [ENV.statusLinkSecretId]: LOCAL_STATUS_LINK_SECRET_ID,
      [ENV.publicBaseUrl]: `http://localhost:${apiPort}`,
      [ENV.webAssetsDir]: webDir,
      // The console signs in as on AWS (authorization code + PKCE) against the local identity's
      // hosted UI. Its domain is a path, resolved against the page's origin: the identity is then
      // same-origin with the console whether it is opened on localhost or 127.0.0.1 (the pages'
      // CSP lets the console fetch tokens only from its own origin and Cognito's).
      [ENV.consoleSignIn]: JSON.stringify({ kind: 'cognito', domain: IDENTITY_PATH, clientId: identity.audience }),
      [ENV.tableName]: tableName,
      [ENV.attachmentsBucket]: LOCAL_ATTACHMENTS_BUCKET,
      [ENV.attachmentsOrigin]: s3.endpoint,
      // Handlers start executions through the alias, as on AWS.
      [ENV.stateMachineArn]: `${stateMachineArn}:${WORKFLOW_ALIAS}`,
      [ENV.senderEmail]: process.env[ENV.senderEmail] || 'commissions@studio.local',
      [ENV.studioEmail]: process.env[ENV.studioEmail] || 'studio@studio.local',
      [ENV.sesConfigurationSet]: process.env[ENV.sesConfigurationSet] || 'commissions-local',
      [ENV.retentionDaysClosed]: process.env[ENV.retentionDaysClosed] || String(DEFAULT_RETENTION_DAYS_CLOSED),
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    await createCommissionTable(dynamo.endpoint, tableName);
    // DynamoDB's TTL, which dynalite lacks: expired unconfirmed enquiries and bindings are deleted.
    closers.push(startTtlSweeps(ttlSweeper({ dynamoEndpoint: dynamo.endpoint, tableName, region }), log, options.ttlSweepIntervalMs));
    // What a deploy runs (the catalogue's runOnDeploy: the registry's seed), run at every start;
    // idempotent, and it never overwrites what a designer added.
    for (const spec of functionCatalogue.filter((f) => 'runOnDeploy' in f && f.runOnDeploy)) {
      const result = await invoke(spec.name, {});
      log(`[local] ${spec.name}: ${JSON.stringify(result)}`);
    }

    // Resume persisted executions before the API opens, so no new execution can race the load.
    await stepFunctions.start();

    // Registered like the deployed client's callback (and, by default, logout) URLs.
    const consoleCallbacks = ['localhost', '127.0.0.1'].map((host) => `http://${host}:${apiPort}/console/callback`);
    const gateway = await startGateway({
      port: apiPort,
      identity: { jwks: jwksOf(identity), audience: identity.audience, issuer: localIssuer(apiPort) },
      identityRoutes: localOAuth({
        client: { clientId: identity.audience, redirectUris: consoleCallbacks, logoutUris: consoleCallbacks },
        mint: ({ name, email }, tokenUse, expiresIn) => mintDesignerToken({ stateDir, issuer: localIssuer(apiPort), name, email, tokenUse, expiresIn }),
      }),
      invoke,
      log,
    });
    closers.push(() => gateway.close());
    await recordIssuer(stateDir, identity, gateway.issuer);

    // Cold-start every handler now, in the background: the first request is then fast, and a
    // handler that does not load says so at startup rather than on first use.
    void Promise.allSettled(
      functionCatalogue.map((spec) =>
        loadHandler(spec.name).catch((error: unknown) => log(`[local] functions/${spec.name}.ts does not load: ${(error as Error).message}`)),
      ),
    );

    if (options.schedules ?? true) {
      const scheduler = startScheduler({
        invoke,
        region,
        ...(options.scheduleIntervalMs !== undefined ? { intervalMsOverride: options.scheduleIntervalMs } : {}),
        log,
      });
      closers.push(() => scheduler.close());
    }

    return {
      apiUrl: gateway.url,
      sesUrl: ses.endpoint,
      sfnUrl: sfn.endpoint,
      dynamoUrl: dynamo.endpoint,
      s3Url: s3.endpoint,
      issuer: gateway.issuer,
      stepFunctions,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The port itself, or for 0 a free one (asked of the OS, then released for the gateway). */
async function resolvePort(port: number): Promise<number> {
  if (port !== 0) return port;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const free = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not "${raw}"`);
  return value;
}

if (import.meta.main) {
  const stack = await startLocalStack().catch((error: unknown) => {
    const failure = error as NodeJS.ErrnoException & { port?: number };
    if (failure.code === 'EADDRINUSE') {
      console.error(`Port ${failure.port ?? ''} is in use (another npm start?). Choose others with PORT, SES_PORT, SFN_PORT, S3_PORT.`);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
  const apiPort = new URL(stack.apiUrl).port;
  console.log(
    [
      '',
      'Bespoke commissions — running locally',
      `  Enquiry form   http://localhost:${apiPort}/`,
      `  Console        http://localhost:${apiPort}/console   (sign-in: the local identity, code + PKCE as with Cognito)`,
      `  API            http://localhost:${apiPort}   (try GET /health)`,
      `  Outbox         http://localhost:${new URL(stack.sesUrl).port}   (every email; JSON at /store)`,
      `  Attachments    ${stack.s3Url}/attachments   (s3rver; files in ${join(process.env.LOCAL_STATE_DIR || '.local', 's3')})`,
      `  Step Functions ${stack.sfnUrl}   (executions in ${join(process.env.LOCAL_STATE_DIR || '.local', 'step-functions.json')})`,
      `  Designer token npm run -s designer-token   (then: Authorization: Bearer <token>)`,
      `  Ctrl+C stops; data stays in ${process.env.LOCAL_STATE_DIR || '.local'}/ (delete it to start afresh).`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
