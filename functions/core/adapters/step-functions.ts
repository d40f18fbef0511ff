/**
 * The SDK calls into Step Functions, with the errors that mean "that task is closed" told apart
 * from faults. Handlers build the client; tests and the local run point it elsewhere by env.
 */
import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { ResumeFailure } from '#domain/ports';

export function sfnClient(): SFNClient {
  return new SFNClient({});
}

/**
 * Starts the commission's execution, named after the commission (reliability rule 1): a second
 * start with the same name is a no-op. Input: ids only (rule 7).
 */
export async function startCommissionWorkflow(sfn: SFNClient, stateMachineArn: string, commissionId: string) {
  try {
    await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: commissionId, input: JSON.stringify({ commissionId }) }),
    );
  } catch (error) {
    // Same name, already running or finished: the commission has its execution.
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

/** Answers a waiting task; tells which way a closed task is closed instead of throwing. */
export async function resumeTask(
  sfn: SFNClient,
  taskToken: string,
  output: Record<string, unknown>,
): Promise<ResumeFailure | undefined> {
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return undefined;
  } catch (error) {
    if (error instanceof TaskTimedOut) return 'task-timed-out';
    if (error instanceof TaskDoesNotExist || error instanceof InvalidToken) return 'task-gone';
    throw error;
  }
}
