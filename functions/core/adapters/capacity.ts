/**
 * Opt-in DynamoDB capacity accounting, for the cost benchmark (infra/bench/): with
 * `DYNAMODB_CAPACITY_ACCOUNTING=1` set when a client is built, every call asks DynamoDB for its
 * ConsumedCapacity and adds it to a process-wide tally. Without it (the default, and on AWS)
 * the client is returned untouched.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const CAPACITY_ACCOUNTING_ENV = 'DYNAMODB_CAPACITY_ACCOUNTING';

export interface CapacityTally {
  readUnits: number;
  writeUnits: number;
  /** Calls per command name, e.g. `GetItemCommand`. */
  calls: Record<string, number>;
  /**
   * Conditional writes that were refused. DynamoDB bills them (at least 1 WRU) but returns no
   * ConsumedCapacity with the error; each is counted as 1 write unit.
   */
  conditionFailures: number;
}

// On globalThis, so the bench reads the same tally whichever copy of this module a handler loaded.
const TALLY = Symbol.for('bespoke-commissions.dynamodb-capacity');
type WithTally = typeof globalThis & { [TALLY]?: CapacityTally };

export function capacityTally(): CapacityTally {
  const scope = globalThis as WithTally;
  scope[TALLY] ??= { readUnits: 0, writeUnits: 0, calls: {}, conditionFailures: 0 };
  return scope[TALLY];
}

export function resetCapacityTally(): void {
  (globalThis as WithTally)[TALLY] = undefined;
}

const READS = /^(Get|BatchGet|Query|Scan)/;

/** Adds the accounting middleware if `DYNAMODB_CAPACITY_ACCOUNTING` is set; returns the client. */
export function meterCapacity<C extends DynamoDBDocumentClient>(client: C): C {
  if (!process.env[CAPACITY_ACCOUNTING_ENV]) return client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'UnknownCommand';
      const isRead = READS.test(command);
      const tally = capacityTally();
      tally.calls[command] = (tally.calls[command] ?? 0) + 1;
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'TOTAL';
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        for (const entry of [consumed].flat() as Array<{ CapacityUnits?: number } | undefined>) {
          const units = entry?.CapacityUnits ?? 0;
          if (isRead) tally.readUnits += units;
          else tally.writeUnits += units;
        }
        return result;
      } catch (error) {
        if ((error as { name?: string })?.name === 'ConditionalCheckFailedException') {
          tally.conditionFailures += 1;
          tally.writeUnits += 1;
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'capacityMeter' },
  );
  return client;
}
