/**
 * What the studio hears when the system needs a person: failed or timed-out executions, Lambda
 * errors and throttles, API 5xx, and SES bounce and complaint rates — all to one SNS topic the
 * studio subscribes to. A commission lasts weeks; a silent failure costs a customer.
 */
import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { constructIdOf, type CommissionFunction } from './commission-function.ts';

export interface StudioAlarmsProps {
  stateMachine: sfn.IStateMachine;
  functions: Iterable<CommissionFunction>;
  api: apigwv2.HttpApi;
  /** Who is told: an email subscription to the topic (confirmed by its owner). */
  alertEmail: string;
}

export class StudioAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: StudioAlarmsProps) {
    super(scope, id);
    // A key of our own: CloudWatch must be allowed to use it to publish to an encrypted topic,
    // which the AWS-managed SNS key does not allow.
    const key = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: 'Studio alerts topic' });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Bespoke commissions: studio alerts', masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));
    const notify = new actions.SnsAction(this.topic);

    const alarm = (name: string, metric: cloudwatch.IMetric, description: string, threshold = 1) => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
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
    for (const fn of props.functions) {
      const name = fn.spec.name;
      alarm(`${constructIdOf(name)}Errors`, fn.fn.metricErrors(fiveMinutes), `${name} failed.`);
      alarm(`${constructIdOf(name)}Throttles`, fn.fn.metricThrottles(fiveMinutes), `${name} was throttled.`);
    }
    // SES pauses sending for accounts above ~10% bounces or ~0.5% complaints; warn well before.
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: cloudwatch.Stats.MAXIMUM });
    alarm('SesBounceRate', reputation('Reputation.BounceRate'), 'SES bounce rate above 5%: check customer addresses.', 0.05);
    alarm('SesComplaintRate', reputation('Reputation.ComplaintRate'), 'SES complaint rate above 0.1%.', 0.001);
  }
}
