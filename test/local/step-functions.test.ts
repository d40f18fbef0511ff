/**
 * The local Step Functions service, driven through a real SFNClient exactly as handlers drive it.
 *
 * It runs the REAL workflow definition; only the functions its tasks invoke are fakes that record
 * their calls. That is deliberate: these tests are about the runner (tokens, timeouts, retries,
 * names, persistence), not the handlers, which have tests of their own.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { LocalStepFunctions, type LocalStepFunctionsOptions } from '../../infra/local/step-functions/index.ts';
import { localCredentials } from '../../infra/local/services.ts';
import { loadWorkflowDefinition } from '../../workflows/definition.ts';

const stateMachineArn = 'arn:aws:states:eu-west-2:000000000000:stateMachine:commission-workflow';

interface Call {
  functionName: string;
  payload: Record<string, unknown>;
}

type Behaviour = (payload: Record<string, unknown>, call: number) => unknown;

/**
 * Fake functions standing in for the handlers. By default a commission is open on its first
 * EnterStage and closed on the next one, so one approval completes the workflow.
 */
function fakeFunctions(overrides: Record<string, Behaviour> = {}) {
  const calls: Call[] = [];
  const tokens: string[] = [];
  const tokenWaiters: Array<() => void> = [];
  const behaviours: Record<string, Behaviour> = {
    'enter-stage': (_payload, call) => ({ stage: call === 1 ? 'ENQUIRY' : 'COMPLETED', revision: 0, closed: call > 1 }),
    'await-decision': () => ({ stored: true }),
    'chase-stalled-stage': () => ({ action: 'abandon' }),
    'record-failure': () => ({ recorded: true }),
    ...overrides,
  };
  const invoke = async (functionName: string, payload: unknown) => {
    const body = payload as Record<string, unknown>;
    calls.push({ functionName, payload: body });
    if (typeof body.taskToken === 'string') {
      tokens.push(body.taskToken);
      tokenWaiters.splice(0).forEach((wake) => wake());
    }
    const count = calls.filter((call) => call.functionName === functionName).length;
    const behaviour = behaviours[functionName];
    if (!behaviour) throw new Error(`no fake for ${functionName}`);
    return behaviour(body, count);
  };
  /** The token handed to the n-th (1-based) await-decision call, once it has been made. */
  async function token(n: number): Promise<string> {
    while (tokens.length < n) await new Promise<void>((wake) => tokenWaiters.push(wake));
    return tokens[n - 1]!;
  }
  const callsTo = (name: string) => calls.filter((call) => call.functionName === name);
  return { invoke, calls, callsTo, token };
}

const running: LocalStepFunctions[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.close()));
});

async function startService(invoke: LocalStepFunctionsOptions['invoke'], options: Partial<LocalStepFunctionsOptions> = {}) {
  const logs: string[] = [];
  const service = new LocalStepFunctions({
    definition: loadWorkflowDefinition(),
    invoke,
    stateMachineArn,
    retryIntervalMs: 0,
    log: (line) => logs.push(line),
    ...options,
  });
  running.push(service);
  await service.start();
  const { endpoint } = await service.listen(0);
  const sfn = new SFNClient({ endpoint, region: 'eu-west-2', credentials: localCredentials });
  return { service, sfn, logs, endpoint };
}

const input = (commissionId: string) => JSON.stringify({ commissionId });

