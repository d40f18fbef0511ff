/**
 * Runs the catalogue's scheduled functions (`schedule: 'rate(N minutes)'`) on an interval, with
 * the event an EventBridge schedule rule delivers. Locally each also runs once at start-up: a
 * stack that was stopped missed its ticks, and the scheduled work (e.g. starting stranded
 * enquiries, rule 8) is idempotent.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { functionCatalogue, type FunctionSpec } from '../../functions/catalogue.ts';

export interface SchedulerOptions {
  invoke: (functionName: string, event: ScheduledEvent) => Promise<unknown>;
  /** Default AWS_REGION or eu-west-2. */
  region?: string;
  /** Replaces every schedule's interval (tests, demos). */
  intervalMsOverride?: number;
  /** Default true. */
  runAtStart?: boolean;
  log?: (line: string) => void;
}

export interface RunningScheduler {
  /** Resolves when every run in progress has finished; no run starts afterwards. */
  close(): Promise<void>;
}

/** Minutes between runs for `rate(N minutes)` (also `rate(1 minute)`). */
export function rateMinutes(expression: string): number {
  const match = /^rate\((\d+) minutes?\)$/.exec(expression);
  if (!match || Number(match[1]) < 1) throw new Error(`Unsupported schedule expression: ${expression}`);
  return Number(match[1]);
}

export function startScheduler(options: SchedulerOptions): RunningScheduler {
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  const log = options.log ?? ((line: string) => console.log(line));
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const scheduled = (functionCatalogue as readonly FunctionSpec[]).filter((spec) => spec.schedule !== undefined);
  for (const spec of scheduled) {
    const intervalMs = options.intervalMsOverride ?? rateMinutes(spec.schedule!) * 60_000;
    let running = false;
    const tick = () => {
      // EventBridge may overlap runs; locally one at a time is kinder to the laptop and equivalent for idempotent work.
      if (closed || running) return;
      running = true;
      const run = options
        .invoke(spec.name, scheduledEvent(spec.name, region))
        .then(
          () => undefined,
          (error: unknown) => log(`[schedule] ${spec.name} failed: ${(error as Error)?.name ?? 'Error'}`),
        )
        .finally(() => {
          running = false;
          inFlight.delete(run);
        });
      inFlight.add(run);
    };
    timers.push(setInterval(tick, intervalMs));
    if (options.runAtStart ?? true) tick();
  }

  return {
    async close() {
      closed = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}

function scheduledEvent(functionName: string, region: string): ScheduledEvent {
  const account = '000000000000';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/${functionName}-schedule`],
    detail: {},
  };
}
