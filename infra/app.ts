/**
 * The CDK app: one CommissionStack, checked by cdk-nag's AWS Solutions pack on every synth.
 *
 * Context (cdk.json or `-c key=value`):
 * - `senderEmail` (required): the From address; SES verifies it on first deploy.
 * - `studioEmail` (required): where the studio's notifications go.
 * - `consoleCallbackUrls` (optional): comma-separated or a JSON array of URLs Cognito may return
 *   designers to after sign-in. The API's URL is only known after deploy, so it cannot be the
 *   default; the default is the local console, `http://localhost:3000/console/callback`. Set it
 *   to the deployed console's URL and deploy again.
 * - `alertEmail` (optional): who receives the alarms (SNS email subscription); default studioEmail.
 * - `consoleLogoutUrls` (optional): same form; defaults to the callback URLs.
 * - `cognitoDomainPrefix` (optional): the hosted sign-in domain prefix.
 * - `publicBaseUrl` (optional): the API's public URL for links in emails and pages: status
 *   links, certificates, console sign-in (a custom domain);
 *   default the HTTP API's own endpoint.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { retentionDaysFrom } from '../functions/core/domain/erasure.ts';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CommissionStack } from './commission-stack.ts';

export const DEFAULT_CONSOLE_CALLBACK_URLS = ['http://localhost:3000/console/callback'];

export function buildApp(app: App = new App()): { app: App; stack: CommissionStack } {
  const consoleCallbackUrls = listContext(app, 'consoleCallbackUrls') ?? DEFAULT_CONSOLE_CALLBACK_URLS;
  const consoleLogoutUrls = listContext(app, 'consoleLogoutUrls');
  const cognitoDomainPrefix = optionalString(app, 'cognitoDomainPrefix');
  const alertEmail = app.node.tryGetContext('alertEmail') === undefined ? undefined : requiredEmail(app, 'alertEmail');
  const publicBaseUrl = optionalString(app, 'publicBaseUrl');
  if (publicBaseUrl !== undefined && !/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicBaseUrl)) {
    throw new Error(`Context "publicBaseUrl" must be an https URL, got ${JSON.stringify(publicBaseUrl)}`);
  }
  const stack = new CommissionStack(app, 'BespokeCommissions', {
    description: 'Bespoke jewellery commissions: enquiry to delivery, with certified metal provenance.',
    senderEmail: requiredEmail(app, 'senderEmail'),
    studioEmail: requiredEmail(app, 'studioEmail'),
    consoleCallbackUrls,
    ...(consoleLogoutUrls ? { consoleLogoutUrls } : {}),
    ...(cognitoDomainPrefix ? { cognitoDomainPrefix } : {}),
    ...(alertEmail ? { alertEmail } : {}),
    ...(publicBaseUrl ? { publicBaseUrl: publicBaseUrl.replace(/\/+$/, '') } : {}),
    // Context "retentionDaysClosed" (whole days, at least 1); erase-closed-commissions' RETENTION_DAYS_CLOSED.
    retentionDaysClosed: retentionDaysFrom(contextText(app, 'retentionDaysClosed')),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
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
  return urls;
}

// Run as the CDK app (cdk.json: `npx tsx infra/app.ts`), not when imported by a test.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildApp().app.synth();
}
