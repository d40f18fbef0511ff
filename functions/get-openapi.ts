import { httpHandler, json } from '#edge/http';
import { buildOpenApiDocument } from '#edge/openapi';

// Built on the first request, not at cold start: init stays as small as health's.
let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/** GET /openapi.json — the contract, generated from the code it describes. */
export const handler = httpHandler({ auth: 'public' }, async () =>
  json(200, (document ??= buildOpenApiDocument()), { 'cache-control': 'public, max-age=300' }),
);
