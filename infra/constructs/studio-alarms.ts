/**
 * What the studio hears when the system needs a person: failed or timed-out executions, Lambda
 * errors and throttles, API 5xx and slow answers, SES bounce and complaint rates, emails SES
 * refused and stages abandoned, and volumes no studio has (enquiries, emails sent) — all to one SNS topic the studio subscribes to. A commission lasts weeks; a silent failure costs a customer.
 */
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { BusinessMetrics } from './business-metrics.ts';
import { constructIdOf, type CommissionFunction } from './commission-function.ts';

/** API p99 latency that counts as slow: well above a cold start (about a second), below the functions' timeout. */
const API_SLOW_P99_MS = 3000;

/**
 * Volumes that are not a studio's: a studio takes a handful of enquiries a day and sends a few
 * dozen emails. Past these in an hour, someone is flooding the enquiry form (each enquiry costs a
 * confirmation email) or something is sending in a loop: SES pauses an account whose bounces and
 * complaints climb, so the studio hears before that.
 */
export const VOLUME_ALARMS = { enquiriesPerHour: 50, emailsPerHour: 300 } as const;

export interface StudioAlarmsProps {
  stateMachine: sfn.IStateMachine;
  functions: Iterable<CommissionFunction>;
  api: apigwv2.HttpApi;
  business: BusinessMetrics;
  /** Who is told: an email subscription to the topic (confirmed by its owner). */
  alertEmail: string;
}

export class StudioAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: StudioAlarmsProps) {
    super(scope, id);
    // A key of our own: CloudWatch must be allowed to use it to publish to an encrypted topic,
    // which the AWS-managed SNS key does not allow. Only for this account's alarms (the
    // confused-deputy conditions): CloudWatch acting for another account may not use it.
    const key = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: 'Studio alerts topic' });
    const stack = Stack.of(this);
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Bespoke commissions: studio alerts', masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));
    const notify = new actions.SnsAction(this.topic);

    const alarm = (name: string, metric: cloudwatch.IMetric, description: string, threshold = 1, periods: { evaluationPeriods: number; datapointsToAlarm?: number } = { evaluationPeriods: 1 }) => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        ...periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(notify);
      this.alarms.push(created);
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

    alarm('WorkflowFailed', props.stateMachine.metricFailed(fiveMinutes), 'A commission workflow failed; its history says why.');
    alarm('WorkflowTimedOut', props.stateMachine.metricTimedOut(fiveMinutes), 'A commission workflow timed out.');
    alarm('WorkflowAborted', props.stateMachine.metricAborted(fiveMinutes), 'A commission workflow was stopped.');
    alarm('ApiServerErrors', props.api.metricServerError(fiveMinutes), 'The API answered 5xx: something users can send is not handled.');
    // Two slow five-minute periods out of three: one cold start or one slow call is not an incident.
    alarm(
      'ApiSlow',
      props.api.metricLatency({ period: Duration.minutes(5), statistic: cloudwatch.Stats.percentile(99) }),
      `API p99 latency reached ${API_SLOW_P99_MS} ms: customers and designers wait. See the dashboard's function duration and the table's throttles.`,
      API_SLOW_P99_MS,
      { evaluationPeriods: 3, datapointsToAlarm: 2 },
    );
    alarm(
      'EmailsRefused',
      props.business.metric('EmailsRefused', fiveMinutes),
      'SES refused an email for good (e.g. a suppressed address). The commission goes on without it: find it in the history and reach the person another way.',
    );
    alarm(
      'StagesAbandoned',
      props.business.metric('StagesAbandoned', fiveMinutes),
      'A commission stopped waiting: nobody decided despite reminders and escalations. Decide what happens to it and tell the customer.',
    );
    for (const fn of props.functions) {
      const name = fn.spec.name;
      alarm(`${constructIdOf(name)}Errors`, fn.fn.metricErrors(fiveMinutes), `${name} failed.`);
      alarm(`${constructIdOf(name)}Throttles`, fn.fn.metricThrottles(fiveMinutes), `${name} was throttled.`);
    }
    const hourly = { period: Duration.hours(1), statistic: cloudwatch.Stats.SUM };
    alarm(
      'EnquiryVolume',
      props.business.metric('EnquiriesReceived', hourly),
      `${VOLUME_ALARMS.enquiriesPerHour} or more enquiries in an hour: far more than a studio receives. Look for a flood (one address or IP in the API access log and the edge firewall's metrics); each enquiry sends a confirmation email.`,
      VOLUME_ALARMS.enquiriesPerHour,
    );
    alarm(
      'SesSendingVolume',
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Send', ...hourly }),
      `SES was asked to send ${VOLUME_ALARMS.emailsPerHour} or more emails in an hour: an enquiry flood or a sending loop. Bounces and complaints that follow can get the account's sending paused.`,
      VOLUME_ALARMS.emailsPerHour,
    );
    // SES pauses sending for accounts above ~10% bounces or ~0.5% complaints; warn well before.
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: cloudwatch.Stats.MAXIMUM });
    alarm('SesBounceRate', reputation('Reputation.BounceRate'), 'SES bounce rate above 5%: check customer addresses.', 0.05);
    alarm('SesComplaintRate', reputation('Reputation.ComplaintRate'), 'SES complaint rate above 0.1%.', 0.001);
  }
}
