/**
 * `npm run openapi`: writes docs/openapi.json from the same module that GET /openapi.json serves
 * (functions/core/edge/openapi.ts). A test (test/contract/openapi-document.test.ts) fails when the
 * committed file is not current.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../functions/core/edge/openapi.ts';

export const OPENAPI_FILE = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

/** The file's exact text: two-space JSON and a final newline. */
export const openApiText = () => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;

if (import.meta.main) {
  await writeFile(OPENAPI_FILE, openApiText());
  console.log(`wrote ${OPENAPI_FILE}`);
}
