import { describe, expect, it } from 'vitest';
import { StatusLinks } from '#adapters/status-links';

const links = new StatusLinks(Buffer.from('a-secret-of-at-least-thirty-two-bytes!!'), 'https://studio.example/');
const id = '6f1c2f5e-8a8b-4a57-9a53-3f2a1f0e9b11';
const now = new Date('2026-11-01T10:00:00Z');

function parts(link: string) {
  const url = new URL(link);
  return { id: url.pathname.split('/').at(-1)!, expires: url.searchParams.get('expires') ?? undefined, sig: url.searchParams.get('sig') ?? undefined };
}

describe('status links', () => {
  it('point at the status page and check out until they expire', () => {
    const link = links.linkFor(id, now, 30);
    expect(link).toMatch(new RegExp(`^https://studio.example/status/${id}\\?expires=\\d+&sig=[\\w-]+$`));
    const p = parts(link);
    expect(links.check(p.id, p.expires, p.sig, now)).toBe('valid');
    expect(links.check(p.id, p.expires, p.sig, new Date(now.getTime() + 31 * 86_400_000))).toBe('expired');
  });

  it('refuse another commission, a moved expiry, a changed or missing signature, another secret', () => {
    const p = parts(links.linkFor(id, now));
    expect(links.check('00000000-8a8b-4a57-9a53-3f2a1f0e9b11', p.expires, p.sig, now)).toBe('tampered');
    expect(links.check(p.id, String(Number(p.expires) + 86_400), p.sig, now)).toBe('tampered');
    expect(links.check(p.id, p.expires, `${p.sig!.slice(0, -1)}A`, now)).toBe('tampered');
    expect(links.check(p.id, p.expires, undefined, now)).toBe('tampered');
    const other = new StatusLinks(Buffer.from('another-secret-of-at-least-32-bytes!!'), 'https://studio.example/');
    expect(other.check(p.id, p.expires, p.sig, now)).toBe('tampered');
  });
});

describe('confirmation links', () => {
  it('point at the confirmation page, check out until they expire, and are no status links (nor the reverse)', () => {
    const expires = Math.floor(now.getTime() / 1000) + 7 * 86_400;
    const link = links.confirmLinkFor(id, expires);
    expect(link).toMatch(new RegExp(`^https://studio.example/confirm/${id}\\?expires=${expires}&sig=[\\w-]+$`));
    const p = parts(link);
    expect(links.checkConfirm(p.id, p.expires, p.sig, now)).toBe('valid');
    expect(links.checkConfirm(p.id, p.expires, p.sig, new Date((expires + 1) * 1000))).toBe('expired');
    // The same id and expiry, signed for the other purpose: refused both ways.
    expect(links.check(p.id, p.expires, p.sig, now)).toBe('tampered');
    const status = parts(links.linkFor(id, now, 7));
    expect(status.expires).toBe(String(expires));
    expect(links.checkConfirm(status.id, status.expires, status.sig, now)).toBe('tampered');
  });
});
