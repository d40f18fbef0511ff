/**
 * A local stand-in for Secrets Manager's `GetSecretValue` (JSON 1.1 protocol), so handlers read
 * their secrets with `@aws-sdk/client-secrets-manager` unchanged, through the SDK's standard
 * AWS_ENDPOINT_URL_SECRETS_MANAGER. Only the secrets it is given exist.
 *
 * The status-link secret is generated once into the state dir (`status-link-secret`, mode 0600),
 * so status links in emails sent before a restart keep working after it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The id handlers are given locally (on AWS: the secret's ARN). */
export const LOCAL_STATUS_LINK_SECRET_ID = 'local/status-link-secret';

export async function loadOrCreateStatusLinkSecret(stateDir: string): Promise<string> {
  const file = join(stateDir, 'status-link-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(stateDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    await writeFile(file, secret, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readFile(file, 'utf8')).trim();
  }
}

/** A secret's value, or its current and previous versions (after a rotation). */
export type LocalSecret = string | { current: string; previous?: string };

export async function startLocalSecrets(options: { port?: number; secrets: Record<string, LocalSecret> }) {
  const getSecretValue = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
    if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
      return answer(400, { __type: 'UnknownOperationException', message: 'Only GetSecretValue is available locally' });
    }
    let secretId: unknown;
    let stage: unknown;
    try {
      ({ SecretId: secretId, VersionStage: stage = 'AWSCURRENT' } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown; VersionStage?: unknown });
    } catch {
      return answer(400, { __type: 'SerializationException', message: 'Malformed body' });
    }
    const secret = typeof secretId === 'string' ? options.secrets[secretId] : undefined;
    if (secret === undefined) {
      return answer(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
    }
    // AWSCURRENT, and AWSPREVIOUS once the secret has been rotated, as Secrets Manager labels versions.
    const versions = typeof secret === 'string' ? { current: secret } : secret;
    const value = stage === 'AWSCURRENT' ? versions.current : stage === 'AWSPREVIOUS' ? versions.previous : undefined;
    if (value === undefined) {
      return answer(400, {
        __type: 'ResourceNotFoundException',
        message: `Secrets Manager can't find the specified secret value for staging label: ${String(stage)}`,
      });
    }
    answer(200, { ARN: `arn:aws:secretsmanager:local:000000000000:secret:${String(secretId)}`, Name: secretId, SecretString: value, VersionId: `local-${String(stage)}` });
  };
  const server = createServer((request, response) => void getSecretValue(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
