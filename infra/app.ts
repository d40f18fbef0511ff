/**
 * The CDK app: one CommissionStack, checked by cdk-nag's AWS Solutions pack on every synth.
 *
 * Context (cdk.json or `-c key=value`):
 * - `senderEmail` (required): the From address; SES verifies it on first deploy.
 * - `studioEmail` (required): where the studio's notifications go.
 * - `consoleCallbackUrls` (optional): comma-separated or a JSON array of https URLs Cognito may
 *   return designers to after sign-in. Default: the console's own callback on the public URL,
 *   `<public URL>/console/callback` (the CloudFront URL, `publicBaseUrl`, or the API's endpoint).
 *   Never a localhost URL: a production pool must not hand codes to whatever listens on a
 *   designer's machine (the local runtime has its own identity, infra/local/identity-oauth.ts).
 * - `alertEmail` (optional): who receives the alarms (SNS email subscription); default studioEmail.
 * - `consoleLogoutUrls` (optional): same form; defaults to the callback URLs.
 * - `cognitoDomainPrefix` (optional): the hosted sign-in domain prefix.
 * - `publicBaseUrl` (optional): the API's public URL for links in emails and pages: status
 *   links, certificates, console sign-in (a custom domain);
 *   default the edge's CloudFront URL (without the edge, the HTTP API's own endpoint).
 * - `edge` (optional, default true): CloudFront with an AWS WAF web ACL in front of the API
 *   (constructs/public-edge.ts). The web ACL lives in a second stack,
 *   `BespokeCommissionsEdgeFirewall`, in us-east-1 (`cdk deploy --all` deploys it first).
 *   `-c edge=false` leaves both out, for a studio that puts its own edge in front of the API.
 * - `region` (optional): the main stack's region; default the CLI's (CDK_DEFAULT_REGION, from
 *   the profile or AWS_REGION). The edge needs it known at synth: the main stack reads the web
 *   ACL's ARN from the us-east-1 stack by region.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { retentionDaysFrom } from '../functions/core/domain/erasure.ts';
import { DEFAULT_ENQUIRY_LIMITS } from '../functions/core/domain/quotas.ts';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CommissionStack } from './commission-stack.ts';
import { EdgeFirewallStack, FIREWALL_REGION } from './constructs/public-edge.ts';

const STACK_NAME = 'BespokeCommissions';

export function buildApp(app: App = new App()): { app: App; stack: CommissionStack; firewall?: EdgeFirewallStack } {
  const consoleCallbackUrls = listContext(app, 'consoleCallbackUrls');
  const consoleLogoutUrls = listContext(app, 'consoleLogoutUrls');
  const cognitoDomainPrefix = optionalString(app, 'cognitoDomainPrefix');
  const alertEmail = app.node.tryGetContext('alertEmail') === undefined ? undefined : requiredEmail(app, 'alertEmail');
  const publicBaseUrl = optionalString(app, 'publicBaseUrl');
  if (publicBaseUrl !== undefined && !/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicBaseUrl)) {
    throw new Error(`Context "publicBaseUrl" must be an https URL, got ${JSON.stringify(publicBaseUrl)}`);
  }
  const edge = booleanContext(app, 'edge', true);
  const region = optionalString(app, 'region') ?? process.env.CDK_DEFAULT_REGION;
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  if (edge && !region) {
    throw new Error(
      'The edge needs the main stack\'s region at synth (it reads the web ACL from us-east-1 by region): ' +
        'configure a default region (AWS_REGION or the profile), or pass -c region=<region>; -c edge=false leaves the edge out.',
    );
  }
  const firewall = edge
    ? new EdgeFirewallStack(app, `${STACK_NAME}EdgeFirewall`, {
        description: 'Bespoke jewellery commissions: the AWS WAF web ACL of the CloudFront edge (CloudFront web ACLs live in us-east-1).',
        env: { region: FIREWALL_REGION, ...(account && { account }) },
      })
    : undefined;
  const stack = new CommissionStack(app, STACK_NAME, {
    ...(region && { env: { region, ...(account && { account }) } }),
    ...(firewall && { edge: { webAclArn: firewall.webAclArn } }),
    description: 'Bespoke jewellery commissions: enquiry to delivery, with certified metal provenance.',
    senderEmail: requiredEmail(app, 'senderEmail'),
    studioEmail: requiredEmail(app, 'studioEmail'),
    ...(consoleCallbackUrls ? { consoleCallbackUrls } : {}),
    ...(consoleLogoutUrls ? { consoleLogoutUrls } : {}),
    ...(cognitoDomainPrefix ? { cognitoDomainPrefix } : {}),
    ...(alertEmail ? { alertEmail } : {}),
    ...(publicBaseUrl ? { publicBaseUrl: publicBaseUrl.replace(/\/+$/, '') } : {}),
    // Context "retentionDaysClosed" (whole days, at least 1); erase-closed-commissions' RETENTION_DAYS_CLOSED.
    retentionDaysClosed: retentionDaysFrom(contextText(app, 'retentionDaysClosed')),
    // Context "enquiryLimitPerIp" (per hour) and "enquiryLimitPerEmail" (per 24 hours): submit-enquiry's quotas.
    enquiryLimits: {
      perIp: wholeNumberContext(app, 'enquiryLimitPerIp', DEFAULT_ENQUIRY_LIMITS.perIp),
      perEmail: wholeNumberContext(app, 'enquiryLimitPerEmail', DEFAULT_ENQUIRY_LIMITS.perEmail),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, ...(firewall && { firewall }) };
}

/** true/false from context: a boolean (cdk.json) or the string `-c key=false` gives. */
function booleanContext(app: App, key: string, fallback: boolean): boolean {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Context "${key}" must be true or false, got ${JSON.stringify(value)}`);
}

function requiredEmail(app: App, key: string): string {
  const value: unknown = app.node.tryGetContext(key);
  if (typeof value !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())) {
    throw new Error(
      `Context "${key}" is missing or not an email address (got ${JSON.stringify(value)}). ` +
        `Set it in cdk.json "context" or pass -c ${key}=name@your-domain.`,
    );
  }
  return value.trim();
}

/** A context value as text: cdk.json may give a number, `-c key=…` always a string. */
function contextText(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A whole number ≥ 1 from context, or `fallback` when it is not given. */
function wholeNumberContext(app: App, key: string, fallback: number): number {
  const text = contextText(app, key);
  if (text === undefined) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(text.trim())) throw new Error(`Context "${key}" must be a whole number, at least 1`);
  return Number(text.trim());
}

function optionalString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`Context "${key}" must be a non-empty string`);
  return value.trim();
}

/** A list from context: a JSON array (cdk.json) or a comma-separated string (`-c key=a,b`). */
function listContext(app: App, key: string): string[] | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  const urls = items?.map((item) => (typeof item === 'string' ? item.trim() : '')).filter(Boolean);
  if (!urls || urls.length === 0 || urls.some((url) => !URL.canParse(url))) {
    throw new Error(`Context "${key}" must be a list of URLs (JSON array or comma-separated), got ${JSON.stringify(value)}`);
  }
  // A deployed pool sends its codes only to https; the local runtime never uses this pool.
  const insecure = urls.filter((url) => new URL(url).protocol !== 'https:');
  if (insecure.length > 0) throw new Error(`Context "${key}" must list https URLs only (the local console signs in locally), got ${insecure.join(', ')}`);
  return urls;
}

// Run as the CDK app (cdk.json: `npx tsx infra/app.ts`), not when imported by a test.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
