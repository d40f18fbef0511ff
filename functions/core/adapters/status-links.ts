/**
 * The customer's status link: `<base>/status/<commission id>?expires=<unix seconds>&sig=<key id>.<HMAC>`,
 * and the enquiry's confirmation link: `<base>/confirm/<commission id>?expires=…&sig=…`.
 *
 * The HMAC-SHA256 is over `<purpose>.v2|<id>|<link version>|<expires>` (purpose `status-link` or
 * `confirm-link`): a link cannot be pointed at another commission, have its expiry moved, or serve
 * the other purpose without the key, and a designer who renews a commission's status link (its
 * version goes up) voids every link sent before. The key id (a short hash of the key) says which
 * key signed: links are signed with the secret's current version and still checked against its
 * previous one, so rotating the key (Secrets Manager: AWSCURRENT becomes AWSPREVIOUS) breaks no
 * link that is younger than the previous rotation. The previous key is read only when a link
 * names it. Links carry no task token and no personal data: only the commission's random id.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV } from '#catalogue';
import { requireEnv } from '#edge/config';

/** How long a link in an email keeps working: long enough to follow a making stage of weeks. */
const STATUS_LINK_LIFETIME_DAYS = 180;

/** `revoked`: signed for an older version of this commission's link (a designer renewed it). */
export type LinkCheck = 'valid' | 'expired' | 'revoked' | 'tampered';

/** What a link is for: a signature made for one never checks out for the other. */
type LinkPurpose = 'status-link' | 'confirm-link';
/** The path segment each kind of link points at. */
const LINK_PATH: Record<LinkPurpose, string> = { 'status-link': 'status', 'confirm-link': 'confirm' };

/** A key with the id links name it by: the first 8 characters of its SHA-256, base64url. */
interface SigningKey {
  id: string;
  secret: Buffer;
}

function signingKey(secret: Buffer): SigningKey {
  if (secret.length < 32) throw new Error('The status-link secret must be at least 32 bytes');
  return { id: createHash('sha256').update(secret).digest('base64url').slice(0, 8), secret };
}

const message = (purpose: LinkPurpose, id: string, version: number, expires: number) => `${purpose}.v2|${id}|${version}|${expires}`;
const mac = (key: SigningKey, purpose: LinkPurpose, id: string, version: number, expires: number) =>
  createHmac('sha256', key.secret).update(message(purpose, id, version, expires)).digest('base64url');
const SIG = /^([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{43})$/;

function same(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

export class StatusLinks {
  private readonly current: SigningKey;
  private previous: Promise<SigningKey | undefined> | undefined;

  /**
   * @param currentSecret signs every new link
   * @param previousSecret read on first need: the key before the last rotation, if any
   */
  constructor(
    currentSecret: Buffer,
    private readonly baseUrl: string,
    private readonly previousSecret: () => Promise<Buffer | undefined> = () => Promise.resolve(undefined),
  ) {
    this.current = signingKey(currentSecret);
  }

  /** A signed link to the commission's status page, for its current link version, valid `lifetimeDays` from `now`. */
  linkFor(id: string, version = 1, now = new Date(), lifetimeDays = STATUS_LINK_LIFETIME_DAYS): string {
    return this.link('status-link', id, version, Math.floor(now.getTime() / 1000) + lifetimeDays * 86_400);
  }

  /**
   * A signed link to the enquiry's confirmation page, working until `expires` (unix seconds): the
   * moment the unconfirmed enquiry is deleted.
   */
  confirmLinkFor(id: string, expires: number): string {
    return this.link('confirm-link', id, 1, expires);
  }

  /**
   * Checks a status link against the commission's current link version. Tampered (a wrong or
   * missing signature, an unknown key) is decided before expiry: an expiry is only news if it is genuine.
   */
  check(id: string, version: number, expiresParam: string | undefined, sigParam: string | undefined, now = new Date()): Promise<LinkCheck> {
    return this.checkFor('status-link', id, version, expiresParam, sigParam, now);
  }

  /** The same check for a confirmation link (a status link's signature does not pass it). */
  checkConfirm(id: string, expiresParam: string | undefined, sigParam: string | undefined, now = new Date()): Promise<LinkCheck> {
    return this.checkFor('confirm-link', id, 1, expiresParam, sigParam, now);
  }

  private link(purpose: LinkPurpose, id: string, version: number, expires: number): string {
    const url = new URL(`${LINK_PATH[purpose]}/${encodeURIComponent(id)}`, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    url.searchParams.set('expires', String(expires));
    url.searchParams.set('sig', `${this.current.id}.${mac(this.current, purpose, id, version, expires)}`);
    return url.toString();
  }

  private async checkFor(
    purpose: LinkPurpose,
    id: string,
    version: number,
    expiresParam: string | undefined,
    sigParam: string | undefined,
    now: Date,
  ): Promise<LinkCheck> {
    const parts = SIG.exec(sigParam ?? '');
    if (!expiresParam || !parts || !/^\d{1,12}$/.test(expiresParam)) return 'tampered';
    const [, keyId, given] = parts as unknown as [string, string, string];
    const key = keyId === this.current.id ? this.current : await this.previousKey().then((k) => (k?.id === keyId ? k : undefined));
    if (!key) return 'tampered';
    const expires = Number(expiresParam);
    if (same(given, mac(key, purpose, id, version, expires))) return expires * 1000 < now.getTime() ? 'expired' : 'valid';
    // Versions only go up, one per renewal: a handful to try at most.
    for (let older = version - 1; older >= 1 && older >= version - 50; older -= 1) {
      if (same(given, mac(key, purpose, id, older, expires))) return 'revoked';
    }
    return 'tampered';
  }

  private previousKey(): Promise<SigningKey | undefined> {
    this.previous ??= this.previousSecret().then((secret) => (secret ? signingKey(secret) : undefined));
    return this.previous;
  }
}

/**
 * Reads the secret named by STATUS_LINK_SECRET_ID (Secrets Manager, its AWSCURRENT version; the
 * AWSPREVIOUS one only when a link needs it) and the public base URL.
 */
export async function loadStatusLinks(client = new SecretsManagerClient({})): Promise<StatusLinks> {
  const secretId = requireEnv(ENV.statusLinkSecretId);
  const baseUrl = requireEnv(ENV.publicBaseUrl);
  const read = async (stage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
    if (!answer.SecretString) throw new Error(`Secret ${secretId} has no string value`);
    return Buffer.from(answer.SecretString, 'utf8');
  };
  const previous = () =>
    read('AWSPREVIOUS').catch((error: unknown) => {
      // Never rotated: there is no previous version.
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw error;
    });
  return new StatusLinks(await read('AWSCURRENT'), baseUrl, previous);
}
