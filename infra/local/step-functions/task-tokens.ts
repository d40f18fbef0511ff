/**
 * The task-token registry behind `.waitForTaskToken` tasks: issues a fresh token per task
 * attempt, resolves or fails the waiting task when SendTaskSuccess / SendTaskFailure names it,
 * and retires it when the task times out. It refuses tokens as AWS does: malformed
 * (InvalidToken), already closed (TaskTimedOut) or never issued by this process (TaskDoesNotExist).
 *
 * Tokens live in memory only: never logged, persisted or emitted (reliability rule 4).
 */
import { randomBytes } from 'node:crypto';
import { MAX_PAYLOAD_BYTES, StepFunctionsError, type JSONValue } from './execution-record.ts';

const TOKEN_PATTERN = /^lsfn1\.[A-Za-z0-9_-]{64}$/;
// Enough to answer TaskTimedOut for late callbacks without growing forever.
const CLOSED_TOKENS_KEPT = 10_000;

interface OpenTask {
  timer: NodeJS.Timeout;
  resolve(output: JSONValue): void;
  reject(error: Error): void;
}

export class TaskTokens {
  private readonly open = new Map<string, OpenTask>();
  private readonly closed = new Set<string>();

  /**
   * Registers a new token whose task settles with the SendTaskSuccess output or the
   * SendTaskFailure error. After `timeoutMs` the token closes (later calls answer TaskTimedOut);
   * failing the state is the library's job, with its own timer.
   */
  issue(timeoutMs: number): { token: string; result: Promise<JSONValue> } {
    const token = `lsfn1.${randomBytes(48).toString('base64url')}`;
    const { promise, resolve, reject } = Promise.withResolvers<JSONValue>();
    // The library raises States.Timeout from its own timer, created right after the task
    // override returns with the same delay; this one was created first, so it fires first and
    // the token is already closed (TaskTimedOut) when the state fails.
    const timer = setTimeout(() => this.close(token), timeoutMs);
    this.open.set(token, { timer, resolve, reject });
    return { token, result: promise };
  }

  isOpen(token: string): boolean {
    return this.open.has(token);
  }

  /** SendTaskSuccess. A refused output leaves the token open, as AWS does. */
  succeed(token: string | undefined, outputText = ''): void {
    const task = this.take(token);
    let output: JSONValue;
    try {
      if (Buffer.byteLength(outputText) > MAX_PAYLOAD_BYTES) throw new Error('too large');
      output = JSON.parse(outputText) as JSONValue;
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Invalid Output: the output must be JSON text of at most 256 KB');
    }
    this.close(token!);
    task.resolve(output);
  }

  /** SendTaskFailure. */
  fail(token: string | undefined, errorName: string | undefined, cause: string | undefined): void {
    const task = this.take(token);
    this.close(token!);
    // Step Functions matches Retry/Catch on the error name; without one only States.ALL (and
    // States.TaskFailed) can match, which an empty-looking name would make confusing locally.
    const error = new Error(cause ?? '');
    error.name = errorName || 'States.TaskFailed';
    task.reject(error);
  }

  /** SendTaskHeartbeat: only checks the token; this service keeps no heartbeat clock. */
  heartbeat(token: string | undefined): void {
    this.take(token);
  }

  /** Fails the task with `error` if its token is still open (its function failed first). */
  reject(token: string, error: () => Error): void {
    const task = this.open.get(token);
    if (!task) return;
    this.close(token);
    task.reject(error());
  }

  /** Fails every waiting task, each with its own error; for shutdown. */
  rejectAll(error: () => Error): void {
    for (const [token, task] of this.open) {
      this.close(token);
      task.reject(error());
    }
  }

  private take(token: string | undefined): OpenTask {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new StepFunctionsError('InvalidToken', 'Invalid Token');
    const task = this.open.get(token);
    if (task) return task;
    // What AWS answers for a token whose task already completed, failed or timed out.
    if (this.closed.has(token)) throw new StepFunctionsError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  private close(token: string): void {
    const task = this.open.get(token);
    if (!task) return;
    clearTimeout(task.timer);
    this.open.delete(token);
    this.closed.add(token);
    if (this.closed.size > CLOSED_TOKENS_KEPT) {
      const oldest = this.closed.values().next().value;
      if (oldest !== undefined) this.closed.delete(oldest);
    }
  }
}
