/** The committed contract (docs/openapi.json) is the one the code generates and serves. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { OPENAPI_FILE, OPENAPI_MODULE, openApiModuleText, openApiText } from '../../infra/openapi.ts';
import { invokeFunction } from '../../infra/local/lambda-context.ts';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';

it('docs/openapi.json is current (run `npm run openapi` after changing a route or schema)', async () => {
  expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(openApiText());
});

it('the served copy (functions/core/edge/openapi.generated.ts) is current', async () => {
  expect(await readFile(OPENAPI_MODULE, 'utf8')).toBe(openApiModuleText());
});

it('GET /openapi.json serves the same document', async () => {
  const result = (await invokeFunction('get-openapi', apiGatewayEvent('GET', '/openapi.json', 'GET /openapi.json', {}))) as {
    statusCode: number;
    body: string;
  };
  expect(result.statusCode).toBe(200);
  expect(`${JSON.stringify(JSON.parse(result.body), null, 2)}\n`).toBe(openApiText());
});

