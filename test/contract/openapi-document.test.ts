/** The committed contract (docs/openapi.json) is the one the code generates and serves. */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import * as z from 'zod/mini';
import { OPENAPI_FILE, openApiText } from '../../infra/openapi.ts';
import { CertificateId } from '../../functions/core/adapters/certificate-store.ts';
import { CertificateIdParameter } from '../../functions/core/edge/responses.ts';
import { handler } from '../../functions/get-openapi.ts';
import { createLambdaContext } from '../../infra/local/lambda-context.ts';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.ts';

it('docs/openapi.json is current (run `npm run openapi` after changing a route or schema)', async () => {
  expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(openApiText());
});

it('GET /openapi.json serves the same document', async () => {
  const result = (await handler(apiGatewayEvent('GET', '/openapi.json', 'GET /openapi.json', {}) as never, createLambdaContext('get-openapi'))) as {
    statusCode: number;
    body: string;
  };
  expect(result.statusCode).toBe(200);
  expect(`${JSON.stringify(JSON.parse(result.body), null, 2)}\n`).toBe(openApiText());
});

it("documents the certificate id's path rule as the certificate store checks it", () => {
  expect(z.toJSONSchema(CertificateIdParameter)).toEqual(z.toJSONSchema(CertificateId));
});
