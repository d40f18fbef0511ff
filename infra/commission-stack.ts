/**
 * The whole product on AWS: the commission table, one Lambda per catalogue entry, the one
 * workflow definition as a Standard state machine, the HTTP API (public and designer routes),
 * the designers' Cognito user pool and the SES sending setup.
 *
 * Everything that two places need comes from its one source: functions/catalogue.ts (functions,
 * routes, access), infra/table-design.ts (keys, TTL, indexes), workflows/commission.asl.json
 * (the states).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CfnOutput, CustomResource, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import { functionCatalogue, WORKFLOW_ALIAS, type FunctionSpec } from '../functions/catalogue.ts';
import { DESIGNERS_GROUP } from '#edge/config';
import { loadWorkflowDefinition, substitutePlaceholders, workflowPlaceholders } from '../workflows/definition.ts';
import { tableDesign } from './table-design.ts';
import { CommissionFunction, type MailResources } from './constructs/commission-function.ts';
import { StudioAlarms } from './constructs/studio-alarms.ts';

export interface CommissionStackProps extends StackProps {
  /** The From address of every email. Must be verified in SES (the stack creates the identity). */
  senderEmail: string;
  /** Where the studio's notifications go (stage awaiting, reminders, failures). */
  studioEmail: string;
  /** Who receives the operational alarms (SNS email subscription). @default studioEmail */
  alertEmail?: string;
  /** Where Cognito may send designers back after sign-in (the designer console). */
  consoleCallbackUrls: string[];
  /** Where Cognito may send designers after sign-out. @default the callback URLs */
  consoleLogoutUrls?: string[];
  /**
   * Prefix of the Cognito hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`);
   * unique per region across all AWS accounts. @default `<stack name>-<account id>`, lower case
   */
  cognitoDomainPrefix?: string;
  /** Folder holding the handler modules `<name>.ts`. @default the repository's `functions/` */
  functionsDir?: string;
  /**
   * The API's public base URL, for links in emails and pages (status links, certificates), e.g. a
   * custom domain mapped to the API. @default the HTTP API's own endpoint
   */
  publicBaseUrl?: string;
}

/** Default-stage throttling: a studio's traffic is tiny; this caps what a flood can cost. */
export const API_THROTTLE = { burstLimit: 50, rateLimit: 25 } as const;

const DEFAULT_FUNCTIONS_DIR = fileURLToPath(new URL('../functions/', import.meta.url));
/** Reference data that run-on-deploy functions write (the registry's seed). */
const DATA_DIR = fileURLToPath(new URL('../functions/core/data/', import.meta.url));

export class CommissionStack extends Stack {
  readonly table: dynamodb.Table;
  readonly stateMachine: sfn.StateMachine;
  /** Executions start here: the `live` alias over the version this deployment published. */
  readonly workflowAlias: sfn.CfnStateMachineAlias;
  readonly api: apigwv2.HttpApi;
  readonly userPool: cognito.UserPool;
  readonly functions: ReadonlyMap<string, CommissionFunction>;
  readonly alarms: StudioAlarms;

