/**
 * A local Step Functions service for the one commission workflow.
 *
 * Executions run the same definition CDK deploys (workflows/commission.asl.json) with
 * aws-local-stepfunctions; every Task state is overridden to call the handler modules through an
 * injected `invoke`, shaped like the real `lambda:invoke` integration. Callbacks for
 * `.waitForTaskToken` tasks, StartExecution and DescribeExecution are served over HTTP in the AWS
 * JSON 1.0 protocol, so handlers use `@aws-sdk/client-sfn` unchanged via AWS_ENDPOINT_URL_SFN.
 *
 * Task tokens are never logged, persisted or emitted in events (reliability rule 4); state
 * transitions are logged by state name only, without payloads.
 */
import { EventEmitter } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { ExecutionError, ExecutionTimeoutError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { substitutePlaceholders } from '../../workflows/definition.ts';

type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution, as kept in memory and in the state file. Dates are ISO strings. */
export interface ExecutionRecord {
  name: string;
  executionArn: string;
  /** The input exactly as given to StartExecution (a JSON text). */
  input: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** States entered (Step Functions bills and counts these as state transitions). */
  transitions: number;
  /** Times each state was entered, over all runs. */
  statesEntered: Record<string, number>;
  /** Handler invocations made by Task states, retries included. */
  lambdaInvocations: number;
  invocationsByFunction: Record<string, number>;
  /** How many times this execution was (re)started by this service: 1, plus one per resume. */
  runs: number;
}

/** A transition or task event without payloads, for logs and tests. */
export interface WorkflowEvent {
  executionName: string;
  type: 'StateEntered' | 'StateExited' | 'StateFailed' | 'StateRetried' | 'StateCaught';
  stateName: string;
  /** For StateFailed: the error name Retry/Catch matched on. */
  error?: string;
}

export type InvokeFunction = (functionName: string, payload: unknown) => Promise<unknown>;

export interface LocalStepFunctionsOptions {
  /** The workflow definition, `${Placeholder}`s unfilled (they become catalogue function names) or filled. */
  definition: unknown;
  /** Runs a function with a task's Payload; resolves with its result or rejects with its error. */
  invoke: InvokeFunction;
  /** Default `arn:aws:states:<AWS_REGION or eu-west-2>:000000000000:stateMachine:commission-workflow`. */
  stateMachineArn?: string;
  /** Executions are persisted to this JSON file and resumed from it by `start()`. Default: memory only. */
  stateFile?: string;
  /** Replaces TimeoutSeconds of every `.waitForTaskToken` state (tests, demos). Fractions allowed. */
  taskTimeoutSecondsOverride?: number;
  /** Replaces the wait before every retry, in ms (tests). Default: the definition's intervals. */
  retryIntervalMs?: number;
  /** Where transition lines go. Default console.log; pass `() => {}` for silence. */
  log?: (line: string) => void;
}

/** An error the JSON protocol reports as `{"__type": name, "message"}` with HTTP 400. */
export class StepFunctionsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

// setTimeout holds a signed 32-bit number of ms; a longer TimeoutSeconds would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;
// The library's own default for a Task without TimeoutSeconds.
const LIBRARY_DEFAULT_TASK_TIMEOUT_SECONDS = 60;
const MAX_PAYLOAD_BYTES = 256 * 1024;
const TOKEN_PATTERN = /^lsfn1\.[A-Za-z0-9_-]{64}$/;
const EXECUTION_NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const CLOSED_TOKENS_KEPT = 10_000;

interface OpenTask {
  executionName: string;
  stateName: string;
  timer: NodeJS.Timeout;
  resolve(output: JSONValue): void;
  reject(error: Error): void;
}

interface Run {
  abort(): void;
  stopped: boolean;
}

/** What the wait hooks look at: the latest run only, since a resumed run starts again from the top. */
interface RunProgress {
  statesEntered: Record<string, number>;
  /**
   * `.waitForTaskToken` tasks whose function returned while their token was still open: from
   * then on the token is stored (by contract) and the task waits only for its callback.
   */
  callbackTasksReady: number;
}

interface Waiter {
  name: string;
  statuses: ExecutionStatus[];
  resolve(record: ExecutionRecord): void;
  reject(error: Error): void;
}

export class LocalStepFunctions extends EventEmitter {
  readonly stateMachineArn: string;
  /** API calls received, successful or not. */
  readonly calls = { startExecution: 0, sendTaskSuccess: 0, sendTaskFailure: 0, sendTaskHeartbeat: 0, describeExecution: 0 };

  private readonly definition: StateMachineDefinition;
  private readonly machine: StateMachine;
  private readonly invoke: InvokeFunction;
  private readonly stateFile: string | undefined;
  private readonly retryIntervalMs: number | undefined;
  private readonly log: (line: string) => void;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly runs = new Map<string, Run>();
  private readonly progress = new Map<string, RunProgress>();
  private readonly openTasks = new Map<string, OpenTask>();
  private readonly closedTokens = new Set<string>();
  private readonly waiters = new Set<Waiter>();
  /** Stands in for `$$.Task.Token` in the one per-execution context; replaced per task attempt. */
  private readonly tokenSentinel = `local-task-token-${randomUUID()}`;
  private saving: Promise<void> = Promise.resolve();
  private saveQueued = false;
  private server: Server | undefined;
  private stopped = false;

  constructor(options: LocalStepFunctionsOptions) {
    super();
    // Tests may wait on many executions at once.
    this.setMaxListeners(0);
    this.invoke = options.invoke;
    this.stateFile = options.stateFile;
    this.retryIntervalMs = options.retryIntervalMs;
    this.log = options.log ?? ((line) => console.log(line));
    const region = process.env.AWS_REGION ?? 'eu-west-2';
    this.stateMachineArn = options.stateMachineArn ?? `arn:aws:states:${region}:000000000000:stateMachine:commission-workflow`;

    const functionNames = Object.fromEntries(
      functionCatalogue.flatMap((spec) => ('workflowPlaceholder' in spec ? [[spec.workflowPlaceholder, spec.name]] : [])),
    );
    const definition = substitutePlaceholders(options.definition, functionNames) as StateMachineDefinition;
    // Validate the definition as written; the copy actually run may carry test overrides
    // (fractional timeouts) that the validator's schema would refuse.
    new StateMachine(definition);
    this.definition = withTaskTimeouts(definition, options.taskTimeoutSecondsOverride);
    this.machine = new StateMachine(this.definition, { validationOptions: { noValidate: true } });
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Loads the state file (if any) and resumes every RUNNING execution by running it again from
   * the start with the same input. That is safe because the workflow is driven by the
   * commission record, not by execution state: EnterStage reads the record's current stage,
   * every task is idempotent (emails keyed by commission/stage/revision, the await task just
   * stores a fresh token), so a re-run converges to the wait it was in when the process stopped.
   * Tokens from before the restart are unknown to the new process (TaskDoesNotExist).
   */
  async start(): Promise<void> {
    this.stopped = false;
    if (!this.stateFile) return;
    let saved: { executions?: ExecutionRecord[] };
    try {
      saved = JSON.parse(await readFile(this.stateFile, 'utf8')) as { executions?: ExecutionRecord[] };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const record of saved.executions ?? []) {
      this.executions.set(record.name, { ...record, statesEntered: record.statesEntered ?? {} });
    }
    for (const record of this.executions.values()) {
      if (record.status !== 'RUNNING') continue;
      this.log(`[sfn] ${record.name} resumed from the start (previous process stopped while it was running)`);
      record.runs += 1;
      this.runExecution(record);
    }
    this.scheduleSave();
  }

  /**
   * Stops every run without changing its recorded status (RUNNING executions resume on the next
   * `start()`), closes the HTTP endpoint and writes the state file.
   */
  async close(): Promise<void> {
    this.stopped = true;
    for (const run of this.runs.values()) {
      run.stopped = true;
      run.abort();
    }
    for (const [token, task] of this.openTasks) {
      this.closeToken(token);
      task.reject(stoppedError());
    }
    for (const waiter of this.waiters) waiter.reject(new Error(`Local Step Functions closed while waiting for ${waiter.name}`));
    this.waiters.clear();
    this.runs.clear();
    if (this.server) {
      const server = this.server;
      this.server = undefined;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    // Counts change without a save of their own; write the final picture.
    this.scheduleSave();
    await this.flush();
  }

  /** Resolves when every pending write of the state file is on disk. */
  async flush(): Promise<void> {
    while (this.saveQueued) await this.saving;
    await this.saving;
  }

  // ---------------------------------------------------------------- the API

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }): { executionArn: string; startDate: Date } {
    this.calls.startExecution += 1;
    if (unqualified(request.stateMachineArn) !== this.stateMachineArn) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    }
    const name = request.name ?? randomUUID();
    if (!EXECUTION_NAME_PATTERN.test(name)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    if (Buffer.byteLength(input) > MAX_PAYLOAD_BYTES) throw new StepFunctionsError('InvalidExecutionInput', 'Input is larger than 256 KB');
    let parsed: JSONValue;
    try {
      parsed = JSON.parse(input) as JSONValue;
    } catch {
      throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: the input is not valid JSON');
    }
    void parsed;

    const existing = this.executions.get(name);
    if (existing) {
      // AWS Standard workflows: same name and same input while RUNNING is the same call again.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: existing.executionArn, startDate: new Date(existing.startDate) };
      }
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
    }
    if (this.stopped) throw new StepFunctionsError('ServiceUnavailable', 'The local Step Functions service is stopped');

    const record: ExecutionRecord = {
      name,
      executionArn: this.executionArnFor(name),
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
      transitions: 0,
      statesEntered: {},
      lambdaInvocations: 0,
      invocationsByFunction: {},
      runs: 1,
    };
    this.executions.set(name, record);
    this.log(`[sfn] ${name} started`);
    this.runExecution(record);
    this.scheduleSave();
    this.emit('execution', { ...record });
    return { executionArn: record.executionArn, startDate: new Date(record.startDate) };
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }): Record<string, never> {
    this.calls.sendTaskSuccess += 1;
    const task = this.takeOpenTask(request.taskToken);
    const outputText = request.output ?? '';
    let output: JSONValue;
    try {
      if (Buffer.byteLength(outputText) > MAX_PAYLOAD_BYTES) throw new Error('too large');
      output = JSON.parse(outputText) as JSONValue;
    } catch {
      // The token stays open: AWS refuses the call without closing the task.
      throw new StepFunctionsError('InvalidOutput', 'Invalid Output: the output must be JSON text of at most 256 KB');
    }
    this.closeToken(request.taskToken!);
    task.resolve(output);
    return {};
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }): Record<string, never> {
    this.calls.sendTaskFailure += 1;
    const task = this.takeOpenTask(request.taskToken);
    this.closeToken(request.taskToken!);
    // Step Functions matches Retry/Catch on the error name; without one only States.ALL (and
    // States.TaskFailed) can match, which an empty-looking name would make confusing locally.
    const error = new Error(request.cause ?? '');
    error.name = request.error || 'States.TaskFailed';
    task.reject(error);
    return {};
  }

  sendTaskHeartbeat(request: { taskToken?: string }): Record<string, never> {
    this.calls.sendTaskHeartbeat += 1;
    this.takeOpenTask(request.taskToken);
    return {};
  }

  describeExecution(request: { executionArn?: string }) {
    this.calls.describeExecution += 1;
    const record = this.recordForArn(request.executionArn);
    return {
      ...this.executionSummary(record),
      input: record.input,
      ...(record.output !== undefined ? { output: record.output } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
    };
  }

  /** What DescribeExecution and ListExecutions both say of an execution. */
  private executionSummary(record: ExecutionRecord) {
    return {
      executionArn: record.executionArn,
      stateMachineArn: this.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: new Date(record.startDate),
      ...(record.stopDate ? { stopDate: new Date(record.stopDate) } : {}),
    };
  }

  listExecutions(request: { stateMachineArn?: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string } = {}) {
    if (request.stateMachineArn !== undefined && unqualified(request.stateMachineArn) !== this.stateMachineArn) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    }
    // Newest first, as AWS lists them.
    const all = [...this.executions.values()]
      .filter((record) => !request.statusFilter || record.status === request.statusFilter)
      .sort((a, b) => b.startDate.localeCompare(a.startDate));
    const offset = request.nextToken ? Number.parseInt(Buffer.from(request.nextToken, 'base64url').toString(), 10) || 0 : 0;
    const limit = request.maxResults && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
    const page = all.slice(offset, offset + limit);
    return {
      executions: page.map((record) => this.executionSummary(record)),
      ...(offset + limit < all.length ? { nextToken: Buffer.from(String(offset + limit)).toString('base64url') } : {}),
    };
  }

  // ---------------------------------------------------------------- hooks for tests and benchmarks

  /** A copy of one execution's record, or undefined. */
  getExecution(name: string): ExecutionRecord | undefined {
    const record = this.executions.get(name);
    return record && structuredClone(record);
  }

  /** Copies of every execution's record, oldest first. */
  executionRecords(): ExecutionRecord[] {
    return [...this.executions.values()].map((record) => structuredClone(record));
  }

  /**
   * Resolves with the execution's record once its status is one of `status` (default: any
   * final status) and its event log has been fully counted; rejects if it ends in another final
   * status or `timeoutMs` passes.
   */
  waitForExecution(name: string, status?: ExecutionStatus | ExecutionStatus[], options: { timeoutMs?: number } = {}): Promise<ExecutionRecord> {
    const statuses = status === undefined ? ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] : [status].flat();
    return new Promise<ExecutionRecord>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 20_000;
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Execution ${name} did not reach ${statuses.join('/')} within ${timeoutMs} ms (now ${this.executions.get(name)?.status ?? 'unknown'})`));
      }, timeoutMs);
      const waiter: Waiter = {
        name,
        statuses: statuses as ExecutionStatus[],
        resolve: (record) => {
          clearTimeout(timer);
          resolve(record);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
      this.checkWaiters(name);
    });
  }

  /**
   * Resolves once the execution's current run (a resume starts a new one) has entered
   * `stateName` `count` times (default 1).
   */
  waitForState(name: string, stateName: string, options: { count?: number; timeoutMs?: number } = {}): Promise<ExecutionRecord> {
    const count = options.count ?? 1;
    return this.waitForProgress(name, (progress) => (progress.statesEntered[stateName] ?? 0) >= count, `enter ${stateName} ${count}×`, options.timeoutMs);
  }

  /**
   * Resolves once `count` (default 1) `.waitForTaskToken` functions of the execution's current
   * run have returned with their token still open, i.e. the execution waits for a callback whose
   * token the function stored: the moment a test can act as the designer.
   */
  waitForCallbackTask(name: string, options: { count?: number; timeoutMs?: number } = {}): Promise<ExecutionRecord> {
    const count = options.count ?? 1;
    return this.waitForProgress(name, (progress) => progress.callbackTasksReady >= count, `wait for a callback ${count}×`, options.timeoutMs);
  }

  private waitForProgress(name: string, done: (progress: RunProgress) => boolean, what: string, timeoutMs = 20_000): Promise<ExecutionRecord> {
    return new Promise<ExecutionRecord>((resolve, reject) => {
      const check = () => {
        const record = this.executions.get(name);
        const progress = this.progress.get(name);
        if (!record || !progress || !done(progress)) return false;
        clearTimeout(timer);
        this.off('progress', check);
        resolve(structuredClone(record));
        return true;
      };
      const timer = setTimeout(() => {
        this.off('progress', check);
        reject(new Error(`Execution ${name} did not ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.on('progress', check);
    });
  }

  // ---------------------------------------------------------------- HTTP (AWS JSON 1.0)

  /** Serves the API on 127.0.0.1:`port` (0 picks a free port). */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ endpoint: string; port: number }> {
    const server = createServer((request, response) => void this.handleHttp(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const actual = (server.address() as AddressInfo).port;
    return { endpoint: `http://${host}:${actual}`, port: actual };
  }

  /** A node:http request listener answering the JSON 1.0 protocol (usable in another server). */
  async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body, (_key, value: unknown) => value);
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
      });
      response.end(text);
    };
    const fail = (type: string, message: string, status = 400) => send(status, { __type: type, message });
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      if (request.method !== 'POST') return fail('UnknownOperationException', 'Only POST is supported', 404);
      const target = request.headers['x-amz-target'];
      const operation = typeof target === 'string' && target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : undefined;
      let body: Record<string, unknown>;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
      } catch {
        return fail('SerializationException', 'The request body is not a JSON object');
      }
      const result = this.dispatch(operation, body);
      send(200, toWire(result));
    } catch (error) {
      if (error instanceof StepFunctionsError) return fail(error.name, error.message);
      this.log(`[sfn] internal error: ${(error as Error).name}`);
      fail('InternalFailure', 'Internal failure', 500);
    }
  }

  private dispatch(operation: string | undefined, body: Record<string, unknown>): unknown {
    const text = (key: string) => {
      const value = body[key];
      if (value !== undefined && typeof value !== 'string') throw new StepFunctionsError('ValidationException', `${key} must be a string`);
      return value;
    };
    switch (operation) {
      case 'StartExecution':
        return this.startExecution({ stateMachineArn: text('stateMachineArn'), name: text('name'), input: text('input') });
      case 'SendTaskSuccess':
        return this.sendTaskSuccess({ taskToken: text('taskToken'), output: text('output') });
      case 'SendTaskFailure':
        return this.sendTaskFailure({ taskToken: text('taskToken'), error: text('error'), cause: text('cause') });
      case 'SendTaskHeartbeat':
        return this.sendTaskHeartbeat({ taskToken: text('taskToken') });
      case 'DescribeExecution':
        return this.describeExecution({ executionArn: text('executionArn') });
      case 'ListExecutions':
        return this.listExecutions({
          stateMachineArn: text('stateMachineArn'),
          statusFilter: text('statusFilter') as ExecutionStatus | undefined,
          maxResults: typeof body.maxResults === 'number' ? body.maxResults : undefined,
          nextToken: text('nextToken'),
        });
      default:
        throw new StepFunctionsError('UnknownOperationException', `Unsupported operation: ${operation ?? '(none)'}`);
    }
  }

  // ---------------------------------------------------------------- running executions

  private executionArnFor(name: string): string {
    const [, , , region, account, , machineName] = this.stateMachineArn.split(':');
    return `arn:aws:states:${region}:${account}:execution:${machineName}:${name}`;
  }

  private recordForArn(executionArn: string | undefined): ExecutionRecord {
    const prefix = this.executionArnFor('');
    if (typeof executionArn !== 'string' || !/^arn:aws:states:[^:]*:\d{12}:execution:[^:]+:[^:]+$/.test(executionArn)) {
      throw new StepFunctionsError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    }
    const record = executionArn.startsWith(prefix) ? this.executions.get(executionArn.slice(prefix.length)) : undefined;
    if (!record) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  private runExecution(record: ExecutionRecord): void {
    const name = record.name;
    const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [stateName, state] of Object.entries(this.definition.States)) {
      if (state.Type !== 'Task') continue;
      const waits = state.Resource.endsWith('.waitForTaskToken');
      const timeoutMs = (state.TimeoutSeconds ?? LIBRARY_DEFAULT_TASK_TIMEOUT_SECONDS) * 1000;
      handlers[stateName] = waits
        ? (input) => this.invokeAndWait(name, stateName, timeoutMs, input)
        : (input) => this.invokeLambda(name, input);
      if (this.retryIntervalMs !== undefined && state.Retry) retryIntervalOverrides[stateName] = this.retryIntervalMs;
    }

    const execution = this.machine.run(JSON.parse(record.input) as JSONValue, {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: record.executionArn, Name: name, RoleArn: 'arn:aws:iam::000000000000:role/local-step-functions' },
        StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineArn.split(':').at(-1) },
        Task: { Token: this.tokenSentinel },
      },
    });
    const run: Run = { abort: execution.abort, stopped: false };
    this.runs.set(name, run);
    const progress: RunProgress = { statesEntered: {}, callbackTasksReady: 0 };
    this.progress.set(name, progress);

    const counted = (async () => {
      for await (const event of execution.eventLogs) {
        if (run.stopped) continue;
        if (event.type === 'StateEntered' || event.type === 'StateExited' || event.type === 'StateFailed' || event.type === 'StateRetried' || event.type === 'StateCaught') {
          if (event.type === 'StateEntered') {
            record.transitions += 1;
            record.statesEntered[event.state.name] = (record.statesEntered[event.state.name] ?? 0) + 1;
            progress.statesEntered[event.state.name] = (progress.statesEntered[event.state.name] ?? 0) + 1;
          }
          const summary: WorkflowEvent = {
            executionName: name,
            type: event.type,
            stateName: event.state.name,
            ...(event.type === 'StateFailed' ? { error: event.Error } : {}),
          };
          this.logEvent(summary);
          this.emit('transition', summary);
          this.emit('progress');
        }
      }
    })();

    void Promise.allSettled([execution.result, counted]).then(([outcome]) => {
      if (run.stopped) return;
      this.runs.delete(name);
      record.stopDate = new Date().toISOString();
      if (outcome.status === 'fulfilled') {
        record.status = 'SUCCEEDED';
        record.output = JSON.stringify(outcome.value);
      } else if (outcome.reason instanceof ExecutionTimeoutError) {
        record.status = 'TIMED_OUT';
      } else {
        const failure = outcome.reason instanceof ExecutionError && outcome.reason.cause instanceof Error ? outcome.reason.cause : (outcome.reason as Error);
        record.status = 'FAILED';
        record.error = failure.name;
        record.cause = failure.message;
      }
      this.log(`[sfn] ${name} ${record.status}${record.error ? ` (${record.error})` : ''}`);
      this.scheduleSave();
      this.emit('execution', structuredClone(record));
      this.checkWaiters(name);
    });
  }

  /** `arn:aws:states:::lambda:invoke`: the integration's `{Payload}` result, or the function's error. */
  private async invokeLambda(executionName: string, input: JSONValue): Promise<JSONValue> {
    const { FunctionName, Payload } = taskParameters(input);
    if (this.stopped) throw stoppedError();
    this.countInvocation(executionName, FunctionName);
    try {
      const result = await this.invoke(FunctionName, Payload);
      return { ExecutedVersion: '$LATEST', Payload: toJSON(result), StatusCode: 200 };
    } catch (error) {
      throw lambdaError(error);
    }
  }

  /**
   * `arn:aws:states:::lambda:invoke.waitForTaskToken`: a fresh token per attempt, registered
   * before the function runs (it may answer during its own invocation); the task's result is
   * the SendTaskSuccess output. If the function fails first, the task fails with its error.
   */
  private invokeAndWait(executionName: string, stateName: string, timeoutMs: number, input: JSONValue): Promise<JSONValue> {
    const { FunctionName, Payload } = taskParameters(input);
    if (this.stopped) return Promise.reject(stoppedError());
    const token = `lsfn1.${randomBytes(48).toString('base64url')}`;
    const { promise, resolve, reject } = Promise.withResolvers<JSONValue>();
    // The library raises States.Timeout from its own timer, created right after this override
    // returns with the same delay; this one was created first, so it fires first and the token
    // is already closed (TaskTimedOut) when the state fails.
    const timer = setTimeout(() => this.closeToken(token), timeoutMs);
    this.openTasks.set(token, { executionName, stateName, timer, resolve, reject });
    this.countInvocation(executionName, FunctionName);
    this.invoke(FunctionName, replaceString(Payload, this.tokenSentinel, token)).then(
      () => {
        const progress = this.progress.get(executionName);
        if (!progress || !this.openTasks.has(token)) return;
        progress.callbackTasksReady += 1;
        this.emit('progress');
      },
      (error: unknown) => {
        const task = this.openTasks.get(token);
        if (!task) return;
        this.closeToken(token);
        task.reject(lambdaError(error));
      },
    );
    return promise;
  }

  private countInvocation(executionName: string, functionName: string): void {
    const record = this.executions.get(executionName);
    if (!record) return;
    record.lambdaInvocations += 1;
    record.invocationsByFunction[functionName] = (record.invocationsByFunction[functionName] ?? 0) + 1;
  }

  private takeOpenTask(token: string | undefined): OpenTask {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new StepFunctionsError('InvalidToken', 'Invalid Token');
    const task = this.openTasks.get(token);
    if (task) return task;
    // What AWS answers for a token whose task already completed, failed or timed out.
    if (this.closedTokens.has(token)) throw new StepFunctionsError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  private closeToken(token: string): void {
    const task = this.openTasks.get(token);
    if (!task) return;
    clearTimeout(task.timer);
    this.openTasks.delete(token);
    this.closedTokens.add(token);
    if (this.closedTokens.size > CLOSED_TOKENS_KEPT) {
      const oldest = this.closedTokens.values().next().value;
      if (oldest !== undefined) this.closedTokens.delete(oldest);
    }
  }

  private logEvent(event: WorkflowEvent): void {
    switch (event.type) {
      case 'StateEntered':
        this.log(`[sfn] ${event.executionName} → ${event.stateName}`);
        break;
      case 'StateFailed':
        this.log(`[sfn] ${event.executionName} ✗ ${event.stateName}: ${event.error}`);
        break;
      case 'StateRetried':
        this.log(`[sfn] ${event.executionName} ↻ ${event.stateName} retried`);
        break;
      case 'StateCaught':
        this.log(`[sfn] ${event.executionName} ⤷ ${event.stateName} error caught`);
        break;
      default:
        break;
    }
  }

  private checkWaiters(name: string): void {
    const record = this.executions.get(name);
    if (!record) return;
    // Counts are final only once the run has finished (see runExecution).
    const settled = record.status === 'RUNNING' ? this.runs.has(name) : !this.runs.has(name);
    if (!settled) return;
    for (const waiter of this.waiters) {
      if (waiter.name !== name) continue;
      if (waiter.statuses.includes(record.status)) {
        this.waiters.delete(waiter);
        waiter.resolve(structuredClone(record));
      } else if (record.status !== 'RUNNING') {
        this.waiters.delete(waiter);
        waiter.reject(new Error(`Execution ${name} ended ${record.status}${record.error ? ` (${record.error}: ${record.cause})` : ''}, not ${waiter.statuses.join('/')}`));
      }
    }
  }

  // ---------------------------------------------------------------- persistence

  /** Writes are serialised and coalesced; each is atomic (temp file + rename). */
  private scheduleSave(): void {
    if (!this.stateFile || this.saveQueued) return;
    this.saveQueued = true;
    const file = this.stateFile;
    this.saving = this.saving.then(async () => {
      this.saveQueued = false;
      const text = JSON.stringify({ version: 1, executions: [...this.executions.values()] }, null, 2);
      try {
        await mkdir(dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, file);
      } catch (error) {
        this.log(`[sfn] could not write ${file}: ${(error as Error).message}`);
      }
    });
  }
}

