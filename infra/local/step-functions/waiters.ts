/**
 * The hooks tests and the benchmark use to wait for an execution: until it settles in a status,
 * until its current run enters a state, or until it waits for a designer's callback.
 */
import type { EventEmitter } from 'node:events';
import type { ExecutionRecord, ExecutionStatus } from './execution-record.ts';
import type { Executions, RunProgress } from './executions.ts';

const FINAL_STATUSES: ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const DEFAULT_TIMEOUT_MS = 20_000;

interface Waiter {
  name: string;
  statuses: ExecutionStatus[];
  resolve(record: ExecutionRecord): void;
  reject(error: Error): void;
}

export class ExecutionWaiters {
  private readonly waiters = new Set<Waiter>();

  /** `events` emits 'progress' whenever a run enters a state or a callback task becomes ready. */
  constructor(
    private readonly executions: Executions,
    private readonly events: EventEmitter,
  ) {}

  /**
   * Resolves with the execution's record once its status is one of `status` (default: any
   * final status) and its event log has been fully counted; rejects if it ends in another final
   * status or `timeoutMs` passes.
   */
  waitForExecution(name: string, status?: ExecutionStatus | ExecutionStatus[], options: { timeoutMs?: number } = {}): Promise<ExecutionRecord> {
    const statuses = status === undefined ? FINAL_STATUSES : [status].flat();
    return new Promise<ExecutionRecord>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Execution ${name} did not reach ${statuses.join('/')} within ${timeoutMs} ms (now ${this.executions.get(name)?.status ?? 'unknown'})`));
      }, timeoutMs);
      const waiter: Waiter = {
        name,
        statuses,
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
      this.check(name);
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

  /** Settles the execution's status waiters, if its status is final for them. */
  check(name: string): void {
    const record = this.executions.get(name);
    if (!record) return;
    // Counts are final only once the run has finished (see Executions.run).
    const running = this.executions.isRunning(name);
    const settled = record.status === 'RUNNING' ? running : !running;
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

  /** Rejects every status waiter; for shutdown. */
  rejectAll(): void {
    for (const waiter of this.waiters) waiter.reject(new Error(`Local Step Functions closed while waiting for ${waiter.name}`));
    this.waiters.clear();
  }

  private waitForProgress(name: string, done: (progress: RunProgress) => boolean, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ExecutionRecord> {
    return new Promise<ExecutionRecord>((resolve, reject) => {
      const check = () => {
        const record = this.executions.get(name);
        const progress = this.executions.progressOf(name);
        if (!record || !progress || !done(progress)) return false;
        clearTimeout(timer);
        this.events.off('progress', check);
        resolve(structuredClone(record));
        return true;
      };
      const timer = setTimeout(() => {
        this.events.off('progress', check);
        reject(new Error(`Execution ${name} did not ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.events.on('progress', check);
    });
  }
}
