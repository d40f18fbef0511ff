/**
 * The stack as the CDK app builds it (infra/app.ts's buildApp, cdk.json's context, cdk-nag
 * registered), for the CDK assertion tests: bundling skipped, and nag findings collected into the
 * validation report instead of thrown at the first synth, so a test can list them.
 */
import fs from 'node:fs';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../infra/app.ts';
import type { CommissionStack } from '../../infra/commission-stack.ts';
import type { EdgeFirewallStack } from '../../infra/constructs/public-edge.ts';

export function buildTestApp(context: Record<string, unknown> = {}) {
  const cdkJson = JSON.parse(fs.readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
  return buildApp(
    new App({
      // A region, as the CLI gives one from the profile: the edge reads its us-east-1 web ACL by region.
      context: { ...cdkJson.context, region: 'eu-west-2', 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:failSynthOnValidationErrors': false, ...context },
    }),
  );
}

/** A nag synth takes about a minute alone, longer beside other test files on two cores: past vitest's 60 s hook timeout. */
export const SYNTH_TIMEOUT_MS = 240_000;

export interface SynthesizedStack<Resource> {
  app: App;
  stack: CommissionStack;
  firewall?: EdgeFirewallStack;
  assembly: CloudAssembly;
  /** The commission stack's template resources, by logical id. */
  resources: Record<string, Resource>;
  /** The logical id a construct (or its default child) has in the template. */
  logicalId: (element: unknown) => string;
}

/** Builds the app (see buildTestApp) and synthesizes it; `beforeAll` with SYNTH_TIMEOUT_MS is the place to call it. */
export function synthesizeTestStack<Resource = { Type: string; Properties?: Record<string, unknown> }>(
  context: Record<string, unknown> = {},
  beforeSynth: (app: App) => void = () => {},
): SynthesizedStack<Resource> {
  const { app, stack, firewall } = buildTestApp(context);
  beforeSynth(app);
  const assembly = app.synth();
  const resources = (assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, Resource> }).Resources;
  return { app, stack, ...(firewall && { firewall }), assembly, resources, logicalId: (element) => Stack.of(stack).getLogicalId(element as CfnElement) };
}

/**
 * The AwsSolutions findings of a synth, one line each. The report is written whenever a validation
 * plugin ran and lists findings only, so a missing report is an error here, never "no findings"
 * (commission-stack.test.ts also shows the nag applied its rules to every resource).
 */
export function nagFindings(assembly: CloudAssembly): string[] {
  const reportPath = `${assembly.directory}/validation-report.json`;
  if (!fs.existsSync(reportPath)) throw new Error(`no validation report at ${reportPath}: cdk-nag did not run`);
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  return report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) => r.violations)
    .flatMap((v) => v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`));
}
