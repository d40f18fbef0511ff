/**
 * A local Step Functions service for the one commission workflow, so the local run and the tests
 * execute the very definition CDK deploys (workflows/commission.asl.json) without AWS or Docker.
 *
 * It answers six actions over HTTP in the AWS JSON 1.0 protocol, so code written against
 * `@aws-sdk/client-sfn` runs unchanged via AWS_ENDPOINT_URL_SFN: StartExecution and
 * SendTaskSuccess (what the handlers call), SendTaskFailure and SendTaskHeartbeat (the rest of
 * the callback API a `.waitForTaskToken` task accepts), DescribeExecution and ListExecutions (to
 * inspect executions, as an operator would on AWS). Any other action is UnknownOperationException.
 *
 * The parts: protocol.ts (HTTP), actions.ts (what each action does), executions.ts (running the
 * definition), task-tokens.ts, persistence.ts (state file and resume), waiters.ts (test hooks).
 * This class wires them together; its API is what start.ts, the tests and the benchmark use.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { StepFunctionsActions, type ListExecutionsRequest } from './actions.ts';
import type { ExecutionRecord, ExecutionStatus } from './execution-record.ts';
import { Executions, type InvokeFunction } from './executions.ts';
import { ExecutionStateFile, resumeSavedExecutions } from './persistence.ts';
import { jsonProtocolListener, listenOn, type RequestListener } from './protocol.ts';
import { TaskTokens } from './task-tokens.ts';
import { ExecutionWaiters } from './waiters.ts';

export type { ExecutionRecord, ExecutionStatus } from './execution-record.ts';

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

/** Emits 'execution' (a record copy, on start and end), 'transition' (a WorkflowEvent) and 'progress'. */
export class LocalStepFunctions extends EventEmitter {
  readonly stateMachineArn: string;
  /** API calls received, successful or not. */
  readonly calls: StepFunctionsActions['calls'];

  private readonly log: (line: string) => void;
  private readonly executions: Executions;
  private readonly actions: StepFunctionsActions;
  private readonly stateFile: ExecutionStateFile;
  private readonly waiters: ExecutionWaiters;
  private readonly listener: RequestListener;
  private server: Server | undefined;

  constructor(options: LocalStepFunctionsOptions) {
    super();
    // Tests may wait on many executions at once.
    this.setMaxListeners(0);
    this.log = options.log ?? ((line) => console.log(line));
    const region = process.env.AWS_REGION ?? 'eu-west-2';
    this.stateMachineArn = options.stateMachineArn ?? `arn:aws:states:${region}:000000000000:stateMachine:commission-workflow`;

    const tokens = new TaskTokens();
    this.executions = new Executions({
      definition: options.definition,
      taskTimeoutSecondsOverride: options.taskTimeoutSecondsOverride,
      retryIntervalMs: options.retryIntervalMs,
      invoke: options.invoke,
      stateMachineArn: this.stateMachineArn,
      tokens,
      log: this.log,
      events: this,
      onRecordsChanged: () => this.stateFile.save(),
      onRunEnded: (name) => this.waiters.check(name),
    });
    this.stateFile = new ExecutionStateFile(options.stateFile, () => this.executions.all(), this.log);
    this.waiters = new ExecutionWaiters(this.executions, this);
    this.actions = new StepFunctionsActions(this.stateMachineArn, this.executions, tokens);
    this.calls = this.actions.calls;
    this.listener = jsonProtocolListener(this.actions, this.log);
  }

  // ---------------------------------------------------------------- lifecycle

  /** Accepts executions again and resumes the RUNNING ones saved in the state file (see persistence.ts). */
  async start(): Promise<void> {
    this.executions.reopen();
    await resumeSavedExecutions(this.stateFile, this.executions, this.log);
  }

  /**
   * Stops every run without changing its recorded status (RUNNING executions resume on the next
   * `start()`), closes the HTTP endpoint and writes the state file.
   */
  async close(): Promise<void> {
    this.executions.stop();
    this.waiters.rejectAll();
    if (this.server) {
      const server = this.server;
      this.server = undefined;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    // Counts change without a save of their own; write the final picture.
    this.stateFile.save();
    await this.flush();
  }

  /** Resolves when every pending write of the state file is on disk. */
  flush(): Promise<void> {
    return this.stateFile.flush();
  }

  // ---------------------------------------------------------------- HTTP (AWS JSON 1.0)

  /** Serves the API on 127.0.0.1:`port` (0 picks a free port). */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ endpoint: string; port: number }> {
    const { server, endpoint, port: actual } = await listenOn(this.listener, port, host);
    this.server = server;
    return { endpoint, port: actual };
  }

  /** A node:http request listener answering the JSON 1.0 protocol (usable in another server). */
  handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    return this.listener(request, response);
  }

  // ---------------------------------------------------------------- the actions, callable directly

  startExecution(request: Parameters<StepFunctionsActions['startExecution']>[0]) {
    return this.actions.startExecution(request);
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }) {
    return this.actions.sendTaskSuccess(request);
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }) {
    return this.actions.sendTaskFailure(request);
  }

  sendTaskHeartbeat(request: { taskToken?: string }) {
    return this.actions.sendTaskHeartbeat(request);
  }

  describeExecution(request: { executionArn?: string }) {
    return this.actions.describeExecution(request);
  }

  listExecutions(request: ListExecutionsRequest = {}) {
    return this.actions.listExecutions(request);
  }

  // ---------------------------------------------------------------- hooks for tests and benchmarks

  /** A copy of one execution's record, or undefined. */
  getExecution(name: string): ExecutionRecord | undefined {
    const record = this.executions.get(name);
    return record && structuredClone(record);
  }

  /** Copies of every execution's record, oldest first. */
  executionRecords(): ExecutionRecord[] {
    return this.executions.all().map((record) => structuredClone(record));
  }

  /** See ExecutionWaiters.waitForExecution. */
  waitForExecution(name: string, status?: ExecutionStatus | ExecutionStatus[], options: { timeoutMs?: number } = {}): Promise<ExecutionRecord> {
    return this.waiters.waitForExecution(name, status, options);
  }

  /** See ExecutionWaiters.waitForState. */
  waitForState(name: string, stateName: string, options: { count?: number; timeoutMs?: number } = {}): Promise<ExecutionRecord> {
    return this.waiters.waitForState(name, stateName, options);
  }

  /** See ExecutionWaiters.waitForCallbackTask. */
  waitForCallbackTask(name: string, options: { count?: number; timeoutMs?: number } = {}): Promise<ExecutionRecord> {
    return this.waiters.waitForCallbackTask(name, options);
  }
}
