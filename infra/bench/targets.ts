/**
 * The bench's targets and how results are judged against them (apart from bench.ts, so the
 * judgement can be exercised on made-up results without running the bench).
 */
export const targets = {
  nonSdkBytesPerFunction: 100 * 1024,
  /** Init CPU over the SDK floor, for functions whose floor holds SDK clients (median of paired runs). */
  initFloorRatio: 1.3,
  /**
   * For functions that load no SDK: CPU ms their own code costs at cold start over bare node —
   * importing the bundle and serving one invocation, minus the same for an empty handler built and
   * run the same way (median of paired runs; see init.ts). The threshold is as it was; what
   * changed is the comparison. It used to be whole-process CPU against `node -e ''`, which charged
   * each function the harness (ESM loader, `--enable-source-maps`, the invocation machinery):
   * ~25 ms on a quiet machine, ~40 ms under load, more than the target itself.
   */
  initOwnCpuMs: 10,
  /** Comparable pairs a function needs for its init figures to be judged (a median of fewer says little). */
  initMinPairs: 3,
  transitions: 30,
  stateMachineInvocations: 12,
  costUsd: 0.001,
  /** Largest queue table against the smallest. */
  queueGrowth: 1.2,
};

export type Results = {
  functions: Array<{
    name: string;
    bundleBytes: number;
    sdkBytes: number;
    initFloorRatio: number;
    initBareRatio: number;
    initBareDeltaCpuMs: number;
    initOwnCpuMs: number;
    floorHasSdk: boolean;
    initRuns: number;
    initPairs: number;
    initSamples: number;
    floorSamples: number;
    initFailures: string[];
    initCpuMs: number;
    floorCpuMs: number;
    bareCpuMs: number;
    wallFloorRatio: number;
    wallBareRatio: number;
    clients: string[];
  }>;
  commission: { transitions: number; lambdaInvocations: number; apiInvocations: number; dynamoReadUnits: number; dynamoWriteUnits: number; emails: number; costUsd: number; emailCostUsd: number };
  queue: { readUnits: Record<string, number> };
  intake: { rps: number; p99Ms: number; errors: number; requests: number; workflowsFailed: number };
  latency: { route: string; requests: number; p50Ms: number | null; p99Ms: number | null; non2xx: number; errors: number }[];
};

/**
 * Misses of targets that are counts (bytes, transitions, invocations, read units: the same on any
 * machine) and, apart, of the init targets, which are timings: with the few runs of `--quick` on
 * CI's two shared cores a ratio near 1.3 lands either side of it by chance, so there they are
 * reported but do not fail the run. The full bench gates on both.
 *
 * A figure that was not measured (no samples, NaN) or an invocation that failed is a count miss in
 * every mode: `NaN > target` is false, and a target must never pass for want of a measurement.
 */
export function checkTargets(r: Results): { counts: string[]; timings: string[] } {
  const misses: string[] = [];
  const timings: string[] = [];
  /** Pushes `what` when `value` exceeds `limit`, and a miss in any mode when it is not a number. */
  const atMost = (value: number, limit: number, what: string, into = misses) => {
    if (!Number.isFinite(value)) misses.push(`${what}: not measured (${value})`);
    else if (value > limit) into.push(`${what}: ${value} > ${limit}`);
  };
  if (r.functions.length === 0) misses.push('functions: none measured');
  for (const f of r.functions) {
    atMost(f.bundleBytes - f.sdkBytes, targets.nonSdkBytesPerFunction, `${f.name}: non-SDK bytes`);
    for (const failure of f.initFailures) misses.push(`${f.name}: init invocation failed (${failure})`);
    const needed = Math.min(targets.initMinPairs, f.initRuns);
    if (!(f.initPairs >= needed)) {
      misses.push(
        `${f.name}: ${f.initPairs} comparable init pairs of ${f.initRuns} runs, fewer than ${needed} (${f.initSamples} function samples, ${f.floorSamples} of its floor)`,
      );
    }
    if (f.floorHasSdk) atMost(f.initFloorRatio, targets.initFloorRatio, `${f.name}: init CPU × its SDK floor`, timings);
    else atMost(f.initOwnCpuMs, targets.initOwnCpuMs, `${f.name}: own init CPU ms over bare node (no SDK)`, timings);
  }
  const c = r.commission;
  atMost(c.transitions, targets.transitions, 'commission: transitions');
  atMost(c.lambdaInvocations, targets.stateMachineInvocations, 'commission: Lambda invocations by the state machine');
  atMost(c.costUsd, targets.costUsd, 'commission: USD per commission (excluding email)');
  const sizes = Object.keys(r.queue.readUnits).map(Number).sort((a, b) => a - b);
  if (sizes.length < 2) misses.push(`queue: measured at ${sizes.length} table size(s), growth needs two`);
  const small = r.queue.readUnits[String(sizes[0])] ?? NaN;
  const large = r.queue.readUnits[String(sizes.at(-1))] ?? NaN;
  atMost(large, small * targets.queueGrowth, `queue: read units at ${sizes.at(-1)} against ${targets.queueGrowth} × ${small} at ${sizes[0]}`);
  if (!(r.intake.requests > 0) || r.intake.errors !== 0) misses.push(`intake: ${r.intake.errors} errors in ${r.intake.requests} requests`);
  return { counts: misses, timings };
}

