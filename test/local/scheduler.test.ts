/** Scheduled functions run locally as EventBridge would call them: on their rate, with a Scheduled Event. */
import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { functionCatalogue, type FunctionSpec } from '../../functions/catalogue.ts';
import { rateMinutes, startScheduler } from '../../infra/local/scheduler.ts';

const scheduled = (functionCatalogue as readonly FunctionSpec[]).filter((spec) => spec.schedule).map((spec) => spec.name);

describe('the local scheduler', () => {
  it('reads rate expressions', () => {
    expect(rateMinutes('rate(5 minutes)')).toBe(5);
    expect(rateMinutes('rate(1 minute)')).toBe(1);
    expect(() => rateMinutes('cron(0 12 * * ? *)')).toThrow(/Unsupported/);
  });

  it('runs each scheduled function at start and then on its interval, one run at a time, until closed', async () => {
    expect(scheduled.length).toBeGreaterThan(0);
    const calls: Array<{ name: string; event: ScheduledEvent }> = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scheduler = startScheduler({
      intervalMsOverride: 20,
      region: 'eu-west-2',
      log: () => {},
      invoke: async (name, event) => {
        calls.push({ name, event });
        // Each function's first run is slow: its ticks meanwhile are skipped.
        if (calls.filter((call) => call.name === name).length === 1) await gate;
      },
    });
    expect(calls.map((call) => call.name)).toEqual(scheduled);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toHaveLength(scheduled.length);
    release();
    await expect.poll(() => calls.length).toBeGreaterThan(scheduled.length);
    await scheduler.close();
    const after = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toHaveLength(after);

    expect(calls[0]!.event).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      region: 'eu-west-2',
      account: '000000000000',
      detail: {},
    });
    expect(calls[0]!.event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
