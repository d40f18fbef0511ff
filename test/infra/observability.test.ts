/**
 * What lets one commission be followed on AWS (docs/operations.md, "Following one commission"):
 * every function traced, the state machine traced, the access log keeping the request id the
 * functions' lines carry as correlation_id, every function logging JSON, and cdk-nag still clean
 * with the grant active tracing needs.
 *
 * Its own synth (bundling skipped) through the same buildApp() the CDK app runs, nag included.
 */
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { functionCatalogue } from '../../functions/catalogue.ts';
import type { CommissionStack } from '../../infra/commission-stack.ts';
import { buildTestApp, SYNTH_TIMEOUT_MS } from '../support/test-stack.ts';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

let app: App;
let stack: CommissionStack;
let assembly: CloudAssembly;
let resources: Record<string, Resource>;

beforeAll(() => {
  ({ app, stack } = buildTestApp());
  assembly = app.synth();
  resources = (assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, Resource> }).Resources;
  // As in commission-stack.test.ts: a nag synth beside other test files on two cores is slow.
}, SYNTH_TIMEOUT_MS);

const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);
const logicalId = (element: unknown) => Stack.of(stack).getLogicalId(element as CfnElement);

function functionNamed(name: string) {
  const fn = stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name} in the stack`);
  return { resource: resources[logicalId(fn.fn.node.defaultChild)]!, roleId: logicalId(fn.role.node.defaultChild) };
}

function statementsOfRole(roleId: string): Statement[] {
  return ofType('AWS::IAM::Policy')
    .filter((p) => (p.Properties!.Roles as unknown[]).some((role) => (role as { Ref?: string }).Ref === roleId))
    .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actions = (s: Statement) => [s.Action].flat().sort();

describe('tracing', () => {
  it('is active on every function of the catalogue', () => {
    expect(ofType('AWS::Lambda::Function').length).toBeGreaterThanOrEqual(functionCatalogue.length);
    for (const spec of functionCatalogue) {
      expect(functionNamed(spec.name).resource.Properties!.TracingConfig, spec.name).toEqual({ Mode: 'Active' });
    }
  });

  it("grants each function X-Ray's two write actions, the one statement on Resource *", () => {
    for (const spec of functionCatalogue) {
      const onEverything = statementsOfRole(functionNamed(spec.name).roleId).filter((s) => s.Resource === '*');
      expect(onEverything.map(actions), spec.name).toEqual([['xray:PutTelemetryRecords', 'xray:PutTraceSegments']]);
    }
  });

  it('is on for the state machine, whose task invocations the function segments join', () => {
    const machines = ofType('AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(1);
    expect(machines[0]!.Properties!.TracingConfiguration).toEqual({ Enabled: true });
  });
});

describe('logs that join up', () => {
  it('access-logs the request id the functions log as correlation_id', () => {
    const [stage] = ofType('AWS::ApiGatewayV2::Stage');
    const format = JSON.parse(String((stage!.Properties!.AccessLogSettings as { Format: string }).Format)) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
  });

  it('has every function log JSON (Powertools lines, queried by field in Logs Insights)', () => {
    for (const spec of functionCatalogue) {
      expect((functionNamed(spec.name).resource.Properties!.LoggingConfig as { LogFormat?: string }).LogFormat, spec.name).toBe('JSON');
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding with tracing on', () => {
    // Without the plugin there would be no report, and nothing to find.
    expect(app._validationPlugins.map((plugin) => plugin.name)).toContain('AwsSolutions');
    const reportPath = `${assembly.directory}/validation-report.json`;
    const report = fs.existsSync(reportPath)
      ? (JSON.parse(fs.readFileSync(reportPath, 'utf8')) as {
          pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
        })
      : { pluginReports: [] };
    const findings = report.pluginReports
      .filter((r) => r.pluginName === 'AwsSolutions')
      .flatMap((r) => r.violations)
      .flatMap((v) => v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`));
    expect(findings).toEqual([]);
  });
});
