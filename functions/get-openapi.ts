import { httpHandler, json } from '#edge/http';
// The document as `npm run openapi` writes it from core/edge/openapi.ts (a test keeps it current).
// Not built here: zod's JSON Schema code and every schema would make this bundle over 100 KB and
// its cold start nearly twice its floor, to compute the same text on every container.
import document from '../docs/openapi.json' with { type: 'json' };

/** GET /openapi.json — the contract, generated from the code it describes. */
export const handler = httpHandler({ auth: 'public' }, () => Promise.resolve(json(200, document, { 'cache-control': 'public, max-age=300' })));