// ------------------------------------------------------------------ helpers

function withTaskTimeouts(definition: StateMachineDefinition, overrideSeconds: number | undefined): StateMachineDefinition {
  const copy = structuredClone(definition);
  for (const [name, state] of Object.entries(copy.States)) {
    if (state.Type !== 'Task') continue;
    if (!state.Resource.startsWith('arn:aws:states:::lambda:invoke')) {
      throw new Error(`State ${name}: only lambda:invoke tasks run locally, not ${state.Resource}`);
    }
    if (state.TimeoutSecondsPath !== undefined) throw new Error(`State ${name}: TimeoutSecondsPath is not supported locally`);
    if (overrideSeconds !== undefined && state.Resource.endsWith('.waitForTaskToken')) state.TimeoutSeconds = overrideSeconds;
    if ((state.TimeoutSeconds ?? 0) * 1000 > MAX_TIMER_MS) {
      throw new Error(`State ${name}: TimeoutSeconds ${state.TimeoutSeconds} exceeds what a local timer can hold (~24.8 days); it would fire at once`);
    }
  }
  return copy;
}

function taskParameters(input: JSONValue): { FunctionName: string; Payload: JSONValue } {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || typeof input.FunctionName !== 'string') {
    throw new Error('A lambda:invoke task needs Parameters with a FunctionName');
  }
  return { FunctionName: input.FunctionName, Payload: input.Payload ?? null };
}

/** What the Lambda integration reports for a function error: its errorType as the error name. */
function lambdaError(error: unknown): Error {
  const errorType = error instanceof Error && error.name ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const failure = new Error(JSON.stringify({ errorType, errorMessage }));
  failure.name = errorType;
  return failure;
}

/** Ends a run on close(): neither retried nor caught, so no further state runs. */
function stoppedError(): Error {
  return Object.assign(new Error('The local Step Functions service stopped'), {
    name: 'LocalStepFunctionsStopped',
    isRetryable: false,
    isCatchable: false,
  });
}

function toJSON(value: unknown): JSONValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JSONValue);
}

function replaceString(value: JSONValue, from: string, to: string): JSONValue {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceString(item, from, to));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceString(item, from, to)]));
  }
  return value;
}

/** Dates go over the JSON protocol as epoch seconds. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  }
  return value;
}

/**
 * On AWS executions start through an alias (`…:stateMachine:name:live`) or a version
 * (`…:name:3`); locally there is one definition, so every qualifier names it.
 */
function unqualified(arn: string | undefined): string | undefined {
  return arn?.split(':').slice(0, 7).join(':');
}
