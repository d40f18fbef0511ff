/**
 * The stack as the CDK app builds it (infra/app.ts's buildApp, cdk.json's context, cdk-nag
 * registered), for the CDK assertion tests: bundling skipped, and nag findings collected into the
 * validation report instead of thrown at the first synth, so a test can list them.
 */
import fs from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app.ts';

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
