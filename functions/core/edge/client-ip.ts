/**
 * Whose address a request comes from, for per-client quotas. No imports but the catalogue's
 * names: the CDK app takes the header names from here without loading the handlers' middleware.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ENV } from '#catalogue';

/** The header CloudFront puts the viewer's `ip:port` in. */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/**
 * The header CloudFront adds to every request it sends to the API, carrying a value only the
 * stack knows (EDGE_ORIGIN_TOKEN, the stack's own id): a request without it did not come through
 * CloudFront, whatever viewer address it claims.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * The client's IP address. Behind CloudFront, API Gateway's `sourceIp` is an edge server's: the
 * edge then names the viewer in a header (CLIENT_IP_HEADER, set by the stack to
 * `cloudfront-viewer-address`, whose value is `ip:port`, IPv6 unbracketed as `2001:db8::1:443`).
 * That header is believed only on a request that came through CloudFront, which proves it with
 * the origin-verify header matching EDGE_ORIGIN_TOKEN: the API's own endpoint stays reachable,
 * and a caller going there directly could otherwise name any address and escape its quota.
 * Otherwise, or without a usable header, the connection's own address. Locally neither variable
 * is set: a client cannot choose its own address.
 */
export function clientIp(event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>): string {
  const source = event.requestContext?.http?.sourceIp ?? '';
  const headerName = process.env[ENV.clientIpHeader]?.trim().toLowerCase();
  if (!headerName) return source;
  const token = process.env[ENV.edgeOriginToken];
  if (token && headerOf(event, ORIGIN_VERIFY_HEADER) !== token) return source;
  const raw = headerOf(event, headerName);
  return (raw === undefined ? undefined : addressOf(raw)) ?? source;
}

function headerOf(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** The IP of `ip`, `ip:port`, `[ipv6]:port` or CloudFront's `ipv6:port`; undefined if it is none of them. */
function addressOf(value: string): string | undefined {
  const text = value.split(',')[0]!.trim();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i.exec(text);
  if (bracketed) return isIpv6(bracketed[1]!) ? bracketed[1]!.toLowerCase() : undefined;
  const colons = text.split(':').length - 1;
  if (colons === 0) return isIpv4(text) ? text : undefined;
  if (colons === 1) {
    const [ip, port] = text.split(':') as [string, string];
    return isIpv4(ip) && /^\d{1,5}$/.test(port) ? ip : undefined;
  }
  // IPv6: CloudFront appends `:port` without brackets, so the last group is the port.
  const withoutPort = text.replace(/:\d{1,5}$/, '');
  if (withoutPort !== text && isIpv6(withoutPort)) return withoutPort.toLowerCase();
  return isIpv6(text) ? text.toLowerCase() : undefined;
}

const isIpv4 = (text: string) => /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(text);
// The WHATWG URL parser validates IPv6 literals: no import (and no cold-start cost) for it.
const isIpv6 = (text: string) => /^[0-9a-f:.]+$/i.test(text) && text.includes(':') && URL.canParse(`http://[${text}]/`);
