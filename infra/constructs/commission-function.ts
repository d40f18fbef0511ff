/**
 * One Lambda of the catalogue, built the same way every time, and the one place where a
 * catalogue `access` becomes both environment variables and IAM grants (so they cannot drift).
 */
import path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { EnquiryLimits } from '../../functions/core/domain/quotas.ts';
import { ENV, environmentNamesFor, type FunctionSpec, type PartitionFamily, type TableAction } from '../../functions/catalogue.ts';
import { PARTITION_FAMILIES, SEARCH_INDEXES, STAGE_INDEX, START_PENDING_INDEX } from '../../functions/core/adapters/table-keys.ts';
import { aliasArgs, functionBundling, functionRuntimeEnvironment } from './bundling.ts';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS } from './function-defaults.ts';

// Re-exported: callers that already load CDK (the benchmark) take the defaults from here.
export { DEFAULT_MEMORY_MB };

/** Long enough to investigate an incident, short enough not to hoard logs (which hold ids only). */
const FUNCTION_LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/** Where the web assets sit inside the web-pages function's package (Lambda unpacks it in /var/task). */
const WEB_ASSETS_PACKAGE_DIR = 'web';
const REPOSITORY_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** The statement id of a family's grant: `commission` → `CommissionItems`. */
const tableStatementId = (family: PartitionFamily) => `${family[0]!.toUpperCase()}${family.slice(1)}Items`;

/** The construct id of a catalogue entry (`seed-origins` → `SeedOrigins`), and the stem of its triggers' ids. */
export function constructIdOf(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}

export interface CommissionFunctionProps {
  spec: FunctionSpec;
  /** Folder holding `<name>.ts` handler modules. */
  functionsDir: string;
}

/** What a function may be bound to; each binding sets env var(s) and the matching grant together. */
export interface MailResources {
  senderEmail: string;
  studioEmail: string;
  /** ARN of the SES identity the mail is sent from. */
  senderIdentityArn: string;
  configurationSetName: string;
  configurationSetArn: string;
}

