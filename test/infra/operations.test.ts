/**
 * What the studio watches: the business metrics (CloudWatch metric filters over the functions'
 * log lines), the dashboard and the alarms.
 *
 * A metric filter fails silently — a reworded line or a missing field just reads zero — so each
 * filter is checked against real lines: a commission run through the local workflow (the real
 * handlers, SES faults injected) with the logger's output captured, evaluated with CloudWatch's
 * JSON filter semantics for the subset of the syntax the stack uses.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { LOG_EVENT } from '../../functions/core/lib/log-events.ts';
import type { CommissionStack } from '../../infra/commission-stack.ts';
import { SYNTH_TIMEOUT_MS, synthesizeTestStack } from '../support/test-stack.ts';
import { BUSINESS_METRICS, BUSINESS_NAMESPACE } from '../../infra/constructs/business-metrics.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { buildImportGraph } from '../architecture/import-graph.ts';
import { api, designer, eventually } from '../support/api.ts';
import { approvals, enquiry } from '../support/fixtures.ts';
import { uniqueEmail } from '../support/local-env.ts';
import { faults, startFaultySes } from '../support/faulty-ses.ts';
import { startWorkflowHarness } from '../support/workflow-harness.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Resource {
  Type: string;
  Properties: Record<string, Json>;
}
interface MetricFilter {
  logGroupId: string;
  pattern: string;
  metricName: string;
  metricValue: string;
  dimensions: Record<string, string>;
}

let stack: CommissionStack;
let resources: Record<string, Resource>;
let logicalId: (element: unknown) => string;

beforeAll(() => {
  ({ stack, resources, logicalId } = synthesizeTestStack<Resource>());
}, SYNTH_TIMEOUT_MS);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

function metricFilters(): MetricFilter[] {
  return ofType('AWS::Logs::MetricFilter').map(([, { Properties: p }]) => {
    const [transformation] = p.MetricTransformations as { MetricName: string; MetricNamespace: string; MetricValue: string; Dimensions?: { Key: string; Value: string }[] }[];
    expect(transformation!.MetricNamespace).toBe(BUSINESS_NAMESPACE);
    return {
      logGroupId: (p.LogGroupName as { Ref: string }).Ref,
      pattern: p.FilterPattern as string,
      metricName: transformation!.MetricName,
      metricValue: transformation!.MetricValue,
      dimensions: Object.fromEntries((transformation!.Dimensions ?? []).map((d) => [d.Key, d.Value])),
    };
  });
}

// ── a small evaluator of CloudWatch JSON filter patterns ──────────────────────────────────────

/** `$.a.b` of a JSON log event. */
function select(event: Record<string, unknown>, selector: string): unknown {
  if (!selector.startsWith('$.')) throw new Error(`unsupported selector ${selector}`);
  return selector.slice(2).split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], event);
}

/**
 * Whether a JSON filter pattern matches a log line. Only the forms the stack writes — `&&` of
 * `$.field = "string"`, `$.field = number` and `$.field IS TRUE|FALSE` — anything else throws, so
 * a new form cannot pass unexamined.
 */
function filterMatches(pattern: string, line: string): boolean {
  const body = /^\{\s*(.*?)\s*\}$/.exec(pattern)?.[1];
  if (body === undefined) throw new Error(`not a JSON filter pattern: ${pattern}`);
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return false; // a JSON pattern never matches a line that is not JSON
  }
  return body.split('&&').every((raw) => {
    const condition = raw.trim().replace(/^\((.*)\)$/, '$1').trim();
    const isBoolean = /^(\$\.[\w.]+) IS (TRUE|FALSE)$/.exec(condition);
    if (isBoolean) return select(event, isBoolean[1]!) === (isBoolean[2] === 'TRUE');
    const equals = /^(\$\.[\w.]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?))$/.exec(condition);
    if (!equals) throw new Error(`unsupported filter condition: ${condition}`);
    const [, selector, text, number] = equals;
    // A * in a string is a wildcard to CloudWatch; the stack's messages have none.
    if (text?.includes('*')) throw new Error(`wildcards are not evaluated here: ${condition}`);
    const value = select(event, selector!);
    return text !== undefined ? value === JSON.parse(`"${text}"`) : value === Number(number);
  });
}

