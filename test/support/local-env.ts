/**
 * Points this test file's process at the shared local services, with a table of its own.
 * Call before importing any handler: handlers build their SDK clients when first imported.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createCommissionTable, localCredentials, startS3, type RunningService } from '../../infra/local/services.ts';
import { ENV, WORKFLOW_ALIAS } from '../../functions/catalogue.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { LOCAL_STATUS_LINK_SECRET_ID } from '../../infra/local/secrets.ts';

/** Where links in the tests' emails (status pages, certificates) point. */
const TEST_PUBLIC_BASE_URL = 'https://commissions.test';

export interface OutboxEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** The attachments bucket of the tests' s3rver. */
export const TEST_ATTACHMENTS_BUCKET = 'attachments-test';

let s3: Promise<RunningService> | undefined;
/**
 * This test file's s3rver (one per process, started on first use): its ObjectCreated events must
 * invoke check-upload in the process whose environment names this file's table, so it cannot be
 * the global setup's. Its folder is removed when the process exits.
 */
function localS3(): Promise<RunningService> {
  s3 ??= (async () => {
    const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
    return startS3({
      directory,
      bucket: TEST_ATTACHMENTS_BUCKET,
      allowedOrigins: [TEST_PUBLIC_BASE_URL],
      onObjectCreated: (event) => invokeFunction('check-upload', event),
    });
  })();
  return s3;
}

export async function useLocalServices(overrides: Record<string, string> = {}) {
  const s3Endpoint = (await localS3()).endpoint;
  const dynamoEndpoint = inject('dynamoEndpoint');
  const sesEndpoint = inject('sesEndpoint');
  const tableName = `commissions-${randomUUID().slice(0, 8)}`;
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SES: sesEndpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    [ENV.attachmentsBucket]: TEST_ATTACHMENTS_BUCKET,
    [ENV.attachmentsOrigin]: s3Endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: inject('secretsEndpoint'),
    [ENV.statusLinkSecretId]: LOCAL_STATUS_LINK_SECRET_ID,
    [ENV.publicBaseUrl]: TEST_PUBLIC_BASE_URL,
    [ENV.tableName]: tableName,
    [ENV.senderEmail]: 'commissions@studio.test',
    [ENV.studioEmail]: 'studio@studio.test',
    [ENV.sesConfigurationSet]: 'commissions-local',
    [ENV.stateMachineArn]: `arn:aws:states:eu-west-2:000000000000:stateMachine:commission-workflow:${WORKFLOW_ALIAS}`,
    // Warnings and errors only: the tests read the outbox and the record, not the logs.
    POWERTOOLS_LOG_LEVEL: 'WARN',
    ...overrides,
  });
  await createCommissionTable(dynamoEndpoint, tableName);
  // The registry of certified origins, seeded as `npm start` and a deploy seed it.
  await invokeFunction('seed-origins', {});

  /** Every email the outbox holds for one recipient, oldest first. */
  async function emailsTo(address: string): Promise<OutboxEmail[]> {
    const response = await fetch(`${sesEndpoint}/store`);
    const { emails } = (await response.json()) as { emails: OutboxEmail[] };
    return emails.filter((email) => email.destination.to.includes(address));
  }

  return { dynamoEndpoint, sesEndpoint, s3Endpoint, tableName, emailsTo };
}

/** A unique customer address, so tests sharing one outbox never see each other's mail. */
export function uniqueEmail(name = 'customer'): string {
  return `${name}+${randomUUID().slice(0, 8)}@example.com`;
}
