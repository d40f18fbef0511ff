/**
 * The customer's status link: `<base>/status/<commission id>?expires=<unix seconds>&sig=<key id>.<HMAC>`.
 *
 * The HMAC-SHA256 is over `status-link.v2|<id>|<link version>|<expires>`: a link cannot be pointed
 * at another commission or have its expiry moved without the key, and a designer who renews a
 * commission's link (its version goes up) voids every link sent before. The key id (a short hash
 * of the key) says which key signed: links are signed with the secret's current version and still
 * checked against its previous one, so rotating the key (Secrets Manager: AWSCURRENT becomes
 * AWSPREVIOUS) breaks no link that is younger than the previous rotation. The previous key is read
 * only when a link names it. Links carry no task token and no personal data: only the random id.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV } from '#catalogue';
import { requireEnv } from '#edge/config';

/** How long a link in an email keeps working: long enough to follow a making stage of weeks. */
const STATUS_LINK_LIFETIME_DAYS = 180;

/** `revoked`: signed for an older version of this commission's link (a designer renewed it). */
export type LinkCheck = 'valid' | 'expired' | 'revoked' | 'tampered';

/** A key with the id links name it by: the first 8 characters of its SHA-256, base64url. */
interface SigningKey {
  id: string;
  secret: Buffer;
}

function signingKey(secret: Buffer): SigningKey {
  if (secret.length < 32) throw new Error('The status-link secret must be at least 32 bytes');
  return { id: createHash('sha256').update(secret).digest('base64url').slice(0, 8), secret };
}

const message = (id: string, version: number, expires: number) => `status-link.v2|${id}|${version}|${expires}`;
const mac = (key: SigningKey, id: string, version: number, expires: number) =>
  createHmac('sha256', key.secret).update(message(id, version, expires)).digest('base64url');
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
    const expires = Math.floor(now.getTime() / 1000) + lifetimeDays * 86_400;
    const url = new URL(`status/${encodeURIComponent(id)}`, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    url.searchParams.set('expires', String(expires));
    url.searchParams.set('sig', `${this.current.id}.${mac(this.current, id, version, expires)}`);
    return url.toString();
  }

  /**
   * Checks a link against the commission's current link version. Tampered (a wrong or missing
   * signature, an unknown key) is decided before expiry: an expiry is only news if it is genuine.
   */
  async check(id: string, version: number, expiresParam: string | undefined, sigParam: string | undefined, now = new Date()): Promise<LinkCheck> {
    const parts = SIG.exec(sigParam ?? '');
    if (!expiresParam || !parts || !/^\d{1,12}$/.test(expiresParam)) return 'tampered';
    const [, keyId, given] = parts as unknown as [string, string, string];
    const key = keyId === this.current.id ? this.current : await this.previousKey().then((k) => (k?.id === keyId ? k : undefined));
    if (!key) return 'tampered';
    const expires = Number(expiresParam);
    if (same(given, mac(key, id, version, expires))) return expires * 1000 < now.getTime() ? 'expired' : 'valid';
    // Versions only go up, one per renewal: a handful to try at most.
    for (let older = version - 1; older >= 1 && older >= version - 50; older -= 1) {
      if (same(given, mac(key, id, older, expires))) return 'revoked';
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
