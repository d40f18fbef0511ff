/**
 * The pages' Content-Security-Policy allows no inline style; the certificate page, which may load
 * nothing, allows exactly its own inline stylesheet by hash. (test/browser checks that no page
 * reports a violation in Chromium.)
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_CSP, certificateNotFoundPage } from '#pages/certificate-page';
import { contentSecurityPolicy, htmlResponse, signInOrigin } from '#pages/frame';
import { enquiryPage } from '#pages/site';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('the pages’ Content-Security-Policy', () => {
  it('allows styles from the site’s own stylesheet only', () => {
    const csp = String(htmlResponse(200, '').headers!['content-security-policy']);
    expect(directive(csp, 'style-src')).toBe("style-src 'self'");
    expect(csp).not.toContain('unsafe-');
  });

  it('allows the certificate page its own inline stylesheet by hash, and nothing else', () => {
    const styles = [...certificateNotFoundPage().matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]!).digest('base64');
    expect(directive(CERTIFICATE_CSP, 'style-src')).toBe(`style-src 'sha256-${hash}'`);
    expect(directive(CERTIFICATE_CSP, 'default-src')).toBe("default-src 'none'");
    expect(CERTIFICATE_CSP).not.toContain('unsafe-');
  });

  it('lets the enquiry form fetch its offer from the site itself, with no inline script or style on the page', () => {
    const csp = String(htmlResponse(200, '').headers!['content-security-policy']);
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    const page = enquiryPage();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/\sstyle=|<style/);
    expect(page).not.toMatch(/\son[a-z]+=/);
  });

  it('lets the console reach this studio’s own sign-in UI only, never every tenant’s *.amazoncognito.com', () => {
    const hostedUi = 'https://bespokecommissions-123456789012.auth.eu-west-2.amazoncognito.com';
    const origin = signInOrigin(JSON.stringify({ kind: 'cognito', domain: hostedUi, clientId: 'abc' }));
    expect(origin).toBe(hostedUi);
    const csp = contentSecurityPolicy(origin);
    expect(directive(csp, 'connect-src')).toBe(`connect-src 'self' ${hostedUi}`);
    expect(directive(csp, 'form-action')).toBe(`form-action 'self' ${hostedUi}`);
    expect(csp).not.toContain('*');
    // The local identity lives on this site itself; anything unusable adds no origin.
    for (const value of [undefined, '', 'not json', JSON.stringify({ kind: 'cognito', domain: '/local-identity' }), JSON.stringify({ domain: 'http://evil.example' })]) {
      expect(signInOrigin(value), String(value)).toBeUndefined();
    }
    expect(contentSecurityPolicy(undefined)).toContain("connect-src 'self';");
  });
});
