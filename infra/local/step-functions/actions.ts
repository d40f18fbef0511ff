/**
 * What each Step Functions action does and refuses, as AWS does it, independent of HTTP:
 * StartExecution, SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat, DescribeExecution and
 * ListExecutions, on the one state machine this service runs.
 */
import { randomUUID } from 'node:crypto';
import { executionArnFor, MAX_PAYLOAD_BYTES, StepFunctionsError, type ExecutionRecord, type ExecutionStatus } from './execution-record.ts';
import type { Executions } from './executions.ts';
import type { TaskTokens } from './task-tokens.ts';

// Control characters are refused on purpose, as Step Functions refuses them in execution names.
// eslint-disable-next-line no-control-regex
const EXECUTION_NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

export interface ListExecutionsRequest {
  stateMachineArn?: string;
  statusFilter?: ExecutionStatus;
  maxResults?: number;
  nextToken?: string;
}

export class StepFunctionsActions {
  /** API calls received, successful or not (ListExecutions is not counted). */
  readonly calls = { startExecution: 0, sendTaskSuccess: 0, sendTaskFailure: 0, sendTaskHeartbeat: 0, describeExecution: 0 };

  constructor(
    private readonly stateMachineArn: string,
    private readonly executions: Executions,
    private readonly tokens: TaskTokens,
  ) {}

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }): { executionArn: string; startDate: Date } {
    this.calls.startExecution += 1;
    if (unqualified(request.stateMachineArn) !== this.stateMachineArn) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    }
    const name = request.name ?? randomUUID();
    if (!EXECUTION_NAME_PATTERN.test(name)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    if (Buffer.byteLength(input) > MAX_PAYLOAD_BYTES) throw new StepFunctionsError('InvalidExecutionInput', 'Input is larger than 256 KB');
    try {
      JSON.parse(input);
    } catch {
      throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: the input is not valid JSON');
    }

    const existing = this.executions.get(name);
    if (existing) {
      // AWS Standard workflows: same name and same input while RUNNING is the same call again.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: existing.executionArn, startDate: new Date(existing.startDate) };
      }
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
    }
    if (!this.executions.accepting) throw new StepFunctionsError('ServiceUnavailable', 'The local Step Functions service is stopped');

    const record = this.executions.start(name, input);
    return { executionArn: record.executionArn, startDate: new Date(record.startDate) };
  }

  sendTaskSuccess(request: { taskToken?: string; output?: string }): Record<string, never> {
    this.calls.sendTaskSuccess += 1;
    this.tokens.succeed(request.taskToken, request.output);
    return {};
  }

  sendTaskFailure(request: { taskToken?: string; error?: string; cause?: string }): Record<string, never> {
    this.calls.sendTaskFailure += 1;
    this.tokens.fail(request.taskToken, request.error, request.cause);
    return {};
  }

  sendTaskHeartbeat(request: { taskToken?: string }): Record<string, never> {
    this.calls.sendTaskHeartbeat += 1;
    this.tokens.heartbeat(request.taskToken);
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

  listExecutions(request: ListExecutionsRequest = {}) {
    if (request.stateMachineArn !== undefined && unqualified(request.stateMachineArn) !== this.stateMachineArn) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    }
    // Newest first, as AWS lists them.
    const all = this.executions
      .all()
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

  private recordForArn(executionArn: string | undefined): ExecutionRecord {
    const prefix = executionArnFor(this.stateMachineArn, '');
    if (typeof executionArn !== 'string' || !/^arn:aws:states:[^:]*:\d{12}:execution:[^:]+:[^:]+$/.test(executionArn)) {
      throw new StepFunctionsError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    }
    const record = executionArn.startsWith(prefix) ? this.executions.get(executionArn.slice(prefix.length)) : undefined;
    if (!record) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }
}

/**
 * On AWS executions start through an alias (`…:stateMachine:name:live`) or a version
 * (`…:name:3`); locally there is one definition, so every qualifier names it.
 */
function unqualified(arn: string | undefined): string | undefined {
  return arn?.split(':').slice(0, 7).join(':');
}
