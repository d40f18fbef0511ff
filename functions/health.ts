import middy from '@middy/core';
import { json } from '#edge/json-response';

/**
 * GET /health — the same answer to every request, which it does not read: so on middy alone, not
 * the HTTP edge (core/edge/http.ts), whose logger, zod messages and middlewares were nearly all
 * of this function's cold start. It cannot fail and writes no log line; a body over the limit is
 * refused before any function runs (the edge firewall), and an uncaught error would be logged by
 * the Lambda runtime. A log line added here needs the edge (its logContext gives each line the
 * request id, cold start and correlation id).
 */
export const handler = middy().handler(() => Promise.resolve(json(200, { ok: true })));
