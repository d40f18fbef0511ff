/**
 * The local identity provider: one RS256 key pair kept under the state dir, standing in for the
 * Cognito user pool whose tokens API Gateway's JWT authorizer verifies on AWS. (API Gateway's JWT
 * authorizers verify RSA signatures; Cognito signs with RS256.)
 *
 * `.local/identity.json` holds the key pair (private: created 0600, never served) and the issuer
 * of the last started gateway, so `npm run designer-token` in another terminal mints tokens for
 * the gateway that is actually running.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** The audience (app client id) the local gateway's authorizer accepts. */
export const LOCAL_AUDIENCE = 'local-designer-console';
/** Where the gateway serves the identity's discovery documents. */
export const IDENTITY_PATH = '/local-identity';
export const SIGNING_ALGORITHM = 'RS256';

export interface LocalIdentity {
  kid: string;
  alg: typeof SIGNING_ALGORITHM;
  privateJwk: JWK;
  publicJwk: JWK;
  audience: string;
  /** Issuer of the last started gateway (its URL includes the port). */
  issuer?: string;
}

/** The issuer a gateway on `port` uses: `http://localhost:<port>/local-identity`. */
export function localIssuer(port: number): string {
  return `http://localhost:${port}${IDENTITY_PATH}`;
}

function identityFile(stateDir: string): string {
  return join(stateDir, 'identity.json');
}

/** The public keys, as served at `/local-identity/.well-known/jwks.json`. */
export function jwksOf(identity: LocalIdentity): { keys: JWK[] } {
  return { keys: [identity.publicJwk] };
}

/** Reads the identity from `<stateDir>/identity.json`, creating it (once, even if raced) if missing. */
export async function loadOrCreateIdentity(stateDir: string): Promise<LocalIdentity> {
  const file = identityFile(stateDir);
  const existing = await readIdentity(file);
  if (existing) return existing;

  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const identity: LocalIdentity = {
    kid,
    alg: SIGNING_ALGORITHM,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALGORITHM },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' },
    audience: LOCAL_AUDIENCE,
  };
  await mkdir(stateDir, { recursive: true });
  try {
    await writeFile(file, JSON.stringify(identity, null, 2), { flag: 'wx', mode: 0o600 });
    return identity;
  } catch (error) {
    // Another process created it first: use theirs, so every token verifies against one key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = await readIdentity(file);
    if (!raced) throw new Error(`${file} exists but is not a local identity`);
    return raced;
  }
}

/** Records the running gateway's issuer in the identity file. */
export async function recordIssuer(stateDir: string, identity: LocalIdentity, issuer: string): Promise<LocalIdentity> {
  const updated = { ...identity, issuer };
  await writeFile(identityFile(stateDir), JSON.stringify(updated, null, 2), { mode: 0o600 });
  return updated;
}

async function readIdentity(file: string): Promise<LocalIdentity | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<LocalIdentity>;
  if (!parsed.kid || !parsed.privateJwk || !parsed.publicJwk || parsed.alg !== SIGNING_ALGORITHM) {
    throw new Error(`${file} is not a local identity; delete it to create a new one`);
  }
  return { audience: LOCAL_AUDIENCE, ...parsed } as LocalIdentity;
}