export class CommissionFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CommissionFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: FUNCTION_LOG_RETENTION,
      // Logs are diagnostics, not records (the audit log lives in the table): delete with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy: that policy lets
    // the function write to any log group in the account; this one may write to its own only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${spec.name}: ${spec.description}`.slice(0, 1000),
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      description: spec.description,
      entry: path.join(props.functionsDir, `${spec.name}.ts`),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // Active tracing. The handlers carry no X-Ray SDK, so there are no subsegments per SDK call;
      // what Lambda itself records is the point: a segment per invocation (init, invocation,
      // overhead), joined to the workflow's trace for task invocations (the state machine is
      // traced), and `_X_AMZN_TRACE_ID`, which Powertools writes on every log line as
      // xray_trace_id and the SDK passes on in each call's X-Amzn-Trace-Id header (so a
      // StartExecution carries the API request's trace into the execution). The price: X-Ray's
      // write actions on Resource * in every role (acknowledged below).
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        ...functionRuntimeEnvironment,
        POWERTOOLS_SERVICE_NAME: spec.name,
      },
      bundling: {
        ...functionBundling,
        format: OutputFormat.ESM,
        mainFields: [...functionBundling.mainFields],
        externalModules: [...functionBundling.externalModules],
        esbuildArgs: aliasArgs,
        // The pages' static assets are files beside the bundle, not part of it: the JS the
        // function loads stays small, and the assets are read from disk once at cold start.
        ...(spec.access.webAssets && {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (_inputDir: string, outputDir: string) => [
              `cd "${REPOSITORY_ROOT}" && npx tsx infra/browser-build.ts "${path.join(outputDir, WEB_ASSETS_PACKAGE_DIR)}"`,
            ],
          },
        }),
      },
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords, which X-Ray grants on Resource * only ' +
        '(it has no resource-level permissions); the role holds no other statement on Resource *.',
    });
  }

  get functionName(): string {
    return this.fn.functionName;
  }

  /** The catalogue's access, as environment variable names this function must receive. */
  get requiredEnvironment(): string[] {
    return environmentNamesFor(this.spec.access);
  }

  /**
   * table → exactly the catalogue's actions: one statement per family of partitions, on the table
   * only, held by `dynamodb:LeadingKeys` to that family's partition keys; and dynamodb:Query on the
   * byStage index only for the functions that read the designers' queue, and on the byStartPending
   * index only for the reconciler. Sets TABLE_NAME.
   *
   * ForAllValues:StringLike is true of a request with no partition key at all (a Scan): no
   * statement may therefore hold Scan, and the catalogue's TableAction type has none.
   */
  bindTable(table: dynamodb.ITable): void {
    const access = this.spec.access.table;
    if (!access) return;
    for (const [family, actions] of Object.entries(access.items ?? {}) as [PartitionFamily, readonly TableAction[]][]) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: tableStatementId(family),
          actions: actions.map((action) => `dynamodb:${action}`),
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PARTITION_FAMILIES[family]] } },
        }),
      );
    }
    if (access.stageQueue) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'QueryStageQueue',
          actions: ['dynamodb:Query'],
          resources: [`${table.tableArn}/index/${STAGE_INDEX}`],
        }),
      );
    }
    if (access.search) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'QuerySearchIndexes',
          actions: ['dynamodb:Query'],
          resources: SEARCH_INDEXES.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    }
    if (access.startPending) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'QueryStartPending',
          actions: ['dynamodb:Query'],
          resources: [`${table.tableArn}/index/${START_PENDING_INDEX}`],
        }),
      );
    }
    this.fn.addEnvironment(ENV.tableName, table.tableName);
  }

  /** email → ses:SendEmail/SendRawEmail on the sender identity and configuration set only. */
  bindMail(mail: MailResources): void {
    if (!this.spec.access.email) return;
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SendCommissionMail',
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [mail.senderIdentityArn, mail.configurationSetArn],
      }),
    );
    this.fn.addEnvironment(ENV.senderEmail, mail.senderEmail);
    this.fn.addEnvironment(ENV.studioEmail, mail.studioEmail);
    this.fn.addEnvironment(ENV.sesConfigurationSet, mail.configurationSetName);
  }

  /**
   * workflowStart → states:StartExecution on the commission state machine; sets STATE_MACHINE_ARN.
   * workflowCallback → states:SendTaskSuccess/Failure/Heartbeat on it.
   *
   * The callback grant lives in a separate IAM policy, not in the role's default policy. A
   * function depends on its role's default policy (CDK makes it wait, so it never starts without
   * its permissions); a task function such as await-decision is referenced by the state machine,
   * so a grant naming the state machine in that default policy would close a cycle
   * (function → policy → state machine → function). A standalone policy is attached to the role
   * without the function waiting for it, which breaks the cycle without giving the state machine
   * a hard-coded physical name. It is in place before the stack finishes deploying, that is
   * before any execution can reach a task.
   */
  bindWorkflow(stateMachine: sfn.IStateMachine, aliasArn: string, isWorkflowTask: boolean): void {
    const { workflowStart, workflowCallback } = this.spec.access;
    if (workflowStart) {
      if (isWorkflowTask) {
        // Its environment would name the state machine that names it: a cycle no policy split fixes.
        throw new Error(`${this.spec.name}: a workflow task cannot also start the workflow`);
      }
      // Executions start through the alias, so a deployment decides which version new
      // commissions run on; starting the unqualified state machine is not granted.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'StartCommissionWorkflow', actions: ['states:StartExecution'], resources: [aliasArn] }),
      );
      this.fn.addEnvironment(ENV.stateMachineArn, aliasArn);
    }
    if (workflowCallback) {
      const callbackPolicy = new iam.Policy(this, 'WorkflowCallbackPolicy', {
        roles: [this.role],
        statements: [
          new iam.PolicyStatement({
            sid: 'AnswerCommissionTasks',
            actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
            // Executions run on published versions (`<machine>:<n>`) as well as the machine.
            resources: [stateMachine.stateMachineArn, `${stateMachine.stateMachineArn}:*`],
          }),
        ],
      });
      const machineId = Stack.of(this).getLogicalId(stateMachine.node.defaultChild as never);
      Validations.of(callbackPolicy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${machineId}>:*]`,
        reason: "Executions run on this state machine's published versions (<machine>:<n>); the wildcard covers only those versions of this one machine.",
      });
    }
  }

  /**
   * publicLinks → PUBLIC_BASE_URL: the API's public base URL, for links in emails and pages. No
   * grant. The URL (the HTTP API's endpoint) names the API, never a route or integration, so the
   * API resource does not depend on the function and no cycle forms.
   */
  bindPublicBaseUrl(url: string): void {
    if (!this.spec.access.publicLinks) return;
    this.fn.addEnvironment(ENV.publicBaseUrl, url);
  }

  /** statusLinks → secretsmanager:GetSecretValue on the status-link secret only; sets its id and the public base URL. */
  bindStatusLinks(secret: secretsmanager.ISecret, publicBaseUrl: string): void {
    if (!this.spec.access.statusLinks) return;
    secret.grantRead(this.fn);
    this.fn.addEnvironment(ENV.statusLinkSecretId, secret.secretArn);
    this.fn.addEnvironment(ENV.publicBaseUrl, publicBaseUrl);
  }

  /** enquiryQuotas → ENQUIRY_LIMIT_PER_IP (per hour) and ENQUIRY_LIMIT_PER_EMAIL (per 24 hours). No grant. */
  bindEnquiryQuotas(limits: EnquiryLimits): void {
    if (!this.spec.access.enquiryQuotas) return;
    this.fn.addEnvironment(ENV.enquiryLimitPerIp, String(limits.perIp));
    this.fn.addEnvironment(ENV.enquiryLimitPerEmail, String(limits.perEmail));
  }

  /** retention → RETENTION_DAYS_CLOSED: how long a cancelled commission keeps its customer's details. No grant. */
  bindRetention(retentionDaysClosed: number): void {
    if (!this.spec.access.retention) return;
    this.fn.addEnvironment(ENV.retentionDaysClosed, String(retentionDaysClosed));
  }

  /** webAssets → where the assets are in the package, and how the console signs designers in (JSON). */
  bindWebAssets(consoleSignIn: string): void {
    if (!this.spec.access.webAssets) return;
    this.fn.addEnvironment(ENV.webAssetsDir, `/var/task/${WEB_ASSETS_PACKAGE_DIR}`);
    this.fn.addEnvironment(ENV.consoleSignIn, consoleSignIn);
  }
}
