/**
 * The commission workflow on AWS: the one definition (workflows/commission.asl.json) as a
 * Standard state machine, a version published by each deployment with the `live` alias over it,
 * its execution log, and the workflow access (start, callback) of every catalogue function.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WORKFLOW_ALIAS } from '../../functions/catalogue.ts';
import { loadWorkflowDefinition, substitutePlaceholders, workflowPlaceholders } from '../../workflows/definition.ts';
import type { CommissionFunction } from './commission-function.ts';
import { keepDeployedLogicalId } from './deployed-logical-id.ts';

export interface CommissionWorkflowProps {
  /** Every catalogue function: those naming a `workflowPlaceholder` become its tasks. */
  functions: readonly CommissionFunction[];
}

export class CommissionWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** Executions start here: the `live` alias over the version this deployment published. */
  readonly alias: sfn.CfnStateMachineAlias;

  constructor(scope: Construct, id: string, props: CommissionWorkflowProps) {
    super(scope, id);
    // The one definition file, its `${XxxFunction}` placeholders filled here with the ARNs of the
    // catalogue entries that name them (the local runtime fills them with catalogue names).
    // Filled in-process rather than with CloudFormation DefinitionSubstitutions so that a
    // placeholder without a function fails the synth, not the deploy.
    const taskFunctions = props.functions.filter((f) => f.spec.workflowPlaceholder);
    const arnsByPlaceholder = Object.fromEntries(
      taskFunctions.map((f) => [f.spec.workflowPlaceholder!, f.fn.functionArn]),
    );
    const definition = loadWorkflowDefinition();
    const unused = Object.keys(arnsByPlaceholder).filter((p) => !workflowPlaceholders(definition).includes(p));
    if (unused.length > 0) {
      throw new Error(`Catalogue placeholders not used by the workflow definition: ${unused.join(', ')}`);
    }

    const executionLogs = new logs.LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps the account's CloudWatch Logs resource policy small
      // (Step Functions' recommendation); the stack name keeps two stacks apart.
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-commission`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    keepDeployedLogicalId(executionLogs, 'WorkflowLogs6DD5EEB0');
    // 'Default' is left out of logical IDs: the machine and its role keep the IDs they were
    // deployed with as the stack's `CommissionWorkflow`.
    this.stateMachine = new sfn.StateMachine(this, 'Default', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'A bespoke commission from enquiry to delivery (workflows/commission.asl.json).',
      definitionBody: sfn.DefinitionBody.fromString(
        JSON.stringify(substitutePlaceholders(definition, arnsByPlaceholder)),
      ),
      // ALL events, but never execution data: the waiting task's input carries its task token
      // (reliability rule 4), even though the execution input itself holds ids only (rule 7).
      logs: { destination: executionLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // The definition comes from a file, so CDK cannot infer which functions it invokes: grant
    // exactly those, on their unqualified ARNs (what the definition names), nothing wider.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'InvokeWorkflowTasks',
        actions: ['lambda:InvokeFunction'],
        resources: taskFunctions.map((f) => f.fn.functionArn),
      }),
    );
    // Each deployment publishes a version of the definition and points the alias at it. A
    // commission runs for weeks: its execution stays on the version it started on, so old
    // versions are retained (never deleted by a later deploy) — see docs/operations.md, "Upgrading with commissions in flight".
    const version = new sfn.CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: 'Published by cdk deploy; new executions start on it through the live alias.',
    });
    version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    keepDeployedLogicalId(version, 'CommissionWorkflowVersion');
    this.alias = new sfn.CfnStateMachineAlias(this, 'Live', {
      name: WORKFLOW_ALIAS,
      description: 'New commissions start here; routes to the version of the latest deployment.',
      routingConfiguration: [{ stateMachineVersionArn: version.attrArn, weight: 100 }],
    });
    keepDeployedLogicalId(this.alias, 'CommissionWorkflowLive');

    for (const fn of props.functions) {
      fn.bindWorkflow(this.stateMachine, this.alias.ref, Boolean(fn.spec.workflowPlaceholder));
    }
    acknowledgeWorkflowWildcards(this.stateMachine);
  }
}

/** What Step Functions itself needs on Resource * (the services offer no narrower resource). */
function acknowledgeWorkflowWildcards(stateMachine: sfn.StateMachine): void {
  Validations.of(stateMachine).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Step Functions log delivery (logs:CreateLogDelivery, logs:*LogDelivery*, logs:PutResourcePolicy, ' +
      'logs:DescribeResourcePolicies, logs:DescribeLogGroups) and X-Ray (xray:PutTraceSegments, ' +
      'xray:PutTelemetryRecords, xray:GetSampling*) do not support resource-level permissions.',
  });
}
