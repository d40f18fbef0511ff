/**
 * The catalogue's non-HTTP triggers: `runOnDeploy` (a custom resource) and `schedule` (an
 * EventBridge rule).
 *
 * Subclasses of the CDK resources rather than wrappers, so each keeps the construct path, and the
 * logical ID, it was deployed with.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CustomResource } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import type { CommissionFunction } from './commission-function.ts';

/**
 * A custom resource whose service token is the function itself: CloudFormation invokes it and
 * waits for its answer (core/edge/custom-resource.ts) — no provider framework, so no extra Lambda
 * on another runtime. It runs on the first deploy and whenever the reference data changes (its
 * digest); the function must be idempotent (the seed never overwrites a designer's entry). It
 * runs after the function's grants: the function waits for its role's policy.
 */
export class RunOnDeploy extends CustomResource {
  constructor(scope: Construct, id: string, props: { fn: CommissionFunction; dataDigest: string }) {
    super(scope, id, {
      serviceToken: props.fn.fn.functionArn,
      resourceType: 'Custom::RunOnDeploy',
      properties: { Function: props.fn.spec.name, DataDigest: props.dataDigest },
    });
  }
}

/** Invokes the function on its catalogue `schedule`, retrying a failed invocation twice. */
export class FunctionSchedule extends events.Rule {
  constructor(scope: Construct, id: string, props: { fn: CommissionFunction }) {
    const { spec } = props.fn;
    if (!spec.schedule) throw new Error(`${spec.name} has no schedule in the catalogue`);
    super(scope, id, {
      description: spec.description,
      schedule: events.Schedule.expression(spec.schedule),
      targets: [new eventsTargets.LambdaFunction(props.fn.fn, { retryAttempts: 2 })],
    });
  }
}

/** sha256 of every file in `dir` (names and contents), so a data change re-runs the deploy-time functions. */
export function digestOf(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update('\0').update(readFileSync(path.join(dir, name)));
  return hash.digest('hex');
}
