/**
 * The studio's business metrics, counted by CloudWatch metric filters over log lines the
 * handlers already write (functions/core/lib/log-events.ts), on the log group of each function
 * that writes the line. A filter adds no code to any bundle and nothing to a cold start, which
 * Powertools Metrics (EMF) would.
 *
 * Dimensions are only ever a stage or a decision kind (a handful of values): never a commission
 * id or anything about a customer.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName, FunctionSpec } from '../../functions/catalogue.ts';
import { LOG_EVENT } from '../../functions/core/lib/log-events.ts';
import { constructIdOf, type CommissionFunction } from './commission-function.ts';

export const BUSINESS_NAMESPACE = 'BespokeCommissions';

export interface BusinessMetricDefinition {
  metricName: string;
  /** What it counts, in the studio's words (dashboard titles, docs/operations.md). */
  meaning: string;
  /** The log line counted: its `message`. */
  message: string;
  /** Further fields the line must have, e.g. `{ kind: 'abandoned' }`. */
  where?: Record<string, string | boolean>;
  /** Which catalogue functions write the line. */
  writtenBy: (spec: FunctionSpec) => boolean;
  /** A numeric field of the line to publish as the value; otherwise each line counts 1. */
  valueField?: string;
  unit?: cloudwatch.Unit;
  /** Dimension name → field of the line. Low cardinality only. */
  dimensions?: Record<string, string>;
}

const byName = (name: FunctionName) => (spec: FunctionSpec) => spec.name === name;
// The mailer's lines come from whichever function sends email.
const sendsEmail = (spec: FunctionSpec) => spec.access.email === true;
const STAGE = { Stage: 'stage' };

export const BUSINESS_METRICS = [
  {
    metricName: 'EnquiriesReceived',
    meaning: 'New enquiries stored (a repeated submission with the same Idempotency-Key is not counted).',
    message: LOG_EVENT.enquiryAccepted,
    where: { created: true },
    writtenBy: byName('submit-enquiry'),
  },
  {
    metricName: 'Decisions',
    meaning: "Designers' decisions, by stage and kind (approve, request changes, cancel).",
    message: LOG_EVENT.decisionRecorded,
    writtenBy: byName('decide-stage'),
    dimensions: { ...STAGE, Decision: 'decision' },
  },
  {
    metricName: 'TimeInStage',
    meaning: 'Seconds from a stage being entered to its approval, by stage.',
    message: LOG_EVENT.decisionRecorded,
    where: { decision: 'approve' },
    writtenBy: byName('decide-stage'),
    valueField: 'secondsInStage',
    unit: cloudwatch.Unit.SECONDS,
    dimensions: STAGE,
  },
  {
    metricName: 'StudioReminders',
    meaning: 'Overdue decisions the studio was reminded of (a stalled stage), by stage.',
    message: LOG_EVENT.stalledStageChased,
    where: { action: 'remind' },
    writtenBy: byName('chase-stalled-stage'),
    dimensions: STAGE,
  },
  {
    metricName: 'Escalations',
    meaning: 'Overdue decisions escalated after the reminders, by stage.',
    message: LOG_EVENT.stalledStageChased,
    where: { action: 'escalate' },
    writtenBy: byName('chase-stalled-stage'),
    dimensions: STAGE,
  },
  {
    metricName: 'StagesAbandoned',
    meaning: 'Commissions whose workflow stopped waiting: nobody decided despite every chase.',
    message: LOG_EVENT.workflowStopped,
    where: { kind: 'abandoned' },
    writtenBy: byName('record-failure'),
  },
  {
    metricName: 'WorkflowFailures',
    meaning: 'Commissions whose workflow failed after its retries (recorded and reported to the studio).',
    message: LOG_EVENT.workflowStopped,
    where: { kind: 'failed' },
    writtenBy: byName('record-failure'),
  },
  { metricName: 'EmailsSent', meaning: 'Emails SES accepted.', message: LOG_EVENT.emailSent, writtenBy: sendsEmail },
  {
    metricName: 'EmailsDeferred',
    meaning: 'Emails SES refused for now; the workflow retries them.',
    message: LOG_EVENT.emailDeferred,
    writtenBy: sendsEmail,
  },
  {
    metricName: 'EmailsRefused',
    meaning: 'Emails SES will never send (e.g. a suppressed address); recorded in the history.',
    message: LOG_EVENT.emailRefused,
    writtenBy: sendsEmail,
  },
] as const satisfies readonly BusinessMetricDefinition[];

export type BusinessMetricName = (typeof BUSINESS_METRICS)[number]['metricName'];

/** The metric filter pattern of a definition: `{ ($.message = "…") && ($.field = …) }`. */
function filterPatternOf(definition: BusinessMetricDefinition): logs.IFilterPattern {
  const conditions = Object.entries(definition.where ?? {}).map(([field, value]) =>
    typeof value === 'boolean' ? logs.FilterPattern.booleanValue(`$.${field}`, value) : logs.FilterPattern.stringValue(`$.${field}`, '=', value),
  );
  return logs.FilterPattern.all(logs.FilterPattern.stringValue('$.message', '=', definition.message), ...conditions);
}

export interface BusinessMetricsProps {
  functions: readonly CommissionFunction[];
}

export class BusinessMetrics extends Construct {
  constructor(scope: Construct, id: string, props: BusinessMetricsProps) {
    super(scope, id);
    for (const definition of BUSINESS_METRICS as readonly BusinessMetricDefinition[]) {
      const writers = props.functions.filter((fn) => definition.writtenBy(fn.spec));
      // A metric nobody writes would read zero for ever: fail the synth instead.
      if (writers.length === 0) throw new Error(`No function writes the log line of the ${definition.metricName} metric`);
      const dimensions = definition.dimensions
        ? Object.fromEntries(Object.entries(definition.dimensions).map(([name, field]) => [name, `$.${field}`]))
        : undefined;
      for (const fn of writers) {
        new logs.MetricFilter(this, `${definition.metricName}${constructIdOf(fn.spec.name)}`, {
          logGroup: fn.logGroup,
          filterPattern: filterPatternOf(definition),
          metricNamespace: BUSINESS_NAMESPACE,
          metricName: definition.metricName,
          metricValue: definition.valueField ? `$.${definition.valueField}` : '1',
          ...(definition.unit && { unit: definition.unit }),
          ...(dimensions && { dimensions }),
        });
      }
    }
  }

  /** A metric without dimensions (summed over every function that writes its line). */
  metric(metricName: BusinessMetricName, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: BUSINESS_NAMESPACE,
      metricName,
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...options,
    });
  }

  /**
   * Every series of a metric with dimensions (one line per stage, or stage and decision), as a
   * SEARCH expression: the stages need not be listed here, and a new one shows up by itself.
   */
  series(metricName: BusinessMetricName, statistic: 'Sum' | 'Average' | 'Maximum', period: Duration): cloudwatch.MathExpression {
    const definition = (BUSINESS_METRICS as readonly BusinessMetricDefinition[]).find((d) => d.metricName === metricName);
    const dimensionNames = Object.keys(definition?.dimensions ?? {});
    if (dimensionNames.length === 0) throw new Error(`${metricName} has no dimensions: use metric()`);
    const schema = [BUSINESS_NAMESPACE, ...dimensionNames].join(',');
    return new cloudwatch.MathExpression({
      expression: `SEARCH('{${schema}} MetricName="${metricName}"', '${statistic}', ${period.toSeconds()})`,
      usingMetrics: {},
      label: metricName,
      period,
    });
  }
}
