import { httpHandler, json } from '#core/http';

/** GET /health */
export const handler = httpHandler({ auth: 'public' }, async () => json(200, { ok: true }));