describe('the filter evaluator', () => {
  it('reads the forms it claims, and refuses the rest', () => {
    const line = JSON.stringify({ message: 'email sent', created: true, n: 3, nested: { a: 'x' } });
    expect(filterMatches('{ $.message = "email sent" }', line)).toBe(true);
    expect(filterMatches('{ ($.message = "email sent") && ($.created IS TRUE) && ($.n = 3) && ($.nested.a = "x") }', line)).toBe(true);
    expect(filterMatches('{ ($.message = "email sent") && ($.created IS FALSE) }', line)).toBe(false);
    expect(filterMatches('{ $.message = "email refused" }', line)).toBe(false);
    expect(filterMatches('{ $.message = "email sent" }', 'email sent')).toBe(false);
    expect(() => filterMatches('{ $.message = "email*" }', line)).toThrow(/wildcard/);
    expect(() => filterMatches('{ $.a = "x" || $.b = "y" }', line)).toThrow(/unsupported/);
  });
});

// ── real log lines ───────────────────────────────────────────────────────────────────────────

const lines: string[] = [];
let harness: Awaited<ReturnType<typeof startWorkflowHarness>>;
let ses: Awaited<ReturnType<typeof startFaultySes>>;
const restoreWrites: (() => void)[] = [];

/** Copies every JSON line the process writes (Powertools writes straight to stdout and stderr). */
function captureLogLines() {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(line);
      return write(chunk, ...rest);
    });
    restoreWrites.push(() => (stream.write = write));
  }
}

beforeAll(async () => {
  captureLogLines();
  ses = await startFaultySes(inject('sesEndpoint'));
  harness = await startWorkflowHarness({
    taskTimeoutSecondsOverride: 0.3,
    // Only DESIGN is overdue at once: ENQUIRY waits to be approved, then DESIGN is chased once
    // (a reminder), once more (an escalation) and abandoned.
    env: {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // No SDK retries: one injected fault is one deferral, retried by the workflow.
      AWS_MAX_ATTEMPTS: '1',
      AWS_ENDPOINT_URL_SES: ses.endpoint,
      STALL_EXPECTED_DAYS: '{"DESIGN":0}',
      STALL_REMINDERS: '1',
      STALL_MAX_CHASES: '2',
    },
  });

  // An enquiry whose first email SES defers (past the SDK's own retries), then sends.
  const customer = uniqueEmail('metrics');
  ses.fail(faults.throttling, 1, customer, /received your enquiry/);
  const { id } = (await api.enquire(enquiry({ email: customer }))).body as { id: string };
  await harness.awaitingDecision(id, 'ENQUIRY');
  // The short waits time out and resume around the decision: try until one lands.
  await eventually(async () => {
    const answer = await api.decide(id, { stage: 'ENQUIRY', decision: 'approve', details: approvals.ENQUIRY }, designer());
    expect(answer.status).toBe(202);
  });
  await harness.stepFunctions.waitForExecution(id, 'FAILED', { timeoutMs: 20_000 });

  // An address SES refuses for good.
  const refused = uniqueEmail('refused');
  ses.fail(faults.rejected, 1, refused, /received your enquiry/);
  const other = (await api.enquire(enquiry({ email: refused }))).body as { id: string };
  await harness.awaitingDecision(other.id, 'ENQUIRY');
  // A workflow failing after its retries, as its Catch hands it to RecordFailure.
  await invokeFunction('record-failure', { schemaVersion: 1, commissionId: other.id, input: { failure: { Error: 'States.TaskFailed' } } });
}, 60_000);

afterAll(async () => {
  for (const restore of restoreWrites) restore();
  await harness?.close();
  await ses?.close();
});

