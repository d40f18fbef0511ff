/** A JSON answer with the API's response headers. Its own module (it imports nothing), so a handler that needs no more of the HTTP edge loads no more. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const RESPONSE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...RESPONSE_HEADERS, ...headers }, body: JSON.stringify(body) };
}
