/**
 * Runs executions of the workflow with aws-local-stepfunctions and keeps their records.
 *
 * Every Task state is overridden to call the handler modules through the injected `invoke`,
 * shaped like the real `lambda:invoke` integration; `.waitForTaskToken` tasks hand the function a
 * fresh token from the registry and wait for its callback. Transitions are logged by state name
 * only, without payloads.
 */
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { ExecutionError, ExecutionTimeoutError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { executionArnFor, type ExecutionRecord, type JSONValue, type WorkflowEvent } from './execution-record.ts';
import { integrationResult, lambdaError, taskParameters, withTaskToken } from './lambda-integration.ts';
import { runnableDefinition } from './runnable-definition.ts';
import type { TaskTokens } from './task-tokens.ts';

export type InvokeFunction = (functionName: string, payload: unknown) => Promise<unknown>;

// The library's own default for a Task without TimeoutSeconds.
const LIBRARY_DEFAULT_TASK_TIMEOUT_SECONDS = 60;

interface Run {
  abort(): void;
  stopped: boolean;
}

/** What the wait hooks look at: the latest run only, since a resumed run starts again from the top. */
export interface RunProgress {
  statesEntered: Record<string, number>;
  /**
   * `.waitForTaskToken` tasks whose function returned while their token was still open: from
   * then on the token is stored (by contract) and the task waits only for its callback.
   */
  callbackTasksReady: number;
}

export interface ExecutionsOptions {
  /** The workflow definition, `${Placeholder}`s unfilled or filled (see runnable-definition.ts). */
  definition: unknown;
  taskTimeoutSecondsOverride: number | undefined;
  retryIntervalMs: number | undefined;
  invoke: InvokeFunction;
  stateMachineArn: string;
  tokens: TaskTokens;
  log: (line: string) => void;
  /** Receives 'execution' (a copy of a record that started or ended), 'transition' (a WorkflowEvent) and 'progress'. */
  events: EventEmitter;
  /** Called whenever the records changed in a way worth saving. */
  onRecordsChanged(): void;
  /** Called once a run has ended and its event log has been fully counted. */
  onRunEnded(name: string): void;
}

export class Executions {
  private readonly definition: StateMachineDefinition;
  private readonly machine: StateMachine;
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly runs = new Map<string, Run>();
  private readonly progress = new Map<string, RunProgress>();
  /** Stands in for `$$.Task.Token` in the one per-execution context; replaced per task attempt. */
  private readonly tokenSentinel = `local-task-token-${randomUUID()}`;
  private stopped = false;

  constructor(private readonly options: ExecutionsOptions) {
    this.definition = runnableDefinition(options.definition, options.taskTimeoutSecondsOverride);
    this.machine = new StateMachine(this.definition, { validationOptions: { noValidate: true } });
  }

  /** False between `stop()` and `reopen()`: no new execution may start. */
  get accepting(): boolean {
    return !this.stopped;
  }

  reopen(): void {
    this.stopped = false;
  }

  /**
   * Stops every run without changing its recorded status, and fails every waiting task so no
   * further state runs.
   */
  stop(): void {
    this.stopped = true;
    for (const run of this.runs.values()) {
      run.stopped = true;
      run.abort();
    }
    this.options.tokens.rejectAll(stoppedError);
    this.runs.clear();
  }

  /** The live record (not a copy), or undefined. */
  get(name: string): ExecutionRecord | undefined {
    return this.records.get(name);
  }

  /** The live records, oldest first. */
  all(): ExecutionRecord[] {
    return [...this.records.values()];
  }

  /** Takes over a record saved by an earlier process, replacing any of the same name. */
  adopt(record: ExecutionRecord): void {
    this.records.set(record.name, record);
  }

  /** Whether a run of the execution is in progress or its event log is still being counted. */
  isRunning(name: string): boolean {
    return this.runs.has(name);
  }

  progressOf(name: string): RunProgress | undefined {
    return this.progress.get(name);
  }

  /** Records a new execution and runs it; the caller has checked the name and input. */
  start(name: string, input: string): ExecutionRecord {
    const record: ExecutionRecord = {
      name,
      executionArn: executionArnFor(this.options.stateMachineArn, name),
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
      transitions: 0,
      statesEntered: {},
      lambdaInvocations: 0,
      invocationsByFunction: {},
      runs: 1,
    };
    this.records.set(name, record);
    this.options.log(`[sfn] ${name} started`);
    this.run(record);
    this.options.onRecordsChanged();
    this.options.events.emit('execution', { ...record });
    return record;
  }

  /** Runs the definition from the start with the record's input, counting into the record. */
  run(record: ExecutionRecord): void {
    const { events, stateMachineArn } = this.options;
    const name = record.name;
    const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [stateName, state] of Object.entries(this.definition.States)) {
      if (state.Type !== 'Task') continue;
      const waits = state.Resource.endsWith('.waitForTaskToken');
      const timeoutMs = (state.TimeoutSeconds ?? LIBRARY_DEFAULT_TASK_TIMEOUT_SECONDS) * 1000;
      handlers[stateName] = waits ? (input) => this.invokeAndWait(name, timeoutMs, input) : (input) => this.invokeLambda(name, input);
      if (this.options.retryIntervalMs !== undefined && state.Retry) retryIntervalOverrides[stateName] = this.options.retryIntervalMs;
    }

    const execution = this.machine.run(JSON.parse(record.input) as JSONValue, {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: record.executionArn, Name: name, RoleArn: 'arn:aws:iam::000000000000:role/local-step-functions' },
        StateMachine: { Id: stateMachineArn, Name: stateMachineArn.split(':').at(-1) },
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
          events.emit('transition', summary);
          events.emit('progress');
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
      this.options.log(`[sfn] ${name} ${record.status}${record.error ? ` (${record.error})` : ''}`);
      this.options.onRecordsChanged();
      events.emit('execution', structuredClone(record));
      this.options.onRunEnded(name);
    });
  }

  /** `arn:aws:states:::lambda:invoke`: the integration's `{Payload}` result, or the function's error. */
  private async invokeLambda(executionName: string, input: JSONValue): Promise<JSONValue> {
    const { FunctionName, Payload } = taskParameters(input);
    if (this.stopped) throw stoppedError();
    this.countInvocation(executionName, FunctionName);
    try {
      const result = await this.options.invoke(FunctionName, Payload);
      return integrationResult(result);
    } catch (error) {
      throw lambdaError(error);
    }
  }

  /**
   * `arn:aws:states:::lambda:invoke.waitForTaskToken`: a fresh token per attempt, registered
   * before the function runs (it may answer during its own invocation); the task's result is
   * the SendTaskSuccess output. If the function fails first, the task fails with its error.
   */
  private invokeAndWait(executionName: string, timeoutMs: number, input: JSONValue): Promise<JSONValue> {
    const { FunctionName, Payload } = taskParameters(input);
    if (this.stopped) return Promise.reject(stoppedError());
    const { tokens, events } = this.options;
    const { token, result } = tokens.issue(timeoutMs);
    this.countInvocation(executionName, FunctionName);
    this.options.invoke(FunctionName, withTaskToken(Payload, this.tokenSentinel, token)).then(
      () => {
        const progress = this.progress.get(executionName);
        if (!progress || !tokens.isOpen(token)) return;
        progress.callbackTasksReady += 1;
        events.emit('progress');
      },
      (error: unknown) => tokens.reject(token, () => lambdaError(error)),
    );
    return result;
  }

  private countInvocation(executionName: string, functionName: string): void {
    const record = this.records.get(executionName);
    if (!record) return;
    record.lambdaInvocations += 1;
    record.invocationsByFunction[functionName] = (record.invocationsByFunction[functionName] ?? 0) + 1;
  }

  private logEvent(event: WorkflowEvent): void {
    const log = this.options.log;
    switch (event.type) {
      case 'StateEntered':
        log(`[sfn] ${event.executionName} → ${event.stateName}`);
        break;
      case 'StateFailed':
        log(`[sfn] ${event.executionName} ✗ ${event.stateName}: ${event.error}`);
        break;
      case 'StateRetried':
        log(`[sfn] ${event.executionName} ↻ ${event.stateName} retried`);
        break;
      case 'StateCaught':
        log(`[sfn] ${event.executionName} ⤷ ${event.stateName} error caught`);
        break;
      default:
        break;
    }
  }
}

/** Ends a run on stop(): neither retried nor caught, so no further state runs. */
function stoppedError(): Error {
  return Object.assign(new Error('The local Step Functions service stopped'), {
    name: 'LocalStepFunctionsStopped',
    isRetryable: false,
    isCatchable: false,
  });
}
