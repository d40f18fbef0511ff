/**
 * The edge on AWS (infra/constructs/public-edge.ts): the web ACL in its us-east-1 stack, the
 * CloudFront distribution in front of the API with HSTS and the other security headers, the
 * client's address passed to the functions, the API's own per-route throttles; and the same app
 * with `-c edge=false`, for a studio with an edge of its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV, functionCatalogue, type FunctionSpec } from '../../functions/catalogue.ts';
import { MAX_BODY_BYTES, PAYLOAD_TOO_LARGE } from '#edge/body-limit';
import { ORIGIN_VERIFY_HEADER } from '#edge/client-ip';
import { EDGE_RATE_LIMITS } from '../../infra/constructs/public-edge.ts';
import { PUBLIC_WRITE_THROTTLE } from '../../infra/constructs/http-api.ts';
import { buildTestApp, nagFindings, SYNTH_TIMEOUT_MS, synthesizeTestStack, type SynthesizedStack } from '../support/test-stack.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface Resource {
  Type: string;
  Properties?: JsonObject;
  DependsOn?: string | string[];
}
type Synth = SynthesizedStack<Resource>;

const catalogue = functionCatalogue as readonly FunctionSpec[];
const routed = catalogue.filter((spec) => (spec.routes ?? []).length > 0);
const publicPosts = catalogue.flatMap((spec) => (spec.routes ?? []).filter((r) => r.auth === 'public' && r.method === 'POST').map((r) => `POST ${r.path}`));

/** AWS's managed CloudFront policies, by id. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let on: Synth;
let off: Synth;
beforeAll(() => {
  on = synthesizeTestStack<Resource>();
  off = synthesizeTestStack<Resource>({ edge: 'false', region: undefined });
}, SYNTH_TIMEOUT_MS);

const ofType = (resources: Record<string, Resource>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const envOf = (s: Synth, name: string) => {
  const fn = s.stack.functions.get(name)!;
  return (s.resources[s.logicalId(fn.fn.node.defaultChild)]!.Properties!.Environment as { Variables: JsonObject }).Variables;
};

describe('the edge (on by default)', () => {
  const webAcl = () => {
    const template = on.assembly.getStackArtifact(on.firewall!.artifactId).template as { Resources: Record<string, Resource> };
    const [[, acl]] = ofType(template.Resources, 'AWS::WAFv2::WebACL') as [[string, Resource]];
    return acl.Properties!;
  };
  const rules = () => webAcl().Rules as JsonObject[];
  const rule = (name: string) => rules().find((r) => r.Name === name) as JsonObject & { Statement: JsonObject; Action?: JsonObject };
  const distribution = () => {
    const [[id, resource]] = ofType(on.resources, 'AWS::CloudFront::Distribution') as [[string, Resource]];
    return { id, config: resource.Properties!.DistributionConfig as JsonObject };
  };

  it('puts the web ACL in a stack of its own in us-east-1, CloudFront-scoped, inspecting 64 KB of body', () => {
    expect(on.firewall?.region).toBe('us-east-1');
    expect(on.stack.region).toBe('eu-west-2');
    expect(webAcl()).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      AssociationConfig: { RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: 'KB_64' } } },
    });
  });

  it('blocks a body over 64 KB first, with the contract’s 413', () => {
    const bodyRule = rule('BodyOver64KB');
    expect(bodyRule.Priority).toBe(Math.min(...rules().map((r) => r.Priority as number)));
    expect(bodyRule.Statement).toEqual({
      SizeConstraintStatement: {
        FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
        ComparisonOperator: 'GT',
        Size: MAX_BODY_BYTES,
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    });
    expect(bodyRule.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 413, CustomResponseBodyKey: 'PayloadTooLarge' } } });
    const bodies = webAcl().CustomResponseBodies as Record<string, { Content: string; ContentType: string }>;
    expect(JSON.parse(bodies.PayloadTooLarge!.Content)).toEqual(PAYLOAD_TOO_LARGE);
    expect(bodies.PayloadTooLarge!.ContentType).toBe('APPLICATION_JSON');
  });

  it('limits POST /commissions and POST /confirm/… per client IP, answering 429', () => {
    const rateRules = rules().filter((r) => (r.Statement as JsonObject).RateBasedStatement);
    const scoped = rateRules.map((r) => {
      const rate = (r.Statement as { RateBasedStatement: JsonObject }).RateBasedStatement;
      const [method, path] = ((rate.ScopeDownStatement as { AndStatement: { Statements: { ByteMatchStatement: JsonObject }[] } }).AndStatement.Statements).map((s) => s.ByteMatchStatement);
      expect(rate.AggregateKeyType).toBe('IP');
      expect(r.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'TooManyRequests' } } });
      expect(method).toMatchObject({ FieldToMatch: { Method: {} }, SearchString: 'POST', PositionalConstraint: 'EXACTLY' });
      return `${path!.PositionalConstraint as string} ${path!.SearchString as string} ${rate.Limit as number}/${rate.EvaluationWindowSec as number}s`;
    });
    expect(scoped.sort()).toEqual([
      `EXACTLY /commissions ${EDGE_RATE_LIMITS.enquiries.limit}/300s`,
      `STARTS_WITH /confirm/ ${EDGE_RATE_LIMITS.confirmations.limit}/300s`,
    ]);
  });

  it('applies AWS’s common-exploit and known-bad-input rule groups, the 8 KB body rule only counted', () => {
    const groups = rules().map((r) => (r.Statement as { ManagedRuleGroupStatement?: JsonObject }).ManagedRuleGroupStatement).filter(Boolean) as JsonObject[];
    expect(groups.map((g) => `${g.VendorName as string}/${g.Name as string}`).sort()).toEqual(['AWS/AWSManagedRulesCommonRuleSet', 'AWS/AWSManagedRulesKnownBadInputsRuleSet']);
    const common = groups.find((g) => g.Name === 'AWSManagedRulesCommonRuleSet')!;
    expect(common.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
  });

  it('puts CloudFront in front of the API, with the web ACL, HTTPS only and nothing cached', () => {
    const { config } = distribution();
    expect(config.Enabled).toBe(true);
    expect(config.WebACLId).toEqual({ 'Fn::GetStackOutput': expect.objectContaining({ StackName: on.firewall!.stackName, Region: 'us-east-1' }) });
    const [origin] = config.Origins as JsonObject[];
    const apiId = on.logicalId(on.stack.api.node.defaultChild);
    expect(JSON.stringify(origin!.DomainName)).toContain(apiId);
    expect(JSON.stringify(origin!.DomainName)).toContain('.execute-api.eu-west-2.');
    expect(origin!.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    const behavior = config.DefaultCacheBehavior as JsonObject;
    expect(behavior).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS']),
    });
  });

  it('sends HSTS (a year or more, subdomains), nosniff, frame DENY and no Referer on every answer', () => {
    const { config } = distribution();
    const policyId = ((config.DefaultCacheBehavior as JsonObject).ResponseHeadersPolicyId as { Ref: string }).Ref;
    const headers = (on.resources[policyId]!.Properties!.ResponseHeadersPolicyConfig as JsonObject).SecurityHeadersConfig as JsonObject;
    const hsts = headers.StrictTransportSecurity as JsonObject;
    expect(hsts.AccessControlMaxAgeSec as number).toBeGreaterThanOrEqual(365 * 24 * 3600);
    expect(hsts).toMatchObject({ IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });

  it('tells the API functions where the client’s address is, believed only with the origin-verify header CloudFront adds', () => {
    expect(routed.length).toBeGreaterThan(0);
    const stackUuid = { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] };
    for (const spec of catalogue) {
      expect(envOf(on, spec.name)[ENV.clientIpHeader], spec.name).toBe(routed.includes(spec) ? 'cloudfront-viewer-address' : undefined);
      expect(envOf(on, spec.name)[ENV.edgeOriginToken], spec.name).toEqual(routed.includes(spec) ? stackUuid : undefined);
    }
    const [origin] = distribution().config.Origins as JsonObject[];
    expect(origin!.OriginCustomHeaders).toEqual([{ HeaderName: ORIGIN_VERIFY_HEADER, HeaderValue: stackUuid }]);
  });

  it('links to the CloudFront URL', () => {
    const { id } = distribution();
    expect(envOf(on, 'enter-stage')[ENV.publicBaseUrl]).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [id, 'DomainName'] }]] });
  });

  it('leaves cdk-nag clean on both stacks', () => {
    expect(nagFindings(on.assembly)).toEqual([]);
  });
});

describe('the API’s own throttles (with or without the edge)', () => {
  for (const [label, s] of [['edge on', () => on], ['edge off', () => off]] as const) {
    it(`throttle each public POST route on its own (${label})`, () => {
      const synthesized = s();
      expect(publicPosts).toContain('POST /commissions');
      const [[, stage]] = ofType(synthesized.resources, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
      const settings = stage.Properties!.RouteSettings as Record<string, JsonObject>;
      expect(Object.keys(settings).sort()).toEqual([...publicPosts].sort());
      for (const key of publicPosts) {
        expect(settings[key], key).toEqual({ ThrottlingBurstLimit: PUBLIC_WRITE_THROTTLE.burstLimit, ThrottlingRateLimit: PUBLIC_WRITE_THROTTLE.rateLimit });
      }
      // Below the stage's default, so a flood of enquiries leaves room for everyone else.
      const defaults = stage.Properties!.DefaultRouteSettings as JsonObject;
      expect(PUBLIC_WRITE_THROTTLE.rateLimit).toBeLessThan(defaults.ThrottlingRateLimit as number);
      // The stage waits for the routes its settings name.
      const routeIds = ofType(synthesized.resources, 'AWS::ApiGatewayV2::Route')
        .filter(([, r]) => publicPosts.includes(r.Properties?.RouteKey as string))
        .map(([id]) => id);
      expect([stage.DependsOn ?? []].flat()).toEqual(expect.arrayContaining(routeIds));
    });
  }
});

describe('-c edge=false (a studio with its own edge)', () => {
  it('builds no firewall stack, no distribution, and needs no region', () => {
    expect(off.firewall).toBeUndefined();
    expect(off.assembly.stacks.map((s) => s.stackName)).toEqual(['BespokeCommissions']);
    expect(ofType(off.resources, 'AWS::CloudFront::Distribution')).toEqual([]);
    expect(off.stack.edge).toBeUndefined();
  });

  it('links to the API’s own endpoint and trusts no client-address header', () => {
    const apiId = off.logicalId(off.stack.api.node.defaultChild);
    expect(envOf(off, 'enter-stage')[ENV.publicBaseUrl]).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
    for (const spec of catalogue) {
      expect(envOf(off, spec.name)[ENV.clientIpHeader], spec.name).toBeUndefined();
      expect(envOf(off, spec.name)[ENV.edgeOriginToken], spec.name).toBeUndefined();
    }
  });

  it('leaves cdk-nag clean', () => {
    expect(nagFindings(off.assembly)).toEqual([]);
  });
});

describe('the context that turns it on and off', () => {
  it('refuses what it cannot read, rather than guessing', () => {
    expect(() => buildTestApp({ edge: 'maybe' })).toThrow(/"edge" must be true or false/);
    // The edge reads its web ACL by region: without one, say so instead of failing at deploy.
    expect(() => buildTestApp({ region: undefined })).toThrow(/region/);
    // A deployed pool never sends sign-in codes to a developer's machine.
    expect(() => buildTestApp({ consoleCallbackUrls: 'http://localhost:3000/console/callback' })).toThrow(/https URLs only/);
  });
});
