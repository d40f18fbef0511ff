/** The committed contract (docs/openapi.json) is the one the code generates and serves. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { OPENAPI_FILE, OPENAPI_MODULE, openApiText } from '../../infra/openapi.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';

it('docs/openapi.json is current (run `npm run openapi` after changing a route or schema)', async () => {
  expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(openApiText());
});

it('the served copy (functions/core/edge/openapi.generated.ts) is current', async () => {
  // Unpacked: the same text may be packed differently by another Node's brotli.
  const { OPENAPI_JSON } = (await import(OPENAPI_MODULE)) as { OPENAPI_JSON: string };
  expect(OPENAPI_JSON).toBe(JSON.stringify(JSON.parse(openApiText())));
});

it('GET /openapi.json serves the same document', async () => {
  const result = (await invokeFunction('get-openapi', apiGatewayEvent('GET', '/openapi.json', 'GET /openapi.json', {}))) as {
    statusCode: number;
    body: string;
  };
  expect(result.statusCode).toBe(200);
  expect(`${JSON.stringify(JSON.parse(result.body), null, 2)}\n`).toBe(openApiText());
});

