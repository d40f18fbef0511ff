/**
 * The edge in front of the HTTP API: a CloudFront distribution with an AWS WAF web ACL, so that a
 * flood from strangers is stopped before any Lambda runs (reliability rule 11).
 *
 * - The web ACL (EdgeFirewallStack): a CLOUDFRONT-scope web ACL can only be created in us-east-1,
 *   so it is a small stack of its own there. The main stack reads its ARN through a weak
 *   cross-region reference (`Fn::GetStackOutput`): no export-writer custom resource, no Lambda.
 *   Rules, in order: bodies over the contract's 64 KB → 413 (the same body the handlers and the
 *   local gateway answer); per client IP, POST /commissions and POST /confirm/… over a rate → 429;
 *   AWS's managed common-exploit and known-bad-input rule groups.
 * - The distribution (PublicEdge): no caching (every answer is live or personal), every viewer
 *   header but Host to the API (the Authorization header goes through only this way when caching is
 *   off; API Gateway needs its own Host), plus CloudFront's `CloudFront-Viewer-Address`, the
 *   client's address that the quotas count (functions/core/edge/http.ts clientIp). Security
 *   headers at the edge: HSTS, nosniff, frame DENY, no Referer.
 *
 * The API's own endpoint stays reachable (HTTP APIs take no WAF): its public POST routes carry a
 * throttle of their own (constructs/http-api.ts), and a caller who skips CloudFront is counted
 * by its connection's address: the functions believe the viewer header only with the origin-verify
 * header CloudFront adds (functions/core/edge/client-ip.ts).
 */
import { Aws, Duration, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { CrossStackReferences, ReferenceStrength } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MAX_BODY_BYTES, PAYLOAD_TOO_LARGE } from '#edge/body-limit';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '#edge/client-ip';

export { VIEWER_ADDRESS_HEADER };

/** Where a CLOUDFRONT-scope web ACL must live. */
export const FIREWALL_REGION = 'us-east-1';

/**
 * Requests per client IP per five minutes before the firewall answers 429. Well above one person
 * (the app's own quota, ENQUIRY_LIMIT_PER_IP, is 10 an hour), low enough that one address cannot
 * fill the table or the outbox.
 */
export const EDGE_RATE_LIMITS = {
  enquiries: { path: '/commissions', match: 'EXACTLY', limit: 20 },
  confirmations: { path: '/confirm/', match: 'STARTS_WITH', limit: 30 },
} as const;
const RATE_WINDOW_SECONDS = 300;

const TOO_MANY_REQUESTS = { error: { code: 'too_many_requests', message: 'Too many requests from your address: try again in a few minutes' } };

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const exactly = (field: wafv2.CfnWebACL.FieldToMatchProperty, searchString: string, positionalConstraint: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: field,
    searchString,
    positionalConstraint,
    // `/%63ommissions` is `/commissions` to the API: decode before comparing.
    textTransformations: [{ priority: 0, type: 'URL_DECODE' }],
  },
});

/** The rules of the web ACL, in evaluation order. */
function firewallRules(): wafv2.CfnWebACL.RuleProperty[] {
  const rateRules = Object.entries(EDGE_RATE_LIMITS).map(([key, rule], index) => {
    const name = `${key[0]!.toUpperCase()}${key.slice(1)}PerIp`;
    return {
      name,
      priority: 10 + index,
      action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'TooManyRequests' } } },
      statement: {
        rateBasedStatement: {
          limit: rule.limit,
          evaluationWindowSec: RATE_WINDOW_SECONDS,
          aggregateKeyType: 'IP',
          scopeDownStatement: {
            andStatement: {
              statements: [exactly({ method: {} }, 'POST', 'EXACTLY'), exactly({ uriPath: {} }, rule.path, rule.match)],
            },
          },
        },
      },
      visibilityConfig: visibility(name),
    } satisfies wafv2.CfnWebACL.RuleProperty;
  });
  const managed = (name: string, priority: number, ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[]) => ({
    name: `AWS-${name}`,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...(ruleActionOverrides && { ruleActionOverrides }) } },
    visibilityConfig: visibility(name),
  });
  return [
    {
      name: 'BodyOver64KB',
      priority: 0,
      action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'PayloadTooLarge' } } },
      statement: {
        sizeConstraintStatement: {
          // The ACL inspects 64 KB of body (associationConfig below); a longer body is
          // "oversize", and MATCH counts it as over the limit.
          fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
          comparisonOperator: 'GT',
          size: MAX_BODY_BYTES,
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      },
      visibilityConfig: visibility('BodyOver64KB'),
    },
    ...rateRules,
    // Its SizeRestrictions_BODY blocks bodies over 8 KB; the contract allows 64 KB, which the
    // first rule enforces. Counted, not blocked.
    managed('AWSManagedRulesCommonRuleSet', 20, [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
    managed('AWSManagedRulesKnownBadInputsRuleSet', 21),
  ];
}

