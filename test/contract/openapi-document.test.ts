/**
 * The committed contract (docs/openapi.json) is the one the code generates. The served copy is
 * written at build time beside the web assets (test/infra/web-assets.test.ts) and served by
 * web-pages (test/contract/openapi-conformance.test.ts compares what GET /openapi.json answers).
 */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { OPENAPI_FILE, openApiText } from '../../infra/openapi.ts';

it('docs/openapi.json is current (run `npm run openapi` after changing a route or schema)', async () => {
  expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(openApiText());
});