describe('business metrics', () => {
  it('are one metric filter per metric and writing function, on that function’s own log group', () => {
    const filters = metricFilters();
    for (const definition of BUSINESS_METRICS) {
      const expected = functionCatalogue
        .filter((spec) => definition.writtenBy(spec))
        .map((spec) => logicalId(stack.functions.get(spec.name)!.logGroup.node.defaultChild))
        .sort();
      expect(expected.length, definition.metricName).toBeGreaterThan(0);
      expect(filters.filter((f) => f.metricName === definition.metricName).map((f) => f.logGroupId).sort(), definition.metricName).toEqual(expected);
    }
    expect(new Set(filters.map((f) => f.metricName))).toEqual(new Set(BUSINESS_METRICS.map((d) => d.metricName)));
  });

  it('are attached to exactly the functions whose code writes the line', () => {
    // A handler writes a line if it imports (transitively) a module that logs that LOG_EVENT.
    const graph = buildImportGraph();
    const reaches = (from: string, targets: Set<string>, seen = new Set<string>()): boolean => {
      if (targets.has(from)) return true;
      if (seen.has(from)) return false;
      seen.add(from);
      return (graph.get(from) ?? []).some((i) => i.target !== undefined && reaches(i.target, targets, seen));
    };
    for (const definition of BUSINESS_METRICS) {
      const key = Object.entries(LOG_EVENT).find(([, message]) => message === definition.message)![0];
      const loggers = new Set(
        [...graph.keys()].filter((file) => new RegExp(`logger\\.\\w+\\(LOG_EVENT\\.${key}\\b`).test(fs.readFileSync(file, 'utf8'))),
      );
      expect(loggers.size, definition.metricName).toBeGreaterThan(0);
      const writers = functionCatalogue.filter((spec) => reaches(`functions/${spec.name}.ts`, loggers)).map((s) => s.name);
      expect(functionCatalogue.filter((spec) => definition.writtenBy(spec)).map((s) => s.name), definition.metricName).toEqual(writers);
    }
  });

  it('each match a real log line, with the value and dimensions the filter reads', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const filter of metricFilters()) {
      const matching = lines.filter((line) => filterMatches(filter.pattern, line)).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(matching.length, `${filter.metricName}: ${filter.pattern}`).toBeGreaterThan(0);
      for (const event of matching) {
        if (filter.metricValue !== '1') expect(typeof select(event, filter.metricValue), filter.metricName).toBe('number');
        for (const field of Object.values(filter.dimensions)) expect(typeof select(event, field), `${filter.metricName} ${field}`).toBe('string');
        // Nothing personal or per-commission as a dimension.
        expect(Object.values(filter.dimensions)).not.toContain('$.commissionId');
      }
    }
  });

  it('count what they say: one enquiry and a refused address, time in stage in whole seconds', () => {
    const count = (metricName: string) => {
      const filter = metricFilters().find((f) => f.metricName === metricName)!;
      return lines.filter((line) => filterMatches(filter.pattern, line)).length;
    };
    expect(count('EnquiriesReceived')).toBe(2);
    expect(count('StagesAbandoned')).toBe(1);
    expect(count('WorkflowFailures')).toBe(1);
    expect(count('EmailsRefused')).toBe(1);
    const approval = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.message === LOG_EVENT.decisionRecorded)!;
    expect(approval).toMatchObject({ stage: 'ENQUIRY', decision: 'approve', secondsInStage: expect.any(Number) });
    expect(Number.isInteger(approval.secondsInStage)).toBe(true);
  });
});

// ── dashboard and alarms ─────────────────────────────────────────────────────────────────────

describe('the studio dashboard', () => {
  it('shows every business metric and the API, function and workflow health', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
    for (const { metricName } of BUSINESS_METRICS) expect(body, metricName).toContain(metricName);
    for (const name of ['Latency', '4xx', '5xx', 'Errors', 'Throttles', 'Duration', 'ExecutionsStarted', 'ExecutionsFailed', 'p50', 'p99']) {
      expect(body, name).toContain(name);
    }
  });
});

describe('the new alarms', () => {
  const alarmsOn = (metricName: string) =>
    ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === metricName).map(([, a]) => a.Properties);

  it('tell the studio topic about slow answers, refused emails and abandoned stages', () => {
    const topicId = logicalId(stack.alarms.topic.node.defaultChild);
    const [slow] = alarmsOn('Latency');
    expect(slow).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 3000, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    for (const metricName of ['EmailsRefused', 'StagesAbandoned']) {
      const [alarm] = alarmsOn(metricName);
      expect(alarm, metricName).toMatchObject({ Namespace: BUSINESS_NAMESPACE, Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    }
    for (const alarm of [slow, ...alarmsOn('EmailsRefused'), ...alarmsOn('StagesAbandoned')]) {
      expect(alarm!.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm!.AlarmDescription).toEqual(expect.stringMatching(/^.{40,}$/));
    }
  });
});
