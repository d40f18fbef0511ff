/**
 * One CloudWatch dashboard for the studio: how the business flows (enquiries, decisions, time in
 * stage, stalls, emails) above how the system runs (API, functions, workflow executions).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { BusinessMetrics } from './business-metrics.ts';
import type { CommissionFunction } from './commission-function.ts';

export interface StudioDashboardProps {
  business: BusinessMetrics;
  api: apigwv2.HttpApi;
  functions: readonly CommissionFunction[];
  stateMachine: sfn.IStateMachine;
}

// A studio sees a few enquiries a day: business figures per day, the system per five minutes.
const DAY = Duration.days(1);
const FIVE_MINUTES = Duration.minutes(5);

export class StudioDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: StudioDashboardProps) {
    super(scope, id);
    const { business, api, functions, stateMachine } = props;
    const daily = { period: DAY };
    const graph = (title: string, left: cloudwatch.IMetric[], options: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, ...options });
    const perFunction = (title: string, metricOf: (fn: CommissionFunction) => cloudwatch.IMetric) =>
      graph(title, functions.map(metricOf), { legendPosition: cloudwatch.LegendPosition.RIGHT });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-studio`,
      defaultInterval: Duration.days(14),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: '## Commissions\nPer day. What each figure means, and what to do about it: docs/operations.md.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Enquiries received', [business.metric('EnquiriesReceived', daily)]),
      graph('Decisions (by stage and kind)', [business.series('Decisions', 'Sum', DAY)]),
      graph('Time in stage until approval (average, seconds)', [business.series('TimeInStage', 'Average', DAY)]),
    );
    this.dashboard.addWidgets(
      graph('Stalled stages: reminders (by stage)', [business.series('StudioReminders', 'Sum', DAY)]),
      graph('Stalled stages: escalations (by stage)', [business.series('Escalations', 'Sum', DAY)]),
      graph('Commissions stopped', [business.metric('StagesAbandoned', daily), business.metric('WorkflowFailures', daily)]),
    );
    this.dashboard.addWidgets(
      graph('Emails', [business.metric('EmailsSent', daily), business.metric('EmailsDeferred', daily), business.metric('EmailsRefused', daily)], {
        width: 24,
      }),
    );

    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## System\nPer five minutes.', width: 24, height: 2 }));
    const fiveMinutes = { period: FIVE_MINUTES };
    this.dashboard.addWidgets(
      graph('API latency (ms)', [
        api.metricLatency({ ...fiveMinutes, statistic: cloudwatch.Stats.percentile(50), label: 'p50' }),
        api.metricLatency({ ...fiveMinutes, statistic: cloudwatch.Stats.percentile(99), label: 'p99' }),
      ]),
      graph('API errors', [
        api.metricClientError({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM, label: '4xx' }),
        api.metricServerError({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM, label: '5xx' }),
      ]),
      graph('Workflow executions', [
        stateMachine.metricStarted({ ...fiveMinutes, label: 'started' }),
        stateMachine.metricFailed({ ...fiveMinutes, label: 'failed' }),
        stateMachine.metricTimedOut({ ...fiveMinutes, label: 'timed out' }),
        stateMachine.metricAborted({ ...fiveMinutes, label: 'aborted' }),
      ]),
    );
    this.dashboard.addWidgets(
      perFunction('Function errors', (fn) => fn.fn.metricErrors({ ...fiveMinutes, label: fn.spec.name })),
      perFunction('Function throttles', (fn) => fn.fn.metricThrottles({ ...fiveMinutes, label: fn.spec.name })),
      perFunction('Function duration p99 (ms)', (fn) =>
        fn.fn.metricDuration({ ...fiveMinutes, statistic: cloudwatch.Stats.percentile(99), label: fn.spec.name }),
      ),
    );
  }
}
