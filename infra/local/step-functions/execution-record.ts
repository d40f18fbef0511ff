/**
 * What every part of the local Step Functions service shares: an execution's record, the
 * payload-free workflow events, and the AWS-shaped error the actions throw.
 */

export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

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

/** Step Functions' limit on an execution's input and on a task's output. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** An error the JSON protocol reports as `{"__type": name, "message"}` with HTTP 400. */
export class StepFunctionsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export function executionArnFor(stateMachineArn: string, name: string): string {
  const [, , , region, account, , machineName] = stateMachineArn.split(':');
  return `arn:aws:states:${region}:${account}:execution:${machineName}:${name}`;
}
