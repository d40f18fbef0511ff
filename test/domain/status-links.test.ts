import { describe, expect, it } from 'vitest';
import { StatusLinks } from '#adapters/status-links';

const secret = Buffer.from('a-secret-of-at-least-thirty-two-bytes!!');
const links = new StatusLinks(secret, 'https://studio.example/');
const id = '6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11';
const now = new Date('2026-11-01T10:00:00Z');

function parts(link: string) {
  const url = new URL(link);
  return { id: url.pathname.split('/').at(-1)!, expires: url.searchParams.get('expires') ?? undefined, sig: url.searchParams.get('sig') ?? undefined };
}
const check = (l: StatusLinks, link: string, version = 1, at = now) => {
  const p = parts(link);
  return l.check(p.id, version, p.expires, p.sig, at);
};

describe('status links', () => {
  it('point at the status page, name their key, and check out until they expire', async () => {
    const link = links.linkFor(id, 1, now, 30);
    expect(link).toMatch(new RegExp(`^https://studio.example/status/${id}\\?expires=\\d+&sig=[\\w-]{8}\\.[\\w-]{43}$`));
    expect(await check(links, link)).toBe('valid');
    expect(await check(links, link, 1, new Date(now.getTime() + 31 * 86_400_000))).toBe('expired');
  });

  it('refuse another commission, a moved expiry, a changed or missing signature, another secret', async () => {
    const p = parts(links.linkFor(id, 1, now));
    expect(await links.check('00000000-8a8b-4a57-9a53-3f2a1f0e9b11', 1, p.expires, p.sig, now)).toBe('tampered');
    expect(await links.check(p.id, 1, String(Number(p.expires) + 86_400), p.sig, now)).toBe('tampered');
    expect(await links.check(p.id, 1, p.expires, `${p.sig!.slice(0, -1)}${p.sig!.endsWith('A') ? 'B' : 'A'}`, now)).toBe('tampered');
    expect(await links.check(p.id, 1, p.expires, undefined, now)).toBe('tampered');
    const other = new StatusLinks(Buffer.from('another-secret-of-at-least-32-bytes!!'), 'https://studio.example/');
    expect(await other.check(p.id, 1, p.expires, p.sig, now)).toBe('tampered');
  });

  it('void every link of an older version once the commission’s link is renewed, and sign new ones for the new version', async () => {
    const first = links.linkFor(id, 1, now);
    const second = links.linkFor(id, 2, now);
    expect(await check(links, first, 2)).toBe('revoked');
    expect(await check(links, second, 2)).toBe('valid');
    expect(await check(links, second, 3)).toBe('revoked');
    // A version the commission never had is not "revoked": it is simply not a link we sent.
    expect(await check(links, links.linkFor(id, 5, now), 2)).toBe('tampered');
  });

  it('keep checking links signed with the previous key after a rotation, reading that key only when a link names it', async () => {
    const beforeRotation = links.linkFor(id, 1, now);
    let previousReads = 0;
    const rotated = new StatusLinks(Buffer.from('the-new-key-after-rotation-32-bytes+!'), 'https://studio.example/', () => {
      previousReads += 1;
      return Promise.resolve(secret);
    });
    const afterRotation = rotated.linkFor(id, 1, now);
    expect(parts(afterRotation).sig!.split('.')[0]).not.toBe(parts(beforeRotation).sig!.split('.')[0]);
    expect(await check(rotated, afterRotation)).toBe('valid');
    expect(previousReads).toBe(0);
    expect(await check(rotated, beforeRotation)).toBe('valid');
    expect(await check(rotated, beforeRotation)).toBe('valid');
    expect(previousReads).toBe(1);
    // Two rotations later the oldest key is gone, and so are its links.
    const twiceRotated = new StatusLinks(Buffer.from('a-third-key-two-rotations-on-32-bytes'), 'https://studio.example/', () =>
      Promise.resolve(Buffer.from('the-new-key-after-rotation-32-bytes+!')),
    );
    expect(await check(twiceRotated, beforeRotation)).toBe('tampered');
    expect(await check(twiceRotated, afterRotation)).toBe('valid');
  });

  it('refuse a key shorter than 32 bytes', () => {
    expect(() => new StatusLinks(Buffer.from('short'), 'https://studio.example/')).toThrow(/32 bytes/);
  });
});

describe('confirmation links', () => {
  it('point at the confirmation page, check out until they expire, and are no status links (nor the reverse)', async () => {
    const expires = Math.floor(now.getTime() / 1000) + 7 * 86_400;
    const link = links.confirmLinkFor(id, expires);
    expect(link).toMatch(new RegExp(`^https://studio.example/confirm/${id}\\?expires=${expires}&sig=[\\w-]{8}\\.[\\w-]{43}$`));
    const p = parts(link);
    expect(await links.checkConfirm(p.id, p.expires, p.sig, now)).toBe('valid');
    expect(await links.checkConfirm(p.id, p.expires, p.sig, new Date((expires + 1) * 1000))).toBe('expired');
    // The same id and expiry, signed for the other purpose: refused both ways.
    expect(await links.check(p.id, 1, p.expires, p.sig, now)).toBe('tampered');
    const status = parts(links.linkFor(id, 1, now, 7));
    expect(status.expires).toBe(String(expires));
    expect(await links.checkConfirm(status.id, status.expires, status.sig, now)).toBe('tampered');
  });
});
