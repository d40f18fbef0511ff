/**
 * The HTTP API: one route per catalogue route, each to its function (payload format 2.0);
 * designer routes behind a JWT authorizer on the designers' user pool, public ones open; the
 * default stage throttled and access-logged.
 *
 * CORS is off: the designer console and the enquiry form are served from the same origin as
 * the API (or call it server-side), so no other origin's script needs to read its answers.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { constructIdOf, type CommissionFunction } from './commission-function.ts';
import { keepDeployedLogicalId } from './deployed-logical-id.ts';

/** Default-stage throttling: a studio's traffic is tiny; this caps what a flood can cost. */
const API_THROTTLE = { burstLimit: 50, rateLimit: 25 } as const;

/**
 * Each public POST route's own throttle (an enquiry, a confirmation): what strangers can write,
 * bounded whether or not CloudFront's firewall is in front (the API's own endpoint stays
 * reachable), and without taking the whole stage's rate from the designers and status pages.
 */
export const PUBLIC_WRITE_THROTTLE = { burstLimit: 10, rateLimit: 2 } as const;

export interface CommissionHttpApiProps {
  /** Every catalogue function; those with `routes` are served. */
  functions: readonly CommissionFunction[];
  /** Whose tokens the designer routes accept: the issuer (`iss`) and the console client (`aud`). */
  designerTokens: { issuer: string; audience: string };
}

export class CommissionHttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: CommissionHttpApiProps) {
    super(scope, id);
    // 'Default' is left out of logical IDs: the API, its stage, routes and integrations keep the
    // IDs they were deployed with as the stack's `HttpApi`, and the API keeps its name.
    this.api = new apigwv2.HttpApi(this, 'Default', {
      apiName: 'HttpApi',
      description: 'Bespoke commissions: public enquiries and the designers\' decisions.',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    keepDeployedLogicalId(accessLogs, 'ApiAccessLogsE9DF007D');
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      // Who called what and how it went; never bodies or headers (personal data, tokens).
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            // The functions log the same id as correlation_id (functions/core/edge/http.ts).
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
    const designerAuthorizer = new HttpJwtAuthorizer('DesignerAuthorizer', props.designerTokens.issuer, {
      jwtAudience: [props.designerTokens.audience],
      identitySource: ['$request.header.Authorization'],
    });
    const publicWrites = new Map<string, apigwv2.HttpRoute>();
    for (const fn of props.functions) {
      for (const route of fn.spec.routes ?? []) {
        const integration = new HttpLambdaIntegration(`${constructIdOf(fn.spec.name)}Integration`, fn.fn, {
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
          if (route.method === 'POST') publicWrites.set(`${route.method} ${route.path}`, created);
        }
      }
    }
    // Route settings name routes by key: the stage waits for them, or CloudFormation cannot find
    // them. (A JSON property: CloudFormation's own spelling, not CDK's camel case.)
    const stage = this.stage.node.defaultChild as apigwv2.CfnStage;
    stage.routeSettings = Object.fromEntries(
      [...publicWrites.keys()].map((key) => [key, { ThrottlingBurstLimit: PUBLIC_WRITE_THROTTLE.burstLimit, ThrottlingRateLimit: PUBLIC_WRITE_THROTTLE.rateLimit }]),
    );
    for (const route of publicWrites.values()) this.stage.node.addDependency(route);
  }
}
