/**
 * The whole product on AWS, as a table of contents: the commission table, one Lambda per
 * catalogue entry, the one workflow definition as a Standard state machine, the designers'
 * sign-in, the HTTP API (public and designer routes) and the edge in front of it (CloudFront and
 * its firewall, whose web ACL lives in a us-east-1 stack of its own), the SES sending setup, the
 * business metrics, the dashboard and the alarms.
 *
 * Everything that two places need comes from its one source: functions/catalogue.ts (functions,
 * routes, access), infra/table-design.ts (keys, TTL, indexes), workflows/commission.asl.json
 * (the states). Every resource keeps the logical ID it was first deployed with (see
 * constructs/deployed-logical-id.ts): a new one would replace the table or the user pool.
 */
import { fileURLToPath } from 'node:url';
import { CfnOutput, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ENV, functionCatalogue, type FunctionSpec } from '../functions/catalogue.ts';
import { DEFAULT_RETENTION_DAYS_CLOSED } from '../functions/core/domain/erasure.ts';
import { DEFAULT_ENQUIRY_LIMITS, type EnquiryLimits } from '../functions/core/domain/quotas.ts';
import { AttachmentsBucket } from './constructs/attachments-bucket.ts';
import { BusinessMetrics } from './constructs/business-metrics.ts';
import { CommissionFunction, constructIdOf } from './constructs/commission-function.ts';
import { CommissionTable } from './constructs/commission-table.ts';
import { CommissionWorkflow } from './constructs/commission-workflow.ts';
import { DesignerSignIn } from './constructs/designer-sign-in.ts';
import { digestOf, FunctionSchedule, RunOnDeploy } from './constructs/function-triggers.ts';
import { CommissionHttpApi } from './constructs/http-api.ts';
import { MailSending } from './constructs/mail-sending.ts';
import { PublicEdge, VIEWER_ADDRESS_HEADER } from './constructs/public-edge.ts';
import { StatusLinkSecret } from './constructs/status-link-secret.ts';
import { StudioAlarms } from './constructs/studio-alarms.ts';
import { StudioDashboard } from './constructs/studio-dashboard.ts';

// Still exported from here, where it was defined before the API became a construct.

export interface CommissionStackProps extends StackProps {
  /** The From address of every email. Must be verified in SES (the stack creates the identity). */
  senderEmail: string;
  /** Where the studio's notifications go (stage awaiting, reminders, failures). */
  studioEmail: string;
  /** Who receives the operational alarms (SNS email subscription). @default studioEmail */
  alertEmail?: string;
  /**
   * Where Cognito may send designers back after sign-in (the designer console).
   * @default the console's callback on the public URL: `<publicBaseUrl>/console/callback`
   */
  consoleCallbackUrls?: string[];
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
   * custom domain mapped to the API. @default the edge's CloudFront URL, or without the edge the
   * HTTP API's own endpoint
   */
  publicBaseUrl?: string;
  /** Days a cancelled commission keeps its customer's personal data before erase-closed-commissions erases it. @default 365 */
  retentionDaysClosed?: number;
  /** Enquiries admitted per client IP per hour and per address per 24 hours. @default 10 and 3 */
  enquiryLimits?: EnquiryLimits;
  /**
   * The public edge: CloudFront with the web ACL of this ARN (an EdgeFirewallStack in us-east-1)
   * in front of the API. Absent: no edge (a studio with its own), the API's endpoint is public.
   */
  edge?: { webAclArn: string };
}

const DEFAULT_FUNCTIONS_DIR = fileURLToPath(new URL('../functions/', import.meta.url));
/** Reference data that run-on-deploy functions write (the registry's seed). */
const DATA_DIR = fileURLToPath(new URL('../functions/core/data/', import.meta.url));

