/**
 * The customer's status link: `<base>/status/<commission id>?expires=<unix seconds>&sig=<HMAC>`.
 *
 * The signature is HMAC-SHA256, keyed with the studio's status-link secret, over
 * `status-link.v1|<id>|<expires>`; a link cannot be pointed at another commission or have its
 * expiry moved without the secret. The secret lives in Secrets Manager (created by CDK; locally a
 * file in the state dir served by a local Secrets Manager endpoint) and is read once, at cold start.
 * Links carry no task token and no personal data: only the commission's random id.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV } from '#catalogue';
import { requireEnv } from '#edge/config';

/** How long a link in an email keeps working: long enough to follow a making stage of weeks. */
const STATUS_LINK_LIFETIME_DAYS = 180;

export type LinkCheck = 'valid' | 'expired' | 'tampered';

const message = (id: string, expires: number) => `status-link.v1|${id}|${expires}`;
const sign = (secret: Buffer, id: string, expires: number) => createHmac('sha256', secret).update(message(id, expires)).digest('base64url');

export class StatusLinks {
  constructor(
    private readonly secret: Buffer,
    private readonly baseUrl: string,
  ) {
    if (secret.length < 32) throw new Error('The status-link secret must be at least 32 bytes');
  }

  /** A signed link to the commission's status page, valid for `lifetimeDays` from `now`. */
  linkFor(id: string, now = new Date(), lifetimeDays = STATUS_LINK_LIFETIME_DAYS): string {
    const expires = Math.floor(now.getTime() / 1000) + lifetimeDays * 86_400;
    const url = new URL(`status/${encodeURIComponent(id)}`, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    url.searchParams.set('expires', String(expires));
    url.searchParams.set('sig', sign(this.secret, id, expires));
    return url.toString();
  }

  /** Tampered (wrong or missing signature) is checked before expiry: an expiry is only news if it is genuine. */
  check(id: string, expiresParam: string | undefined, sigParam: string | undefined, now = new Date()): LinkCheck {
    if (!expiresParam || !sigParam || !/^\d{1,12}$/.test(expiresParam)) return 'tampered';
    const expires = Number(expiresParam);
    const expected = Buffer.from(sign(this.secret, id, expires));
    const given = Buffer.from(sigParam);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'tampered';
    return expires * 1000 < now.getTime() ? 'expired' : 'valid';
  }
}

/** Reads the secret named by STATUS_LINK_SECRET_ID (Secrets Manager) and the public base URL. */
export async function loadStatusLinks(client = new SecretsManagerClient({})): Promise<StatusLinks> {
  const secretId = requireEnv(ENV.statusLinkSecretId);
  const baseUrl = requireEnv(ENV.publicBaseUrl);
  const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!answer.SecretString) throw new Error(`Secret ${secretId} has no string value`);
  return new StatusLinks(Buffer.from(answer.SecretString, 'utf8'), baseUrl);
}
