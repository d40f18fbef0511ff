import { httpHandler } from '#edge/http';
// The document as `npm run openapi` writes it from core/edge/openapi.ts (a test keeps it current),
// already serialized: not built here (zod's JSON Schema code and every schema would make this
// bundle over 100 KB), and not parsed and re-serialized at each cold start either.
import { OPENAPI_JSON } from '#edge/openapi.generated';

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'public, max-age=300',
  'x-content-type-options': 'nosniff',
};

/** GET /openapi.json — the contract, generated from the code it describes. */
export const handler = httpHandler({ auth: 'public' }, () => Promise.resolve({ statusCode: 200, headers: { ...HEADERS }, body: OPENAPI_JSON }));