export class CommissionStack extends Stack {
  readonly table: CommissionTable;
  readonly stateMachine: sfn.StateMachine;
  /** Executions start here: the `live` alias over the version this deployment published. */
  readonly workflowAlias: sfn.CfnStateMachineAlias;
  readonly api: apigwv2.HttpApi;
  readonly userPool: cognito.UserPool;
  readonly functions: ReadonlyMap<string, CommissionFunction>;
  readonly alarms: StudioAlarms;
  /** The commissions' files (private; presigned uploads and downloads only). */
  readonly attachments: AttachmentsBucket;
  /** CloudFront and its firewall in front of the API; undefined when the edge is off. */
  readonly edge?: PublicEdge;
  /** Where links in emails and pages point, and where the console's sign-in returns to. */
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: CommissionStackProps) {
    super(scope, id, props);

    this.table = new CommissionTable(this, 'CommissionTable');
    const mail = new MailSending(this, 'MailSending', { senderEmail: props.senderEmail, studioEmail: props.studioEmail });

    // One Lambda per catalogue entry, each bound to what its `access` names.
    const functionsDir = props.functionsDir ?? DEFAULT_FUNCTIONS_DIR;
    const functions = (functionCatalogue as readonly FunctionSpec[]).map(
      (spec) => new CommissionFunction(this, constructIdOf(spec.name), { spec, functionsDir }),
    );
    this.functions = new Map(functions.map((fn) => [fn.spec.name, fn]));
    for (const fn of functions) fn.bindTable(this.table);
    mail.enableFor(functions);

    const workflow = new CommissionWorkflow(this, 'CommissionWorkflow', { functions });
    this.stateMachine = workflow.stateMachine;
    this.workflowAlias = workflow.alias;

    // The public URL depends on the API (and the edge), the API on the pool's client: the
    // default callback is resolved at synth, once the URL is known.
    const consoleCallback = Lazy.string({ produce: () => `${this.publicBaseUrl}/console/callback` });
    const signIn = new DesignerSignIn(this, 'DesignerPool', {
      callbackUrls: props.consoleCallbackUrls ?? [consoleCallback],
      ...(props.consoleLogoutUrls && { logoutUrls: props.consoleLogoutUrls }),
      ...(props.cognitoDomainPrefix && { domainPrefix: props.cognitoDomainPrefix }),
    });
    this.userPool = signIn.userPool;

    const httpApi = new CommissionHttpApi(this, 'HttpApi', {
      functions,
      designerTokens: { issuer: signIn.tokenIssuer, audience: signIn.consoleClient.userPoolClientId },
    });
    this.api = httpApi.api;

    // The edge: CloudFront and its firewall in front of the API. The functions then find the
    // client's address in CloudFront's viewer header rather than the connection (an edge server).
    if (props.edge) {
      this.edge = new PublicEdge(this, 'PublicEdge', { api: this.api, webAclArn: props.edge.webAclArn });
      for (const fn of functions) {
        if (!fn.spec.routes?.length) continue;
        fn.fn.addEnvironment(ENV.clientIpHeader, VIEWER_ADDRESS_HEADER);
        fn.fn.addEnvironment(ENV.edgeOriginToken, this.edge.originToken);
      }
    }

    // Links in emails and pages: the API's endpoint (or the deployer's custom domain). Functions
    // depend on the API resource only, never its routes, so no cycle forms.
    this.publicBaseUrl = props.publicBaseUrl ?? this.edge?.url ?? this.api.apiEndpoint;
    const publicBaseUrl = this.publicBaseUrl;
    new StatusLinkSecret(this, 'StatusLinkSecret').enableFor(functions, publicBaseUrl);
    // The files: uploaded from the pages (the public origin), checked by check-upload as they land.
    this.attachments = new AttachmentsBucket(this, 'Attachments', { publicOrigin: publicBaseUrl });
    this.attachments.enableFor(functions, 'check-upload');
    const consoleSignIn = signIn.consoleSignIn;
    for (const fn of functions) {
      fn.bindWebAssets(consoleSignIn);
      fn.bindPublicBaseUrl(publicBaseUrl);
      fn.bindRetention(props.retentionDaysClosed ?? DEFAULT_RETENTION_DAYS_CLOSED);
      fn.bindEnquiryQuotas(props.enquiryLimits ?? DEFAULT_ENQUIRY_LIMITS);
    }

    // The catalogue's `runOnDeploy` and `schedule` triggers.
    const dataDigest = digestOf(DATA_DIR);
    for (const fn of functions) {
      const fnId = constructIdOf(fn.spec.name);
      if (fn.spec.runOnDeploy) new RunOnDeploy(this, `${fnId}OnDeploy`, { fn, dataDigest });
      if (fn.spec.schedule) new FunctionSchedule(this, `${fnId}Schedule`, { fn });
    }

    // Business metrics from the functions' log lines; the dashboard and alarms read them.
    const business = new BusinessMetrics(this, 'BusinessMetrics', { functions });
    new StudioDashboard(this, 'StudioDashboard', { business, api: this.api, functions, stateMachine: this.stateMachine });
    this.alarms = new StudioAlarms(this, 'StudioAlarms', {
      stateMachine: this.stateMachine,
      functions,
      api: this.api,
      business,
      alertEmail: props.alertEmail ?? props.studioEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: httpApi.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'PublicUrl', { value: this.publicBaseUrl, description: 'Where customers and designers go: links in emails point here' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: signIn.consoleClient.userPoolClientId });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'WorkflowAliasArn', { value: this.workflowAlias.ref, description: 'Executions start through this alias' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
