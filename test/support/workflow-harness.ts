/**
 * The workflow as it runs locally: the very definition CDK deploys, executed by
 * aws-local-stepfunctions through the local Step Functions endpoint, its tasks calling the real
 * handler modules, against dynalite and aws-ses-v2-local.
 */
import { expect } from 'vitest';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { LocalStepFunctions } from '../../infra/local/step-functions/index.ts';
import { loadWorkflowDefinition } from '../../workflows/definition.ts';
import { api, designer, eventually, verifyOriginForSourcing, type Caller } from './api.ts';
import { approvals, LIFECYCLE } from './fixtures.ts';
import { useLocalServices } from './local-env.ts';
import { payBefore } from './payments.ts';

export async function startWorkflowHarness(
  options: {
    taskTimeoutSecondsOverride?: number;
    env?: Record<string, string>;
    /** Leave the seeded registry unverified (by default SOTRAMI's Fairtrade gold, the fixtures' origin, is verified). */
    unverifiedRegistry?: boolean;
  } = {},
) {
  const services = await useLocalServices(options.env);
  // A studio records a check of the certificate before sourcing from an origin; the fixtures source from SOTRAMI.
  if (!options.unverifiedRegistry) await verifyOriginForSourcing();
  const stepFunctions = new LocalStepFunctions({
    definition: loadWorkflowDefinition(),
    invoke: invokeFunction,
    retryIntervalMs: 5,
    log: () => {},
    ...(options.taskTimeoutSecondsOverride !== undefined && { taskTimeoutSecondsOverride: options.taskTimeoutSecondsOverride }),
  });
  const { endpoint } = await stepFunctions.listen(0);
  process.env.AWS_ENDPOINT_URL_SFN = endpoint;
  await stepFunctions.start();

  /** Waits until the commission awaits a decision on `stage` (and `revision`, if given). */
  async function awaitingDecision(id: string, stage: string, revision?: number) {
    return eventually(async () => {
      const { body } = await api.get(id);
      expect(body.awaiting?.stage).toBe(stage);
      if (revision !== undefined) expect(body.revision).toBe(revision);
      return body;
    });
  }

  /** Waits until the commission awaits the customer's answer to a design proposal (of `revision`, if given). */
  async function awaitingCustomer(id: string, revision?: number) {
    return eventually(async () => {
      const { body } = await api.get(id);
      expect(body.awaiting).toMatchObject({ stage: 'DESIGN', party: 'customer' });
      if (revision !== undefined) expect(body.revision).toBe(revision);
      return body;
    });
  }

  /** The design signed off: the studio (`caller`) proposes, the customer approves on their status page. */
  async function signOffDesign(id: string, caller: Caller = designer(), details: Record<string, unknown> = approvals.DESIGN) {
    const proposed = await api.decide(id, { stage: 'DESIGN', decision: 'propose', details }, caller);
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202);
    const waiting = await awaitingCustomer(id);
    const answer = await api.answerDesign(id, { decision: 'approve', revision: waiting.revision });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  }

  /**
   * Approves every stage from `from` on, as `caller`, waiting for each to be awaited (DESIGN:
   * proposed and approved by the customer), and recording what is due first (the deposit before
   * SOURCING, the balance before DELIVERY).
   */
  async function approveThrough(id: string, caller: Caller = designer(), from = 0, to: number = LIFECYCLE.length) {
    for (const stage of LIFECYCLE.slice(from, to)) {
      await awaitingDecision(id, stage);
      if (stage === 'DESIGN') {
        await signOffDesign(id, caller);
        continue;
      }
      // The deposit before SOURCING, the balance before DELIVERY.
      await payBefore(id, stage, caller);
      const answer = await api.decide(id, { stage, decision: 'approve', details: approvals[stage] }, caller);
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    }
  }

  return {
    ...services,
    stepFunctions,
    awaitingDecision,
    awaitingCustomer,
    signOffDesign,
    approveThrough,
    close: () => stepFunctions.close(),
  };
}
