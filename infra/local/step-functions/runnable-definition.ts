/**
 * Turns the deployed workflow definition into the one this service runs: placeholders filled
 * with catalogue function names, validated as written, then the local overrides applied.
 */
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { functionCatalogue } from '../../../functions/catalogue.ts';
import { substitutePlaceholders } from '../../../workflows/definition.ts';

// setTimeout holds a signed 32-bit number of ms; a longer TimeoutSeconds would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `definition` with `${Placeholder}`s unfilled (they become catalogue function names) or filled;
 * `taskTimeoutSecondsOverride` replaces TimeoutSeconds of every `.waitForTaskToken` state.
 */
export function runnableDefinition(definition: unknown, taskTimeoutSecondsOverride: number | undefined): StateMachineDefinition {
  const functionNames = Object.fromEntries(
    functionCatalogue.flatMap((spec) => ('workflowPlaceholder' in spec ? [[spec.workflowPlaceholder, spec.name]] : [])),
  );
  const filled = substitutePlaceholders(definition, functionNames) as StateMachineDefinition;
  // Validate the definition as written; the copy actually run may carry test overrides
  // (fractional timeouts) that the validator's schema would refuse.
  new StateMachine(filled);
  return withTaskTimeouts(filled, taskTimeoutSecondsOverride);
}

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