/** The firewall's own stack, in us-east-1 (CloudFront's web ACLs live there only). */
export class EdgeFirewallStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps & { env: { region: typeof FIREWALL_REGION; account?: string } }) {
    super(scope, id, props);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Bespoke commissions: what strangers may send before any function runs.',
      defaultAction: { allow: {} },
      rules: firewallRules(),
      customResponseBodies: {
        PayloadTooLarge: { contentType: 'APPLICATION_JSON', content: JSON.stringify(PAYLOAD_TOO_LARGE) },
        TooManyRequests: { contentType: 'APPLICATION_JSON', content: JSON.stringify(TOO_MANY_REQUESTS) },
      },
      // Inspect the whole of a 64 KB body (the default is 16 KB), so the size rule can see it.
      associationConfig: { requestBody: { CLOUDFRONT: { defaultSizeInspectionLimit: 'KB_64' } } },
      visibilityConfig: visibility('BespokeCommissionsEdge'),
    });
    // Read from the main stack through Fn::GetStackOutput: no custom resource, and this stack
    // may be updated on its own.
    CrossStackReferences.of(this.webAcl).produce(ReferenceStrength.WEAK);
  }

  get webAclArn(): string {
    return this.webAcl.attrArn;
  }
}

export interface PublicEdgeProps {
  api: apigwv2.HttpApi;
  /** ARN of the CLOUDFRONT-scope web ACL (EdgeFirewallStack). */
  webAclArn: string;
}

export class PublicEdge extends Construct {
  readonly distribution: cloudfront.Distribution;
  /**
   * What CloudFront's origin-verify header carries to the API, and the functions compare it with
   * (EDGE_ORIGIN_TOKEN): the UUID of this stack's id, which only the account can read and which
   * stays the same from one deploy to the next. A request without it came round the edge.
   */
  readonly originToken: string = Fn.select(2, Fn.split('/', Aws.STACK_ID));

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Bespoke commissions: HSTS, nosniff, no framing, no Referer',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        // A status link's URL is its key: it must never travel to another site.
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const apiOrigin = new origins.HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: { [ORIGIN_VERIFY_HEADER]: this.originToken },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Bespoke commissions: the public edge of the API',
      defaultBehavior: {
        origin: apiOrigin,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // POST bodies cannot follow a redirect: refuse plain HTTP instead of redirecting it.
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // Authorization, Idempotency-Key, Content-Type, Accept, If-Match, the query string and
        // CloudFront-Viewer-Address; not Host. A custom policy cannot list Authorization.
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: securityHeaders,
      },
      webAclId: props.webAclArn,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: customers commission pieces from anywhere; the WAF rate rules and the app quotas bound what one client can cost.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'No CloudFront access log: it would keep every viewer IP (personal data) in a bucket of its own; the API access log records each request that passed the edge, and the WAF metrics and sampled requests show what it blocked.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses its default *.cloudfront.net certificate, whose minimum viewer protocol CloudFront fixes; a studio with its own domain and ACM certificate sets TLSv1.2_2021 with it.',
      },
    );
  }

  /** The public base URL: `https://<distribution>.cloudfront.net`. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