describe('StartExecution', () => {
  it('returns the same execution for the same name and input while it runs', async () => {
    const fakes = fakeFunctions();
    const { service, sfn } = await startService(fakes.invoke);
    const name = `c-${randomUUID()}`;

    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));
    const second = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));

    expect(second.executionArn).toBe(first.executionArn);
    expect(first.executionArn).toBe(`arn:aws:states:eu-west-2:000000000000:execution:commission-workflow:${name}`);
    expect(second.startDate?.getTime()).toBe(first.startDate?.getTime());
    await fakes.token(1);
    expect(fakes.callsTo('enter-stage')).toHaveLength(1);
    expect(service.calls.startExecution).toBe(2);
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(listed.executions?.map((execution) => execution.name)).toEqual([name]);
  });

  it('refuses the same name with another input, or once the execution has ended', async () => {
    const fakes = fakeFunctions({ 'enter-stage': () => ({ stage: 'COMPLETED', revision: 0, closed: true }) });
    const { service, sfn } = await startService(fakes.invoke);
    const name = `c-${randomUUID()}`;
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));
    await service.waitForExecution(name, 'SUCCEEDED');

    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input('other') }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('refuses another state machine', async () => {
    const { sfn } = await startService(fakeFunctions().invoke);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}-other`, name: 'x', input: '{}' })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });
});

describe('a waiting task', () => {
  it('resumes on SendTaskSuccess with a fresh token, then refuses that token again', async () => {
    const fakes = fakeFunctions();
    const { service, sfn, logs } = await startService(fakes.invoke);
    const name = `c-${randomUUID()}`;
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));

    const token = await fakes.token(1);
    expect(fakes.callsTo('await-decision')[0]!.payload).toEqual({
      schemaVersion: 1,
      commissionId: name,
      stage: 'ENQUIRY',
      revision: 0,
      taskToken: token,
    });
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'approve' }) }));
    const record = await service.waitForExecution(name, 'SUCCEEDED');

    expect(fakes.calls.map((call) => call.functionName)).toEqual(['enter-stage', 'await-decision', 'enter-stage']);
    // EnterStage, IsCommissionClosed, AwaitDesignerDecision, IsAwaitingAgain, EnterStage, IsCommissionClosed, CommissionClosed
    expect(record.transitions).toBe(7);
    expect(record.lambdaInvocations).toBe(3);
    expect(record.invocationsByFunction).toEqual({ 'enter-stage': 2, 'await-decision': 1 });
    expect(service.calls.sendTaskSuccess).toBe(1);

    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: record.executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect(described.stopDate).toBeInstanceOf(Date);
    // Rule 4: transitions are logged, tokens never.
    expect(logs.some((line) => line.includes('AwaitDesignerDecision'))).toBe(true);
    expect(logs.join('\n')).not.toContain(token);
  });

  it('accepts an answer sent while the waiting function itself is still running', async () => {
    const fakes = fakeFunctions({
      'await-decision': async (payload) => {
        await sfn.send(new SendTaskSuccessCommand({ taskToken: payload.taskToken as string, output: '{"decision":"approve"}' }));
        return { stored: true };
      },
    });
    // The fake reads `sfn` only when the workflow invokes it, after the service has started.
    const { sfn, service } = await startService(fakes.invoke);
    const name = `c-${randomUUID()}`;
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));
    await service.waitForExecution(name, 'SUCCEEDED');
  });

  it('times out after the overridden TimeoutSeconds; the token then answers TaskTimedOut', async () => {
    const fakes = fakeFunctions();
    const { service, sfn } = await startService(fakes.invoke, { taskTimeoutSecondsOverride: 0.3 });
    const name = `c-${randomUUID()}`;
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));
    const token = await fakes.token(1);

    // The fake chase abandons at once: ChaseStalledStage → IsStageAbandoned → RecordFailure → WorkflowFailed.
    const record = await service.waitForExecution(name, 'FAILED');
    expect(record.error).toBe('CommissionWorkflowFailed');
    expect(fakes.callsTo('chase-stalled-stage')).toHaveLength(1);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('loops back to wait again after a reminder, with a new token each time', async () => {
    const fakes = fakeFunctions({
      // Open on entry and again after the reminder; closed after the approval.
      'enter-stage': (_payload, call) => ({ stage: call < 3 ? 'DESIGN' : 'COMPLETED', revision: 0, closed: call >= 3 }),
      'chase-stalled-stage': () => ({ action: 'remind' }),
    });
    const { service, sfn } = await startService(fakes.invoke, { taskTimeoutSecondsOverride: 0.2 });
    const name = `c-${randomUUID()}`;
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));

    const first = await fakes.token(1);
    const second = await fakes.token(2);
    expect(second).not.toBe(first);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: second, output: '{}' }));
    await service.waitForExecution(name, 'SUCCEEDED');
    expect(fakes.calls.map((call) => call.functionName)).toEqual([
      'enter-stage',
      'await-decision',
      'chase-stalled-stage',
      'enter-stage',
      'await-decision',
      'enter-stage',
    ]);
  });

  it('routes SendTaskFailure to the Catch with its error and cause', async () => {
    const fakes = fakeFunctions();
    const { service, sfn } = await startService(fakes.invoke);
    const name = `c-${randomUUID()}`;
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));
    const token = await fakes.token(1);

    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'DecisionRejected', cause: 'no longer wanted' }));
    await service.waitForExecution(name, 'FAILED');

    const [recorded] = fakes.callsTo('record-failure');
    expect(recorded!.payload.input).toMatchObject({ commissionId: name, failure: { Error: 'DecisionRejected', Cause: 'no longer wanted' } });
    await expect(sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Again' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('retries a failing waiting function with a fresh token and retires the old one', async () => {
    const fakes = fakeFunctions({
      'await-decision': (_payload, call) => {
        if (call === 1) throw Object.assign(new Error('throttled'), { name: 'TransientError' });
        return { stored: true };
      },
    });
    const { service, sfn } = await startService(fakes.invoke);
    const name = `c-${randomUUID()}`;
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));

    const failed = await fakes.token(1);
    const retried = await fakes.token(2);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: failed, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: retried, output: '{}' }));
    const record = await service.waitForExecution(name, 'SUCCEEDED');
    expect(record.invocationsByFunction['await-decision']).toBe(2);
  });

  it('sends a function error that is not retried to the Catch as the Lambda integration would', async () => {
    const fakes = fakeFunctions({
      'enter-stage': () => {
        throw Object.assign(new Error('record missing'), { name: 'CommissionNotFound' });
      },
    });
    const { service, sfn } = await startService(fakes.invoke);
    const name = `c-${randomUUID()}`;
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));
    await service.waitForExecution(name, 'FAILED');

    const [recorded] = fakes.callsTo('record-failure');
    const failure = (recorded!.payload.input as { failure: { Error: string; Cause: string } }).failure;
    expect(failure.Error).toBe('CommissionNotFound');
    expect(JSON.parse(failure.Cause)).toEqual({ errorType: 'CommissionNotFound', errorMessage: 'record missing' });
    expect(fakes.callsTo('enter-stage')).toHaveLength(1);
  });

  it('tells unknown, malformed and non-JSON answers apart', async () => {
    const fakes = fakeFunctions();
    const { sfn } = await startService(fakes.invoke);
    const name = `c-${randomUUID()}`;
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));
    const token = await fakes.token(1);

    const unknown = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: unknown, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'approve' }))).rejects.toBeInstanceOf(InvalidOutput);
    // A refused output leaves the task waiting.
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
  });
});

describe('a restart', () => {
  it('resumes executions persisted to the state file, with new tokens', async () => {
    const stateFile = join(await mkdtemp(join(tmpdir(), 'local-sfn-')), 'step-functions.json');
    const before = fakeFunctions();
    const first = await startService(before.invoke, { stateFile });
    const name = `c-${randomUUID()}`;
    await first.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }));
    const oldToken = await before.token(1);
    await first.service.close();

    const saved = await readFile(stateFile, 'utf8');
    expect(JSON.parse(saved).executions).toMatchObject([{ name, status: 'RUNNING', input: input(name) }]);
    expect(saved).not.toContain(oldToken);

    const after = fakeFunctions();
    const second = await startService(after.invoke, { stateFile });
    const newToken = await after.token(1);
    expect(after.callsTo('enter-stage')[0]!.payload).toEqual({ schemaVersion: 1, commissionId: name });
    await expect(second.sfn.send(new SendTaskSuccessCommand({ taskToken: oldToken, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);

    await second.sfn.send(new SendTaskSuccessCommand({ taskToken: newToken, output: '{}' }));
    const record = await second.service.waitForExecution(name, 'SUCCEEDED');
    expect(record.runs).toBe(2);
    // Still the same execution: its name cannot be started again.
    await expect(second.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: input(name) }))).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );
    await second.service.flush();
    expect(JSON.parse(await readFile(stateFile, 'utf8')).executions).toMatchObject([{ name, status: 'SUCCEEDED' }]);
  });
});
