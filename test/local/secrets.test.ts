/**
 * The local Secrets Manager stand-in answers GetSecretValue by staging label as Secrets Manager
 * does, so the status-link key's rotation (AWSCURRENT signs, AWSPREVIOUS still checks) runs
 * through the real SDK client here as on AWS.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalSecrets } from '../../infra/local/secrets.ts';
import { localCredentials } from '../../infra/local/services.ts';
import { loadStatusLinks } from '#adapters/status-links';
import { ENV } from '#catalogue';

const OLD_KEY = 'the-key-before-rotation-of-32-bytes-or-more';
const NEW_KEY = 'the-key-after-rotation-of-32-bytes-or-more!';
const ID = '6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function linksFrom(secret: string | { current: string; previous?: string }) {
  const secrets = await startLocalSecrets({ secrets: { 'test/status-links': secret } });
  closers.push(secrets.close);
  process.env[ENV.statusLinkSecretId] = 'test/status-links';
  process.env[ENV.publicBaseUrl] = 'https://studio.example';
  const client = new SecretsManagerClient({ endpoint: secrets.endpoint, region: 'eu-west-2', credentials: localCredentials });
  return loadStatusLinks(client);
}

const checkLink = (links: Awaited<ReturnType<typeof linksFrom>>, link: string) => {
  const url = new URL(link);
  return links.check(ID, 1, url.searchParams.get('expires') ?? undefined, url.searchParams.get('sig') ?? undefined);
};

describe('the status-link key through the local Secrets Manager', () => {
  it('before any rotation: signs and checks with the one key, and has no previous version', async () => {
    const links = await linksFrom(OLD_KEY);
    expect(await checkLink(links, links.linkFor(ID))).toBe('valid');
    // A link naming a key it never had is refused, after asking for AWSPREVIOUS and hearing there is none.
    const stranger = await linksFrom(NEW_KEY);
    expect(await checkLink(links, stranger.linkFor(ID))).toBe('tampered');
  });

  it('after a rotation: signs with AWSCURRENT and still checks links signed with AWSPREVIOUS', async () => {
    const before = await linksFrom(OLD_KEY);
    const sentBeforeRotation = before.linkFor(ID);
    const after = await linksFrom({ current: NEW_KEY, previous: OLD_KEY });
    const sentAfterRotation = after.linkFor(ID);
    expect(new URL(sentAfterRotation).searchParams.get('sig')!.split('.')[0]).not.toBe(new URL(sentBeforeRotation).searchParams.get('sig')!.split('.')[0]);
    expect(await checkLink(after, sentBeforeRotation)).toBe('valid');
    expect(await checkLink(after, sentAfterRotation)).toBe('valid');
  });
});
