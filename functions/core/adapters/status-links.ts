/**
 * The customer's status link: `<base>/status/<commission id>?expires=<unix seconds>&sig=<HMAC>`,
 * and the enquiry's confirmation link: `<base>/confirm/<commission id>?expires=…&sig=…`.
 *
 * The signature is HMAC-SHA256, keyed with the studio's status-link secret, over
 * `<purpose>.v1|<id>|<expires>` (purpose `status-link` or `confirm-link`); a link cannot be pointed
 * at another commission, have its expiry moved, or serve the other purpose without the secret. The secret lives in Secrets Manager (created by CDK; locally a
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

/** What a link is for: a signature made for one never checks out for the other. */
type LinkPurpose = 'status-link' | 'confirm-link';
/** The path segment each kind of link points at. */
const LINK_PATH: Record<LinkPurpose, string> = { 'status-link': 'status', 'confirm-link': 'confirm' };

const message = (purpose: LinkPurpose, id: string, expires: number) => `${purpose}.v1|${id}|${expires}`;
const sign = (secret: Buffer, purpose: LinkPurpose, id: string, expires: number) =>
  createHmac('sha256', secret).update(message(purpose, id, expires)).digest('base64url');

export class StatusLinks {
  constructor(
    private readonly secret: Buffer,
    private readonly baseUrl: string,
  ) {
    if (secret.length < 32) throw new Error('The status-link secret must be at least 32 bytes');
  }

  /** A signed link to the commission's status page, valid for `lifetimeDays` from `now`. */
  linkFor(id: string, now = new Date(), lifetimeDays = STATUS_LINK_LIFETIME_DAYS): string {
    return this.link('status-link', id, Math.floor(now.getTime() / 1000) + lifetimeDays * 86_400);
  }

  /**
   * A signed link to the enquiry's confirmation page, working until `expires` (unix seconds): the
   * moment the unconfirmed enquiry is deleted.
   */
  confirmLinkFor(id: string, expires: number): string {
    return this.link('confirm-link', id, expires);
  }

  /** Tampered (wrong or missing signature) is checked before expiry: an expiry is only news if it is genuine. */
  check(id: string, expiresParam: string | undefined, sigParam: string | undefined, now = new Date()): LinkCheck {
    return this.checkFor('status-link', id, expiresParam, sigParam, now);
  }

  /** The same check for a confirmation link (a status link's signature does not pass it). */
  checkConfirm(id: string, expiresParam: string | undefined, sigParam: string | undefined, now = new Date()): LinkCheck {
    return this.checkFor('confirm-link', id, expiresParam, sigParam, now);
  }

  private link(purpose: LinkPurpose, id: string, expires: number): string {
    const url = new URL(`${LINK_PATH[purpose]}/${encodeURIComponent(id)}`, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    url.searchParams.set('expires', String(expires));
    url.searchParams.set('sig', sign(this.secret, purpose, id, expires));
    return url.toString();
  }

  private checkFor(purpose: LinkPurpose, id: string, expiresParam: string | undefined, sigParam: string | undefined, now: Date): LinkCheck {
    if (!expiresParam || !sigParam || !/^\d{1,12}$/.test(expiresParam)) return 'tampered';
    const expires = Number(expiresParam);
    const expected = Buffer.from(sign(this.secret, purpose, id, expires));
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