  constructor(scope: Construct, id: string, props: CommissionStackProps) {
    super(scope, id, props);

    // ── Table ───────────────────────────────────────────────────────────────────────────────
    this.table = new dynamodb.Table(this, 'CommissionTable', {
      partitionKey: { name: tableDesign.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The commissions and their audit history are the business record: never delete them with
      // the stack, and refuse a delete of the table itself.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const [indexName, index] of Object.entries(tableDesign.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // ── Email (SES) ─────────────────────────────────────────────────────────────────────────
    // A new account's SES is in the *sandbox*: it sends only to verified identities (so the
    // customers' addresses would be refused) and at most 200 mails a day. Deploying creates the
    // sender identity below, and SES mails a verification link to that address; click it, then
    // ask AWS for production access (SES console → Account dashboard) before real customers use
    // the system. While in the sandbox, verify the studio address (and any test customer
    // address) by hand. In the sandbox SES also authorizes the send against the verified
    // *recipient* identities, so the functions' grant (sender identity + configuration set only)
    // may be refused there: test against verified recipients with a temporary extra grant, or get
    // production access first. No identity is created for the studio address: it is only a recipient.
    const configurationSet = new ses.ConfigurationSet(this, 'MailConfigurationSet', {
      // Stop mailing addresses that bounced or complained: repeated bounces get an account paused.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    const senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.email(props.senderEmail),
      configurationSet,
    });
    const mail: MailResources = {
      senderEmail: props.senderEmail,
      studioEmail: props.studioEmail,
      senderIdentityArn: senderIdentity.emailIdentityArn,
      configurationSetName: configurationSet.configurationSetName,
      configurationSetArn: this.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: configurationSet.configurationSetName,
      }),
    };

    // ── Functions ───────────────────────────────────────────────────────────────────────────
    const functionsDir = props.functionsDir ?? DEFAULT_FUNCTIONS_DIR;
    const functions = new Map<string, CommissionFunction>();
    for (const spec of functionCatalogue as readonly FunctionSpec[]) {
      const fn = new CommissionFunction(this, pascalCase(spec.name), { spec, functionsDir });
      fn.bindTable(this.table);
      fn.bindMail(mail);
      functions.set(spec.name, fn);
    }
    this.functions = functions;

    // ── Workflow ────────────────────────────────────────────────────────────────────────────
    // The one definition file, its `${XxxFunction}` placeholders filled here with the ARNs of the
    // catalogue entries that name them (the local runtime fills them with catalogue names).
    // Filled in-process rather than with CloudFormation DefinitionSubstitutions so that a
    // placeholder without a function fails the synth, not the deploy.
    const taskFunctions = [...functions.values()].filter((f) => f.spec.workflowPlaceholder);
    const arnsByPlaceholder = Object.fromEntries(
      taskFunctions.map((f) => [f.spec.workflowPlaceholder!, f.fn.functionArn]),
    );
    const definition = loadWorkflowDefinition();
    const unused = Object.keys(arnsByPlaceholder).filter((p) => !workflowPlaceholders(definition).includes(p));
    if (unused.length > 0) {
      throw new Error(`Catalogue placeholders not used by the workflow definition: ${unused.join(', ')}`);
    }

    const workflowLogs = new logs.LogGroup(this, 'WorkflowLogs', {
      // The /aws/vendedlogs/ prefix keeps the account's CloudWatch Logs resource policy small
      // (Step Functions' recommendation); the stack name keeps two stacks apart.
      logGroupName: `/aws/vendedlogs/states/${this.stackName}-commission`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'CommissionWorkflow', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'A bespoke commission from enquiry to delivery (workflows/commission.asl.json).',
      definitionBody: sfn.DefinitionBody.fromString(
        JSON.stringify(substitutePlaceholders(definition, arnsByPlaceholder)),
      ),
      // ALL events, but never execution data: the waiting task's input carries its task token
      // (reliability rule 4), even though the execution input itself holds ids only (rule 7).
      logs: { destination: workflowLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
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
    // versions are retained (never deleted by a later deploy) — see docs/operations.md, "Upgrading".
    const version = new sfn.CfnStateMachineVersion(this, 'CommissionWorkflowVersion', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: 'Published by cdk deploy; new executions start on it through the live alias.',
    });
    version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.workflowAlias = new sfn.CfnStateMachineAlias(this, 'CommissionWorkflowLive', {
      name: WORKFLOW_ALIAS,
      description: 'New commissions start here; routes to the version of the latest deployment.',
      routingConfiguration: [{ stateMachineVersionArn: version.attrArn, weight: 100 }],
    });
    for (const fn of functions.values()) {
      fn.bindWorkflow(this.stateMachine, this.workflowAlias.ref, Boolean(fn.spec.workflowPlaceholder));
    }
    acknowledgeWorkflowWildcards(this.stateMachine);

    // ── Designers' sign-in (Cognito) ────────────────────────────────────────────────────────
    this.userPool = new cognito.UserPool(this, 'DesignerPool', {
      // Designers are studio staff: an administrator invites them, nobody signs themself up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Designers approve what is made from customers' money: a second factor is required
      // (authenticator app; no SMS, which would need an SNS role and is the weaker factor).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier (nag COG8): blocks compromised-credential and risky sign-ins. Billed per monthly
      // active user; a studio has a handful of designers.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new cognito.CfnUserPoolGroup(this, 'DesignersGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: DESIGNERS_GROUP,
      description: 'Studio designers: may list commissions and decide on their stages.',
    });
    const signInDomain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: {
        domainPrefix: props.cognitoDomainPrefix ?? `${this.stackName.toLowerCase()}-${this.account}`,
      },
    });
    const consoleClient = this.userPool.addClient('DesignerConsoleClient', {
      // A browser app cannot keep a secret: authorization code flow with PKCE instead.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.consoleCallbackUrls,
        logoutUrls: props.consoleLogoutUrls ?? props.consoleCallbackUrls,
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // ── HTTP API ────────────────────────────────────────────────────────────────────────────
    // CORS is off: the designer console and the enquiry form are served from the same origin as
    // the API (or call it server-side), so no other origin's script needs to read its answers.
    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Bespoke commissions: public enquiries and the designers\' decisions.',
      createDefaultStage: false,
    });
    const apiAccessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      // Who called what and how it went; never bodies or headers (personal data, tokens).
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(apiAccessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    // API Gateway checks the token (signature, issuer, audience = the console client, expiry).
    // It cannot check group membership: the designer handlers refuse tokens whose
    // `cognito:groups` lacks the designers group (functions/core/edge/http.ts), and self sign-up is
    // off, so every user of the pool was invited by the studio anyway.
    // The issuer is spelled out: the pool's ProviderURL attribute lacks the `https://` scheme
    // that the tokens' `iss` claim (and so the authorizer's issuer) has.
    const issuer = `https://cognito-idp.${this.region}.${this.urlSuffix}/${this.userPool.userPoolId}`;
    const designerAuthorizer = new HttpJwtAuthorizer('DesignerAuthorizer', issuer, {
      jwtAudience: [consoleClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    // ── Pages: status links and the console's sign-in ───────────────────────────────────────
    // The customers' status links are signed (HMAC) with this secret; functions read it once at
    // cold start. Not rotated automatically: a rotation would void every link already emailed
    // (they live 180 days); rotate by hand (put a new value) if it is ever exposed.
    const statusLinkSecret = new secretsmanager.Secret(this, 'StatusLinkSecret', {
      description: "Signs the customers' status-page links (HMAC-SHA256).",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(statusLinkSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The status-link signing key is not rotated automatically: rotating voids every link already emailed to customers (valid 180 days). It is rotated by hand if exposed.',
    });
    // Links in emails and pages: the API's endpoint (or the deployer's custom domain). Functions
    // depend on the API resource only, never its routes, so no cycle forms.
    const publicBaseUrl = props.publicBaseUrl ?? this.api.apiEndpoint;
    const consoleSignIn = this.toJsonString({ kind: 'cognito', domain: signInDomain.baseUrl(), clientId: consoleClient.userPoolClientId });
    for (const fn of functions.values()) {
      fn.bindStatusLinks(statusLinkSecret, publicBaseUrl);
      fn.bindWebAssets(consoleSignIn);
    }

    for (const fn of functions.values()) {
      for (const route of fn.spec.routes ?? []) {
        const integration = new HttpLambdaIntegration(`${pascalCase(fn.spec.name)}Integration`, fn.fn, {
          payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        });
        const [created] = this.api.addRoutes({
          path: route.path,
          methods: [apigwv2.HttpMethod[route.method]],
          integration,
          authorizer: route.auth === 'designer' ? designerAuthorizer : new apigwv2.HttpNoneAuthorizer(),
        });
        if (route.auth === 'public' && created) {
          const reason = `${route.method} ${route.path} is public by design (catalogue auth 'public'): customers and monitors have no account.`;
          Validations.of(created).acknowledge({ id: 'AwsSolutions-APIG4', reason });
        }
      }
    }

    for (const fn of functions.values()) fn.bindPublicBaseUrl(publicBaseUrl);

    // ── Run on deploy (the catalogue's `runOnDeploy`: the registry's seed) ──────────────────
    // A custom resource whose service token is the function itself: CloudFormation invokes it
    // and waits for its answer (core/edge/custom-resource.ts) — no provider framework, so no extra
    // Lambda on another runtime. It runs on the first deploy and whenever the reference data
    // changes (the digest below); the seed is idempotent and never overwrites a designer's entry.
    // It runs after the function's grants: the function waits for its role's policy.
    const dataDigest = digestOf(DATA_DIR);
    for (const fn of functions.values()) {
      if (!fn.spec.runOnDeploy) continue;
      new CustomResource(this, `${pascalCase(fn.spec.name)}OnDeploy`, {
        serviceToken: fn.fn.functionArn,
        resourceType: 'Custom::RunOnDeploy',
        properties: { Function: fn.spec.name, DataDigest: dataDigest },
      });
    }

    // ── Scheduled functions (the catalogue's `schedule`) ────────────────────────────────────
    for (const fn of functions.values()) {
      if (!fn.spec.schedule) continue;
      new events.Rule(this, `${pascalCase(fn.spec.name)}Schedule`, {
        description: fn.spec.description,
        schedule: events.Schedule.expression(fn.spec.schedule),
        targets: [new eventsTargets.LambdaFunction(fn.fn, { retryAttempts: 2 })],
      });
    }

    // ── Alarms to the studio ───────────────────────────────────────────────────────────────
    this.alarms = new StudioAlarms(this, 'StudioAlarms', {
      stateMachine: this.stateMachine,
      functions: functions.values(),
      api: this.api,
      alertEmail: props.alertEmail ?? props.studioEmail,
    });

    // ── Outputs ─────────────────────────────────────────────────────────────────────────────
    new CfnOutput(this, 'ApiUrl', { value: stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: consoleClient.userPoolClientId });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'WorkflowAliasArn', { value: this.workflowAlias.ref, description: 'Executions start through this alias' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
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

/** sha256 of every file in `dir` (names and contents), so a data change re-runs the deploy-time functions. */
function digestOf(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update('\0').update(readFileSync(`${dir}${name}`));
  return hash.digest('hex');
}

function pascalCase(kebab: string): string {
  return kebab.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}
