/**
 * `npm run openapi`: writes docs/openapi.json from functions/core/edge/openapi.ts. A test
 * (test/contract/openapi-document.test.ts) fails when the committed file is not current. The
 * served copy (GET /openapi.json, by web-pages) is written beside the web assets at build time
 * (infra/browser-build.ts), compact.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../functions/core/edge/openapi.ts';

export const OPENAPI_FILE = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

/** The file's exact text: two-space JSON and a final newline. */
export const openApiText = () => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;

/** What GET /openapi.json serves: the same document, compact. */
export const servedOpenApiText = () => JSON.stringify(buildOpenApiDocument());

if (import.meta.main) {
  await writeFile(OPENAPI_FILE, openApiText());
  console.log(`wrote ${OPENAPI_FILE}`);
}
