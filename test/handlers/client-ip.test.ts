/**
 * clientIp(): whose address a per-client quota counts. Behind CloudFront the connection is an edge
 * server's; the viewer's address comes in the header the stack names in CLIENT_IP_HEADER.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ENV } from '#catalogue';
import { clientIp } from '#edge/http';
import { ORIGIN_VERIFY_HEADER } from '#edge/client-ip';

const event = (headers: Record<string, string>, sourceIp = '130.176.1.1') => ({
  headers,
  requestContext: { http: { sourceIp } } as never,
});

afterEach(() => {
  delete process.env[ENV.clientIpHeader];
  delete process.env[ENV.edgeOriginToken];
});

describe('clientIp', () => {
  it('is the connection’s source IP when no header is configured, whatever the request claims', () => {
    expect(clientIp(event({ 'cloudfront-viewer-address': '203.0.113.9:443', 'x-forwarded-for': '198.51.100.7' }))).toBe('130.176.1.1');
  });

  describe('behind CloudFront (CLIENT_IP_HEADER=cloudfront-viewer-address)', () => {
    const viewer = (value: string) => {
      process.env[ENV.clientIpHeader] = 'cloudfront-viewer-address';
      return clientIp(event({ 'cloudfront-viewer-address': value }));
    };

    it('takes an IPv4 address without its port', () => {
      expect(viewer('203.0.113.9:46532')).toBe('203.0.113.9');
    });

    it('takes CloudFront’s unbracketed IPv6 form without its port', () => {
      expect(viewer('2001:db8:85a3::8a2e:370:7334:46532')).toBe('2001:db8:85a3::8a2e:370:7334');
      expect(viewer('2001:0DB8:0:0:0:0:0:1:443')).toBe('2001:0db8:0:0:0:0:0:1');
      expect(viewer('::1:8080')).toBe('::1');
    });

    it('takes a bracketed IPv6 address, and addresses without a port', () => {
      expect(viewer('[2001:db8::1]:443')).toBe('2001:db8::1');
      expect(viewer('203.0.113.9')).toBe('203.0.113.9');
    });

    it('falls back to the source IP when the header is missing or not an address', () => {
      process.env[ENV.clientIpHeader] = 'cloudfront-viewer-address';
      expect(clientIp(event({}))).toBe('130.176.1.1');
      for (const junk of ['', 'localhost:80', '999.1.1.1:80', '1.2.3.4:port', 'not an ip', '[zz::1]:80', '1.2.3.4:5:6:7:8']) {
        expect(viewer(junk), junk).toBe('130.176.1.1');
      }
    });

    it('finds the header whatever the case of its name', () => {
      process.env[ENV.clientIpHeader] = 'CloudFront-Viewer-Address';
      expect(clientIp(event({ 'CloudFront-Viewer-Address': '198.51.100.20:1234' }))).toBe('198.51.100.20');
    });
  });

  describe('with the origin-verify token (the stack sets it beside the header)', () => {
    const TOKEN = '4f1c2d3e-aaaa-4bbb-8ccc-123456789abc';
    const via = (headers: Record<string, string>) => {
      process.env[ENV.clientIpHeader] = 'cloudfront-viewer-address';
      process.env[ENV.edgeOriginToken] = TOKEN;
      return clientIp(event({ 'cloudfront-viewer-address': '203.0.113.9:443', ...headers }));
    };

    it('believes the viewer header on a request that came through CloudFront', () => {
      expect(via({ [ORIGIN_VERIFY_HEADER]: TOKEN })).toBe('203.0.113.9');
    });

    it('counts the connection’s own address for a request that came round the edge, whatever it claims', () => {
      expect(via({})).toBe('130.176.1.1');
      expect(via({ [ORIGIN_VERIFY_HEADER]: 'guess' })).toBe('130.176.1.1');
      expect(via({ [ORIGIN_VERIFY_HEADER]: '' })).toBe('130.176.1.1');
    });
  });
});
