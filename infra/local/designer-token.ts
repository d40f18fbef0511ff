/**
 * `npm run designer-token`: prints a designer's ID token that the local gateway accepts, shaped
 * like a Cognito ID token (sub, email, cognito:groups, token_use 'id', aud = app client id). The
 * local identity's token endpoint (identity-oauth.ts) mints the console's tokens with it too.
 *
 *   npm run designer-token -- --name "Ada Jeweller" --email ada@studio.local --groups designers --expires-in 8h
 *
 * The issuer is the running gateway's (recorded in .local/identity.json by `npm start`), else
 * `http://localhost:$PORT/local-identity` (PORT default 3000).
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { importJWK, SignJWT } from 'jose';
import { localIssuer, loadOrCreateIdentity, SIGNING_ALGORITHM } from './identity.ts';

export interface DesignerTokenOptions {
  /** Where the identity lives. Default `.local` (or LOCAL_STATE_DIR). */
  stateDir?: string;
  /** Default: the identity file's recorded issuer, else localIssuer(PORT or 3000). */
  issuer?: string;
  /** Default: the identity's audience (`local-designer-console`). */
  audience?: string;
  /** Default 'Local Designer'. */
  name?: string;
  /** Default 'designer@studio.local'. */
  email?: string;
  /** Default ['designers']. */
  groups?: string[];
  /** A jose time span ('8h', '30m') or seconds. Default '8h'. */
  expiresIn?: string | number;
  /** Default: derived from the email, so one designer keeps one subject. */
  sub?: string;
  /** 'id' (default) or 'access': shaped like Cognito's access token (client_id, scope, no aud). */
  tokenUse?: 'id' | 'access';
}

/** Mints a signed designer ID token with the local identity (created if missing). */
export async function mintDesignerToken(options: DesignerTokenOptions = {}): Promise<string> {
  const identity = await loadOrCreateIdentity(options.stateDir ?? process.env.LOCAL_STATE_DIR ?? '.local');
  const email = options.email ?? 'designer@studio.local';
  const sub = options.sub ?? subjectFor(email);
  const issuer = options.issuer ?? identity.issuer ?? localIssuer(Number(process.env.PORT ?? 3000));
  const audience = options.audience ?? identity.audience;
  const now = Math.floor(Date.now() / 1000);
  const key = await importJWK(identity.privateJwk, SIGNING_ALGORITHM);
  const expiresIn = options.expiresIn ?? '8h';
  const groups = options.groups ?? ['designers'];
  const token =
    options.tokenUse === 'access'
      ? new SignJWT({ 'cognito:groups': groups, token_use: 'access', scope: 'openid email profile', client_id: audience, username: email, auth_time: now })
      : new SignJWT({
          email,
          email_verified: true,
          name: options.name ?? 'Local Designer',
          'cognito:groups': groups,
          'cognito:username': email,
          token_use: 'id',
          auth_time: now,
        }).setAudience(audience);
  return token
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: identity.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(issuer)
    .setIssuedAt(now)
    .setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn)
    .sign(key);
}

/** A stable UUID-shaped subject for an email address. */
function subjectFor(email: string): string {
  const hex = createHash('sha256').update(email.toLowerCase()).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      groups: { type: 'string' },
      'expires-in': { type: 'string' },
      'state-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('Usage: npm run designer-token -- [--name NAME] [--email EMAIL] [--groups designers,other] [--expires-in 8h] [--state-dir .local]');
  } else {
    const token = await mintDesignerToken({
      name: values.name,
      email: values.email,
      groups: values.groups?.split(',').map((group) => group.trim()).filter(Boolean),
      expiresIn: values['expires-in'] && /^-?\d+$/.test(values['expires-in']) ? Number(values['expires-in']) : values['expires-in'],
      stateDir: values['state-dir'],
    });
    // The token alone on stdout, so `TOKEN=$(npm run -s designer-token)` works.
    console.log(token);
  }
}
