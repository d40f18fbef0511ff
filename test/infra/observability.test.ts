/**
 * What lets one commission be followed on AWS (docs/operations.md, "Following one commission"):
 * every function traced, the state machine traced, the access log keeping the request id the
 * functions' lines carry as correlation_id, and every function logging JSON. (cdk-nag's verdict on
 * the whole stack, the tracing grants included, is commission-stack.test.ts's.)
 *
 * Its own synth (bundling skipped) through the same buildApp() the CDK app runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { functionCatalogue } from '../../functions/catalogue.ts';
import type { CommissionStack } from '../../infra/commission-stack.ts';
import { SYNTH_TIMEOUT_MS, synthesizeTestStack } from '../support/test-stack.ts';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

let stack: CommissionStack;
let resources: Record<string, Resource>;
let logicalId: (element: unknown) => string;

beforeAll(() => {
  ({ stack, resources, logicalId } = synthesizeTestStack<Resource>());
}, SYNTH_TIMEOUT_MS);

const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);

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
